import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RECORDED_OUTCOMES,
  correctOutcome,
  previewCancellation,
  sameDaySessions,
  sessionDetailsProblem,
  type RecordedOutcome,
  type Session,
  type SessionOutcome,
} from '../../../../src/domain/booking';
import { at, bookingWith, rule, session } from './helpers';

const booking = bookingWith();

// Tue 1 Dec 2026 10:00 JST: its cutoff is Mon 30 Nov 17:00 JST.
const START = '2026-12-01T10:00:00+09:00';
const past = (n: number, outcome: SessionOutcome = 'completed') =>
  session('c1', 'p1', `2026-06-${String(n + 1).padStart(2, '0')}T10:00:00+09:00`, outcome);

describe('previewCancellation: said before a cancellation is confirmed', () => {
  const cases: {
    name: string;
    now: string;
    used: number;
    late: boolean;
    remaining: number;
  }[] = [
    // Five sessions used before, and this one scheduled: 6 of 7 counted.
    {
      name: 'in time gives the session back',
      now: '2026-11-30T17:00:00+09:00',
      used: 5,
      late: false,
      remaining: 2,
    },
    {
      name: 'a minute after the cutoff is late',
      now: '2026-11-30T17:01:00+09:00',
      used: 6,
      late: true,
      remaining: 1,
    },
    {
      name: 'the morning of the session is late',
      now: '2026-12-01T09:59:00+09:00',
      used: 6,
      late: true,
      remaining: 1,
    },
  ];
  it.each(cases)('$name', ({ now, used, late, remaining }) => {
    const target = session('c1', 'p1', START);
    const sessions = [...[1, 2, 3, 4, 5].map((n) => past(n)), target];
    const preview = previewCancellation(booking, { session: target, sessions, nowMs: at(now) });
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.late).toBe(late);
    expect(preview.quotaAfter.used).toBe(used);
    expect(preview.quotaAfter.limit).toBe(7);
    expect(preview.quotaAfter.remaining).toBe(remaining);
  });

  it('the last session of 7: a late cancellation leaves none', () => {
    const target = session('c1', 'p1', START);
    const sessions = [...[1, 2, 3, 4, 5, 6].map((n) => past(n)), target];
    const preview = previewCancellation(booking, {
      session: target,
      sessions,
      nowMs: at('2026-12-01T08:00:00+09:00'),
    });
    expect(preview).toMatchObject({ ok: true, late: true, quotaAfter: { used: 7, remaining: 0 } });
  });

  it('a session that has started cannot be cancelled: the refusal, not a preview', () => {
    const target = session('c1', 'p1', START);
    const preview = previewCancellation(booking, {
      session: target,
      sessions: [target],
      nowMs: at('2026-12-01T10:00:00+09:00'),
    });
    expect(preview).toMatchObject({ ok: false, problems: [{ kind: 'session-started' }] });
  });

  it('counts the quota year of the session, not of now', () => {
    // Fri 2 Apr 2027 lies in fiscal year 2027: the June 2026 sessions do not count there.
    const target = session('c1', 'p1', '2027-04-02T10:00:00+09:00');
    const preview = previewCancellation(booking, {
      session: target,
      sessions: [...[1, 2, 3].map((n) => past(n)), target],
      nowMs: at('2027-04-02T09:00:00+09:00'),
    });
    expect(preview).toMatchObject({
      ok: true,
      late: true,
      quotaAfter: { periodStart: '2027-04-01', used: 1, remaining: 6 },
    });
  });
});

describe('sessionDetailsProblem: the duration and channel of a completed session', () => {
  it.each([
    [40, 'video', null],
    [1, 'phone', null],
    [120, 'video', null],
    [0, 'video', 'duration-out-of-range'],
    [121, 'video', 'duration-out-of-range'],
    [39.5, 'video', 'duration-not-whole'],
    [Number.NaN, 'video', 'duration-not-whole'],
    [40, 'fax', 'channel'],
  ])('%s minutes by %s → %s', (durationMinutes, channel, problem) => {
    expect(sessionDetailsProblem({ durationMinutes, channel })).toBe(problem);
  });
});

