/// <reference lib="webworker" />
/**
 * Builds the CO view off the page's thread: its suppression and joint audit with the register of
 * releases solve linear programs and take seconds on a year of data, and the page must stay
 * usable. It gets the report input (metadata only, see db/repositories/reports.ts), the register's
 * published rows, the holiday list and the settings (the business calendar is rebuilt here:
 * functions do not cross to a worker), and answers with the CoView only.
 */
import { createBusinessCalendar, type HolidayData } from '../../../domain/calendar';
import { buildCoView, type CoView } from '../../../domain/privacy/projections';
import type { EarlierRelease, ReportInput } from '../../../domain/reports';
import type { OrganisationSettings } from '../../../domain/settings/organisation-settings';

export interface CoViewWorkerRequest {
  input: ReportInput;
  threshold: number;
  nowMs: number;
  earlier: EarlierRelease[];
  holidays: HolidayData;
  settings: OrganisationSettings;
}

export type CoViewWorkerMessage = { type: 'done'; view: CoView } | { type: 'failed' };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<CoViewWorkerRequest>) => {
  const request = event.data;
  try {
    const calendar = createBusinessCalendar({
      holidays: request.holidays,
      settings: request.settings,
    });
    const view = buildCoView(request.input, {
      threshold: request.threshold,
      calendar,
      nowMs: request.nowMs,
      earlier: request.earlier,
    });
    scope.postMessage({ type: 'done', view } satisfies CoViewWorkerMessage);
  } catch {
    // The audit refused the view (or the input): nothing is shown.
    scope.postMessage({ type: 'failed' } satisfies CoViewWorkerMessage);
  }
};
