/**
 * Video-session booking (DOMAIN.md section 5): bookable slots, and the decisions the UI calls to
 * book, change or cancel a session on a participant's behalf and to record its outcome. Start with
 * `createBookingRules({ calendar, settings })`; every question is then asked with the stored
 * records (rules, exceptions, sessions, counsellor settings) and `nowMs`.
 *
 * Choices where DOMAIN.md leaves room:
 * - Service hours come from the calendar (built with the same settings); the buffer and the quota
 *   from `settings`, a counsellor's own buffer from `counsellors[].sessionBufferMinutes`.
 * - Slots are laid out from the start of each clipped window (windows merged where they overlap or
 *   touch): 40 minutes, then the buffer, while the session ends inside the window; a slot never
 *   starts before the previous slot's buffer has ended, even across two windows. Slots that clash
 *   with a booking are left out, the others keep their place (the grid does not move).
 * - A cutoff is itself still in time (as in the calendar): a slot is offered, a booking accepted
 *   and a cancellation free while `now` is at or before the cutoff.
 * - A booking need not sit on the slot grid: any start whose 40 minutes lie inside an availability
 *   window (and service hours on a business day) and clash with nothing is accepted.
 * - Two sessions of one counsellor must be 40 minutes plus that counsellor's buffer apart; two
 *   sessions of one participant (with any counsellors) must simply not overlap.
 * - Cancelled and late-cancelled sessions free their time; the others keep it.
 * - A session can be cancelled only before it starts (after that: completed or no-show); its
 *   outcome can be recorded once it has started, and completed and no-show may correct each
 *   other.
 * - Every problem is reported, not only the first, in a fixed order: business day and service
 *   hours, cutoff, availability, counsellor, participant, quota.
 */
import { SESSION_MINUTES, type BusinessCalendar } from '../calendar/business-calendar';
import { MINUTE_MS, formatDate, jstDayOf, parseDate, type DayNumber } from '../calendar/jst';
import {
  DEFAULT_ORGANISATION_SETTINGS,
  type OrganisationSettings,
} from '../settings/organisation-settings';
import {
  bookableWindows,
  counsellorsWithAvailability,
  serviceDaysOf,
  windowPieces,
  type ServiceDays,
} from './availability';
import {
  bufferProblem,
  compileBookingData,
  sessionProblems,
  type CompiledBookingData,
} from './booking-data';
import type { BookingProblem, BookingProblems } from './problems';
import {
  countUsed,
  quotaPeriodDays,
  quotaPeriodOfDays,
  quotaUsage,
  type QuotaUsage,
} from './quota';
import { indexSessions, type SessionIndex } from './session-index';
import type { AvailabilityWindow, BookingData, Session, Slot } from './types';

const SESSION_MS = SESSION_MINUTES * MINUTE_MS;

/** The longest span of dates one query may cover. */
export const MAX_QUERY_DAYS = 366;

export interface BookingRulesOptions {
  /** The business calendar (holidays, closures, service hours). */
  calendar: BusinessCalendar;
  /** The buffer and the quota; default DEFAULT_ORGANISATION_SETTINGS. */
  settings?: OrganisationSettings;
}

/** JST dates `YYYY-MM-DD`, both inclusive. */
export interface DateRange {
  from: string;
  to: string;
}

export interface SlotQuery extends BookingData, DateRange {
  nowMs: number;
  /** Also leave out slots that overlap a session of this participant. */
  participantId?: string;
  /** Only these counsellors; default every counsellor with a rule or an extra window. */
  counsellorIds?: readonly string[];
}

export interface BookingRequest extends BookingData {
  /** The new session's id (the caller's, e.g. a ULID). */
  id: string;
  counsellorId: string;
  participantId: string;
  startMs: number;
  nowMs: number;
}

export interface ChangeRequest extends BookingData {
  session: Session;
  /** The new start. */
  startMs: number;
  /** A new counsellor; default the session's. */
  counsellorId?: string;
  nowMs: number;
}

export interface CancellationRequest {
  session: Session;
  nowMs: number;
}

export interface OutcomeRequest {
  session: Session;
  outcome: 'completed' | 'no-show';
  nowMs: number;
}

export interface QuotaQuery {
  sessions: readonly Session[];
  participantId: string;
  atMs: number;
}

export type BookingDecision =
  { ok: true; session: Session } | { ok: false; problems: BookingProblems };

