import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDate, jstDayOf, parseDate } from '../../../../src/domain/calendar';
import { at, calendarWith, jst } from './helpers';

const calendar = calendarWith();
const closed = calendarWith({
  closures: [
    { from: '2025-12-27', to: '2026-01-04', label: 'Year-end closure' },
    { from: '2030-08-13', to: '2030-08-16', label: 'Obon' },
  ],
});

const MINUTE = 60_000;
const FROM = at('2019-01-01T00:00:00+09:00');
const TO = at('2036-01-01T00:00:00+09:00');
/** Random instants 2019 to 2035, to the millisecond. */
const instant = fc.integer({ min: FROM, max: TO - 1 });
/** Instants from 2019-01-07: a session's cutoff, or a moment 3 days earlier, is inside the holiday list. */
const sessionStart = fc.integer({ min: at('2019-01-07T00:00:00+09:00'), max: TO - 1 });
const calendars = fc.constantFrom(calendar, closed);

const dateOf = (ms: number) => formatDate(jstDayOf(ms));

/** Service minutes by walking the days one by one: an independent check of the prefix sums. */
function referenceServiceMs(cal: typeof calendar, fromMs: number, toMs: number): number {
  let total = 0;
  for (let day = jstDayOf(fromMs); day <= jstDayOf(toMs); day += 1) {
    if (!cal.isBusinessDay(formatDate(day))) continue;
    const open = at(`${formatDate(day)}T09:30:00+09:00`);
    const close = at(`${formatDate(day)}T21:30:00+09:00`);
    total += Math.max(0, Math.min(close, toMs) - Math.max(open, fromMs));
  }
  return total;
}

