/**
 * The organisation's settings: every rule in DOMAIN.md that says "default" is one of these.
 * Plain data; the bridge validates it, the main process stores it, the domain reads it.
 */

/** How the yearly session quota is counted (DOMAIN.md section 5). */
export type QuotaYearKind = 'fiscal' | 'jet' | 'calendar';

export const QUOTA_YEAR_KINDS: readonly QuotaYearKind[] = ['fiscal', 'jet', 'calendar'];

/** An organisational closure: the dates from `from` to `to` inclusive (JST `YYYY-MM-DD`). */
export interface Closure {
  from: string;
  to: string;
  label: string;
}

export interface OrganisationSettings {
  /** Service hours on business days, JST wall time `HH:MM`. */
  serviceHours: { open: string; close: string };
  /** Extra closed dates or ranges; default none. */
  closures: Closure[];
  /** N: the answer deadline is the close of service on the Nth business day after the receipt day. */
  answerDeadlineBusinessDays: number;
  /** A message is due soon when at most this much service time (minutes) is left. */
  dueSoonServiceMinutes: number;
  /** Yearly video-session quota per participant. */
  sessionQuota: { sessionsPerYear: number; quotaYear: QuotaYearKind };
  /** Default buffer after each 40-minute session, in minutes (a counsellor may override it). */
  sessionBufferMinutes: number;
  /** Small-cell suppression threshold T for anonymised reports (never below 5). */
  reportSuppressionThreshold: number;
  /** The app locks itself after this many minutes without activity (default 10). */
  lockAfterIdleMinutes: number;
}

/** The lowest suppression threshold DOMAIN.md section 7 allows. */
export const MIN_REPORT_SUPPRESSION_THRESHOLD = 5;

/** What the service does today (DOMAIN.md). */
export const DEFAULT_ORGANISATION_SETTINGS: OrganisationSettings = Object.freeze({
  serviceHours: Object.freeze({ open: '09:30', close: '21:30' }),
  closures: [],
  answerDeadlineBusinessDays: 3,
  dueSoonServiceMinutes: 12 * 60,
  sessionQuota: Object.freeze({ sessionsPerYear: 7, quotaYear: 'fiscal' as const }),
  sessionBufferMinutes: 20,
  reportSuppressionThreshold: 10,
  lockAfterIdleMinutes: 10,
}) as OrganisationSettings;

/** Minutes after midnight of a `HH:MM` wall time. */
export function wallTimeToMinutes(hhmm: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new RangeError(`not a HH:MM time: ${hhmm}`);
  return Number(match[1]) * 60 + Number(match[2]);
}