export type CancellationDecision =
  | {
      ok: true;
      /** Outcome `cancelled` (before the cutoff) or `late-cancelled` (after it). */
      session: Session;
      /** True for a late cancellation, which uses one of the participant's sessions. */
      countsTowardQuota: boolean;
    }
  | { ok: false; problems: BookingProblems };

export interface BookingRules {
  readonly calendar: BusinessCalendar;
  readonly settings: OrganisationSettings;
  /** The counsellor's buffer after each session: their own setting, or the organisation's. */
  bufferMinutes(data: BookingData, counsellorId: string): number;
  /**
   * The counsellors' availability on the dates, before service hours and business days apply: the
   * rules' windows (cut at midnight, days off removed) and the extra windows, in time order.
   */
  availabilityWindows(data: BookingData, range: DateRange): AvailabilityWindow[];
  /**
   * The windows as they are offered: clipped to service hours on business days (none on other
   * days), merged where they overlap or touch, per JST date; `ruleId` is null (a merged window
   * may come from several rules).
   */
  offeredWindows(data: BookingData, range: DateRange): AvailabilityWindow[];
  /** The bookable slots on the dates, in time order (then by counsellor). */
  slots(query: SlotQuery): Slot[];
  /** Books a session on a participant's behalf, or says every reason it cannot be. */
  book(request: BookingRequest): BookingDecision;
  /** Moves a scheduled session (before its cutoff) to a new start and/or counsellor. */
  change(request: ChangeRequest): BookingDecision;
  /** Cancels a scheduled session: `cancelled` before its cutoff, `late-cancelled` after. */
  cancel(request: CancellationRequest): CancellationDecision;
  /** Records that a session took place (`completed`) or that the participant did not come. */
  recordOutcome(request: OutcomeRequest): BookingDecision;
  /** The participant's quota in the quota year of `atMs`. */
  quota(query: QuotaQuery): QuotaUsage;
}