describe('calendar properties (fast-check, 2019 to 2035)', () => {
  it('puts the deadline at the close of service on a business day, after the receipt', () => {
    fc.assert(
      fc.property(calendars, instant, (cal, receivedAtMs) => {
        const { receiptDay, deadlineMs } = cal.answerDeadline(receivedAtMs);
        expect(jst(deadlineMs)).toMatch(/T21:30:00\+09:00$/);
        expect(cal.isBusinessDay(dateOf(deadlineMs))).toBe(true);
        expect(deadlineMs).toBeGreaterThan(receivedAtMs);
        // The receipt day is a business day, on or after the JST date of receipt...
        expect(cal.isBusinessDay(receiptDay)).toBe(true);
        expect(receiptDay >= dateOf(receivedAtMs)).toBe(true);
        // ...and the deadline is exactly three business days after it.
        let day = receiptDay;
        for (let n = 0; n < 3; n += 1) day = cal.nextBusinessDay(day);
        expect(dateOf(deadlineMs)).toBe(day);
      }),
      { numRuns: 1000 },
    );
  });

  it('never moves the deadline earlier when the receipt moves later', () => {
    fc.assert(
      fc.property(
        calendars,
        instant,
        fc.integer({ min: 0, max: 30 * 24 * 60 * MINUTE }),
        (cal, a, delta) => {
          const b = Math.min(a + delta, TO - 1);
          expect(cal.answerDeadline(b).deadlineMs).toBeGreaterThanOrEqual(
            cal.answerDeadline(a).deadlineMs,
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never grows the service time left as now advances, and gives zero once overdue', () => {
    fc.assert(
      fc.property(
        calendars,
        sessionStart, // from 2019-01-07, so that `now` three days earlier is still in the list
        fc.integer({ min: -3 * 24 * 60 * MINUTE, max: 12 * 24 * 60 * MINUTE }),
        fc.integer({ min: 0, max: 5 * 24 * 60 * MINUTE }),
        fc.option(fc.integer({ min: 0, max: 10 * 24 * 60 * MINUTE }), { nil: null }),
        (cal, receivedAtMs, nowOffset, step, answerOffset) => {
          const answeredAtMs = answerOffset === null ? null : receivedAtMs + answerOffset;
          const earlier = cal.deadlineStatus({
            receivedAtMs,
            answeredAtMs,
            nowMs: receivedAtMs + nowOffset,
          });
          const later = cal.deadlineStatus({
            receivedAtMs,
            answeredAtMs,
            nowMs: receivedAtMs + nowOffset + step,
          });
          expect(later.serviceMinutesLeft).toBeLessThanOrEqual(earlier.serviceMinutesLeft);
          for (const s of [earlier, later]) {
            if (s.status === 'overdue' || s.status === 'answered-late')
              expect(s.serviceMinutesLeft).toBe(0);
            if (s.status === 'due-soon') expect(s.serviceMinutesLeft).toBeLessThanOrEqual(12 * 60);
            if (s.status === 'on-track') expect(s.serviceMinutesLeft).toBeGreaterThan(12 * 60);
          }
          const nowMs = receivedAtMs + nowOffset + step;
          if (answeredAtMs === null && nowMs > later.deadlineMs)
            expect(later.status).toBe('overdue');
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('counts service time like a day-by-day walk, and additively', () => {
    fc.assert(
      fc.property(
        calendars,
        instant,
        fc.integer({ min: 0, max: 40 * 24 * 60 }),
        fc.integer({ min: 0, max: 40 * 24 * 60 }),
        (cal, start, m1, m2) => {
          const a = Math.floor(start / MINUTE) * MINUTE;
          const b = a + m1 * MINUTE;
          const c = b + m2 * MINUTE;
          const ab = cal.serviceMinutesBetween(a, b);
          expect(ab * MINUTE).toBe(referenceServiceMs(cal, a, b));
          expect(cal.serviceMinutesBetween(a, c)).toBe(ab + cal.serviceMinutesBetween(b, c));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts the booking cutoff at 17:00 on the business day just before the session date', () => {
    fc.assert(
      fc.property(calendars, sessionStart, (cal, startMs) => {
        const cutoffMs = cal.bookingCutoff(startMs);
        const cutoffDate = dateOf(cutoffMs);
        const sessionDate = dateOf(startMs);
        expect(jst(cutoffMs)).toMatch(/T17:00:00\+09:00$/);
        expect(cal.isBusinessDay(cutoffDate)).toBe(true);
        expect(cutoffDate < sessionDate).toBe(true);
        expect(cal.nextBusinessDay(cutoffDate) >= sessionDate).toBe(true);
        const check = cal.checkSessionStart(startMs);
        expect(check.bookingCutoffMs).toBe(cutoffMs);
        if (check.valid) {
          expect(cal.isBusinessDay(sessionDate)).toBe(true);
          expect(startMs).toBeGreaterThanOrEqual(at(`${sessionDate}T09:30:00+09:00`));
          expect(startMs + 40 * MINUTE).toBeLessThanOrEqual(at(`${sessionDate}T21:30:00+09:00`));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps dates and instants in step (day numbers round-trip)', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        expect(parseDate(dateOf(ms))).toBe(jstDayOf(ms));
      }),
    );
  });
});

describe('the computer’s time zone never changes a result', () => {
  const original = process.env.TZ;
  afterAll(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it('gives the same answers under UTC, Asia/Tokyo, America/Los_Angeles and Pacific/Kiritimati', () => {
    const samples = fc.sample(instant, { numRuns: 300, seed: 42 });
    const answers = (zone: string) => {
      process.env.TZ = zone;
      const cal = calendarWith({
        closures: [{ from: '2026-12-29', to: '2027-01-03', label: 'Year end' }],
      });
      return samples.map((ms) => {
        const status = cal.deadlineStatus({ receivedAtMs: ms, nowMs: ms + 36 * 3_600_000 });
        return [
          cal.receiptDay(ms),
          jst(status.deadlineMs),
          status.status,
          status.serviceMinutesLeft,
          jst(cal.bookingCutoff(Math.max(ms, at('2019-01-07T00:00:00+09:00')))),
          cal.businessDay(dateOf(ms)).businessDay,
        ];
      });
    };
    const utc = answers('UTC');
    expect(answers('Asia/Tokyo')).toEqual(utc);
    expect(answers('America/Los_Angeles')).toEqual(utc);
    expect(answers('Pacific/Kiritimati')).toEqual(utc);
  });
});
