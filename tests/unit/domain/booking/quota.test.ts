import { describe, expect, it } from 'vitest';
import {
  countsTowardQuota,
  quotaPeriod,
  quotaUsage,
  type SessionOutcome,
} from '../../../../src/domain/booking';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../../src/domain/settings/organisation-settings';
import { at, bookingWith, session } from './helpers';

describe('quota year (DOMAIN.md section 5)', () => {
  it.each([
    ['fiscal', '2026-11-27T12:00:00+09:00', '2026-04-01', '2027-03-31', '2027-04-01'],
    ['fiscal', '2027-03-31T23:59:59+09:00', '2026-04-01', '2027-03-31', '2027-04-01'],
    // 15:00 UTC on 31 March is midnight of 1 April in Japan: the JST date decides.
    ['fiscal', '2027-03-31T15:00:00Z', '2027-04-01', '2028-03-31', '2028-04-01'],
    ['fiscal', '2027-01-15T10:00:00+09:00', '2026-04-01', '2027-03-31', '2027-04-01'],
    ['jet', '2026-07-31T23:59:00+09:00', '2025-08-01', '2026-07-31', '2026-08-01'],
    ['jet', '2026-08-01T00:00:00+09:00', '2026-08-01', '2027-07-31', '2027-08-01'],
    ['calendar', '2026-12-31T23:00:00+09:00', '2026-01-01', '2026-12-31', '2027-01-01'],
    ['calendar', '2026-12-31T15:00:00Z', '2027-01-01', '2027-12-31', '2028-01-01'],
    ['fiscal', '2028-02-29T10:00:00+09:00', '2027-04-01', '2028-03-31', '2028-04-01'],
  ] as const)(
    '%s year at %s: %s to %s, renews %s',
    (kind, instant, periodStart, periodEnd, renewsOn) => {
      expect(quotaPeriod(at(instant), kind)).toEqual({ periodStart, periodEnd, renewsOn });
    },
  );

  it('counts scheduled, completed, late-cancelled and no-show sessions, not cancelled ones', () => {
    const counted: Record<SessionOutcome, boolean> = {
      scheduled: true,
      completed: true,
      'late-cancelled': true,
      'no-show': true,
      cancelled: false,
    };
    for (const [outcome, counts] of Object.entries(counted)) {
      expect(countsTowardQuota(outcome as SessionOutcome)).toBe(counts);
    }
  });
});

describe('quotaUsage', () => {
  const sessions = [
    session('c1', 'p1', '2026-03-31T10:00:00+09:00', 'completed'), // fiscal 2025
    session('c1', 'p1', '2026-04-01T10:00:00+09:00', 'completed'),
    session('c1', 'p1', '2026-06-01T10:00:00+09:00', 'no-show'),
    session('c1', 'p1', '2026-09-01T10:00:00+09:00', 'late-cancelled'),
    session('c1', 'p1', '2026-10-01T10:00:00+09:00', 'cancelled'),
    session('c1', 'p1', '2026-12-01T10:00:00+09:00', 'scheduled'), // after `at`: booked ones count
    session('c1', 'p2', '2026-06-01T10:00:00+09:00', 'completed'),
  ];

  it('gives used, remaining and the quota year of the instant', () => {
    expect(
      quotaUsage({ sessions, participantId: 'p1', atMs: at('2026-11-27T12:00:00+09:00') }),
    ).toEqual({
      participantId: 'p1',
      limit: 7,
      used: 4,
      remaining: 3,
      periodStart: '2026-04-01',
      periodEnd: '2027-03-31',
      renewsOn: '2027-04-01',
    });
    expect(
      quotaUsage({ sessions, participantId: 'p1', atMs: at('2026-03-01T12:00:00+09:00') }),
    ).toMatchObject({
      used: 1,
      periodStart: '2025-04-01',
    });
    expect(
      quotaUsage({ sessions, participantId: 'p3', atMs: at('2026-11-27T12:00:00+09:00') }),
    ).toMatchObject({
      used: 0,
      remaining: 7,
    });
  });

  it('follows the settings, and never gives a negative remainder', () => {
    const settings = {
      ...DEFAULT_ORGANISATION_SETTINGS,
      sessionQuota: { sessionsPerYear: 2, quotaYear: 'calendar' as const },
    };
    expect(
      quotaUsage({
        sessions,
        participantId: 'p1',
        atMs: at('2026-11-27T12:00:00+09:00'),
        settings,
      }),
    ).toEqual({
      participantId: 'p1',
      limit: 2,
      used: 5,
      remaining: 0,
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      renewsOn: '2027-01-01',
    });
  });

  it('is also a method of the booking rules, which checks the sessions', () => {
    const booking = bookingWith({ sessionQuota: { sessionsPerYear: 7, quotaYear: 'jet' } });
    expect(
      booking.quota({ sessions, participantId: 'p1', atMs: at('2026-11-27T12:00:00+09:00') }),
    ).toMatchObject({
      used: 2,
      remaining: 5,
      periodStart: '2026-08-01',
      renewsOn: '2027-08-01',
    });
    expect(() =>
      booking.quota({
        sessions: [{ ...sessions[0]!, participantId: '' }],
        participantId: 'p1',
        atMs: 0,
      }),
    ).toThrow('sessions[0].participantId: must be non-empty text, not ""');
    expect(() => quotaPeriod(Number.NaN, 'fiscal')).toThrow('atMs must be an instant');
    expect(() => quotaPeriod(0, 'school' as 'fiscal')).toThrow(
      'sessionQuota.quotaYear must be fiscal, jet or calendar, not school',
    );
  });
});
