/** How many business days an unanswered message is late (issue 14: "overdue by 2 business days"). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDaysOverdue } from '../../../../src/domain/calendar';
import { at, calendarWith } from './helpers';

const calendar = calendarWith();

describe('business days overdue', () => {
  // Received Mon 23 Nov 2026 (Labor Thanksgiving Day) → receipt day Tue 24 → deadline Fri 27 21:30.
  const deadline = at('2026-11-27T21:30:00+09:00');

  it('is 0 before the deadline and on the deadline’s evening after the close', () => {
    expect(businessDaysOverdue(calendar, deadline, at('2026-11-27T12:00:00+09:00'))).toBe(0);
    expect(businessDaysOverdue(calendar, deadline, at('2026-11-27T23:59:00+09:00'))).toBe(0);
  });

  it('skips the weekend: Monday is 1, Tuesday 2', () => {
    expect(businessDaysOverdue(calendar, deadline, at('2026-11-28T10:00:00+09:00'))).toBe(0);
    expect(businessDaysOverdue(calendar, deadline, at('2026-11-29T10:00:00+09:00'))).toBe(0);
    expect(businessDaysOverdue(calendar, deadline, at('2026-11-30T10:00:00+09:00'))).toBe(1);
    expect(businessDaysOverdue(calendar, deadline, at('2026-12-01T10:00:00+09:00'))).toBe(2);
  });

  it('skips holidays and closures', () => {
    // Deadline Fri 20 Nov; Mon 23 Nov is a holiday: Tue 24 is the first business day late.
    const before = at('2026-11-20T21:30:00+09:00');
    expect(businessDaysOverdue(calendar, before, at('2026-11-23T15:00:00+09:00'))).toBe(0);
    expect(businessDaysOverdue(calendar, before, at('2026-11-24T09:00:00+09:00'))).toBe(1);
    const closed = calendarWith({
      closures: [{ from: '2026-11-30', to: '2026-11-30', label: 'Closure' }],
    });
    expect(businessDaysOverdue(closed, deadline, at('2026-12-01T10:00:00+09:00'))).toBe(1);
  });

  it('never decreases as time passes, and grows by at most one a day', () => {
    const start = at('2026-01-01T00:00:00+09:00');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 23 }),
        (deadlineDays, lateDays, hour) => {
          const d = start + deadlineDays * 86_400_000 + 21.5 * 3_600_000;
          const now = d + lateDays * 86_400_000 + hour * 3_600_000;
          const n = businessDaysOverdue(calendar, d, now);
          const next = businessDaysOverdue(calendar, d, now + 86_400_000);
          expect(n).toBeGreaterThanOrEqual(0);
          expect(n).toBeLessThanOrEqual(lateDays + 1);
          expect(next - n).toBeGreaterThanOrEqual(0);
          expect(next - n).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('refuses a value that is not an instant', () => {
    expect(() => businessDaysOverdue(calendar, Number.NaN, deadline)).toThrow(/instants/);
  });
});
