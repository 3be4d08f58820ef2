/**
 * Demo availability and video sessions (issue 5): each counsellor's weekly windows, a few days
 * off and extra windows, and sessions for some participants over the weeks before `untilMs`
 * (completed, no-show, cancelled, late-cancelled) and a few scheduled in the four weeks after it.
 *
 * Every session starts on a slot of its counsellor's availability (a 40-minute session and a
 * 20-minute buffer, so one slot an hour from the start of a window), on a business day inside
 * service hours (the calendar's checkSessionStart), never on the counsellor's day off, at most one
 * a day per participant, never two at once per counsellor, and never more than the yearly quota
 * (7 counted sessions per fiscal year) per participant. A cancellation is dated before the booking
 * cutoff, a late cancellation between the cutoff and the start.
 *
 * Deterministic: the randomness is the generator passed in, time comes only from `untilMs` and the
 * calendar; the computer's time zone plays no part.
 */
import { WEEKDAY_CODES } from '../booking/availability-rule';
import { countsTowardQuota, quotaPeriod } from '../booking/quota';
import {
  DAY_MS,
  MINUTE_MS,
  SESSION_MINUTES,
  dayFromCivil,
  formatDate,
  formatJstInstant,
  formatWallTime,
  jstDayOf,
  jstInstant,
  weekdayOf,
  type BusinessCalendar,
  type Weekday,
} from '../calendar';
import {
  DEFAULT_ORGANISATION_SETTINGS,
  wallTimeToMinutes,
} from '../settings/organisation-settings';
import type { DemoCounsellorProfile } from './demo-text';
import type { SeededRandom } from './random';
import type { Availability, AvailabilityException, Language, Participant, Session } from './schema';
import type { SessionOutcome } from '../booking/types';

/** A session and the buffer after it: one slot an hour. */
const SLOT_STEP_MINUTES = 60;
/** Scheduled sessions lie in the weeks after `untilMs`. */
const FUTURE_DAYS = 28;

/** Time bands a counsellor's windows lie in (JST minutes after midnight, and length). */
const BANDS: readonly { start: number; minutes: number }[] = [
  { start: 10 * 60, minutes: 180 },
  { start: 14 * 60, minutes: 180 },
  { start: 18 * 60, minutes: 180 },
];

/** Weekday sets of a rule (0 Sunday). */
const WEEKDAY_SETS: readonly (readonly Weekday[])[] = [
  [1, 3, 5],
  [2, 4],
  [1, 2, 3, 4, 5],
  [1, 4],
  [2, 3, 5],
];

const PAST_OUTCOMES: readonly (readonly [SessionOutcome, number])[] = [
  ['completed', 70],
  ['no-show', 8],
  ['cancelled', 14],
  ['late-cancelled', 8],
];

export interface DemoBookingInput {
  rng: SeededRandom;
  calendar: BusinessCalendar;
  untilMs: number;
  /** The first instant of the demo data (`weeks` before `untilMs`). */
  startMs: number;
  counsellors: readonly DemoCounsellorProfile[];
  participants: readonly Participant[];
}

export interface DemoBooking {
  availability: Availability[];
  availabilityExceptions: AvailabilityException[];
  sessions: Session[];
}

