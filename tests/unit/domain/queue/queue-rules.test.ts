import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  businessDaysOverdue,
  compareQueueOrder,
  queueTier,
  type QueueOrderFacts,
} from '../../../../src/domain/queue';
import { at, calendarWith } from '../calendar/helpers';

const calendar = calendarWith();

describe('businessDaysOverdue', () => {
  // Thu 3 Dec 2026 21:30 JST; Mon 23 Nov 2026 is Labour Thanksgiving Day.
  const deadline = at('2026-12-03T21:30:00+09:00');
  it.each([
    ['at the deadline (still in time)', '2026-12-03T21:30:00+09:00', 0],
    ['the same evening, after it', '2026-12-03T22:00:00+09:00', 0],
    ['the next business day', '2026-12-04T09:00:00+09:00', 1],
    ['over the weekend', '2026-12-06T12:00:00+09:00', 1],
    ['on Monday', '2026-12-07T08:00:00+09:00', 2],
    ['a week later', '2026-12-10T22:00:00+09:00', 5],
  ])('%s', (_, now, expected) => {
    expect(businessDaysOverdue(calendar, deadline, at(now))).toBe(expected);
  });

  it('does not count a holiday', () => {
    // Fri 20 Nov 21:30 deadline; Mon 23 Nov is a holiday, so Tuesday is the first day late.
    const friday = at('2026-11-20T21:30:00+09:00');
    expect(businessDaysOverdue(calendar, friday, at('2026-11-23T12:00:00+09:00'))).toBe(0);
    expect(businessDaysOverdue(calendar, friday, at('2026-11-24T12:00:00+09:00'))).toBe(1);
  });

  it('grows by at most one per day and never goes down as time passes', () => {
    const base = at('2026-01-05T21:30:00+09:00');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * 24 }),
        fc.integer({ min: 0, max: 72 }),
        (hours, more) => {
          const a = businessDaysOverdue(calendar, base, base + hours * 3_600_000);
          const b = businessDaysOverdue(calendar, base, base + (hours + more) * 3_600_000);
          return b >= a && b - a <= Math.ceil(more / 24) + 1;
        },
      ),
    );
  });
});

const facts = (over: Partial<QueueOrderFacts>): QueueOrderFacts => ({
  id: 't',
  urgent: false,
  assessed: false,
  crisisSignal: false,
  deadlineMs: 0,
  ...over,
});

describe('queue order', () => {
  it.each([
    [{ urgent: true, assessed: true }, 'urgent'],
    [{ urgent: true, assessed: true, crisisSignal: true }, 'urgent'],
    [{ assessed: false, crisisSignal: true }, 'unassessed-crisis-signal'],
    [{ assessed: true, crisisSignal: true }, 'by-deadline'],
    [{ assessed: false, crisisSignal: false }, 'by-deadline'],
    [{ assessed: true }, 'by-deadline'],
  ] as const)('%o is in tier %s', (over, tier) => {
    expect(queueTier(facts(over))).toBe(tier);
  });

  it('puts an unassessed thread with a crisis signal right after urgent ones, whatever its deadline', () => {
    const urgentLate = facts({ id: 'a', urgent: true, assessed: true, deadlineMs: 900 });
    const signalLate = facts({ id: 'b', crisisSignal: true, deadlineMs: 800 });
    const overdue = facts({ id: 'c', assessed: true, deadlineMs: 1 });
    const sorted = [overdue, signalLate, urgentLate].sort(compareQueueOrder).map((f) => f.id);
    expect(sorted).toEqual(['a', 'b', 'c']);
  });

  const arbitraryFacts = fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    urgent: fc.boolean(),
    assessed: fc.boolean(),
    crisisSignal: fc.boolean(),
    deadlineMs: fc.integer({ min: 0, max: 1000 }),
  });

  it('is a total order: antisymmetric, and the same result whatever the input order', () => {
    fc.assert(
      fc.property(fc.array(arbitraryFacts, { maxLength: 30 }), (list) => {
        const unique = [...new Map(list.map((f) => [f.id, f])).values()];
        const once = [...unique].sort(compareQueueOrder);
        const again = [...unique].reverse().sort(compareQueueOrder);
        for (const a of unique)
          for (const b of unique)
            if (a !== b)
              expect(Math.sign(compareQueueOrder(a, b))).toBe(-Math.sign(compareQueueOrder(b, a)));
        expect(again.map((f) => f.id)).toEqual(once.map((f) => f.id));
      }),
    );
  });

  it('never lets a later tier precede an earlier one, and orders by deadline within a tier', () => {
    const rank = { urgent: 0, 'unassessed-crisis-signal': 1, 'by-deadline': 2 } as const;
    fc.assert(
      fc.property(fc.array(arbitraryFacts, { maxLength: 30 }), (list) => {
        const sorted = [...list].sort(compareQueueOrder);
        for (let i = 1; i < sorted.length; i += 1) {
          const a = sorted[i - 1]!;
          const b = sorted[i]!;
          const ra = rank[queueTier(a)];
          const rb = rank[queueTier(b)];
          expect(ra).toBeLessThanOrEqual(rb);
          if (ra === rb) expect(a.deadlineMs).toBeLessThanOrEqual(b.deadlineMs);
        }
      }),
    );
  });
});
