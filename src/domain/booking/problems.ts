/**
 * Why a booking, a change, a cancellation or an outcome is refused: structured, so that the UI
 * can say it in the counsellor's language; `describeBookingProblem` gives an English sentence.
 */
import type { NonBusinessDayReason } from '../calendar/business-calendar';
import { formatJstInstant } from '../calendar/jst';
import type { SessionOutcome } from './types';

export type BookingProblem =
  /** The session's date is a weekend day, a holiday or a closure. */
  | { kind: 'not-business-day'; date: string; because: NonBusinessDayReason }
  | { kind: 'starts-before-service-hours'; opensAt: string }
  | { kind: 'ends-after-service-hours'; closesAt: string; latestStart: string }
  /** Bookings (and changes to the new time) close at 17:00 JST on the previous business day. */
  | { kind: 'booking-cutoff-passed'; bookingCutoffMs: number }
  /** The 40 minutes do not lie inside one of the counsellor's availability windows. */
  | { kind: 'outside-availability'; counsellorId: string; date: string }
  /** Another session of the counsellor is closer than 40 minutes plus the counsellor's buffer. */
  | {
      kind: 'counsellor-double-booked';
      counsellorId: string;
      sessionId: string;
      sessionStartMs: number;
      bufferMinutes: number;
    }
  /** The participant already has a session overlapping these 40 minutes. */
  | {
      kind: 'participant-double-booked';
      participantId: string;
      sessionId: string;
      sessionStartMs: number;
    }
  /** The participant's quota year is full; a session can be booked again from `renewsOn`. */
  | {
      kind: 'quota-exhausted';
      participantId: string;
      limit: number;
      used: number;
      periodStart: string;
      periodEnd: string;
      renewsOn: string;
    }
  /** The session's own cutoff has passed: it can no longer be moved (a cancellation is late). */
  | { kind: 'change-cutoff-passed'; bookingCutoffMs: number }
  /** Only a scheduled session can be changed or cancelled. */
  | { kind: 'not-scheduled'; outcome: SessionOutcome }
  /** A session that has started can no longer be cancelled: record it completed or no-show. */
  | { kind: 'session-started'; startMs: number }
  /** An outcome can be recorded only once the session has started. */
  | { kind: 'session-not-started'; startMs: number }
  /** A cancelled session has no other outcome to record. */
  | { kind: 'session-cancelled'; outcome: 'cancelled' | 'late-cancelled' };

export type BookingProblemKind = BookingProblem['kind'];

/** At least one problem. */
export type BookingProblems = readonly [BookingProblem, ...BookingProblem[]];

const when = (ms: number) => formatJstInstant(ms);

/** One English sentence per problem, e.g. for the CLI or a log. */
export function describeBookingProblem(problem: BookingProblem): string {
  switch (problem.kind) {
    case 'not-business-day': {
      const because = problem.because;
      const why =
        because.kind === 'holiday'
          ? `a holiday, ${because.name}`
          : because.kind === 'closure'
            ? `a closure, ${because.label}`
            : 'a weekend day';
      return `${problem.date} is not a business day (${why})`;
    }
    case 'starts-before-service-hours':
      return `the session starts before service hours open at ${problem.opensAt} JST`;
    case 'ends-after-service-hours':
      return `the session ends after service hours close at ${problem.closesAt} JST (latest start ${problem.latestStart})`;
    case 'booking-cutoff-passed':
      return `the booking cutoff passed at ${when(problem.bookingCutoffMs)}`;
    case 'outside-availability':
      return `counsellor ${problem.counsellorId} is not available then on ${problem.date}`;
    case 'counsellor-double-booked':
      return `counsellor ${problem.counsellorId} has a session at ${when(problem.sessionStartMs)} (40 minutes plus a ${problem.bufferMinutes}-minute buffer)`;
    case 'participant-double-booked':
      return `participant ${problem.participantId} has a session at ${when(problem.sessionStartMs)}`;
    case 'quota-exhausted':
      return `participant ${problem.participantId} has used ${problem.used} of ${problem.limit} sessions in the quota year ${problem.periodStart} to ${problem.periodEnd}; the quota renews on ${problem.renewsOn}`;
    case 'change-cutoff-passed':
      return `the session's change cutoff passed at ${when(problem.bookingCutoffMs)}`;
    case 'not-scheduled':
      return `the session is ${problem.outcome}, not scheduled`;
    case 'session-started':
      return `the session started at ${when(problem.startMs)}; record it completed or no-show`;
    case 'session-not-started':
      return `the session has not started yet (it starts at ${when(problem.startMs)})`;
    case 'session-cancelled':
      return `the session was ${problem.outcome === 'cancelled' ? 'cancelled' : 'cancelled late'}`;
  }
}
