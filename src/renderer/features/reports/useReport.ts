/**
 * The report of a period: reads its input from the database (metadata only) and the register of
 * earlier releases, live, computes it in a worker, and keeps only the Report and the PublishedReport. A newer request (another period, the
 * option by counsellor, new data) ends the worker of the older one.
 */
import { useEffect, useMemo, useState } from 'react';
import type { PublishedReport, Report } from '../../../domain/reports';
import { useClock } from '../../app/clock';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import { useHolidayList, useOrganisationSettings } from '../../app/workstation';
import { releaseHistory } from '../../db/repositories/releases';
import type { ReportWorkerMessage, ReportWorkerRequest } from './report.worker';

export type ReportState =
  | { phase: 'idle' }
  | { phase: 'loading' }
  | { phase: 'ready'; report: Report; published: PublishedReport }
  | { phase: 'failed'; detail: string | null };

export interface ReportRequest {
  from: string;
  to: string;
  byCounsellor: boolean;
}

/** `request` null: the period is not valid, nothing is computed. */
export function useReport(request: ReportRequest | null): ReportState {
  const { reports, releases } = useWorkstationDb();
  // The input and the register, read live: new data or a release recorded anywhere (an export
  // here, a CO view) makes a new request, worked out again.
  const data = useData(
    'reports.input',
    async () => {
      const [input, register] = await Promise.all([reports.input(), releases.list()]);
      return { input, history: releaseHistory(register) };
    },
    [reports, releases],
  );
  const loaded = data.data ?? null;
  const { state: settingsState } = useOrganisationSettings();
  const holidays = useHolidayList();
  const clock = useClock();
  const from = request?.from ?? null;
  const to = request?.to ?? null;
  const byCounsellor = request?.byCounsellor ?? false;
  const settings = settingsState.settings;
  // One object per distinct request: an answer is shown only for the request it answers.
  const key = useMemo(
    () =>
      from === null || to === null || loaded === null ? null : { from, to, byCounsellor, loaded },
    // Settings or holidays changing make it a new request too.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [from, to, byCounsellor, loaded, settings, holidays],
  );
  const [answer, setAnswer] = useState<{ for: object; state: ReportState } | null>(null);

  useEffect(() => {
    if (key === null) return undefined;
    let worker: Worker | null = null;
    let cancelled = false;
    const settle = (state: ReportState) => {
      worker?.terminate();
      if (!cancelled) setAnswer({ for: key, state });
    };
    void (async () => {
      try {
        const { input, history } = key.loaded;
        const message: ReportWorkerRequest = {
          input,
          from: key.from,
          to: key.to,
          threshold: settings.reportSuppressionThreshold,
          byCounsellor: key.byCounsellor,
          nowMs: clock.now().getTime(),
          holidays: holidays.data,
          settings,
          earlier: history.earlier,
          counsellorAliases: history.counsellorAliases,
        };
        worker = new Worker(new URL('./report.worker.ts', import.meta.url), { type: 'module' });
        worker.onmessage = (event: MessageEvent<ReportWorkerMessage>) => {
          const reply = event.data;
          settle(
            reply.type === 'done'
              ? { phase: 'ready', report: reply.report, published: reply.published }
              : { phase: 'failed', detail: reply.detail },
          );
        };
        worker.onerror = () => settle({ phase: 'failed', detail: null });
        worker.postMessage(message);
      } catch {
        settle({ phase: 'failed', detail: null });
      }
    })();
    return () => {
      cancelled = true;
      worker?.terminate();
    };
  }, [key, settings, holidays, clock]);

  if (from === null || to === null) return { phase: 'idle' };
  if (data.error) return { phase: 'failed', detail: null };
  if (key === null) return { phase: 'loading' };
  if (answer === null || answer.for !== key) return { phase: 'loading' };
  return answer.state;
}
