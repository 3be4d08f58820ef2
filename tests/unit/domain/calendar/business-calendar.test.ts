import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../../src/domain/calendar';
import { at, calendarWith, jst, shippedHolidays } from './helpers';

const calendar = calendarWith();
const deadline = (receivedAt: string) => {
  const { receiptDay, deadlineMs } = calendar.answerDeadline(at(receivedAt));
  return { receiptDay, deadline: jst(deadlineMs) };
};

describe('business days (DOMAIN.md section 3)', () => {
  it('says why a day is not a business day', () => {
    expect(calendar.businessDay('2026-11-24')).toEqual({
      date: '2026-11-24',
      businessDay: true,
      reason: null,
    });
    expect(calendar.businessDay('2026-11-28')).toEqual({
      date: '2026-11-28',
      businessDay: false,
      reason: { kind: 'weekend' },
    });
    expect(calendar.businessDay('2026-11-23')).toEqual({
      date: '2026-11-23',
      businessDay: false,
      reason: {
        kind: 'holiday',
        name: 'Labor Thanksgiving Day',
        nameJa: '勤労感謝の日',
        provisional: false,
      },
    });
    expect(calendar.businessDay('2028-01-10').reason).toEqual({
      kind: 'holiday',
      name: 'Coming of Age Day',
      nameJa: '成人の日',
      provisional: true,
    });
  });

  it('counts organisational closures, and gives the holiday, then the weekend, as the reason first', () => {
    const closed = calendarWith({
      closures: [{ from: '2026-12-29', to: '2027-01-03', label: 'Year-end closure' }],
    });
    expect(closed.businessDay('2026-12-29').reason).toEqual({
      kind: 'closure',
      label: 'Year-end closure',
    });
    expect(closed.businessDay('2026-12-31').reason).toEqual({
      kind: 'closure',
      label: 'Year-end closure',
    });
    expect(closed.businessDay('2027-01-01').reason).toMatchObject({
      kind: 'holiday',
      nameJa: '元日',
    });
    expect(closed.businessDay('2027-01-02').reason).toEqual({ kind: 'weekend' });
    expect(closed.businessDay('2027-01-04').businessDay).toBe(true);
    // A national holiday on a Saturday is reported as the holiday.
    expect(calendar.businessDay('2025-05-03').reason).toMatchObject({
      kind: 'holiday',
      nameJa: '憲法記念日',
    });
    expect(closed.nextBusinessDay('2026-12-28')).toBe('2027-01-04');
  });

  it('finds the next and previous business day', () => {
    expect(calendar.nextBusinessDay('2026-11-20')).toBe('2026-11-24');
    expect(calendar.previousBusinessDay('2026-11-24')).toBe('2026-11-20');
    expect(calendar.nextBusinessDay('2026-05-01')).toBe('2026-05-07');
    expect(calendar.previousBusinessDay('2026-09-24')).toBe('2026-09-18');
    expect(calendar.isBusinessDay('2026-09-22')).toBe(false);
  });

  it('refuses a malformed date', () => {
    expect(() => calendar.businessDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.businessDay('26-1-1')).toThrow(RangeError);
  });
});

