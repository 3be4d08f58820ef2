import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quotaPositions, type SessionOutcome } from '../../../../src/domain/booking';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../../src/domain/settings/organisation-settings';
import { session } from './helpers';

const settings = (quotaYear: 'fiscal' | 'jet' | 'calendar') => ({
  ...DEFAULT_ORGANISATION_SETTINGS,
  sessionQuota: { ...DEFAULT_ORGANISATION_SETTINGS.sessionQuota, quotaYear },
});

describe('quota positions ("session 3 of 7")', () => {
  it('numbers a participant’s counted sessions in start order; cancellations have none', () => {
    const s1 = session('c1', 'p1', '2026-05-11T10:00:00+09:00', 'completed');
    const s2 = session('c1', 'p1', '2026-05-18T10:00:00+09:00', 'cancelled');
    const s3 = session('c1', 'p1', '2026-05-25T10:00:00+09:00', 'late-cancelled');
    const s4 = session('c1', 'p1', '2026-06-01T10:00:00+09:00', 'no-show');
    const s5 = session('c1', 'p1', '2026-06-08T10:00:00+09:00', 'scheduled');
    const other = session('c1', 'p2', '2026-05-12T10:00:00+09:00', 'completed');
    const positions = quotaPositions([s5, s4, s3, s2, s1, other]);
    expect(positions.get(s1.id)).toEqual({
      position: 1,
      limit: 7,
      periodStart: '2026-04-01',
      overQuota: false,
    });
    expect(positions.has(s2.id)).toBe(false);
    expect(positions.get(s3.id)?.position).toBe(2);
    expect(positions.get(s4.id)?.position).toBe(3);
    expect(positions.get(s5.id)?.position).toBe(4);
    expect(positions.get(other.id)?.position).toBe(1);
  });

  it.each([
    // 31 March and 1 April JST fall in different fiscal years.
    ['fiscal', '2027-03-31T20:00:00+09:00', '2027-04-01T10:00:00+09:00', 1],
    ['fiscal', '2027-03-01T10:00:00+09:00', '2027-03-31T20:00:00+09:00', 2],
    ['jet', '2026-07-31T20:00:00+09:00', '2026-08-03T10:00:00+09:00', 1],
    ['calendar', '2026-12-28T10:00:00+09:00', '2027-01-04T10:00:00+09:00', 1],
    ['fiscal', '2026-12-28T10:00:00+09:00', '2027-01-04T10:00:00+09:00', 2],
  ] as const)('%s year: %s then %s → the second is session %i', (kind, first, second, expected) => {
    const a = session('c1', 'p1', first, 'completed');
    const b = session('c1', 'p1', second, 'completed');
    expect(quotaPositions([a, b], settings(kind)).get(b.id)?.position).toBe(expected);
  });

  it('marks imported history beyond the quota', () => {
    const sessions = Array.from({ length: 8 }, (_, i) =>
      session('c1', 'p1', `2026-05-${String(11 + i).padStart(2, '0')}T10:00:00+09:00`, 'completed'),
    );
    const positions = quotaPositions(sessions);
    expect(positions.get(sessions[6]!.id)).toMatchObject({ position: 7, overQuota: false });
    expect(positions.get(sessions[7]!.id)).toMatchObject({ position: 8, overQuota: true });
  });

  it('leaves out soft-deleted sessions', () => {
    const a = { ...session('c1', 'p1', '2026-05-11T10:00:00+09:00', 'completed'), deletedAt: 5 };
    const b = session('c1', 'p1', '2026-05-18T10:00:00+09:00', 'completed');
    const positions = quotaPositions([a, b]);
    expect(positions.has(a.id)).toBe(false);
    expect(positions.get(b.id)?.position).toBe(1);
  });

  it('positions of one participant and year are exactly 1..n, whatever the input order', () => {
    const outcomes: SessionOutcome[] = [
      'scheduled',
      'completed',
      'cancelled',
      'late-cancelled',
      'no-show',
    ];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            day: fc.integer({ min: 1, max: 28 }),
            month: fc.integer({ min: 4, max: 12 }),
            participant: fc.constantFrom('p1', 'p2'),
            outcome: fc.constantFrom(...outcomes),
          }),
          { maxLength: 30 },
        ),
        (specs) => {
          const sessions = specs.map((s) =>
            session(
              'c1',
              s.participant,
              `2026-${String(s.month).padStart(2, '0')}-${String(s.day).padStart(2, '0')}T10:00:00+09:00`,
              s.outcome,
            ),
          );
          const positions = quotaPositions([...sessions].reverse());
          for (const p of ['p1', 'p2']) {
            const counted = sessions.filter(
              (s) => s.participantId === p && s.outcome !== 'cancelled',
            );
            const got = counted.map((s) => positions.get(s.id)!.position).sort((a, b) => a - b);
            expect(got).toEqual(counted.map((_, i) => i + 1));
          }
        },
      ),
    );
  });
});
