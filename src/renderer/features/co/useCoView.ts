/**
 * The CO view of the fiscal year to date: reads the report input (metadata only) and the register
 * of releases live, builds the view in a worker, and, for a CO profile, records it on the register
 * before it is shown (db/repositories/co-view.ts). Recording changes the register, so the live read
 * runs again and the view is built again with itself among the earlier releases; it is shown once
 * the register holds exactly what it shows. New data or a release recorded anywhere makes a new
 * request, worked out again; a newer request ends the worker of the older one.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CoView } from '../../../domain/privacy/projections';
import { useClock } from '../../app/clock';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import { logError } from '../../app/log';
import { useHolidayList, useOrganisationSettings } from '../../app/workstation';
import { coViewRecorded, recordCoView } from '../../db/repositories/co-view';
import { releaseHistory } from '../../db/repositories/releases';
import type { CoViewWorkerMessage, CoViewWorkerRequest } from './co-view.worker';

export type CoViewState =
  | { phase: 'loading' }
  /** `recorded`: shown to a CO profile and on the register; false for a staff preview. */
  | { phase: 'ready'; view: CoView; recorded: boolean }
  | { phase: 'failed' };

/**
 * Recordings in a row that did not end with the register holding the view: a view that changes
 * every time it is recorded would otherwise record for ever (the joint suppression makes this
 * converge at once; this is the guard, not the rule).
 */
const MAX_RECORDINGS = 3;

export function useCoView(): CoViewState {
  const { reports, releases, profile, currentProfile } = useWorkstationDb();
  // Only what a CO profile sees is a release; staff opening the view see a preview.
  const record = currentProfile.role === 'co';
  const data = useData(
    'co.input',
    async () => {
      const [input, register] = await Promise.all([reports.input(), releases.list()]);
      return { input, register };
    },
    [reports, releases],
  );
  const loaded = data.data ?? null;
  const { state: settingsState } = useOrganisationSettings();
  const settings = settingsState.settings;
  const holidays = useHolidayList();
  const clock = useClock();
  // One object per distinct request: an answer is shown only for the request it answers.
  const key = useMemo(
    () => (loaded === null ? null : { loaded }),
    // Settings or holidays changing make it a new request too.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [loaded, settings, holidays],
  );
  const [answer, setAnswer] = useState<{ for: object; state: CoViewState } | null>(null);
  const recordings = useRef(0);

  useEffect(() => {
    if (key === null) return undefined;
    let cancelled = false;
    const settle = (state: CoViewState) => {
      worker.terminate();
      if (!cancelled) setAnswer({ for: key, state });
    };
    const nowMs = clock.now().getTime();
    const { input, register } = key.loaded;
    const worker = new Worker(new URL('./co-view.worker.ts', import.meta.url), {
      type: 'module',
    });
    worker.onmessage = (event: MessageEvent<CoViewWorkerMessage>) => {
      const reply = event.data;
      if (reply.type === 'failed') return settle({ phase: 'failed' });
      const view = reply.view;
      if (!record || coViewRecorded(view, register)) {
        recordings.current = 0;
        return settle({ phase: 'ready', view, recorded: record });
      }
      worker.terminate();
      if (cancelled) return;
      if (++recordings.current > MAX_RECORDINGS) return settle({ phase: 'failed' });
      // On the register before it is shown: the register changes, and the read runs again.
      recordCoView(releases, view, profile, nowMs).catch((error: unknown) => {
        logError('co-view-record-failed', {
          error: error instanceof Error ? error.name : 'unknown',
        });
        settle({ phase: 'failed' });
      });
    };
    worker.onerror = () => settle({ phase: 'failed' });
    const message: CoViewWorkerRequest = {
      input,
      threshold: settings.reportSuppressionThreshold,
      nowMs,
      earlier: releaseHistory(register).earlier,
      holidays: holidays.data,
      settings,
    };
    worker.postMessage(message);
    return () => {
      cancelled = true;
      worker.terminate();
    };
  }, [key, record, releases, profile, settings, holidays, clock]);

  if (data.error) return { phase: 'failed' };
  if (answer === null) return { phase: 'loading' };
  // While new data is worked out, the view shown stays (it was recorded, if it had to be).
  if (answer.for !== key)
    return answer.state.phase === 'ready' ? answer.state : { phase: 'loading' };
  return answer.state;
}
