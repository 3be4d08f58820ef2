/// <reference lib="webworker" />
/**
 * Computes the anonymised report off the page's thread: linked suppression solves linear programs
 * and can take seconds for a long period broken down by counsellor, and the page must stay usable.
 * It gets the report input (metadata only, see db/repositories/reports.ts), the holiday list and
 * the settings (the business calendar is rebuilt here: functions do not cross to a worker), the
 * earlier releases, and answers with the Report and the PublishedReport.
 */
import { createBusinessCalendar, type HolidayData } from '../../../domain/calendar';
import type { EarlierRelease, ReportInput } from '../../../domain/reports';
import type { OrganisationSettings } from '../../../domain/settings/organisation-settings';
import { computeReport, type ComputedReport } from '../../db/repositories/reports';

export interface ReportWorkerRequest {
  input: ReportInput;
  from: string;
  to: string;
  threshold: number;
  byCounsellor: boolean;
  nowMs: number;
  /** The releases exported before (the register): linked ones are suppressed with this one. */
  earlier: EarlierRelease[];
  /** The counsellor aliases they used, kept. */
  counsellorAliases: Record<string, string>;
  holidays: HolidayData;
  settings: OrganisationSettings;
}

export type ReportWorkerMessage =
  | ({ type: 'done' } & ComputedReport)
  /** `detail`: the domain's sentence for a refused input (it names fields, never values). */
  | { type: 'failed'; detail: string | null };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<ReportWorkerRequest>) => {
  const request = event.data;
  try {
    const calendar = createBusinessCalendar({
      holidays: request.holidays,
      settings: request.settings,
    });
    const computed = computeReport(request.input, {
      from: request.from,
      to: request.to,
      threshold: request.threshold,
      byCounsellor: request.byCounsellor,
      calendar,
      nowMs: request.nowMs,
      earlier: request.earlier,
      counsellorAliases: request.counsellorAliases,
    });
    scope.postMessage({ type: 'done', ...computed } satisfies ReportWorkerMessage);
  } catch (error) {
    scope.postMessage({
      type: 'failed',
      detail: error instanceof RangeError ? error.message : null,
    } satisfies ReportWorkerMessage);
  }
};
