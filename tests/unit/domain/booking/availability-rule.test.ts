import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatAvailabilityRule,
  parseAvailabilityRule,
  ruleStartsBetween,
  type ParsedAvailabilityRule,
} from '../../../../src/domain/booking';
import {
  DAY_MS,
  civilFromDay,
  dateToDay,
  jstInstant,
  weekdayOf,
  type DayNumber,
} from '../../../../src/domain/calendar';
import { jst, ruleText } from './helpers';

function parsed(text: string): ParsedAvailabilityRule {
  const result = parseAvailabilityRule(text);
  if (!result.ok) throw new Error(result.problem);
  return result.rule;
}

function startsOf(text: string, from: string, to: string): string[] {
  return ruleStartsBetween(parsed(text), dateToDay(from), dateToDay(to)).map(jst);
}

describe('parseAvailabilityRule', () => {
  it('reads DTSTART in JST wall time and the RRULE parts', () => {
    expect(parsed(ruleText('20261201T100000', 'FREQ=WEEKLY;BYDAY=MO,WE,FR'))).toEqual({
      firstDay: dateToDay('2026-12-01'),
      startMinutes: 600,
      freq: 'WEEKLY',
      interval: 1,
      byDay: [1, 3, 5],
      byMonth: null,
      count: null,
      untilMs: null,
      weekStart: null,
    });
  });

  it('accepts CRLF, either line order, lower-case names and a trailing semicolon', () => {
    const text = 'rrule:freq=daily;interval=2;\r\ndtstart;tzid=Asia/Tokyo:20261201T093000\r\n';
    expect(parsed(text)).toMatchObject({ freq: 'DAILY', interval: 2, startMinutes: 570 });
  });

  it('reads UNTIL in UTC, or as a JST date through its end, and COUNT', () => {
    expect(
      jst(parsed(ruleText('20261201T100000', 'FREQ=WEEKLY;UNTIL=20270331T145959Z')).untilMs!),
    ).toBe('2027-03-31T23:59:59+09:00');
    expect(jst(parsed(ruleText('20261201T100000', 'FREQ=WEEKLY;UNTIL=20270331')).untilMs!)).toBe(
      '2027-03-31T23:59:59.999+09:00',
    );
    expect(parsed(ruleText('20261201T100000', 'FREQ=DAILY;COUNT=5')).count).toBe(5);
  });

  it.each([
    ['', 'is empty: write a DTSTART line and an RRULE line'],
    [ruleText('20261201T100000', 'BYDAY=MO'), 'RRULE has no FREQ'],
    [
      ruleText('20261201T100000', 'FREQ=MONTHLY'),
      'RRULE FREQ=MONTHLY is not supported: availability repeats WEEKLY or DAILY',
    ],
    [
      ruleText('20261201T100000', 'FREQ=WEEKLY;BYDAY=MO,XX'),
      'RRULE BYDAY "XX" is not a weekday (MO, TU, WE, TH, FR, SA, SU)',
    ],
    [
      ruleText('20261201T100000', 'FREQ=WEEKLY;BYDAY=1MO'),
      'RRULE BYDAY "1MO" has an ordinal, which FREQ=WEEKLY or DAILY does not allow',
    ],
    [
      ruleText('20261201T100000', 'FREQ=WEEKLY;BYSETPOS=1'),
      'RRULE BYSETPOS is not supported for availability (allowed: FREQ, INTERVAL, BYDAY, BYMONTH, WKST, UNTIL, COUNT)',
    ],
    [
      ruleText('20261201T100000', 'FREQ=WEEKLY;COLOUR=RED'),
      'RRULE has an unknown part COLOUR (allowed: FREQ, INTERVAL, BYDAY, BYMONTH, WKST, UNTIL, COUNT)',
    ],
    [ruleText('20261201T100000', 'FREQ=WEEKLY;FREQ=DAILY'), 'RRULE has FREQ more than once'],
    [
      ruleText('20261201T100000', 'FREQ=WEEKLY;INTERVAL=0'),
      'RRULE INTERVAL=0 must be a whole number from 1 to 999',
    ],
    [
      ruleText('20261201T100000', 'FREQ=WEEKLY;BYMONTH=13'),
      'RRULE BYMONTH "13" is not a month from 1 to 12',
    ],
    [
      ruleText('20261201T100000', 'FREQ=WEEKLY;COUNT=3;UNTIL=20270101'),
      'RRULE has both UNTIL and COUNT; keep one',
    ],
    [
      ruleText('20261201T100000', 'FREQ=WEEKLY;UNTIL=20270101T000000'),
      'RRULE UNTIL=20270101T000000 must be in UTC (ending in Z) or a date YYYYMMDD, because DTSTART has a TZID (RFC 5545)',
    ],
    [
      ruleText('20261201T100000', 'FREQ=WEEKLY;UNTIL=20261130'),
      'RRULE UNTIL=20261130 is before DTSTART',
    ],
    [ruleText('20261201T100000', 'FREQ=WEEKLY;BYDAY='), 'RRULE BYDAY has no value'],
    [
      'DTSTART:20261201T010000Z\nRRULE:FREQ=WEEKLY',
      'DTSTART is in UTC; write it in JST wall time: DTSTART;TZID=Asia/Tokyo:YYYYMMDDTHHMMSS',
    ],
    [
      'DTSTART:20261201T100000\nRRULE:FREQ=WEEKLY',
      'DTSTART has no TZID; write DTSTART;TZID=Asia/Tokyo:YYYYMMDDTHHMMSS',
    ],
    [
      'DTSTART;TZID=Europe/London:20261201T100000\nRRULE:FREQ=WEEKLY',
      'DTSTART has TZID=Europe/London; only TZID=Asia/Tokyo is allowed (availability is in JST)',
    ],
    [
      'DTSTART;VALUE=DATE:20261201\nRRULE:FREQ=WEEKLY',
      'DTSTART must be a date-time (VALUE=DATE is not allowed): the window needs a start time',
    ],
    [
      ruleText('20261301T100000', 'FREQ=WEEKLY'),
      'DTSTART "20261301T100000" is not a real date and time',
    ],
    [
      ruleText('20261201T100030', 'FREQ=WEEKLY'),
      'DTSTART "20261201T100030" must start on a whole minute (seconds 00)',
    ],
    [
      ruleText('2026-12-01T10:00', 'FREQ=WEEKLY'),
      'DTSTART "2026-12-01T10:00" is not a date-time written YYYYMMDDTHHMMSS',
    ],
    ['RRULE:FREQ=WEEKLY', 'has no DTSTART line (DTSTART;TZID=Asia/Tokyo:YYYYMMDDTHHMMSS)'],
    [
      'DTSTART;TZID=Asia/Tokyo:20261201T100000',
      'has no RRULE line (e.g. RRULE:FREQ=WEEKLY;BYDAY=MO)',
    ],
    [
      `${ruleText('20261201T100000', 'FREQ=WEEKLY')}\nRRULE:FREQ=DAILY`,
      'has more than one RRULE line; write one rule per window',
    ],
    [
      `${ruleText('20261201T100000', 'FREQ=WEEKLY')}\nEXDATE;TZID=Asia/Tokyo:20261223T100000`,
      'EXDATE is not allowed: holidays and closures are removed by the business calendar; record a day off as an exception',
    ],
    [
      `${ruleText('20261201T100000', 'FREQ=WEEKLY')}\nSUMMARY:office`,
      'has a line "SUMMARY:office" that is neither DTSTART nor RRULE',
    ],
  ])('refuses %j: %s', (text, problem) => {
    expect(parseAvailabilityRule(text)).toEqual({ ok: false, problem });
  });
});