interface Window {
  weekdays: ReadonlySet<Weekday>;
  firstDay: number;
  startMinutes: number;
  endMinutes: number;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function compactDate(day: number): string {
  return formatDate(day).replaceAll('-', '');
}

/** Removes and returns the item at `index` (order is not kept). */
function takeAt<T>(items: T[], index: number): T {
  const item = items[index]!;
  items[index] = items[items.length - 1]!;
  items.pop();
  return item;
}

const COMPLETED_MINUTES = [40, 40, 38, 40, 45, 35, 40, 32, 40, 42] as const;

export function generateDemoBooking(input: DemoBookingInput): DemoBooking {
  const { rng, calendar, untilMs, startMs, counsellors, participants } = input;
  const open = wallTimeToMinutes(calendar.serviceHours.open);
  const close = wallTimeToMinutes(calendar.serviceHours.close);
  const firstDay = jstDayOf(startMs);
  const untilDay = jstDayOf(untilMs);
  const lastDay = Math.min(untilDay + FUTURE_DAYS, dayFromCivil(calendar.lastYear, 12, 31));
  const businessDays: number[] = [];
  for (let day = firstDay; day <= lastDay; day += 1) {
    if (calendar.isBusinessDay(formatDate(day))) businessDays.push(day);
  }

  // Availability: 1 to 3 weekly rules per counsellor, each in its own band inside service hours.
  const availability: Availability[] = [];
  const windowsOf = new Map<string, Window[]>();
  const exceptions: (AvailabilityException & { day: number })[] = [];
  for (const counsellor of counsellors) {
    const windows: Window[] = [];
    const bands = rng
      .sample(BANDS, rng.int(1, 3))
      .map((band) => ({
        start: Math.max(band.start, open),
        end: Math.min(band.start + band.minutes, close),
      }))
      .filter((band) => band.end - band.start >= SESSION_MINUTES)
      .sort((a, b) => a.start - b.start);
    bands.forEach((band, i) => {
      const weekdays = rng.pick(WEEKDAY_SETS);
      // DTSTART on the first day of the rule's weekdays, a week before the data begins.
      let dtstart = firstDay - 7;
      while (!weekdays.includes(weekdayOf(dtstart))) dtstart += 1;
      availability.push({
        id: `av-${counsellor.id}-${i + 1}`,
        counsellorId: counsellor.id,
        rule: `DTSTART;TZID=Asia/Tokyo:${compactDate(dtstart)}T${formatWallTime(band.start).replace(':', '')}00\nRRULE:FREQ=WEEKLY;BYDAY=${weekdays.map((d) => WEEKDAY_CODES[d]).join(',')}`,
        durationMinutes: band.end - band.start,
      });
      windows.push({
        weekdays: new Set(weekdays),
        firstDay: dtstart,
        startMinutes: band.start,
        endMinutes: band.end,
      });
    });
    // A few days off, and now and then an extra window in a band the counsellor has no rule in.
    const daysOff = new Set(rng.sample(businessDays, rng.int(1, 3)));
    for (const day of daysOff) {
      exceptions.push({
        id: '',
        counsellorId: counsellor.id,
        date: formatDate(day),
        kind: 'day-off',
        day,
      });
    }
    const free = BANDS.filter(
      (band) => !windows.some((w) => w.startMinutes === Math.max(band.start, open)),
    );
    if (free.length > 0 && businessDays.length > 0 && rng.chance(0.5)) {
      const band = rng.pick(free);
      const day = rng.pick(businessDays);
      const start = Math.max(band.start, open);
      const end = Math.min(start + 120, close);
      if (end - start >= SESSION_MINUTES && !daysOff.has(day)) {
        exceptions.push({
          id: '',
          counsellorId: counsellor.id,
          date: formatDate(day),
          kind: 'extra-window',
          start: formatWallTime(start),
          end: formatWallTime(end),
          day,
        });
        windows.push({ weekdays: new Set(), firstDay: day, startMinutes: start, endMinutes: end });
      }
    }
    windowsOf.set(counsellor.id, windows);
  }
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  exceptions.sort(
    (a, b) => a.day - b.day || compare(a.counsellorId, b.counsellorId) || compare(a.kind, b.kind),
  );
  const exceptionWidth = Math.max(4, String(exceptions.length).length);
  const availabilityExceptions = exceptions.map(({ day: _day, ...exception }, i) => ({
    ...exception,
    id: `ax-${pad(i + 1, exceptionWidth)}`,
  }));

  // Slots: where sessions may go, past (ended by untilMs) and future (after it).
  const past = new Map<string, number[]>();
  const future = new Map<string, number[]>();
  for (const counsellor of counsellors) {
    const daysOff = new Set(
      exceptions
        .filter((x) => x.counsellorId === counsellor.id && x.kind === 'day-off')
        .map((x) => x.day),
    );
    const pastSlots: number[] = [];
    const futureSlots: number[] = [];
    for (const day of businessDays) {
      if (daysOff.has(day)) continue;
      for (const window of windowsOf.get(counsellor.id) ?? []) {
        const extra = window.weekdays.size === 0;
        if (
          extra
            ? day !== window.firstDay
            : day < window.firstDay || !window.weekdays.has(weekdayOf(day))
        ) {
          continue;
        }
        for (
          let m = window.startMinutes;
          m + SESSION_MINUTES <= window.endMinutes;
          m += SLOT_STEP_MINUTES
        ) {
          const at = jstInstant(day, m);
          if (at < startMs || !calendar.checkSessionStart(at).valid) continue;
          if (at + SESSION_MINUTES * MINUTE_MS <= untilMs) pastSlots.push(at);
          else if (at > untilMs) futureSlots.push(at);
        }
      }
    }
    past.set(counsellor.id, pastSlots);
    future.set(counsellor.id, futureSlots);
  }

  /** A whole minute in [fromMs, toMs], during service hours when a few tries find one. */
  const duringService = (fromMs: number, toMs: number): number => {
    const minutes = Math.floor((toMs - fromMs) / MINUTE_MS);
    let at = fromMs;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      at =
        Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS +
        rng.int(0, Math.max(0, minutes - 1)) * MINUTE_MS;
      const minute = (at - jstInstant(jstDayOf(at), 0)) / MINUTE_MS;
      if (minute >= open && minute < close) break;
    }
    return at;
  };