describe('service time', () => {
  it('counts service hours on business days only', () => {
    const minutes = (from: string, to: string) => calendar.serviceMinutesBetween(at(from), at(to));
    expect(minutes('2026-11-24T09:30:00+09:00', '2026-11-24T21:30:00+09:00')).toBe(720);
    expect(minutes('2026-11-24T00:00:00+09:00', '2026-11-25T00:00:00+09:00')).toBe(720);
    expect(minutes('2026-11-24T21:00:00+09:00', '2026-11-25T10:00:00+09:00')).toBe(60);
    // Fri 21:00 to Tue 10:00 across a weekend and the Monday holiday of 23 Nov.
    expect(minutes('2026-11-20T21:00:00+09:00', '2026-11-24T10:00:00+09:00')).toBe(60);
    // Across the turn of a year (2027-01-01 is a holiday; 2 and 3 Jan are a weekend).
    expect(minutes('2026-12-31T20:30:00+09:00', '2027-01-04T10:30:00+09:00')).toBe(120);
    expect(minutes('2026-11-24T12:00:00+09:00', '2026-11-24T11:00:00+09:00')).toBe(0);
    // Instants in any offset.
    expect(minutes('2026-11-24T00:30:00Z', '2026-11-24T02:00:00Z')).toBe(90);
    // Whole minutes, rounded down.
    expect(minutes('2026-11-24T10:00:00+09:00', '2026-11-24T10:00:59.999+09:00')).toBe(0);
  });

  it('uses the service hours of the settings', () => {
    const short = calendarWith({ serviceHours: { open: '10:00', close: '18:00' } });
    expect(
      short.serviceMinutesBetween(at('2026-11-24T00:00:00+09:00'), at('2026-11-26T00:00:00+09:00')),
    ).toBe(960);
    expect(jst(short.answerDeadline(at('2026-11-24T17:59:00+09:00')).deadlineMs)).toBe(
      '2026-11-27T18:00:00+09:00',
    );
    expect(jst(short.answerDeadline(at('2026-11-24T18:00:00+09:00')).deadlineMs)).toBe(
      '2026-11-30T18:00:00+09:00',
    );
  });
});

describe('answer deadline (DOMAIN.md section 4)', () => {
  it('follows the examples of DOMAIN.md', () => {
    // Mon 30 Nov to Fri 4 Dec 2026 has no holiday.
    expect(deadline('2026-11-30T10:00:00+09:00')).toEqual({
      receiptDay: '2026-11-30',
      deadline: '2026-12-03T21:30:00+09:00',
    });
    expect(deadline('2026-11-30T22:00:00+09:00')).toEqual({
      receiptDay: '2026-12-01',
      deadline: '2026-12-04T21:30:00+09:00',
    });
    expect(deadline('2026-11-28T14:00:00+09:00')).toEqual({
      receiptDay: '2026-11-30',
      deadline: '2026-12-03T21:30:00+09:00',
    });
    // Holidays are skipped: Fri 20 Nov; Mon 23 Nov is Labor Thanksgiving Day.
    expect(deadline('2026-11-20T10:00:00+09:00')).toEqual({
      receiptDay: '2026-11-20',
      deadline: '2026-11-26T21:30:00+09:00',
    });
    // Received on the holiday itself.
    expect(deadline('2026-11-23T10:00:00+09:00')).toEqual({
      receiptDay: '2026-11-24',
      deadline: '2026-11-27T21:30:00+09:00',
    });
  });

  it('takes "before the close" strictly: 21:30:00 is the next business day', () => {
    expect(deadline('2026-11-30T21:29:59.999+09:00').receiptDay).toBe('2026-11-30');
    expect(deadline('2026-11-30T21:30:00+09:00').receiptDay).toBe('2026-12-01');
    // Before opening counts for that day.
    expect(deadline('2026-11-30T03:00:00+09:00').receiptDay).toBe('2026-11-30');
    // The JST date decides, not the UTC one: 2026-11-29T15:30Z is Mon 00:30 JST.
    expect(deadline('2026-11-29T15:30:00Z').receiptDay).toBe('2026-11-30');
    expect(deadline('2026-11-30T12:29:00Z').receiptDay).toBe('2026-11-30');
    expect(deadline('2026-11-30T12:30:00Z').receiptDay).toBe('2026-12-01');
  });

  it('skips closures and Golden Week when counting', () => {
    const closed = calendarWith({
      closures: [{ from: '2026-12-29', to: '2027-01-03', label: 'Year-end closure' }],
    });
    const { receiptDay, deadlineMs } = closed.answerDeadline(at('2026-12-28T10:00:00+09:00'));
    expect([receiptDay, jst(deadlineMs)]).toEqual(['2026-12-28', '2027-01-06T21:30:00+09:00']);
    expect(deadline('2026-05-01T10:00:00+09:00')).toEqual({
      receiptDay: '2026-05-01',
      deadline: '2026-05-11T21:30:00+09:00',
    });
  });

  it('uses N from the settings', () => {
    const five = calendarWith({ answerDeadlineBusinessDays: 5 });
    expect(jst(five.answerDeadline(at('2026-11-30T10:00:00+09:00')).deadlineMs)).toBe(
      '2026-12-07T21:30:00+09:00',
    );
  });
});