describe('correctOutcome: a supervisor corrects a recorded outcome with a reason', () => {
  const NOW = at('2026-12-02T10:00:00+09:00');
  const held = (outcome: SessionOutcome, extra: Partial<Session> = {}) =>
    session('c1', 'p1', START, outcome, extra);
  const details = { durationMinutes: 40, channel: 'video' };

  it.each<[SessionOutcome, RecordedOutcome, string, string]>([
    ['no-show', 'completed', 'came late, link failed', 'ok'],
    ['completed', 'no-show', 'recorded on the wrong row', 'ok'],
    ['late-cancelled', 'cancelled', 'cancelled in time by e-mail', 'ok'],
    ['scheduled', 'completed', 'reason', 'not-recorded'],
    ['completed', 'completed', 'reason', 'same-outcome'],
    ['no-show', 'completed', '   ', 'reason-missing'],
    ['no-show', 'completed', 'x'.repeat(501), 'reason-too-long'],
  ])('%s → %s (%s): %s', (from, to, reason, expected) => {
    const result = correctOutcome({
      session: held(from),
      outcome: to,
      reason,
      nowMs: NOW,
      details,
    });
    expect(result.ok ? 'ok' : result.problem).toBe(expected);
  });

  it('completed needs the duration and channel', () => {
    const result = correctOutcome({
      session: held('no-show'),
      outcome: 'completed',
      reason: 'held after all',
      nowMs: NOW,
    });
    expect(result).toEqual({ ok: false, problem: 'duration-not-whole' });
  });

  it('a session in the future cannot become completed or no-show', () => {
    const result = correctOutcome({
      session: held('cancelled', { cancelledAtMs: at('2026-11-20T10:00:00+09:00') }),
      outcome: 'no-show',
      reason: 'wrong row',
      nowMs: at('2026-11-25T10:00:00+09:00'),
    });
    expect(result).toEqual({ ok: false, problem: 'not-started' });
  });

  it('keeps the cancellation time when a cancellation is corrected, drops it when held', () => {
    const cancelledAtMs = at('2026-11-30T18:00:00+09:00');
    const toInTime = correctOutcome({
      session: held('late-cancelled', { cancelledAtMs }),
      outcome: 'cancelled',
      reason: 'e-mail came in time',
      nowMs: NOW,
    });
    expect(toInTime).toMatchObject({ ok: true, from: 'late-cancelled' });
    expect(toInTime.ok && toInTime.session.cancelledAtMs).toBe(cancelledAtMs);
    const toHeld = correctOutcome({
      session: held('late-cancelled', { cancelledAtMs }),
      outcome: 'completed',
      reason: 'held after all',
      nowMs: NOW,
      details,
    });
    expect(toHeld.ok && 'cancelledAtMs' in toHeld.session).toBe(false);
  });

  it('property: an accepted correction changes only the outcome (and the cancellation time)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RECORDED_OUTCOMES),
        fc.constantFrom(...RECORDED_OUTCOMES),
        fc.string({ minLength: 1, maxLength: 40 }),
        (from, to, reason) => {
          const before = held(from, from.includes('cancel') ? { cancelledAtMs: NOW - 1 } : {});
          const result = correctOutcome({
            session: before,
            outcome: to,
            reason,
            nowMs: NOW,
            details,
          });
          if (!result.ok) return from === to || reason.trim() === '';
          const { outcome, cancelledAtMs, ...rest } = result.session;
          const { outcome: _o, cancelledAtMs: _c, ...restBefore } = before;
          return (
            outcome === to &&
            result.from === from &&
            JSON.stringify(rest) === JSON.stringify(restBefore) &&
            (to.includes('cancel') ? cancelledAtMs !== undefined : cancelledAtMs === undefined)
          );
        },
      ),
    );
  });
});

describe('sameDaySessions: the booking dialog warns of a second session on one day', () => {
  const morning = session('c1', 'p1', '2026-12-01T10:00:00+09:00');
  const cancelled = session('c2', 'p1', '2026-12-01T12:00:00+09:00', 'cancelled');
  const otherParticipant = session('c1', 'p2', '2026-12-01T14:00:00+09:00');
  const nextDay = session('c1', 'p1', '2026-12-02T00:00:00+09:00');
  const lateEvening = session('c1', 'p1', '2026-12-01T23:59:00+09:00', 'completed');
  const sessions = [lateEvening, morning, cancelled, otherParticipant, nextDay];

  it('lists the participant’s sessions on that JST day that still hold time, in order', () => {
    const found = sameDaySessions({
      sessions,
      participantId: 'p1',
      startMs: at('2026-12-01T16:00:00+09:00'),
    });
    expect(found.map((s) => s.id)).toEqual([morning.id, lateEvening.id]);
  });

  it('a session being changed is not a warning about itself', () => {
    const found = sameDaySessions({
      sessions,
      participantId: 'p1',
      startMs: at('2026-12-01T16:00:00+09:00'),
      exceptSessionId: morning.id,
    });
    expect(found.map((s) => s.id)).toEqual([lateEvening.id]);
  });
});

describe('offeredWindows: availability as it will be offered', () => {
  it('clips 08:00–10:30 to service hours and offers nothing on a holiday or weekend', () => {
    // Service hours default to 09:00–21:00 (calendar). Mon 23 Nov 2026 is a holiday.
    const rules = [rule('c1', '20261123T080000', 'FREQ=DAILY', 150)];
    const windows = booking.offeredWindows({ rules }, { from: '2026-11-23', to: '2026-11-30' });
    const open = booking.calendar.serviceHours.open;
    expect(windows.map((w) => w.date)).toEqual([
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-30',
    ]);
    for (const w of windows) {
      expect(w.startMs).toBe(at(`${w.date}T${open}:00+09:00`));
      expect(w.endMs).toBe(at(`${w.date}T10:30:00+09:00`));
    }
  });
});
