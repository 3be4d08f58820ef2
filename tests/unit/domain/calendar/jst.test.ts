import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  civilFromDay,
  dayFromCivil,
  formatDate,
  formatJstInstant,
  jstDayOf,
  parseDate,
  parseInstant,
  weekdayOf,
} from '../../../../src/domain/calendar';

describe('JST arithmetic', () => {
  it('reads instants in ISO 8601 with an offset', () => {
    const ms = (text: string) => {
      const parsed = parseInstant(text);
      return parsed.ok ? parsed.instantMs : parsed.problem;
    };
    expect(ms('2026-11-26T21:30:00+09:00')).toBe(Date.UTC(2026, 10, 26, 12, 30));
    expect(ms('2026-11-26T12:30:00Z')).toBe(Date.UTC(2026, 10, 26, 12, 30));
    expect(ms('2026-11-26T04:30-08:00')).toBe(Date.UTC(2026, 10, 26, 12, 30));
    expect(ms('2026-11-26T12:30:00.25Z')).toBe(Date.UTC(2026, 10, 26, 12, 30, 0, 250));
    expect(ms('2024-02-29T00:00:00+09:00')).toBe(Date.UTC(2024, 1, 28, 15));
  });

  it('says what is wrong with an instant it refuses', () => {
    const problem = (text: string) => {
      const parsed = parseInstant(text);
      return parsed.ok ? null : parsed.problem;
    };
    expect(problem('2026-11-26T21:30:00')).toMatch(/no UTC offset/);
    expect(problem('2026-13-01T00:00:00Z')).toMatch(/month 13/);
    expect(problem('2026-02-29T00:00:00Z')).toMatch(/day 29/);
    expect(problem('2026-11-26T24:00:00Z')).toMatch(/hour 24/);
    expect(problem('2026-11-26T23:60:00Z')).toMatch(/minute 60/);
    expect(problem('2026-11-26T23:00:00+25:00')).toMatch(/offset/);
    expect(problem('2026-11-26')).toMatch(/not an instant/);
    expect(problem('tomorrow')).toMatch(/not an instant/);
    expect(problem('1764160200000')).toMatch(/not an instant/);
  });

  it('prints instants at +09:00', () => {
    expect(formatJstInstant(Date.UTC(2026, 10, 26, 12, 30))).toBe('2026-11-26T21:30:00+09:00');
    expect(formatJstInstant(Date.UTC(2026, 11, 31, 15))).toBe('2027-01-01T00:00:00+09:00');
    expect(formatJstInstant(Date.UTC(2026, 11, 31, 14, 59, 59, 5))).toBe(
      '2026-12-31T23:59:59.005+09:00',
    );
  });

  it('reads only real dates', () => {
    expect(parseDate('2024-02-29')).toBe(dayFromCivil(2024, 2, 29));
    expect(parseDate('2023-02-29')).toBeNull();
    expect(parseDate('2023-2-1')).toBeNull();
    expect(parseDate('2023-00-10')).toBeNull();
  });

  it('agrees with Date.UTC for every day from 1900 to 2200', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayFromCivil(1900, 1, 1), max: dayFromCivil(2200, 12, 31) }),
        (day) => {
          const date = new Date(day * 86_400_000);
          expect(civilFromDay(day)).toEqual({
            year: date.getUTCFullYear(),
            month: date.getUTCMonth() + 1,
            day: date.getUTCDate(),
          });
          expect(weekdayOf(day)).toBe(date.getUTCDay());
          expect(parseDate(formatDate(day))).toBe(day);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('round-trips instants through ISO 8601 at +09:00', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2150, 0, 1) }), (ms) => {
        const text = formatJstInstant(ms);
        const parsed = parseInstant(text);
        expect(parsed).toEqual({ ok: true, instantMs: ms });
        expect(jstDayOf(ms)).toBe(Math.floor((ms + 9 * 3_600_000) / 86_400_000));
        expect(text.slice(0, 10)).toBe(new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10));
      }),
      { numRuns: 2000 },
    );
  });
});
