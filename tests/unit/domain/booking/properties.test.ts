import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countsTowardQuota,
  quotaPeriod,
  type AvailabilityException,
  type AvailabilityRule,
  type Session,
  type SessionOutcome,
} from '../../../../src/domain/booking';
import {
  DAY_MS,
  MINUTE_MS,
  civilFromDay,
  dateToDay,
  formatDate,
  jstDayOf,
  jstInstant,
  weekdayOf,
  type DayNumber,
} from '../../../../src/domain/calendar';
import { at, bookingWith, calendarWith, ruleText } from './helpers';

const SESSION_MS = 40 * MINUTE_MS;
const calendar = calendarWith();
const p2 = (n: number) => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------------------------
// Random availability, with an independent model of where the windows are.

interface RuleModel {
  counsellorId: string;
  firstDay: DayNumber;
  minutes: number;
  duration: number;
  freq: 'WEEKLY' | 'DAILY';
  interval: number;
  byDay: number[] | null;
}

function modelRule(m: RuleModel, i: number): AvailabilityRule {
  const { year, month, day } = civilFromDay(m.firstDay);
  const codes = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
  const parts = [`FREQ=${m.freq}`, `INTERVAL=${m.interval}`];
  if (m.byDay !== null) parts.push(`BYDAY=${m.byDay.map((d) => codes[d]).join(',')}`);
  return {
    id: `r${i}`,
    counsellorId: m.counsellorId,
    rule: ruleText(
      `${year}${p2(month)}${p2(day)}T${p2(Math.floor(m.minutes / 60))}${p2(m.minutes % 60)}00`,
      parts.join(';'),
    ),
    durationMinutes: m.duration,
  };
}

/** Whether the rule has a window starting on the day (weeks start on Monday, rrule's default). */
function startsOn(m: RuleModel, day: DayNumber): boolean {
  if (day < m.firstDay) return false;
  const monday = (d: DayNumber) => d - ((weekdayOf(d) + 6) % 7);
  const inPeriod =
    m.freq === 'DAILY'
      ? (day - m.firstDay) % m.interval === 0
      : ((monday(day) - monday(m.firstDay)) / 7) % m.interval === 0;
  const days = m.byDay ?? (m.freq === 'WEEKLY' ? [weekdayOf(m.firstDay)] : [0, 1, 2, 3, 4, 5, 6]);
  return inPeriod && days.includes(weekdayOf(day));
}

/** The model's windows of a counsellor touching a day: [start, end) instants. */
function modelWindows(
  rules: RuleModel[],
  exceptions: AvailabilityException[],
  counsellorId: string,
  day: DayNumber,
): Array<[number, number]> {
  const windows: Array<[number, number]> = [];
  const dayOff = exceptions.some(
    (e) => e.counsellorId === counsellorId && e.kind === 'day-off' && dateToDay(e.date) === day,
  );
  if (!dayOff) {
    for (const m of rules) {
      if (m.counsellorId !== counsellorId) continue;
      for (const d of [day - 1, day]) {
        if (startsOn(m, d))
          windows.push([jstInstant(d, m.minutes), jstInstant(d, m.minutes + m.duration)]);
      }
    }
  }
  for (const e of exceptions) {
    if (e.counsellorId === counsellorId && e.kind === 'extra-window' && dateToDay(e.date) === day) {
      const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
      windows.push([jstInstant(day, minutes(e.start)), jstInstant(day, minutes(e.end))]);
    }
  }
  return windows.sort((a, b) => a[0] - b[0]);
}

/** Whether the union of the windows covers [start, end). */
function covered(windows: Array<[number, number]>, start: number, end: number): boolean {
  let reached = start;
  for (const [s, e] of windows) {
    if (s <= reached && e > reached) reached = e;
    if (reached >= end) return true;
  }
  return reached >= end;
}

const COUNSELLORS = ['c1', 'c2', 'c3'];
const PARTICIPANTS = ['p1', 'p2', 'p3'];
const FIRST = dateToDay('2019-01-01');
const QUERY_FIRST = dateToDay('2026-01-01');
const QUERY_LAST = dateToDay('2027-12-01');

