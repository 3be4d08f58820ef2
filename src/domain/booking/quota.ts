/**
 * The yearly session quota (DOMAIN.md section 5): at most `sessionQuota.sessionsPerYear` (7)
 * sessions per participant per quota year, the year being the fiscal year (1 April), the JET year
 * (1 August) or the calendar year. A session belongs to the quota year of the JST date it starts
 * on. Scheduled, completed, late-cancelled and no-show sessions count; cancellations before the
 * booking cutoff do not.
 */
import { civilFromDay, dayFromCivil, formatDate, jstDayOf, type DayNumber } from '../calendar/jst';
import {
  DEFAULT_ORGANISATION_SETTINGS,
  type OrganisationSettings,
  type QuotaYearKind,
} from '../settings/organisation-settings';
import type { Session, SessionOutcome } from './types';

/** The month (1 to 12) each kind of quota year starts on, on its first day. */
export const QUOTA_YEAR_START_MONTH: Readonly<Record<QuotaYearKind, number>> = Object.freeze({
  fiscal: 4,
  jet: 8,
  calendar: 1,
});

const COUNTED: ReadonlySet<SessionOutcome> = new Set<SessionOutcome>([
  'scheduled',
  'completed',
  'late-cancelled',
  'no-show',
]);

/** Whether a session with this outcome uses one of the participant's yearly sessions. */
export function countsTowardQuota(outcome: SessionOutcome): boolean {
  return COUNTED.has(outcome);
}

/** A quota year: JST dates, `periodEnd` inclusive, `renewsOn` the first day of the next one. */
export interface QuotaPeriod {
  periodStart: string;
  periodEnd: string;
  renewsOn: string;
}

export interface QuotaUsage extends QuotaPeriod {
  participantId: string;
  /** sessionsPerYear. */
  limit: number;
  /** Counted sessions in the quota year (past and booked). */
  used: number;
  /** limit - used, never below 0. */
  remaining: number;
}

export interface QuotaPeriodDays {
  start: DayNumber;
  /** The first day of the next quota year. */
  renews: DayNumber;
}

function checkQuotaYear(quotaYear: QuotaYearKind): void {
  if (!Object.hasOwn(QUOTA_YEAR_START_MONTH, quotaYear)) {
    throw new RangeError(
      `sessionQuota.quotaYear must be fiscal, jet or calendar, not ${String(quotaYear)}`,
    );
  }
}

/** The quota year a JST day falls in, as day numbers. */
export function quotaPeriodDays(day: DayNumber, quotaYear: QuotaYearKind): QuotaPeriodDays {
  checkQuotaYear(quotaYear);
  const startMonth = QUOTA_YEAR_START_MONTH[quotaYear];
  const { year, month } = civilFromDay(day);
  const first = month >= startMonth ? year : year - 1;
  return {
    start: dayFromCivil(first, startMonth, 1),
    renews: dayFromCivil(first + 1, startMonth, 1),
  };
}

/** The dates of a quota year given as day numbers. */
export function quotaPeriodOfDays(days: QuotaPeriodDays): QuotaPeriod {
  return {
    periodStart: formatDate(days.start),
    periodEnd: formatDate(days.renews - 1),
    renewsOn: formatDate(days.renews),
  };
}

/** The quota year the JST date of an instant falls in. */
export function quotaPeriod(atMs: number, quotaYear: QuotaYearKind): QuotaPeriod {
  if (typeof atMs !== 'number' || !Number.isFinite(atMs)) {
    throw new RangeError(`atMs must be an instant in epoch milliseconds, not ${String(atMs)}`);
  }
  return quotaPeriodOfDays(quotaPeriodDays(jstDayOf(atMs), quotaYear));
}

/** Counted sessions of a participant starting within a quota year, leaving out `exceptId`. */
export function countUsed(
  sessions: readonly Session[],
  participantId: string,
  period: QuotaPeriodDays,
  exceptId?: string,
): number {
  let used = 0;
  for (const session of sessions) {
    if (session.participantId !== participantId || session.id === exceptId) continue;
    if (!COUNTED.has(session.outcome)) continue;
    const day = jstDayOf(session.startMs);
    if (day >= period.start && day < period.renews) used += 1;
  }
  return used;
}

export interface QuotaUsageInput {
  sessions: readonly Session[];
  participantId: string;
  /** The moment asked about: its JST date picks the quota year. */
  atMs: number;
  settings?: OrganisationSettings;
}

/** How many of a participant's yearly sessions are used in the quota year of `atMs`. */
export function quotaUsage({
  sessions,
  participantId,
  atMs,
  settings = DEFAULT_ORGANISATION_SETTINGS,
}: QuotaUsageInput): QuotaUsage {
  if (typeof atMs !== 'number' || !Number.isFinite(atMs)) {
    throw new RangeError(`atMs must be an instant in epoch milliseconds, not ${String(atMs)}`);
  }
  const limit = settings.sessionQuota.sessionsPerYear;
  const days = quotaPeriodDays(jstDayOf(atMs), settings.sessionQuota.quotaYear);
  const used = countUsed(sessions, participantId, days);
  return {
    participantId,
    limit,
    used,
    remaining: Math.max(0, limit - used),
    ...quotaPeriodOfDays(days),
  };
}

/** Where a session stands in its participant's quota year: "session 3 of 7". */
export interface QuotaPosition {
  /** 1-based among the participant's counted sessions of that quota year, in start order. */
  position: number;
  /** sessionsPerYear. */
  limit: number;
  /** The quota year's first JST date. */
  periodStart: string;
  /** True when position > limit (possible for imported history; booking refuses it). */
  overQuota: boolean;
}

/**
 * Each counted session's position in its participant's quota year, in start order (ties by id);
 * sessions that do not count (cancelled before the cutoff, soft-deleted) have none.
 */
export function quotaPositions(
  sessions: readonly (Pick<Session, 'id' | 'participantId' | 'startMs' | 'outcome'> & {
    deletedAt?: number | null;
  })[],
  settings: OrganisationSettings = DEFAULT_ORGANISATION_SETTINGS,
): Map<string, QuotaPosition> {
  const { quotaYear, sessionsPerYear: limit } = settings.sessionQuota;
  checkQuotaYear(quotaYear);
  const counted = sessions
    .filter((s) => COUNTED.has(s.outcome) && (s.deletedAt === undefined || s.deletedAt === null))
    .sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const seen = new Map<string, number>();
  const positions = new Map<string, QuotaPosition>();
  for (const session of counted) {
    const period = quotaPeriodDays(jstDayOf(session.startMs), quotaYear);
    const key = `${session.participantId}\u0000${period.start}`;
    const position = (seen.get(key) ?? 0) + 1;
    seen.set(key, position);
    positions.set(session.id, {
      position,
      limit,
      periodStart: formatDate(period.start),
      overQuota: position > limit,
    });
  }
  return positions;
}