describe('ruleStartsBetween (JST wall time, whatever the computer zone)', () => {
  it('gives weekly windows on the named weekdays (BYDAY=MO is a Monday, not a Tuesday)', () => {
    expect(
      startsOf(ruleText('20261201T100000', 'FREQ=WEEKLY;BYDAY=MO,FR'), '2026-12-01', '2026-12-14'),
    ).toEqual([
      '2026-12-04T10:00:00+09:00',
      '2026-12-07T10:00:00+09:00',
      '2026-12-11T10:00:00+09:00',
      '2026-12-14T10:00:00+09:00',
    ]);
  });

  it('uses the weekday of DTSTART when BYDAY is absent, and never starts before DTSTART', () => {
    expect(
      startsOf(ruleText('20261202T183000', 'FREQ=WEEKLY'), '2026-11-01', '2026-12-20'),
    ).toEqual([
      '2026-12-02T18:30:00+09:00',
      '2026-12-09T18:30:00+09:00',
      '2026-12-16T18:30:00+09:00',
    ]);
  });

  it('keeps the wall time across the daylight-saving changes of other zones', () => {
    // US DST: 2026-03-08 and 2026-11-01; EU: 2026-03-29 and 2026-10-25.
    const text = ruleText('20260101T093000', 'FREQ=DAILY');
    for (const [from, to] of [
      ['2026-03-07', '2026-03-09'],
      ['2026-03-28', '2026-03-30'],
      ['2026-10-24', '2026-10-26'],
      ['2026-10-31', '2026-11-02'],
    ] as const) {
      const starts = startsOf(text, from, to);
      expect(starts).toHaveLength(3);
      for (const start of starts) expect(start).toMatch(/T09:30:00\+09:00$/);
    }
  });

  it('keeps the phase of INTERVAL=2 with a DTSTART years before the query', () => {
    // Every other Tuesday from Tue 2019-01-08: 2026-12-01 is 412 weeks later (even), so it is in.
    expect(
      startsOf(ruleText('20190108T100000', 'FREQ=WEEKLY;INTERVAL=2'), '2026-11-23', '2026-12-20'),
    ).toEqual(['2026-12-01T10:00:00+09:00', '2026-12-15T10:00:00+09:00']);
  });

  it('stops at UNTIL and COUNT', () => {
    expect(
      startsOf(
        ruleText('20261201T100000', 'FREQ=DAILY;UNTIL=20261203T010000Z'),
        '2026-12-01',
        '2026-12-31',
      ),
    ).toEqual([
      '2026-12-01T10:00:00+09:00',
      '2026-12-02T10:00:00+09:00',
      '2026-12-03T10:00:00+09:00',
    ]);
    expect(
      startsOf(
        ruleText('20261201T100000', 'FREQ=DAILY;UNTIL=20261203T005959Z'),
        '2026-12-01',
        '2026-12-31',
      ),
    ).toHaveLength(2);
    expect(
      startsOf(
        ruleText('20261201T100000', 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3'),
        '2026-12-03',
        '2027-01-31',
      ),
    ).toEqual(['2026-12-03T10:00:00+09:00', '2026-12-08T10:00:00+09:00']);
  });

  it('answers a query far from DTSTART quickly', () => {
    const rule = parsed(ruleText('19800107T100000', 'FREQ=DAILY'));
    const started = performance.now();
    for (let i = 0; i < 100; i += 1)
      ruleStartsBetween(rule, dateToDay('2030-01-01'), dateToDay('2030-01-31'));
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('formatAvailabilityRule', () => {
  it('writes the text a form would save, which reads back the same', () => {
    const text = formatAvailabilityRule({
      firstDate: '2026-12-01',
      start: '10:00',
      days: [3, 1],
      lastDate: '2027-03-31',
    });
    expect(text).toBe(
      'DTSTART;TZID=Asia/Tokyo:20261201T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270331T145959Z',
    );
    expect(parsed(text)).toMatchObject({ byDay: [1, 3], startMinutes: 600 });
    expect(
      formatAvailabilityRule({
        firstDate: '2026-12-01',
        start: '18:30',
        freq: 'DAILY',
        interval: 2,
      }),
    ).toBe('DTSTART;TZID=Asia/Tokyo:20261201T183000\nRRULE:FREQ=DAILY;INTERVAL=2');
    expect(() => formatAvailabilityRule({ firstDate: '2026-02-30', start: '10:00' })).toThrow(
      /firstDate/,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// An independent model of the rules this module accepts, day by day, without rrule.

interface Model {
  firstDay: DayNumber;
  minutes: number;
  freq: 'WEEKLY' | 'DAILY';
  interval: number;
  byDay: number[] | null;
  byMonth: number[] | null;
  weekStart: number;
  count: number | null;
  lastDay: DayNumber | null;
}

const CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

function modelText(m: Model): string {
  const { year, month, day } = civilFromDay(m.firstDay);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const parts = [`FREQ=${m.freq}`, `INTERVAL=${m.interval}`, `WKST=${CODES[m.weekStart]}`];
  if (m.byDay !== null) parts.push(`BYDAY=${m.byDay.map((d) => CODES[d]).join(',')}`);
  if (m.byMonth !== null) parts.push(`BYMONTH=${m.byMonth.join(',')}`);
  if (m.count !== null) parts.push(`COUNT=${m.count}`);
  if (m.lastDay !== null) {
    const last = civilFromDay(m.lastDay);
    parts.push(`UNTIL=${last.year}${p2(last.month)}${p2(last.day)}`);
  }
  return ruleText(
    `${year}${p2(month)}${p2(day)}T${p2(Math.floor(m.minutes / 60))}${p2(m.minutes % 60)}00`,
    parts.join(';'),
  );
}

function modelStarts(m: Model, fromDay: DayNumber, toDay: DayNumber): number[] {
  const starts: number[] = [];
  const weekOf = (day: DayNumber) =>
    Math.floor((day - ((weekdayOf(day) - m.weekStart + 7) % 7)) / 7);
  let seen = 0;
  for (let day = m.firstDay; day <= toDay; day += 1) {
    if (m.lastDay !== null && day > m.lastDay) break;
    const inPeriod =
      m.freq === 'DAILY'
        ? (day - m.firstDay) % m.interval === 0
        : (weekOf(day) - weekOf(m.firstDay)) % m.interval === 0;
    const onDay = (
      m.byDay ?? (m.freq === 'WEEKLY' ? [weekdayOf(m.firstDay)] : [0, 1, 2, 3, 4, 5, 6])
    ).includes(weekdayOf(day));
    const inMonth = m.byMonth === null || m.byMonth.includes(civilFromDay(day).month);
    if (!(inPeriod && onDay && inMonth)) continue;
    seen += 1;
    if (m.count !== null && seen > m.count) break;
    if (day >= fromDay) starts.push(jstInstant(day, m.minutes));
  }
  return starts;
}

describe('ruleStartsBetween agrees with a day-by-day model (fast-check)', () => {
  const base = dateToDay('2019-01-01');
  const end = fc.oneof(
    { weight: 2, arbitrary: fc.constant({ count: null, lastDay: null }) },
    fc.record({ count: fc.integer({ min: 1, max: 400 }), lastDay: fc.constant(null) }),
    fc.record({
      count: fc.constant(null),
      lastDay: fc.integer({ min: base + 8 * 365, max: base + 10 * 365 }),
    }),
  );
  const model: fc.Arbitrary<Model> = fc
    .record({
      firstDay: fc.integer({ min: base, max: base + 8 * 365 }),
      minutes: fc.integer({ min: 0, max: 24 * 60 - 1 }),
      freq: fc.constantFrom('WEEKLY' as const, 'DAILY' as const),
      interval: fc.integer({ min: 1, max: 5 }),
      byDay: fc.option(
        fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
      ),
      byMonth: fc.option(
        fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 12 }),
      ),
      weekStart: fc.integer({ min: 0, max: 6 }),
      end,
    })
    .map(({ end: { count, lastDay }, ...rest }) => ({ ...rest, count, lastDay }));

  it('gives the same starts, in order, for any query window', () => {
    fc.assert(
      fc.property(
        model,
        fc.integer({ min: base, max: base + 10 * 365 }),
        fc.integer({ min: 0, max: 120 }),
        (m, fromDay, length) => {
          const text = modelText(m);
          const rule = parsed(text);
          const toDay = fromDay + length;
          expect(ruleStartsBetween(rule, fromDay, toDay).map(jst)).toEqual(
            modelStarts(m, fromDay, toDay).map(jst),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts every start at the wall time of DTSTART, +09:00', () => {
    fc.assert(
      fc.property(model, fc.integer({ min: base, max: base + 10 * 365 }), (m, fromDay) => {
        const rule = parsed(modelText(m));
        for (const start of ruleStartsBetween(rule, fromDay, fromDay + 30)) {
          expect(((start + 9 * 3_600_000) % DAY_MS) / 60_000).toBe(m.minutes);
        }
      }),
      { numRuns: 100 },
    );
  });
});
