import {
  createBookingRules,
  type AvailabilityRule,
  type BookingRules,
  type Session,
  type SessionOutcome,
} from '../../../../src/domain/booking';
import type { OrganisationSettings } from '../../../../src/domain/settings/organisation-settings';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../../src/domain/settings/organisation-settings';
import { at, calendarWith, jst } from '../calendar/helpers';

export { at, calendarWith, jst };

/** Booking rules over the shipped holidays, with settings changed as given. */
export function bookingWith(settings: Partial<OrganisationSettings> = {}): BookingRules {
  const full = { ...DEFAULT_ORGANISATION_SETTINGS, ...settings };
  return createBookingRules({ calendar: calendarWith(full), settings: full });
}

/** `DTSTART;TZID=Asia/Tokyo:<dtstart>` + `RRULE:<rrule>`, dtstart written YYYYMMDDTHHMMSS. */
export function ruleText(dtstart: string, rrule: string): string {
  return `DTSTART;TZID=Asia/Tokyo:${dtstart}\nRRULE:${rrule}`;
}

let ruleCount = 0;

/** An availability rule of a counsellor. */
export function rule(
  counsellorId: string,
  dtstart: string,
  rrule: string,
  durationMinutes: number,
  extra: Partial<AvailabilityRule> = {},
): AvailabilityRule {
  ruleCount += 1;
  return {
    id: `rule-${ruleCount}`,
    counsellorId,
    rule: ruleText(dtstart, rrule),
    durationMinutes,
    ...extra,
  };
}

let sessionCount = 0;

/** A session starting at an ISO 8601 instant. */
export function session(
  counsellorId: string,
  participantId: string,
  start: string,
  outcome: SessionOutcome = 'scheduled',
  extra: Partial<Session> = {},
): Session {
  sessionCount += 1;
  return {
    id: `session-${sessionCount}`,
    counsellorId,
    participantId,
    startMs: at(start),
    outcome,
    ...extra,
  };
}

/** Slots as `counsellor start` strings at +09:00, for readable expectations. */
export function described(slots: readonly { counsellorId: string; startMs: number }[]): string[] {
  return slots.map((s) => `${s.counsellorId} ${jst(s.startMs)}`);
}

/** The JST wall times (HH:MM) of slot starts. */
export function times(slots: readonly { startMs: number }[]): string[] {
  return slots.map((s) => jst(s.startMs).slice(11, 16));
}