const ruleModel: fc.Arbitrary<RuleModel> = fc.record({
  counsellorId: fc.constantFrom(...COUNSELLORS),
  /** Days before the query's first day (negative: after it). */
  firstDay: fc.oneof(fc.integer({ min: -60, max: 10 }), fc.integer({ min: -2500, max: -61 })),
  minutes: fc
    .oneof(
      { weight: 3, arbitrary: fc.integer({ min: 7 * 12, max: 20 * 12 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 287 }) },
    )
    .map((n) => n * 5),
  duration: fc.integer({ min: 1, max: 144 }).map((n) => n * 5),
  freq: fc.constantFrom('WEEKLY' as const, 'DAILY' as const),
  interval: fc.integer({ min: 1, max: 3 }),
  byDay: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }), {
    freq: 3,
  }),
});

const scenario = fc
  .record({
    rules: fc.array(ruleModel, { minLength: 1, maxLength: 5 }),
    fromDay: fc.integer({ min: QUERY_FIRST, max: QUERY_LAST }),
    length: fc.integer({ min: 0, max: 30 }),
    nowOffsetMinutes: fc.integer({ min: -20 * 24 * 60, max: 3 * 24 * 60 }),
    settingsBuffer: fc.integer({ min: 0, max: 40 }),
    ownBuffers: fc.array(
      fc.record({
        counsellorId: fc.constantFrom(...COUNSELLORS),
        minutes: fc.integer({ min: 0, max: 60 }),
      }),
      { maxLength: 3 },
    ),
    exceptions: fc.array(
      fc.record({
        counsellorId: fc.constantFrom(...COUNSELLORS),
        dayOffset: fc.integer({ min: -1, max: 21 }),
        extra: fc.option(
          fc.tuple(fc.integer({ min: 0, max: 287 }), fc.integer({ min: 1, max: 100 })),
        ),
      }),
      { maxLength: 6 },
    ),
    sessions: fc.array(
      fc.record({
        counsellorId: fc.constantFrom(...COUNSELLORS),
        participantId: fc.constantFrom(...PARTICIPANTS),
        dayOffset: fc.integer({ min: -1, max: 21 }),
        minutes: fc.integer({ min: 8 * 12, max: 22 * 12 }).map((n) => n * 5),
        outcome: fc.constantFrom<SessionOutcome>(
          'scheduled',
          'scheduled',
          'completed',
          'cancelled',
          'late-cancelled',
          'no-show',
        ),
      }),
      { maxLength: 12 },
    ),
    participantId: fc.option(fc.constantFrom(...PARTICIPANTS)),
  })
  .map(({ rules: relative, ...s }) => {
    const rules = relative.map((m) => ({
      ...m,
      firstDay: Math.max(FIRST, s.fromDay - m.firstDay),
    }));
    const exceptions: AvailabilityException[] = s.exceptions.map((e) => {
      const date = formatDate(s.fromDay + e.dayOffset);
      if (e.extra === null) return { counsellorId: e.counsellorId, date, kind: 'day-off' };
      const start = e.extra[0] * 5;
      const end = Math.min(start + e.extra[1] * 5, 23 * 60 + 55);
      const hhmm = (m: number) => `${p2(Math.floor(m / 60))}:${p2(m % 60)}`;
      return end > start
        ? {
            counsellorId: e.counsellorId,
            date,
            kind: 'extra-window',
            start: hhmm(start),
            end: hhmm(end),
          }
        : { counsellorId: e.counsellorId, date, kind: 'day-off' };
    });
    const sessions: Session[] = s.sessions.map((b, i) => ({
      id: `s${i}`,
      counsellorId: b.counsellorId,
      participantId: b.participantId,
      startMs: jstInstant(s.fromDay + b.dayOffset, b.minutes),
      outcome: b.outcome,
    }));
    const counsellors = [...new Map(s.ownBuffers.map((b) => [b.counsellorId, b])).values()].map(
      (b) => ({
        counsellorId: b.counsellorId,
        sessionBufferMinutes: b.minutes,
      }),
    );
    return {
      ...s,
      rules,
      toDay: s.fromDay + s.length,
      nowMs: jstInstant(s.fromDay, 12 * 60) + s.nowOffsetMinutes * MINUTE_MS,
      exceptionRecords: exceptions,
      sessionRecords: sessions,
      counsellors,
    };
  });