function checkInstant(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${what} must be an instant in epoch milliseconds, not ${String(value)}`);
  }
}

function checkText(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new RangeError(`${what} must be non-empty text, not ${JSON.stringify(value)}`);
  }
}

function checkSession(session: Session): void {
  const problem = sessionProblems(session, 'session')[0];
  if (problem !== undefined) throw new RangeError(`${problem.path}: ${problem.problem}`);
}

function rangeDays({ from, to }: DateRange): { fromDay: DayNumber; toDay: DayNumber } {
  const fromDay = typeof from === 'string' ? parseDate(from) : null;
  const toDay = typeof to === 'string' ? parseDate(to) : null;
  if (fromDay === null)
    throw new RangeError(`from must be a date written YYYY-MM-DD, not ${JSON.stringify(from)}`);
  if (toDay === null)
    throw new RangeError(`to must be a date written YYYY-MM-DD, not ${JSON.stringify(to)}`);
  if (toDay < fromDay) throw new RangeError(`to (${to}) is before from (${from})`);
  if (toDay - fromDay + 1 > MAX_QUERY_DAYS) {
    throw new RangeError(`from ${from} to ${to} covers more than ${MAX_QUERY_DAYS} days`);
  }
  return { fromDay, toDay };
}

const isProblems = (list: BookingProblem[]): list is [BookingProblem, ...BookingProblem[]] =>
  list.length > 0;

export function createBookingRules({
  calendar,
  settings = DEFAULT_ORGANISATION_SETTINGS,
}: BookingRulesOptions): BookingRules {
  const defaultBuffer = settings.sessionBufferMinutes;
  const bufferIssue = bufferProblem(defaultBuffer);
  if (bufferIssue !== null) throw new RangeError(`sessionBufferMinutes ${bufferIssue}`);
  const limit = settings.sessionQuota.sessionsPerYear;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(
      `sessionQuota.sessionsPerYear must be a whole number of at least 1, not ${limit}`,
    );
  }
  const quotaYear = settings.sessionQuota.quotaYear;
  quotaPeriodDays(0, quotaYear); // throws on an unknown kind
  const service: ServiceDays = serviceDaysOf(calendar);

  const bufferOf = (data: CompiledBookingData, counsellorId: string) =>
    data.bufferOf.get(counsellorId) ?? defaultBuffer;

  /** Everything wrong with a session of `counsellorId` and `participantId` at `startMs`. */
  function problemsAt(
    data: CompiledBookingData,
    index: SessionIndex,
    counsellorId: string,
    participantId: string,
    startMs: number,
    nowMs: number,
    exceptId?: string,
  ): BookingProblem[] {
    const problems: BookingProblem[] = [];
    const check = calendar.checkSessionStart(startMs);
    // Asked without `now`, so the reason is never the cutoff, checked just below.
    if (check.reason !== null && check.reason.kind !== 'booking-cutoff-passed') {
      problems.push(check.reason);
    }
    if (nowMs > check.bookingCutoffMs) {
      problems.push({ kind: 'booking-cutoff-passed', bookingCutoffMs: check.bookingCutoffMs });
    }
    const day = jstDayOf(startMs);
    if (check.valid) {
      const inside = bookableWindows(service, data, counsellorId, day, day).some(
        (w) => w.startMs <= startMs && startMs + SESSION_MS <= w.endMs,
      );
      if (!inside)
        problems.push({ kind: 'outside-availability', counsellorId, date: formatDate(day) });
    }
    const bufferMinutes = bufferOf(data, counsellorId);
    const counsellorClash = index.clashOf(
      'counsellor',
      counsellorId,
      startMs,
      SESSION_MS + bufferMinutes * MINUTE_MS,
      exceptId,
    );
    if (counsellorClash !== null) {
      problems.push({
        kind: 'counsellor-double-booked',
        counsellorId,
        sessionId: counsellorClash.id,
        sessionStartMs: counsellorClash.startMs,
        bufferMinutes,
      });
    }
    const participantClash = index.clashOf(
      'participant',
      participantId,
      startMs,
      SESSION_MS,
      exceptId,
    );
    if (participantClash !== null) {
      problems.push({
        kind: 'participant-double-booked',
        participantId,
        sessionId: participantClash.id,
        sessionStartMs: participantClash.startMs,
      });
    }
    const period = quotaPeriodDays(day, quotaYear);
    const used = countUsed(data.sessions, participantId, period, exceptId);
    if (used >= limit) {
      problems.push({
        kind: 'quota-exhausted',
        participantId,
        limit,
        used,
        ...quotaPeriodOfDays(period),
      });
    }
    return problems;
  }

  return {
    calendar,
    settings,

    bufferMinutes(data, counsellorId) {
      return bufferOf(compileBookingData(data), counsellorId);
    },

    availabilityWindows(data, range) {
      const { fromDay, toDay } = rangeDays(range);
      const compiled = compileBookingData(data);
      const windows: AvailabilityWindow[] = [];
      for (const counsellorId of counsellorsWithAvailability(compiled)) {
        for (const piece of windowPieces(compiled, counsellorId, fromDay, toDay)) {
          windows.push({
            counsellorId,
            date: formatDate(piece.day),
            startMs: piece.startMs,
            endMs: piece.endMs,
            ruleId: piece.ruleId,
          });
        }
      }
      return windows.sort(
        (a, b) =>
          a.startMs - b.startMs ||
          (a.counsellorId < b.counsellorId ? -1 : a.counsellorId > b.counsellorId ? 1 : 0) ||
          a.endMs - b.endMs,
      );
    },

    offeredWindows(data, range) {
      const { fromDay, toDay } = rangeDays(range);
      const compiled = compileBookingData(data);
      const windows: AvailabilityWindow[] = [];
      for (const counsellorId of counsellorsWithAvailability(compiled)) {
        for (let day = fromDay; day <= toDay; day += 1) {
          for (const window of bookableWindows(service, compiled, counsellorId, day, day)) {
            const date = formatDate(day);
            windows.push({ counsellorId, date, ...window, ruleId: null });
          }
        }
      }
      return windows.sort(
        (a, b) =>
          a.startMs - b.startMs ||
          (a.counsellorId < b.counsellorId ? -1 : a.counsellorId > b.counsellorId ? 1 : 0),
      );
    },

    slots(query) {
      const { fromDay, toDay } = rangeDays(query);
      checkInstant(query.nowMs, 'nowMs');
      if (query.participantId !== undefined) checkText(query.participantId, 'participantId');
      const data = compileBookingData(query);
      const index = indexSessions(data.sessions);
      const counsellors = query.counsellorIds ?? counsellorsWithAvailability(data);
      const { nowMs, participantId } = query;
      const cutoffOfDay = new Map<DayNumber, number>();
      const slots: Slot[] = [];
      for (const counsellorId of counsellors) {
        const spanMs = SESSION_MS + bufferOf(data, counsellorId) * MINUTE_MS;
        let next = -Infinity;
        for (const window of bookableWindows(service, data, counsellorId, fromDay, toDay)) {
          for (
            let startMs = Math.max(window.startMs, next);
            startMs + SESSION_MS <= window.endMs;
            startMs = next
          ) {
            next = startMs + spanMs;
            const day = jstDayOf(startMs);
            let bookingCutoffMs = cutoffOfDay.get(day);
            if (bookingCutoffMs === undefined) {
              bookingCutoffMs = calendar.bookingCutoff(startMs);
              cutoffOfDay.set(day, bookingCutoffMs);
            }
            if (nowMs > bookingCutoffMs) continue;
            if (index.clashOf('counsellor', counsellorId, startMs, spanMs) !== null) continue;
            if (
              participantId !== undefined &&
              index.clashOf('participant', participantId, startMs, SESSION_MS) !== null
            ) {
              continue;
            }
            slots.push({ counsellorId, startMs, endMs: startMs + SESSION_MS, bookingCutoffMs });
          }
        }
      }
      return slots.sort(
        (a, b) =>
          a.startMs - b.startMs ||
          (a.counsellorId < b.counsellorId ? -1 : a.counsellorId > b.counsellorId ? 1 : 0),
      );
    },

    book(request) {
      checkText(request.id, 'id');
      checkText(request.counsellorId, 'counsellorId');
      checkText(request.participantId, 'participantId');
      checkInstant(request.startMs, 'startMs');
      checkInstant(request.nowMs, 'nowMs');
      const data = compileBookingData(request);
      const problems = problemsAt(
        data,
        indexSessions(data.sessions),
        request.counsellorId,
        request.participantId,
        request.startMs,
        request.nowMs,
      );
      if (isProblems(problems)) return { ok: false, problems };
      return {
        ok: true,
        session: {
          id: request.id,
          participantId: request.participantId,
          counsellorId: request.counsellorId,
          startMs: request.startMs,
          outcome: 'scheduled',
        },
      };
    },

    change(request) {
      const { session, startMs, nowMs } = request;
      checkSession(session);
      checkInstant(startMs, 'startMs');
      checkInstant(nowMs, 'nowMs');
      const counsellorId = request.counsellorId ?? session.counsellorId;
      checkText(counsellorId, 'counsellorId');
      if (session.outcome !== 'scheduled') {
        return { ok: false, problems: [{ kind: 'not-scheduled', outcome: session.outcome }] };
      }
      const cutoffMs = calendar.bookingCutoff(session.startMs);
      if (nowMs > cutoffMs) {
        return {
          ok: false,
          problems: [{ kind: 'change-cutoff-passed', bookingCutoffMs: cutoffMs }],
        };
      }
      const data = compileBookingData(request);
      const problems = problemsAt(
        data,
        indexSessions(data.sessions),
        counsellorId,
        session.participantId,
        startMs,
        nowMs,
        session.id,
      );
      if (isProblems(problems)) return { ok: false, problems };
      return { ok: true, session: { ...session, counsellorId, startMs } };
    },

    cancel({ session, nowMs }) {
      checkSession(session);
      checkInstant(nowMs, 'nowMs');
      if (session.outcome !== 'scheduled') {
        return { ok: false, problems: [{ kind: 'not-scheduled', outcome: session.outcome }] };
      }
      if (nowMs >= session.startMs) {
        return { ok: false, problems: [{ kind: 'session-started', startMs: session.startMs }] };
      }
      const late = nowMs > calendar.bookingCutoff(session.startMs);
      return {
        ok: true,
        session: {
          ...session,
          outcome: late ? 'late-cancelled' : 'cancelled',
          cancelledAtMs: nowMs,
        },
        countsTowardQuota: late,
      };
    },

    recordOutcome({ session, outcome, nowMs }) {
      checkSession(session);
      checkInstant(nowMs, 'nowMs');
      if (outcome !== 'completed' && outcome !== 'no-show') {
        throw new RangeError(
          `outcome must be completed or no-show, not ${JSON.stringify(outcome)}`,
        );
      }
      if (session.outcome === 'cancelled' || session.outcome === 'late-cancelled') {
        return { ok: false, problems: [{ kind: 'session-cancelled', outcome: session.outcome }] };
      }
      if (nowMs < session.startMs) {
        return { ok: false, problems: [{ kind: 'session-not-started', startMs: session.startMs }] };
      }
      return { ok: true, session: { ...session, outcome } };
    },

    quota({ sessions, participantId, atMs }) {
      checkText(participantId, 'participantId');
      sessions.forEach((session, i) => {
        const problem = sessionProblems(session, `sessions[${i}]`)[0];
        if (problem !== undefined) throw new RangeError(`${problem.path}: ${problem.problem}`);
      });
      return quotaUsage({ sessions, participantId, atMs, settings });
    },
  };
}
