/**
 * The CO view's data (issue 13.1): the report's metadata-only input and the register of releases
 * are read, the CO view is built by the reports engine (`buildCoView`: suppressed and audited
 * together with the register). When a CO profile is the one who sees it (`record`), it is
 * recorded in the register as a `co-view` release before it is shown (once: a view identical to
 * one already recorded is not recorded again), so that later CLAIR releases are suppressed and
 * audited with what a CO has seen. A counsellor or supervisor opening `#/co` sees a preview: the
 * same figures, recorded nowhere (no CO has seen them, so they must not narrow later releases).
 * Only the `CoView` (published figures by month) leaves these functions; the input and the Report
 * stay in their local variables.
 *
 * The page reads the input live and builds the view in a worker (features/co/useCoView.ts); the
 * steps are the same as `loadCoView`, which composes them in one call.
 */
import type { BusinessCalendar } from '../../../domain/calendar/business-calendar';
import { buildCoView, sameCoRelease, type CoView } from '../../../domain/privacy/projections';
import type { FieldCipher } from '../crypto/field-cipher';
import type { WorkstationDatabase } from '../database';
import type { ReleaseRecord } from '../records';
import { createReleasesRepository, releaseHistory, type ReleasesRepository } from './releases';
import { loadReportInput } from './reports';

export interface CoViewLoadOptions {
  threshold: number;
  calendar: BusinessCalendar;
  nowMs: number;
  /** The profile the view is shown to (recorded on the register). */
  profile: string;
  /** Record the view on the register: only when a CO profile sees it, never for a preview. */
  record: boolean;
}

/** The view is on the register already (a CO has seen exactly these figures). */
export function coViewRecorded(view: CoView, register: readonly ReleaseRecord[]): boolean {
  return register.some((r) => r.format === 'co-view' && sameCoRelease(view, r));
}

/** Puts the view on the register as a `co-view` release, seen by `profile` at `nowMs`. */
export function recordCoView(
  releases: Pick<ReleasesRepository, 'record'>,
  view: CoView,
  profile: string,
  nowMs: number,
): Promise<string> {
  return releases.record({
    releasedAtMs: nowMs,
    profile,
    format: 'co-view',
    from: view.from,
    to: view.to,
    threshold: view.threshold,
    byCounsellor: false,
    rows: view.rows.map((r) => ({ ...r })),
    counsellorAliases: {},
  });
}

export async function loadCoView(
  db: WorkstationDatabase,
  cipher: FieldCipher,
  options: CoViewLoadOptions,
): Promise<CoView> {
  const releases = createReleasesRepository(db);
  const [input, register] = await Promise.all([loadReportInput(db, cipher), releases.list()]);
  const view = buildCoView(input, {
    threshold: options.threshold,
    calendar: options.calendar,
    nowMs: options.nowMs,
    earlier: releaseHistory(register).earlier,
  });
  // On the register before it is shown: nothing a CO sees escapes the joint audit.
  if (options.record && !coViewRecorded(view, register))
    await recordCoView(releases, view, options.profile, options.nowMs);
  return view;
}
