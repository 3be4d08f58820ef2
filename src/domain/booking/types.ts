/**
 * The records of video-session booking (DOMAIN.md section 5), as the UI, storage and the CLI see
 * them. Plain data: instants are epoch milliseconds (UTC), days are JST dates `YYYY-MM-DD`, wall
 * times are JST `HH:MM`.
 */

/** How a session ends, or `scheduled` while it has not. */
export type SessionOutcome = 'scheduled' | 'completed' | 'cancelled' | 'late-cancelled' | 'no-show';

export const SESSION_OUTCOMES: readonly SessionOutcome[] = Object.freeze([
  'scheduled',
  'completed',
  'cancelled',
  'late-cancelled',
  'no-show',
]);

/** A 40-minute video session booked with a counsellor on a participant's behalf. */
export interface Session {
  id: string;
  participantId: string;
  counsellorId: string;
  /** The instant the session starts; it lasts SESSION_MINUTES. */
  startMs: number;
  outcome: SessionOutcome;
  /** When the session was cancelled (outcomes `cancelled` and `late-cancelled`). */
  cancelledAtMs?: number;
}

/**
 * One recurring availability window of a counsellor: an RFC 5545 rule in JST wall time, e.g.
 *
 *     DTSTART;TZID=Asia/Tokyo:20261201T100000
 *     RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR
 *
 * with `durationMinutes: 240`: 10:00 to 14:00 JST every Monday, Wednesday and Friday.
 */
export interface AvailabilityRule {
  id: string;
  counsellorId: string;
  /** `DTSTART;TZID=Asia/Tokyo:YYYYMMDDTHHMMSS` + newline + `RRULE:...` (see parseAvailabilityRule). */
  rule: string;
  /** Length of each window, 1 to 1440 minutes. */
  durationMinutes: number;
  /** First JST date (inclusive) on which the rule's windows start; none before. */
  validFrom?: string;
  /** Last JST date (inclusive) on which the rule's windows start; none after. */
  validUntil?: string;
}

/**
 * An exception to a counsellor's recurring availability on one JST date:
 * - `day-off`: none of the counsellor's recurring windows apply on that date (extra windows on
 *   the same date still do, so "day off except 14:00 to 16:00" is a day off plus an extra window);
 * - `extra-window`: the counsellor is also available from `start` to `end` (JST `HH:MM`).
 */
export type AvailabilityException =
  | { id?: string; counsellorId: string; date: string; kind: 'day-off' }
  | {
      id?: string;
      counsellorId: string;
      date: string;
      kind: 'extra-window';
      /** JST wall time `HH:MM`. */
      start: string;
      /** JST wall time `HH:MM`, after `start` on the same date. */
      end: string;
    };

export type AvailabilityExceptionKind = AvailabilityException['kind'];

/** A counsellor's own booking settings; absent fields take the organisation's setting. */
export interface CounsellorBookingSettings {
  counsellorId: string;
  /** Buffer after each of this counsellor's sessions, minutes (0 to 240). */
  sessionBufferMinutes?: number;
}

/** What every booking question is asked against: the stored records. */
export interface BookingData {
  rules: readonly AvailabilityRule[];
  exceptions?: readonly AvailabilityException[];
  /** Sessions already booked (any outcome; cancelled ones free their time). */
  sessions?: readonly Session[];
  counsellors?: readonly CounsellorBookingSettings[];
}

/** A piece of a counsellor's availability on one JST date (a window cut at midnight). */
export interface AvailabilityWindow {
  counsellorId: string;
  /** JST date `YYYY-MM-DD` the piece lies on. */
  date: string;
  startMs: number;
  endMs: number;
  /** The rule it comes from, or null for an extra window. */
  ruleId: string | null;
}

/** A bookable slot: a session that could be booked now with that counsellor. */
export interface Slot {
  counsellorId: string;
  startMs: number;
  /** startMs + 40 minutes. */
  endMs: number;
  /** 17:00 JST on the business day before the slot's date; the slot is offered until then. */
  bookingCutoffMs: number;
}
