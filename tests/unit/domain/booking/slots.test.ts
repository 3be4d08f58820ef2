import { describe, expect, it } from 'vitest';
import type { AvailabilityException } from '../../../../src/domain/booking';
import { at, bookingWith, described, jst, rule, session, times } from './helpers';

const booking = bookingWith();
/** Long before any cutoff in these tests. */
const EARLY = at('2026-01-05T09:00:00+09:00');

/** Mon to Fri 10:00 to 14:00 JST from 2026-01-05. */
const weekdays = (counsellorId = 'c1', duration = 240) =>
  rule(counsellorId, '20260105T100000', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', duration);

describe('slots: availability ∩ service hours ∩ business days (DOMAIN.md section 5)', () => {
  it('lays out a 40-minute session then the 20-minute buffer: a slot every hour', () => {
    const slots = booking.slots({
      rules: [weekdays()],
      from: '2026-12-01',
      to: '2026-12-01',
      nowMs: EARLY,
    });
    expect(described(slots)).toEqual([
      'c1 2026-12-01T10:00:00+09:00',
      'c1 2026-12-01T11:00:00+09:00',
      'c1 2026-12-01T12:00:00+09:00',
      'c1 2026-12-01T13:00:00+09:00',
    ]);
    expect(slots[0]).toEqual({
      counsellorId: 'c1',
      startMs: at('2026-12-01T10:00:00+09:00'),
      endMs: at('2026-12-01T10:40:00+09:00'),
      bookingCutoffMs: at('2026-11-30T17:00:00+09:00'),
    });
  });

  it.each([
    ['08:00 to 12:00: clipped to open at 09:30', '20260105T080000', 240, ['09:30', '10:30']],
    ['19:00 to 23:00: the last session ends by 21:30', '20260105T190000', 240, ['19:00', '20:00']],
    ['20:50 to 22:00: one slot, ending at the close', '20260105T205000', 70, ['20:50']],
    ['20:51 to 22:00: none, it would end after 21:30', '20260105T205100', 69, []],
    ['10:00 to 10:39: none, too short', '20260105T100000', 39, []],
    ['10:00 to 10:40: exactly one', '20260105T100000', 40, ['10:00']],
    ['10:00 to 11:39: one, the next would end after the window', '20260105T100000', 99, ['10:00']],
    ['06:00 to 09:30: none, before service hours', '20260105T060000', 210, []],
    ['21:30 to 23:00: none, after service hours', '20260105T213000', 90, []],
  ])('window %s', (_label, dtstart, duration, expected) => {
    const slots = booking.slots({
      rules: [rule('c1', dtstart, 'FREQ=DAILY', duration)],
      from: '2026-12-01',
      to: '2026-12-01',
      nowMs: EARLY,
    });
    expect(times(slots)).toEqual(expected);
  });

  it('offers nothing on weekends, holidays (with substitute holidays) or closures', () => {
    const daily = rule('c1', '20260105T100000', 'FREQ=DAILY', 120);
    const dates = (from: string, to: string, b = booking) => [
      ...new Set(
        b.slots({ rules: [daily], from, to, nowMs: EARLY }).map((s) => jst(s.startMs).slice(0, 10)),
      ),
    ];
    // Sat 28 and Sun 29 Nov are weekend days; Mon 23 Nov 2026 is Labor Thanksgiving Day.
    expect(dates('2026-11-21', '2026-11-30')).toEqual([
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-30',
    ]);
    // Golden Week 2026: Sun 3 May moves to Wed 6 May.
    expect(dates('2026-05-01', '2026-05-08')).toEqual(['2026-05-01', '2026-05-07', '2026-05-08']);
    const closed = bookingWith({
      closures: [{ from: '2026-12-29', to: '2027-01-03', label: 'Year-end closure' }],
    });
    expect(dates('2026-12-24', '2027-01-06', closed)).toEqual([
      '2026-12-24',
      '2026-12-25',
      '2026-12-28',
      '2027-01-04',
      '2027-01-05',
      '2027-01-06',
    ]);
  });

  it('uses the service hours of the settings', () => {
    const evening = bookingWith({ serviceHours: { open: '13:00', close: '20:00' } });
    const slots = evening.slots({
      rules: [weekdays()],
      from: '2026-12-01',
      to: '2026-12-01',
      nowMs: EARLY,
    });
    expect(times(slots)).toEqual(['13:00']);
  });
});

describe('slots: buffer', () => {
  it('takes the buffer from the settings, or the counsellor’s own', () => {
    const query = {
      rules: [weekdays('c1'), weekdays('c2')],
      from: '2026-12-01',
      to: '2026-12-01',
      nowMs: EARLY,
    };
    expect(times(bookingWith({ sessionBufferMinutes: 10 }).slots(query)).slice(0, 5)).toEqual([
      '10:00',
      '10:00',
      '10:50',
      '10:50',
      '11:40',
    ]);
    const slots = booking.slots({
      ...query,
      counsellors: [{ counsellorId: 'c2', sessionBufferMinutes: 0 }],
    });
    expect(times(slots.filter((s) => s.counsellorId === 'c1'))).toEqual([
      '10:00',
      '11:00',
      '12:00',
      '13:00',
    ]);
    expect(times(slots.filter((s) => s.counsellorId === 'c2'))).toEqual([
      '10:00',
      '10:40',
      '11:20',
      '12:00',
      '12:40',
      '13:20',
    ]);
    expect(
      booking.bufferMinutes(
        { rules: [], counsellors: [{ counsellorId: 'c2', sessionBufferMinutes: 0 }] },
        'c2',
      ),
    ).toBe(0);
    expect(booking.bufferMinutes({ rules: [] }, 'c1')).toBe(20);
  });

  it('merges overlapping windows and keeps the buffer between windows of one counsellor', () => {
    const overlapping = [
      rule('c1', '20260105T100000', 'FREQ=DAILY', 120),
      rule('c1', '20260105T110000', 'FREQ=DAILY', 120),
    ];
    expect(
      times(
        booking.slots({ rules: overlapping, from: '2026-12-01', to: '2026-12-01', nowMs: EARLY }),
      ),
    ).toEqual(['10:00', '11:00', '12:00']);
    // 10:00-10:45 and 10:50-12:00: the 10:00 session's buffer runs to 11:00.
    const close = [
      rule('c1', '20260105T100000', 'FREQ=DAILY', 45),
      rule('c1', '20260105T105000', 'FREQ=DAILY', 70),
    ];
    expect(
      times(booking.slots({ rules: close, from: '2026-12-01', to: '2026-12-01', nowMs: EARLY })),
    ).toEqual(['10:00', '11:00']);
    // 10:00-10:45 and 11:30-13:00: the second window starts its own grid.
    const apart = [
      rule('c1', '20260105T100000', 'FREQ=DAILY', 45),
      rule('c1', '20260105T113000', 'FREQ=DAILY', 90),
    ];
    expect(
      times(booking.slots({ rules: apart, from: '2026-12-01', to: '2026-12-01', nowMs: EARLY })),
    ).toEqual(['10:00', '11:30']);
  });
});

describe('slots: booking cutoff (17:00 JST on the previous business day)', () => {
  const rules = [weekdays()];

  it('offers a Monday slot until 17:00 on the Friday before, inclusive', () => {
    const monday = { rules, from: '2026-11-30', to: '2026-11-30' };
    expect(booking.slots({ ...monday, nowMs: at('2026-11-27T17:00:00+09:00') })).toHaveLength(4);
    expect(booking.slots({ ...monday, nowMs: at('2026-11-27T17:00:00.001+09:00') })).toEqual([]);
  });

  it('moves the cutoff back over holidays: Mon 23 Mar 2026 closes Thu 19 Mar (Fri 20 is a holiday)', () => {
    const monday = { rules, from: '2026-03-23', to: '2026-03-23' };
    expect(
      booking.slots({ ...monday, nowMs: at('2026-03-19T17:00:00+09:00') })[0]?.bookingCutoffMs,
    ).toBe(at('2026-03-19T17:00:00+09:00'));
    expect(booking.slots({ ...monday, nowMs: at('2026-03-19T17:01:00+09:00') })).toEqual([]);
    // Thu 7 May 2026, after Golden Week, closes Fri 1 May.
    expect(
      booking.slots({
        rules,
        from: '2026-05-07',
        to: '2026-05-07',
        nowMs: at('2026-05-01T16:59:00+09:00'),
      })[0]?.bookingCutoffMs,
    ).toBe(at('2026-05-01T17:00:00+09:00'));
  });

  it('offers the days after tomorrow when asked today after 17:00', () => {
    // Now Tue 1 Dec 18:00: Wed 2 Dec closed at Tue 17:00; Thu 3 Dec is open until Wed 17:00.
    const slots = booking.slots({
      rules,
      from: '2026-12-01',
      to: '2026-12-03',
      nowMs: at('2026-12-01T18:00:00+09:00'),
    });
    expect([...new Set(slots.map((s) => jst(s.startMs).slice(0, 10)))]).toEqual(['2026-12-03']);
  });
});

describe('slots: existing bookings', () => {
  const rules = [weekdays('c1'), weekdays('c2')];
  const day = { rules, from: '2026-12-01', to: '2026-12-01', nowMs: EARLY };

  it('leaves out a booked slot of that counsellor, not the other counsellor’s', () => {
    const sessions = [session('c1', 'p1', '2026-12-01T11:00:00+09:00')];
    const slots = booking.slots({ ...day, sessions });
    expect(times(slots.filter((s) => s.counsellorId === 'c1'))).toEqual([
      '10:00',
      '12:00',
      '13:00',
    ]);
    expect(times(slots.filter((s) => s.counsellorId === 'c2'))).toEqual([
      '10:00',
      '11:00',
      '12:00',
      '13:00',
    ]);
  });

  it('keeps the buffer around a booking off the grid; the grid does not move', () => {
    // 10:30 occupies 10:30-11:30 with its buffer: 10:00 (to 11:00) and 11:00 both clash.
    const sessions = [session('c1', 'p1', '2026-12-01T10:30:00+09:00')];
    expect(times(booking.slots({ ...day, rules: [weekdays('c1')], sessions }))).toEqual([
      '12:00',
      '13:00',
    ]);
  });

  it('frees the time of cancelled and late-cancelled sessions, not of completed or no-show', () => {
    const slotsWith = (
      outcome: 'cancelled' | 'late-cancelled' | 'completed' | 'no-show' | 'scheduled',
    ) =>
      times(
        booking.slots({
          ...day,
          rules: [weekdays('c1')],
          sessions: [session('c1', 'p1', '2026-12-01T11:00:00+09:00', outcome)],
        }),
      );
    expect(slotsWith('cancelled')).toEqual(['10:00', '11:00', '12:00', '13:00']);
    expect(slotsWith('late-cancelled')).toEqual(['10:00', '11:00', '12:00', '13:00']);
    for (const outcome of ['scheduled', 'completed', 'no-show'] as const) {
      expect(slotsWith(outcome)).toEqual(['10:00', '12:00', '13:00']);
    }
  });

  it('for a participant, leaves out slots overlapping their session with another counsellor', () => {
    const sessions = [session('c2', 'p1', '2026-12-01T11:20:00+09:00')];
    const forP1 = booking.slots({ ...day, rules: [weekdays('c1')], sessions, participantId: 'p1' });
    // 11:00-11:40 and 12:00-12:40 vs 11:20-12:00: only 11:00 overlaps.
    expect(times(forP1)).toEqual(['10:00', '12:00', '13:00']);
    expect(times(booking.slots({ ...day, rules: [weekdays('c1')], sessions }))).toHaveLength(4);
  });
});

describe('slots: exceptions and validity', () => {
  const rules = [weekdays('c1')];
  const week = { from: '2026-11-30', to: '2026-12-04', nowMs: EARLY };
  const dates = (slots: { startMs: number }[]) => slots.map((s) => jst(s.startMs).slice(0, 16));

  it('removes the rules’ windows on a day off, adds an extra window (also on a day off)', () => {
    const exceptions: AvailabilityException[] = [
      { counsellorId: 'c1', date: '2026-12-01', kind: 'day-off' },
      { counsellorId: 'c1', date: '2026-12-02', kind: 'day-off' },
      {
        counsellorId: 'c1',
        date: '2026-12-02',
        kind: 'extra-window',
        start: '18:00',
        end: '19:00',
      },
      {
        counsellorId: 'c1',
        date: '2026-12-03',
        kind: 'extra-window',
        start: '16:00',
        end: '17:40',
      },
      {
        counsellorId: 'c2',
        date: '2026-12-04',
        kind: 'extra-window',
        start: '09:00',
        end: '10:30',
      },
    ];
    const slots = booking.slots({ rules, exceptions, ...week });
    expect(dates(slots.filter((s) => s.counsellorId === 'c1'))).toEqual([
      '2026-11-30T10:00',
      '2026-11-30T11:00',
      '2026-11-30T12:00',
      '2026-11-30T13:00',
      '2026-12-02T18:00',
      '2026-12-03T10:00',
      '2026-12-03T11:00',
      '2026-12-03T12:00',
      '2026-12-03T13:00',
      '2026-12-03T16:00',
      '2026-12-03T17:00',
      '2026-12-04T10:00',
      '2026-12-04T11:00',
      '2026-12-04T12:00',
      '2026-12-04T13:00',
    ]);
    expect(described(slots.filter((s) => s.counsellorId === 'c2'))).toEqual([
      'c2 2026-12-04T09:30:00+09:00',
    ]);
  });

  it('applies a rule from validFrom to validUntil only', () => {
    const limited = [{ ...weekdays('c1'), validFrom: '2026-12-01', validUntil: '2026-12-02' }];
    const slots = booking.slots({ rules: limited, ...week });
    expect([...new Set(dates(slots).map((d) => d.slice(0, 10)))]).toEqual([
      '2026-12-01',
      '2026-12-02',
    ]);
  });

  it('lists the raw windows for the UI, cut at midnight, with days off removed', () => {
    const night = rule('c2', '20261130T220000', 'FREQ=DAILY;COUNT=2', 180);
    const windows = booking.availabilityWindows(
      { rules: [night], exceptions: [{ counsellorId: 'c2', date: '2026-12-02', kind: 'day-off' }] },
      { from: '2026-12-01', to: '2026-12-02' },
    );
    expect(windows.map((w) => `${w.date} ${jst(w.startMs)} ${jst(w.endMs)} ${w.ruleId}`)).toEqual([
      `2026-12-01 2026-12-01T00:00:00+09:00 2026-12-01T01:00:00+09:00 ${night.id}`,
      `2026-12-01 2026-12-01T22:00:00+09:00 2026-12-02T00:00:00+09:00 ${night.id}`,
    ]);
  });
});

describe('slots: order and input', () => {
  it('lists slots in time order, then by counsellor', () => {
    const slots = booking.slots({
      rules: [weekdays('c2'), weekdays('c1')],
      from: '2026-12-01',
      to: '2026-12-02',
      nowMs: EARLY,
    });
    expect(described(slots).slice(0, 4)).toEqual([
      'c1 2026-12-01T10:00:00+09:00',
      'c2 2026-12-01T10:00:00+09:00',
      'c1 2026-12-01T11:00:00+09:00',
      'c2 2026-12-01T11:00:00+09:00',
    ]);
    for (let i = 1; i < slots.length; i += 1) {
      expect(slots[i]!.startMs).toBeGreaterThanOrEqual(slots[i - 1]!.startMs);
    }
  });

  it('limits the counsellors when asked', () => {
    const slots = booking.slots({
      rules: [weekdays('c1'), weekdays('c2')],
      counsellorIds: ['c2'],
      from: '2026-12-01',
      to: '2026-12-01',
      nowMs: EARLY,
    });
    expect(new Set(slots.map((s) => s.counsellorId))).toEqual(new Set(['c2']));
  });

  it.each([
    [
      {
        rules: [{ ...weekdays(), rule: 'DTSTART;TZID=Asia/Tokyo:20260105T100000\nRRULE:BYDAY=MO' }],
      },
      'rules[0].rule: RRULE has no FREQ',
    ],
    [
      { rules: [weekdays(), { ...weekdays(), durationMinutes: 0 }] },
      'rules[1].durationMinutes: must be a whole number of minutes from 1 to 1440, not 0',
    ],
    [
      { rules: [{ ...weekdays(), validFrom: '2026-13-01' }] },
      'rules[0].validFrom: must be a date written YYYY-MM-DD, not "2026-13-01"',
    ],
    [
      { rules: [{ ...weekdays(), counsellorId: '' }] },
      'rules[0].counsellorId: must be non-empty text, not ""',
    ],
    [
      {
        rules: [],
        exceptions: [
          {
            counsellorId: 'c1',
            date: '2026-12-01',
            kind: 'extra-window',
            start: '11:00',
            end: '10:00',
          },
        ],
      },
      'exceptions[0].end: must be after start on the same date',
    ],
    [
      { rules: [], exceptions: [{ counsellorId: 'c1', date: '2026-12-01', kind: 'holiday' }] },
      'exceptions[0].kind: must be "day-off" or "extra-window", not "holiday"',
    ],
    [
      {
        rules: [],
        sessions: [{ ...session('c1', 'p1', '2026-12-01T10:00:00+09:00'), outcome: 'done' }],
      },
      'sessions[0].outcome: must be one of scheduled, completed, cancelled, late-cancelled, no-show, not "done"',
    ],
    [
      { rules: [], counsellors: [{ counsellorId: 'c1', sessionBufferMinutes: -5 }] },
      'counsellors[0].sessionBufferMinutes: must be a whole number of minutes from 0 to 240, not -5',
    ],
    [
      { rules: [], from: '2026-12-02', to: '2026-12-01' },
      'to (2026-12-01) is before from (2026-12-02)',
    ],
    [
      { rules: [], from: '2026-01-01', to: '2027-01-02' },
      'from 2026-01-01 to 2027-01-02 covers more than 366 days',
    ],
    [{ rules: [], nowMs: Number.NaN }, 'nowMs must be an instant in epoch milliseconds, not NaN'],
  ])('refuses bad input, naming what and where: %#', (change, message) => {
    const base = { rules: [], from: '2026-12-01', to: '2026-12-01', nowMs: EARLY };
    const query = { ...base, ...change };
    expect(() => booking.slots(query as Parameters<typeof booking.slots>[0])).toThrow(message);
  });
});
