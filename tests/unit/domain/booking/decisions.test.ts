import { describe, expect, it } from 'vitest';
import {
  describeBookingProblem,
  type BookingDecision,
  type BookingProblem,
  type Session,
} from '../../../../src/domain/booking';
import { at, bookingWith, rule, session } from './helpers';

const booking = bookingWith();
const rules = [rule('c1', '20260105T100000', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', 240)];
const NOW = at('2026-11-25T09:00:00+09:00');

function book(
  start: string,
  extra: {
    sessions?: Session[];
    nowMs?: number;
    counsellorId?: string;
    participantId?: string;
  } = {},
) {
  return booking.book({
    rules,
    id: 'new',
    counsellorId: 'c1',
    participantId: 'p1',
    startMs: at(start),
    nowMs: NOW,
    ...extra,
  });
}

function problemKinds(decision: BookingDecision): string[] {
  return decision.ok ? [] : decision.problems.map((p) => p.kind);
}

/** Seven counted sessions of p1 in fiscal 2026, with counsellor c9. */
function fullYear(
  outcomes: Session['outcome'][] = [
    'completed',
    'completed',
    'no-show',
    'late-cancelled',
    'scheduled',
    'scheduled',
    'scheduled',
  ],
): Session[] {
  return outcomes.map((outcome, i) =>
    session('c9', 'p1', `2026-${String(5 + i).padStart(2, '0')}-1${i}T10:00:00+09:00`, outcome),
  );
}

describe('book a session on a participant’s behalf', () => {
  it('accepts a start inside the counsellor’s availability, scheduled', () => {
    expect(book('2026-12-01T10:00:00+09:00')).toEqual({
      ok: true,
      session: {
        id: 'new',
        participantId: 'p1',
        counsellorId: 'c1',
        startMs: at('2026-12-01T10:00:00+09:00'),
        outcome: 'scheduled',
      },
    });
    // Off the slot grid is fine while the 40 minutes lie in the window.
    expect(book('2026-12-01T13:20:00+09:00').ok).toBe(true);
  });

  it.each<[string, string, Partial<Parameters<typeof book>[1]>, BookingProblem]>([
    [
      'past the booking cutoff',
      '2026-11-25T10:00:00+09:00',
      {},
      { kind: 'booking-cutoff-passed', bookingCutoffMs: at('2026-11-24T17:00:00+09:00') },
    ],
    [
      'on a holiday',
      '2026-11-23T10:00:00+09:00',
      { nowMs: at('2026-11-01T09:00:00+09:00') },
      {
        kind: 'not-business-day',
        date: '2026-11-23',
        because: {
          kind: 'holiday',
          name: 'Labor Thanksgiving Day',
          nameJa: '勤労感謝の日',
          provisional: false,
        },
      },
    ],
    [
      'on a Saturday',
      '2026-12-05T10:00:00+09:00',
      {},
      { kind: 'not-business-day', date: '2026-12-05', because: { kind: 'weekend' } },
    ],
    [
      'before service hours',
      '2026-12-01T09:00:00+09:00',
      {},
      { kind: 'starts-before-service-hours', opensAt: '09:30' },
    ],
    [
      'ending after service hours',
      '2026-12-01T21:00:00+09:00',
      {},
      { kind: 'ends-after-service-hours', closesAt: '21:30', latestStart: '20:50' },
    ],
    [
      'outside the counsellor’s windows',
      '2026-12-01T15:00:00+09:00',
      {},
      { kind: 'outside-availability', counsellorId: 'c1', date: '2026-12-01' },
    ],
    [
      'running past the end of a window',
      '2026-12-01T13:30:00+09:00',
      {},
      { kind: 'outside-availability', counsellorId: 'c1', date: '2026-12-01' },
    ],
    [
      'with a counsellor nobody has made available',
      '2026-12-01T10:00:00+09:00',
      { counsellorId: 'c2' },
      { kind: 'outside-availability', counsellorId: 'c2', date: '2026-12-01' },
    ],
  ])('refuses a session %s, with the reason', (_label, start, extra, problem) => {
    expect(book(start, extra)).toEqual({ ok: false, problems: [problem] });
  });

  it('refuses a session closer than 40 minutes plus the buffer to one of the counsellor’s', () => {
    const booked = session('c1', 'p2', '2026-12-01T11:00:00+09:00');
    const clash: BookingProblem = {
      kind: 'counsellor-double-booked',
      counsellorId: 'c1',
      sessionId: booked.id,
      sessionStartMs: booked.startMs,
      bufferMinutes: 20,
    };
    expect(book('2026-12-01T10:10:00+09:00', { sessions: [booked] })).toEqual({
      ok: false,
      problems: [clash],
    });
    expect(book('2026-12-01T11:50:00+09:00', { sessions: [booked] })).toEqual({
      ok: false,
      problems: [clash],
    });
    expect(book('2026-12-01T10:00:00+09:00', { sessions: [booked] }).ok).toBe(true);
    expect(book('2026-12-01T12:00:00+09:00', { sessions: [booked] }).ok).toBe(true);
    // A cancellation frees the time.
    expect(
      book('2026-12-01T11:00:00+09:00', { sessions: [{ ...booked, outcome: 'cancelled' }] }).ok,
    ).toBe(true);
  });

  it('refuses a session overlapping one of the participant’s, with any counsellor', () => {
    const other = session('c9', 'p1', '2026-12-01T10:30:00+09:00');
    expect(book('2026-12-01T10:00:00+09:00', { sessions: [other] })).toEqual({
      ok: false,
      problems: [
        {
          kind: 'participant-double-booked',
          participantId: 'p1',
          sessionId: other.id,
          sessionStartMs: other.startMs,
        },
      ],
    });
    // Back to back with another counsellor is not an overlap.
    expect(book('2026-12-01T11:10:00+09:00', { sessions: [other] }).ok).toBe(true);
  });

  it('refuses an 8th session in the quota year, saying when the quota renews', () => {
    const decision = book('2026-12-01T10:00:00+09:00', { sessions: fullYear() });
    expect(decision).toEqual({
      ok: false,
      problems: [
        {
          kind: 'quota-exhausted',
          participantId: 'p1',
          limit: 7,
          used: 7,
          periodStart: '2026-04-01',
          periodEnd: '2027-03-31',
          renewsOn: '2027-04-01',
        },
      ],
    });
    if (decision.ok) throw new Error('expected a refusal');
    expect(describeBookingProblem(decision.problems[0])).toBe(
      'participant p1 has used 7 of 7 sessions in the quota year 2026-04-01 to 2027-03-31; the quota renews on 2027-04-01',
    );
    // Cancellations before the cutoff do not count; another participant has their own quota.
    const withCancellation = fullYear([
      'completed',
      'completed',
      'no-show',
      'late-cancelled',
      'scheduled',
      'scheduled',
      'cancelled',
    ]);
    expect(book('2026-12-01T10:00:00+09:00', { sessions: withCancellation }).ok).toBe(true);
    expect(
      book('2026-12-01T10:00:00+09:00', { sessions: fullYear(), participantId: 'p2' }).ok,
    ).toBe(true);
    // The next quota year is open (a session on 1 Apr 2027, booked in March).
    expect(
      book('2027-04-01T10:00:00+09:00', {
        sessions: fullYear(),
        nowMs: at('2027-03-25T09:00:00+09:00'),
      }).ok,
    ).toBe(true);
  });

  it('counts the quota in the year chosen in the settings', () => {
    const jet = bookingWith({ sessionQuota: { sessionsPerYear: 7, quotaYear: 'jet' } });
    const decision = jet.book({
      rules,
      sessions: fullYear(),
      id: 'new',
      counsellorId: 'c1',
      participantId: 'p1',
      startMs: at('2026-12-01T10:00:00+09:00'),
      nowMs: NOW,
    });
    // Only the sessions from 1 Aug 2026 (Aug to Nov: 4 of them) are in JET year 2026.
    expect(decision.ok).toBe(true);
    const three = bookingWith({ sessionQuota: { sessionsPerYear: 3, quotaYear: 'calendar' } });
    expect(
      problemKinds(
        three.book({
          rules,
          sessions: fullYear(),
          id: 'n',
          counsellorId: 'c1',
          participantId: 'p1',
          startMs: at('2026-12-01T10:00:00+09:00'),
          nowMs: NOW,
        }),
      ),
    ).toEqual(['quota-exhausted']);
  });

  it('gives every reason at once, in a fixed order', () => {
    const booked = session('c1', 'p2', '2026-12-01T13:30:00+09:00');
    const mine = session('c9', 'p1', '2026-12-01T13:40:00+09:00');
    expect(
      problemKinds(
        book('2026-12-01T13:30:00+09:00', {
          sessions: [booked, mine, ...fullYear()],
          nowMs: at('2026-12-01T09:00:00+09:00'),
        }),
      ),
    ).toEqual([
      'booking-cutoff-passed',
      'outside-availability',
      'counsellor-double-booked',
      'participant-double-booked',
      'quota-exhausted',
    ]);
  });

  it('refuses bad input with a message naming the field', () => {
    expect(() => book('2026-12-01T10:00:00+09:00', { participantId: '' })).toThrow(
      'participantId must be non-empty text, not ""',
    );
    expect(() =>
      booking.book({
        rules,
        id: 'x',
        counsellorId: 'c1',
        participantId: 'p1',
        startMs: Number.NaN,
        nowMs: NOW,
      }),
    ).toThrow('startMs must be an instant in epoch milliseconds, not NaN');
  });
});

describe('change a session', () => {
  const mine = session('c1', 'p1', '2026-12-03T10:00:00+09:00');
  const change = (
    startMs: number,
    nowMs: number,
    extra: { sessions?: Session[]; counsellorId?: string } = {},
  ) =>
    booking.change({
      rules,
      session: mine,
      sessions: [mine, ...(extra.sessions ?? [])],
      startMs,
      nowMs,
      ...(extra.counsellorId ? { counsellorId: extra.counsellorId } : {}),
    });

  it('moves it before its cutoff; its own old time does not clash', () => {
    expect(change(at('2026-12-03T10:30:00+09:00'), at('2026-12-02T17:00:00+09:00'))).toEqual({
      ok: true,
      session: { ...mine, startMs: at('2026-12-03T10:30:00+09:00') },
    });
  });

  it('refuses after its cutoff, even to a later day', () => {
    expect(change(at('2026-12-10T10:00:00+09:00'), at('2026-12-02T17:00:01+09:00'))).toEqual({
      ok: false,
      problems: [
        { kind: 'change-cutoff-passed', bookingCutoffMs: at('2026-12-02T17:00:00+09:00') },
      ],
    });
  });

  it('checks the new time like a booking', () => {
    const other = session('c1', 'p2', '2026-12-04T11:00:00+09:00');
    expect(
      problemKinds(change(at('2026-12-04T11:30:00+09:00'), NOW, { sessions: [other] })),
    ).toEqual(['counsellor-double-booked']);
    expect(
      problemKinds(change(at('2026-12-04T10:00:00+09:00'), NOW, { counsellorId: 'c2' })),
    ).toEqual(['outside-availability']);
    expect(
      problemKinds(change(at('2026-12-02T10:00:00+09:00'), at('2026-12-01T18:00:00+09:00'))),
    ).toEqual(['booking-cutoff-passed']);
  });

  it('keeps the quota: moving within the year is fine, into a full year is not', () => {
    const year = fullYear().slice(0, 6); // 6 others + this one = 7
    expect(change(at('2026-12-04T10:00:00+09:00'), NOW, { sessions: year }).ok).toBe(true);
    const nextYear = Array.from({ length: 7 }, (_, i) =>
      session('c9', 'p1', `2027-0${4 + (i % 5)}-1${i}T10:00:00+09:00`),
    );
    expect(
      problemKinds(change(at('2027-04-01T10:00:00+09:00'), NOW, { sessions: nextYear })),
    ).toEqual(['quota-exhausted']);
  });

  it('refuses to change a session that is not scheduled', () => {
    expect(
      booking.change({
        rules,
        session: { ...mine, outcome: 'cancelled' },
        startMs: mine.startMs,
        nowMs: NOW,
      }),
    ).toEqual({
      ok: false,
      problems: [{ kind: 'not-scheduled', outcome: 'cancelled' }],
    });
  });
});

describe('cancel a session', () => {
  // Thu 3 Dec 2026 10:00: cutoff Wed 2 Dec 17:00.
  const mine = session('c1', 'p1', '2026-12-03T10:00:00+09:00');

  it.each([
    ['well before the cutoff', '2026-11-30T12:00:00+09:00', 'cancelled', false],
    ['at the cutoff', '2026-12-02T17:00:00+09:00', 'cancelled', false],
    [
      'just after the cutoff: a late cancellation, which counts',
      '2026-12-02T17:00:00.001+09:00',
      'late-cancelled',
      true,
    ],
    ['a minute before the start', '2026-12-03T09:59:00+09:00', 'late-cancelled', true],
  ] as const)('%s', (_label, now, outcome, counts) => {
    expect(booking.cancel({ session: mine, nowMs: at(now) })).toEqual({
      ok: true,
      session: { ...mine, outcome, cancelledAtMs: at(now) },
      countsTowardQuota: counts,
    });
  });

  it('refuses once the session has started, or when it is not scheduled', () => {
    expect(booking.cancel({ session: mine, nowMs: mine.startMs })).toEqual({
      ok: false,
      problems: [{ kind: 'session-started', startMs: mine.startMs }],
    });
    expect(booking.cancel({ session: { ...mine, outcome: 'late-cancelled' }, nowMs: NOW })).toEqual(
      {
        ok: false,
        problems: [{ kind: 'not-scheduled', outcome: 'late-cancelled' }],
      },
    );
    expect(() => booking.cancel({ session: { ...mine, startMs: Number.NaN }, nowMs: NOW })).toThrow(
      'session.startMs: must be an instant in epoch milliseconds, not NaN',
    );
  });
});

describe('record an outcome', () => {
  const mine = session('c1', 'p1', '2026-12-03T10:00:00+09:00');

  it('records completed or no-show once the session has started', () => {
    expect(
      booking.recordOutcome({ session: mine, outcome: 'no-show', nowMs: mine.startMs }),
    ).toEqual({
      ok: true,
      session: { ...mine, outcome: 'no-show' },
    });
    const done = booking.recordOutcome({
      session: mine,
      outcome: 'completed',
      nowMs: at('2026-12-03T10:45:00+09:00'),
    });
    expect(done).toEqual({ ok: true, session: { ...mine, outcome: 'completed' } });
    // A correction from no-show to completed is allowed.
    expect(
      booking.recordOutcome({
        session: { ...mine, outcome: 'no-show' },
        outcome: 'completed',
        nowMs: at('2026-12-04T10:00:00+09:00'),
      }).ok,
    ).toBe(true);
  });

  it('refuses before the start, and for a cancelled session', () => {
    expect(
      booking.recordOutcome({ session: mine, outcome: 'completed', nowMs: mine.startMs - 1 }),
    ).toEqual({
      ok: false,
      problems: [{ kind: 'session-not-started', startMs: mine.startMs }],
    });
    expect(
      booking.recordOutcome({
        session: { ...mine, outcome: 'cancelled' },
        outcome: 'no-show',
        nowMs: NOW + 30 * 86_400_000,
      }),
    ).toEqual({
      ok: false,
      problems: [{ kind: 'session-cancelled', outcome: 'cancelled' }],
    });
    expect(() =>
      booking.recordOutcome({ session: mine, outcome: 'scheduled' as 'completed', nowMs: NOW }),
    ).toThrow('outcome must be completed or no-show, not "scheduled"');
  });
});

describe('describeBookingProblem', () => {
  it('says each problem in a sentence', () => {
    expect(
      describeBookingProblem({
        kind: 'booking-cutoff-passed',
        bookingCutoffMs: at('2026-11-27T17:00:00+09:00'),
      }),
    ).toBe('the booking cutoff passed at 2026-11-27T17:00:00+09:00');
    expect(
      describeBookingProblem({
        kind: 'not-business-day',
        date: '2026-11-23',
        because: {
          kind: 'holiday',
          name: 'Labor Thanksgiving Day',
          nameJa: '勤労感謝の日',
          provisional: false,
        },
      }),
    ).toBe('2026-11-23 is not a business day (a holiday, Labor Thanksgiving Day)');
  });
});