describe('slot properties (fast-check)', () => {
  it('never offers a slot on a non-business day, outside service hours or availability, overlapping, or past its cutoff', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const booking = bookingWith({ sessionBufferMinutes: s.settingsBuffer });
        const data = {
          rules: s.rules.map(modelRule),
          exceptions: s.exceptionRecords,
          sessions: s.sessionRecords,
          counsellors: s.counsellors,
        };
        const slots = booking.slots({
          ...data,
          from: formatDate(s.fromDay),
          to: formatDate(s.toDay),
          nowMs: s.nowMs,
          ...(s.participantId === null ? {} : { participantId: s.participantId }),
        });
        const bufferOf = (c: string) =>
          s.counsellors.find((x) => x.counsellorId === c)?.sessionBufferMinutes ?? s.settingsBuffer;
        const occupying = s.sessionRecords.filter((x) =>
          ['scheduled', 'completed', 'no-show'].includes(x.outcome),
        );
        const lastStart = new Map<string, number>();
        for (let i = 0; i < slots.length; i += 1) {
          const slot = slots[i]!;
          const day = jstDayOf(slot.startMs);
          const date = formatDate(day);
          // Time order, inside the range, 40 minutes.
          if (i > 0) expect(slot.startMs).toBeGreaterThanOrEqual(slots[i - 1]!.startMs);
          expect(day >= s.fromDay && day <= s.toDay).toBe(true);
          expect(slot.endMs - slot.startMs).toBe(SESSION_MS);
          // A business day, inside service hours (09:30 to 21:30 JST).
          expect(calendar.isBusinessDay(date)).toBe(true);
          expect(slot.startMs).toBeGreaterThanOrEqual(jstInstant(day, 9 * 60 + 30));
          expect(slot.endMs).toBeLessThanOrEqual(jstInstant(day, 21 * 60 + 30));
          // Inside the counsellor's availability (an independent model of the rules).
          expect(
            covered(
              modelWindows(s.rules, s.exceptionRecords, slot.counsellorId, day),
              slot.startMs,
              slot.endMs,
            ),
          ).toBe(true);
          // Not past its booking cutoff.
          expect(slot.bookingCutoffMs).toBe(calendar.bookingCutoff(slot.startMs));
          expect(s.nowMs).toBeLessThanOrEqual(slot.bookingCutoffMs);
          // Not overlapping the counsellor's previous slot, buffer included.
          const span = SESSION_MS + bufferOf(slot.counsellorId) * MINUTE_MS;
          const previous = lastStart.get(slot.counsellorId);
          if (previous !== undefined) expect(slot.startMs - previous).toBeGreaterThanOrEqual(span);
          lastStart.set(slot.counsellorId, slot.startMs);
          // Not overlapping a booked session of the counsellor (buffer included) or participant.
          for (const b of occupying) {
            if (b.counsellorId === slot.counsellorId)
              expect(Math.abs(b.startMs - slot.startMs)).toBeGreaterThanOrEqual(span);
            if (b.participantId === s.participantId)
              expect(Math.abs(b.startMs - slot.startMs)).toBeGreaterThanOrEqual(SESSION_MS);
          }
          // And the booking decision agrees (only the quota may still stand in the way).
          const decision = booking.book({
            ...data,
            id: 'new',
            counsellorId: slot.counsellorId,
            participantId: s.participantId ?? 'someone-new',
            startMs: slot.startMs,
            nowMs: s.nowMs,
          });
          if (!decision.ok)
            expect(decision.problems.map((p) => p.kind)).toEqual(['quota-exhausted']);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same slots whatever the order of the records', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const booking = bookingWith();
        const query = { from: formatDate(s.fromDay), to: formatDate(s.toDay), nowMs: s.nowMs };
        const rules = s.rules.map(modelRule);
        const forward = booking.slots({
          ...query,
          rules,
          exceptions: s.exceptionRecords,
          sessions: s.sessionRecords,
        });
        const backward = booking.slots({
          ...query,
          rules: [...rules].reverse(),
          exceptions: [...s.exceptionRecords].reverse(),
          sessions: [...s.sessionRecords].reverse(),
        });
        expect(backward).toEqual(forward);
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The quota under any sequence of bookings, changes, cancellations and outcomes.

type Step =
  | {
      op: 'book';
      participant: string;
      counsellor: string;
      day: number;
      slot: number;
      daysAhead: number;
    }
  | { op: 'change'; pick: number; day: number; slot: number; daysAhead: number }
  | { op: 'cancel'; pick: number; minutesBefore: number }
  | { op: 'outcome'; pick: number; noShow: boolean };

const DAYS = 450;
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('book' as const),
      participant: fc.constantFrom('p1', 'p2'),
      counsellor: fc.constantFrom(...COUNSELLORS),
      day: fc.integer({ min: 0, max: DAYS }),
      slot: fc.integer({ min: 0, max: 11 }),
      daysAhead: fc.integer({ min: 1, max: 40 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('change' as const),
      pick: fc.nat(),
      day: fc.integer({ min: 0, max: DAYS }),
      slot: fc.integer({ min: 0, max: 11 }),
      daysAhead: fc.integer({ min: 1, max: 40 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('cancel' as const),
      pick: fc.nat(),
      minutesBefore: fc.integer({ min: 1, max: 10 * 24 * 60 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('outcome' as const),
      pick: fc.nat(),
      noShow: fc.boolean(),
    }),
  },
);

describe('quota properties (fast-check)', () => {
  it('never lets a participant have more counted sessions in a quota year than the limit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('fiscal' as const, 'jet' as const, 'calendar' as const),
        fc.integer({ min: 1, max: 7 }),
        fc.array(stepArb, { minLength: 1, maxLength: 80 }),
        (quotaYear, limit, steps) => {
          const booking = bookingWith({ sessionQuota: { sessionsPerYear: limit, quotaYear } });
          const rules = COUNSELLORS.map((c, i) => ({
            id: `r${i}`,
            counsellorId: c,
            rule: ruleText('20260105T093000', 'FREQ=DAILY'),
            durationMinutes: 12 * 60,
          }));
          let sessions: Session[] = [];
          const startOf = (day: number, slot: number) =>
            jstInstant(dateToDay('2026-01-05') + day, 10 * 60 + slot * 60);
          const replace = (next: Session) => {
            sessions = sessions.map((x) => (x.id === next.id ? next : x));
          };
          steps.forEach((step, i) => {
            const picked =
              sessions.length === 0
                ? undefined
                : sessions[('pick' in step ? step.pick : 0) % sessions.length]!;
            if (step.op === 'book') {
              const startMs = startOf(step.day, step.slot);
              const decision = booking.book({
                rules,
                sessions,
                id: `s${i}`,
                counsellorId: step.counsellor,
                participantId: step.participant,
                startMs,
                nowMs: startMs - step.daysAhead * DAY_MS,
              });
              if (decision.ok) sessions = [...sessions, decision.session];
            } else if (step.op === 'change' && picked !== undefined) {
              const startMs = startOf(step.day, step.slot);
              const decision = booking.change({
                rules,
                sessions,
                session: picked,
                startMs,
                nowMs: Math.min(startMs, picked.startMs) - step.daysAhead * DAY_MS,
              });
              if (decision.ok) replace(decision.session);
            } else if (step.op === 'cancel' && picked !== undefined) {
              const decision = booking.cancel({
                session: picked,
                nowMs: picked.startMs - step.minutesBefore * MINUTE_MS,
              });
              if (decision.ok) {
                replace(decision.session);
                expect(decision.countsTowardQuota).toBe(
                  decision.session.outcome === 'late-cancelled',
                );
              }
            } else if (step.op === 'outcome' && picked !== undefined) {
              const decision = booking.recordOutcome({
                session: picked,
                outcome: step.noShow ? 'no-show' : 'completed',
                nowMs: picked.startMs + SESSION_MS,
              });
              if (decision.ok) replace(decision.session);
            }
            // After every step: per participant and quota year, counted sessions <= limit.
            const counts = new Map<string, number>();
            for (const x of sessions) {
              if (!countsTowardQuota(x.outcome)) continue;
              const key = `${x.participantId} ${quotaPeriod(x.startMs, quotaYear).periodStart}`;
              counts.set(key, (counts.get(key) ?? 0) + 1);
            }
            for (const count of counts.values()) expect(count).toBeLessThanOrEqual(limit);
            for (const participantId of ['p1', 'p2']) {
              const usage = booking.quota({
                sessions,
                participantId,
                atMs: at('2026-12-01T12:00:00+09:00'),
              });
              expect(usage.used).toBeLessThanOrEqual(limit);
              expect(usage.used + usage.remaining).toBe(limit);
            }
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
