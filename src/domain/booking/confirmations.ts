/**
 * What a counsellor is told before a click that changes a session for good (issue 14, item 6),
 * the checks of a completed session's details and of a supervisor's correction of an outcome, and
 * the same-day warning of the booking dialog.
 *
 * Choices where DOMAIN.md leaves room:
 * - The quota told with a cancellation is that of the quota year of the session's start (the year
 *   whose count the cancellation changes), with the cancellation applied: a late cancellation keeps
 *   its session counted, a cancellation in time gives it back.
 * - A completed session's duration is whole minutes from 1 to MAX_SESSION_DURATION_MINUTES (the
 *   40 booked minutes may run over, never past two hours); its channel is video or phone.
 * - A supervisor corrects only an outcome already recorded (completed, no-show, cancelled,
 *   late-cancelled), to another of those, with a reason of 1 to OUTCOME_CORRECTION_REASON_MAX
 *   characters; a scheduled session is changed, cancelled or recorded instead. Completed and
 *   no-show need the session to have started (nobody attends a session in the future).
 * - The same-day warning names the participant's other sessions on the JST day of the new start
 *   that still hold time (not cancelled); a session being changed is not its own warning.
 */
import { jstDayOf } from '../calendar/jst';
import type { BookingRules } from './booking-rules';
import type { BookingProblems } from './problems';
import type { QuotaUsage } from './quota';
import type { Session, SessionOutcome } from './types';

export const SESSION_CHANNELS = ['video', 'phone'] as const;
export type SessionChannel = (typeof SESSION_CHANNELS)[number];

export const MAX_SESSION_DURATION_MINUTES = 120;
export const OUTCOME_CORRECTION_REASON_MAX = 500;

/** Outcomes a supervisor may correct from and to. */
export const RECORDED_OUTCOMES = ['completed', 'no-show', 'cancelled', 'late-cancelled'] as const;
export type RecordedOutcome = (typeof RECORDED_OUTCOMES)[number];

/** What a cancellation would do, said before it is confirmed. */
export type CancellationPreview =
  | {
      ok: true;
      /** After the cutoff: a late cancellation, which uses one of the participant's sessions. */
      late: boolean;
      /** The participant's quota in the session's quota year once the cancellation is made. */
      quotaAfter: QuotaUsage;
    }
  | { ok: false; problems: BookingProblems };

/** What cancelling `session` at `nowMs` would do, over the participant's stored `sessions`. */
export function previewCancellation(
  rules: BookingRules,
  request: { session: Session; sessions: readonly Session[]; nowMs: number },
): CancellationPreview {
  const { session, sessions, nowMs } = request;
  const decision = rules.cancel({ session, nowMs });
  if (!decision.ok) return decision;
  const after = sessions.map((s) => (s.id === session.id ? decision.session : s));
  if (!after.some((s) => s.id === session.id)) after.push(decision.session);
  const quotaAfter = rules.quota({
    sessions: after,
    participantId: session.participantId,
    atMs: session.startMs,
  });
  return { ok: true, late: decision.countsTowardQuota, quotaAfter };
}

/** Why a completed session's details are refused. */
export type SessionDetailsProblem = 'duration-not-whole' | 'duration-out-of-range' | 'channel';

export function sessionDetailsProblem(details: {
  durationMinutes: number;
  channel: string;
}): SessionDetailsProblem | null {
  const { durationMinutes, channel } = details;
  if (!Number.isInteger(durationMinutes)) return 'duration-not-whole';
  if (durationMinutes < 1 || durationMinutes > MAX_SESSION_DURATION_MINUTES)
    return 'duration-out-of-range';
  if (!(SESSION_CHANNELS as readonly string[]).includes(channel)) return 'channel';
  return null;
}

/** Why a supervisor's correction of an outcome is refused. */
export type OutcomeCorrectionProblem =
  | 'not-recorded'
  | 'same-outcome'
  | 'reason-missing'
  | 'reason-too-long'
  | 'not-started'
  | SessionDetailsProblem;

export type OutcomeCorrection =
  | { ok: true; session: Session; from: RecordedOutcome }
  | { ok: false; problem: OutcomeCorrectionProblem };

/**
 * A supervisor's correction of a recorded outcome. `details` is needed when the new outcome is
 * completed. The caller audits the correction with the reason.
 */
export function correctOutcome(request: {
  session: Session;
  outcome: RecordedOutcome;
  reason: string;
  nowMs: number;
  details?: { durationMinutes: number; channel: string };
}): OutcomeCorrection {
  const { session, outcome, reason, nowMs, details } = request;
  const from = session.outcome;
  if (!isRecorded(from)) return { ok: false, problem: 'not-recorded' };
  if (!(RECORDED_OUTCOMES as readonly string[]).includes(outcome))
    throw new RangeError(`outcome must be one of ${RECORDED_OUTCOMES.join(', ')}`);
  if (from === outcome) return { ok: false, problem: 'same-outcome' };
  const text = reason.trim();
  if (text === '') return { ok: false, problem: 'reason-missing' };
  if ([...text].length > OUTCOME_CORRECTION_REASON_MAX)
    return { ok: false, problem: 'reason-too-long' };
  if ((outcome === 'completed' || outcome === 'no-show') && nowMs < session.startMs)
    return { ok: false, problem: 'not-started' };
  if (outcome === 'completed') {
    const problem = sessionDetailsProblem(details ?? { durationMinutes: NaN, channel: '' });
    if (problem !== null) return { ok: false, problem };
  }
  const cancelled = outcome === 'cancelled' || outcome === 'late-cancelled';
  const next: Session = { ...session, outcome };
  if (cancelled) next.cancelledAtMs = session.cancelledAtMs ?? nowMs;
  else delete next.cancelledAtMs;
  return { ok: true, session: next, from };
}

function isRecorded(outcome: SessionOutcome): outcome is RecordedOutcome {
  return (RECORDED_OUTCOMES as readonly string[]).includes(outcome);
}

/**
 * The participant's other sessions on the JST day of `startMs` that still hold time, in start
 * order (the booking dialog warns before a second session on one day).
 */
export function sameDaySessions(request: {
  sessions: readonly Session[];
  participantId: string;
  startMs: number;
  /** A session being changed: not a warning about itself. */
  exceptSessionId?: string;
}): Session[] {
  const day = jstDayOf(request.startMs);
  return request.sessions
    .filter(
      (s) =>
        s.participantId === request.participantId &&
        s.id !== request.exceptSessionId &&
        s.outcome !== 'cancelled' &&
        s.outcome !== 'late-cancelled' &&
        jstDayOf(s.startMs) === day,
    )
    .sort((a, b) => a.startMs - b.startMs);
}
