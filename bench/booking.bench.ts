/**
 * Issue 5: bookable video-session slots of 30 counsellors over 3 months (DOMAIN.md section 5),
 * with a fresh calendar and fresh booking rules (rules parsed and expanded during the run).
 */
import { loadHolidayData } from '../src/cli/commands/shared';
import { SeededRandom } from '../src/domain/dataset/random';
import {
  createBookingRules,
  type AvailabilityException,
  type AvailabilityRule,
  type Session,
} from '../src/domain/booking';
import {
  createBusinessCalendar,
  dateToDay,
  formatDate,
  jstInstant,
  parseInstant,
  type HolidayData,
} from '../src/domain/calendar';
import { DEFAULT_ORGANISATION_SETTINGS } from '../src/domain/settings/organisation-settings';

export const name = 'booking: slots of 30 counsellors over 3 months';
export const description =
  'slots() for 30 counsellors with 2 to 3 weekly RRULE windows each (DTSTART in 2023), 60 exceptions and 1,500 booked sessions, 2026-12-01 to 2027-02-28, fresh calendar each run';
export const targetMs = 100;

const COUNSELLORS = 30;
const FROM = '2026-12-01';
const TO = '2027-02-28';
const SESSIONS = 1_500;
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR'];

interface Input {
  holidays: HolidayData;
  rules: AvailabilityRule[];
  exceptions: AvailabilityException[];
  sessions: Session[];
  nowMs: number;
}

export function setup(): Input {
  const holidays = loadHolidayData();
  const rng = new SeededRandom(20261201);
  const next = () => rng.next();
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const rules: AvailabilityRule[] = [];
  const exceptions: AvailabilityException[] = [];
  for (let c = 0; c < COUNSELLORS; c += 1) {
    const counsellorId = `counsellor-${c}`;
    const windows = 2 + Math.floor(next() * 2);
    for (let w = 0; w < windows; w += 1) {
      const days = DAYS.filter(() => next() < 0.5);
      if (days.length === 0) days.push(pick(DAYS));
      const hour = 9 + Math.floor(next() * 10);
      rules.push({
        id: `${counsellorId}-rule-${w}`,
        counsellorId,
        rule: `DTSTART;TZID=Asia/Tokyo:20230102T${String(hour).padStart(2, '0')}0000\nRRULE:FREQ=WEEKLY;${
          next() < 0.2 ? 'INTERVAL=2;' : ''
        }BYDAY=${days.join(',')}`,
        durationMinutes: 120 + 60 * Math.floor(next() * 4),
      });
    }
    for (let e = 0; e < 2; e += 1) {
      const date = formatDate(dateToDay(FROM) + Math.floor(next() * 90));
      exceptions.push(
        e === 0
          ? { counsellorId, date, kind: 'day-off' }
          : { counsellorId, date, kind: 'extra-window', start: '14:00', end: '17:00' },
      );
    }
  }
  const sessions: Session[] = [];
  for (let s = 0; s < SESSIONS; s += 1) {
    sessions.push({
      id: `session-${s}`,
      participantId: `participant-${Math.floor(next() * 400)}`,
      counsellorId: `counsellor-${Math.floor(next() * COUNSELLORS)}`,
      startMs: jstInstant(
        dateToDay(FROM) + Math.floor(next() * 90),
        9 * 60 + 30 + 60 * Math.floor(next() * 11),
      ),
      outcome: next() < 0.9 ? 'scheduled' : 'cancelled',
    });
  }
  const now = parseInstant('2026-11-27T12:00:00+09:00');
  if (!now.ok) throw new Error(now.problem);
  return { holidays, rules, exceptions, sessions, nowMs: now.instantMs };
}

export function run({ holidays, rules, exceptions, sessions, nowMs }: Input): number {
  const settings = DEFAULT_ORGANISATION_SETTINGS;
  const calendar = createBusinessCalendar({ holidays, settings });
  const booking = createBookingRules({ calendar, settings });
  const slots = booking.slots({ rules, exceptions, sessions, from: FROM, to: TO, nowMs });
  if (slots.length === 0) throw new Error('no slots: the benchmark data is wrong');
  let checksum = slots.length;
  for (const slot of slots) checksum = (checksum + (slot.startMs % 9973)) % 1_000_003;
  return checksum;
}