describe('deadline status', () => {
  // Received Mon 25 Nov 2024 10:00: deadline Thu 28 Nov 2024 21:30 (DOMAIN.md's example).
  const receivedAtMs = at('2024-11-25T10:00:00+09:00');
  const status = (now: string, answeredAt?: string) =>
    calendar.deadlineStatus({
      receivedAtMs,
      nowMs: at(now),
      answeredAtMs: answeredAt === undefined ? null : at(answeredAt),
    });

  it('gives the deadline and the service time left', () => {
    expect(status('2024-11-28T15:20:00+09:00')).toEqual({
      receiptDay: '2024-11-25',
      deadlineMs: at('2024-11-28T21:30:00+09:00'),
      status: 'due-soon',
      serviceMinutesLeft: 370, // "6h 10m of service time left · due Thu 28 Nov 21:30 JST"
    });
    expect(status('2024-11-25T10:00:00+09:00')).toMatchObject({
      status: 'on-track',
      serviceMinutesLeft: 2850,
    });
  });

  it('is due soon at 12 service hours left or less', () => {
    expect(status('2024-11-27T21:29:00+09:00')).toMatchObject({
      status: 'on-track',
      serviceMinutesLeft: 721,
    });
    expect(status('2024-11-27T21:30:00+09:00')).toMatchObject({
      status: 'due-soon',
      serviceMinutesLeft: 720,
    });
    // The evening before the last day: no service time passes overnight.
    expect(status('2024-11-28T08:00:00+09:00')).toMatchObject({
      status: 'due-soon',
      serviceMinutesLeft: 720,
    });
    const strict = calendarWith({ dueSoonServiceMinutes: 60 });
    expect(
      strict.deadlineStatus({ receivedAtMs, nowMs: at('2024-11-28T15:20:00+09:00') }).status,
    ).toBe('on-track');
  });

  it('is overdue only after the deadline', () => {
    expect(status('2024-11-28T21:30:00+09:00')).toMatchObject({
      status: 'due-soon',
      serviceMinutesLeft: 0,
    });
    expect(status('2024-11-28T21:30:00.001+09:00')).toMatchObject({
      status: 'overdue',
      serviceMinutesLeft: 0,
    });
    expect(status('2024-12-10T10:00:00+09:00')).toMatchObject({
      status: 'overdue',
      serviceMinutesLeft: 0,
    });
  });

  it('stops the timer at the answer', () => {
    expect(status('2024-12-10T10:00:00+09:00', '2024-11-28T20:30:00+09:00')).toMatchObject({
      status: 'answered-on-time',
      serviceMinutesLeft: 60,
    });
    expect(status('2024-12-10T10:00:00+09:00', '2024-11-28T21:30:00+09:00')).toMatchObject({
      status: 'answered-on-time',
      serviceMinutesLeft: 0,
    });
    expect(status('2024-12-10T10:00:00+09:00', '2024-11-28T21:30:00.001+09:00')).toMatchObject({
      status: 'answered-late',
      serviceMinutesLeft: 0,
    });
    // An answer sent after `now` had not been sent at `now`.
    expect(status('2024-11-28T15:20:00+09:00', '2024-11-28T20:30:00+09:00')).toMatchObject({
      status: 'due-soon',
      serviceMinutesLeft: 370,
    });
  });

  it('refuses instants that are not numbers', () => {
    expect(() => calendar.deadlineStatus({ receivedAtMs: Number.NaN, nowMs: 0 })).toThrow(
      RangeError,
    );
    expect(() => calendar.answerDeadline(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('video sessions (DOMAIN.md section 5)', () => {
  const cutoff = (sessionStart: string) => jst(calendar.bookingCutoff(at(sessionStart)));

  it('closes bookings at 17:00 on the business day before the session', () => {
    expect(cutoff('2026-11-26T10:00:00+09:00')).toBe('2026-11-25T17:00:00+09:00');
    // Monday session: the Friday before.
    expect(cutoff('2026-11-30T10:00:00+09:00')).toBe('2026-11-27T17:00:00+09:00');
    // Monday session when that Friday is a holiday (20 Mar 2026, Vernal Equinox Day).
    expect(cutoff('2026-03-23T10:00:00+09:00')).toBe('2026-03-19T17:00:00+09:00');
    // Tuesday session after a Monday holiday.
    expect(cutoff('2026-11-24T09:30:00+09:00')).toBe('2026-11-20T17:00:00+09:00');
    // The session's JST date decides: 2026-11-25T15:00Z is Thu 26 Nov 00:00 JST.
    expect(cutoff('2026-11-25T15:00:00Z')).toBe('2026-11-25T17:00:00+09:00');
  });

  it('accepts a start whose 40 minutes lie inside service hours on a business day', () => {
    const check = (start: string, nowMs?: number) =>
      calendar.checkSessionStart(at(start), nowMs === undefined ? {} : { nowMs });
    expect(check('2026-11-26T09:30:00+09:00')).toEqual({
      valid: true,
      reason: null,
      bookingCutoffMs: at('2026-11-25T17:00:00+09:00'),
    });
    expect(check('2026-11-26T20:50:00+09:00').valid).toBe(true);
    expect(check('2026-11-26T20:50:01+09:00').reason).toEqual({
      kind: 'ends-after-service-hours',
      closesAt: '21:30',
      latestStart: '20:50',
    });
    expect(check('2026-11-26T09:29:59+09:00').reason).toEqual({
      kind: 'starts-before-service-hours',
      opensAt: '09:30',
    });
    expect(check('2026-11-28T10:00:00+09:00').reason).toEqual({
      kind: 'not-business-day',
      date: '2026-11-28',
      because: { kind: 'weekend' },
    });
    expect(check('2026-11-23T10:00:00+09:00').reason).toMatchObject({
      kind: 'not-business-day',
      because: { kind: 'holiday', nameJa: '勤労感謝の日' },
    });
    expect(check('2026-11-26T10:00:00+09:00', at('2026-11-25T17:00:00+09:00')).valid).toBe(true);
    expect(check('2026-11-26T10:00:00+09:00', at('2026-11-25T17:00:00.001+09:00')).reason).toEqual({
      kind: 'booking-cutoff-passed',
    });
  });
});

describe('holiday data as a parameter', () => {
  it('uses an updated list without a code change: a year made official is no longer provisional', () => {
    const data = shippedHolidays();
    const updated = createBusinessCalendar({
      holidays: {
        ...data,
        officialThrough: 2028,
        holidays: [
          ...data.holidays,
          // A made-up special day, to show the list wins over the rules.
          { date: '2028-06-01', name: 'Test Day', nameJa: 'テストの日', kind: 'national' as const },
          ...calendar
            .holidaysInYear(2028)
            .map(({ date, name, nameJa, kind }) => ({ date, name, nameJa, kind })),
        ].sort((a, b) => a.date.localeCompare(b.date)),
      },
    });
    expect(updated.isProvisionalYear(2028)).toBe(false);
    expect(updated.holiday('2028-06-01')).toMatchObject({ name: 'Test Day', provisional: false });
    expect(updated.holiday('2028-01-01')?.provisional).toBe(false);
    expect(updated.holiday('2029-01-01')?.provisional).toBe(true);
  });

  it('refuses invalid data', () => {
    const data = shippedHolidays();
    expect(() => createBusinessCalendar({ holidays: { ...data, officialThrough: 2026 } })).toThrow(
      /holidays\[148\]\.date: 2027-01-01 is after officialThrough/,
    );
  });
});