  // Sessions: about one participant in three; a few use their whole quota.
  const { sessionsPerYear, quotaYear } = DEFAULT_ORGANISATION_SETTINGS.sessionQuota;
  const speakers: Record<Language, DemoCounsellorProfile[]> = {
    en: counsellors.filter((c) => c.languages.includes('en')),
    ja: counsellors.filter((c) => c.languages.includes('ja')),
  };
  const drafts: {
    participantId: string;
    counsellorId: string;
    startMs: number;
    outcome: SessionOutcome;
    cancelledAtMs: number | null;
  }[] = [];
  for (const participant of participants) {
    const r = rng.next();
    if (r >= 0.35 || speakers[participant.language].length === 0) continue;
    const heavy = r < 0.04;
    const preferred = rng.pick(speakers[participant.language]);
    const order = [preferred, ...speakers[participant.language].filter((c) => c !== preferred)];
    const days = new Set<number>();
    const used = new Map<string, number>();
    const place = (slots: Map<string, number[]>, outcome: SessionOutcome): void => {
      for (const counsellor of order) {
        const pool = slots.get(counsellor.id)!;
        for (let attempt = 0; attempt < 8 && pool.length > 0; attempt += 1) {
          const index = rng.int(0, pool.length - 1);
          const at = pool[index]!;
          const day = jstDayOf(at);
          if (days.has(day)) continue;
          const period = quotaPeriod(at, quotaYear).periodStart;
          const counts = countsTowardQuota(outcome);
          if (counts && (used.get(period) ?? 0) >= sessionsPerYear) return;
          takeAt(pool, index);
          days.add(day);
          if (counts) used.set(period, (used.get(period) ?? 0) + 1);
          let cancelledAtMs: number | null = null;
          const cutoff = calendar.bookingCutoff(at);
          if (outcome === 'cancelled') {
            cancelledAtMs = duringService(cutoff - 4 * DAY_MS, cutoff);
          } else if (outcome === 'late-cancelled') {
            cancelledAtMs = duringService(cutoff + MINUTE_MS, at - MINUTE_MS);
          }
          drafts.push({
            participantId: participant.id,
            counsellorId: counsellor.id,
            startMs: at,
            outcome,
            cancelledAtMs,
          });
          return;
        }
      }
    };
    const pastCount = heavy ? sessionsPerYear + 1 : rng.int(1, 3);
    for (let i = 0; i < pastCount; i += 1) place(past, rng.weighted(PAST_OUTCOMES));
    if (!heavy && rng.chance(0.35)) place(future, 'scheduled');
  }
  drafts.sort((a, b) => a.startMs - b.startMs || compare(a.participantId, b.participantId));
  const sessionWidth = Math.max(5, String(drafts.length).length);
  const sessions = drafts.map((draft, i): Session => ({
    id: `s-${pad(i + 1, sessionWidth)}`,
    participantId: draft.participantId,
    counsellorId: draft.counsellorId,
    start: formatJstInstant(draft.startMs),
    outcome: draft.outcome,
    ...(draft.cancelledAtMs === null ? {} : { cancelledAt: formatJstInstant(draft.cancelledAtMs) }),
    // Derived from the position, not drawn, so the rest of the demo stays as it was: about one
    // completed session in eleven fell back to the phone; completed ones ran from 32 to 45 minutes.
    ...(draft.outcome === 'completed' && i % 11 === 7 ? { channel: 'phone' as const } : {}),
    ...(draft.outcome === 'completed'
      ? { durationMinutes: COMPLETED_MINUTES[i % COMPLETED_MINUTES.length]! }
      : {}),
  }));
  return { availability, availabilityExceptions, sessions };
}
