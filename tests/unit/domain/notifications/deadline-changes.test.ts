import { describe, expect, it } from 'vitest';
import {
  deadlineStatusChange,
  overdueBadge,
  type ThreadStatuses,
} from '../../../../src/domain/notifications';

const statuses = (entries: Record<string, string>): ThreadStatuses =>
  new Map(Object.entries(entries));

describe('deadlineStatusChange', () => {
  it('counts threads that became due soon or overdue, each once, under its new status', () => {
    const previous = statuses({
      a: 'on-track',
      b: 'on-track',
      c: 'due-soon',
      d: 'on-track',
      e: 'overdue',
      f: 'due-soon',
    });
    const current = statuses({
      a: 'due-soon', // newly due soon
      b: 'overdue', // straight to overdue: newly overdue only
      c: 'overdue', // due soon → overdue
      d: 'on-track',
      e: 'overdue', // already overdue
      f: 'due-soon', // already due soon
    });
    const change = deadlineStatusChange(previous, current);
    expect(change.counts).toEqual({ newlyOverdue: 2, newlyDueSoon: 1 });
    expect(change.newlyOverdueIds).toEqual(['b', 'c']);
    expect(change.newlyDueSoonIds).toEqual(['a']);
    expect(change.overdueCount).toBe(3);
    expect(change.dueSoonCount).toBe(2);
  });

  it.each<[string, string, string, number, number]>([
    ['answered', 'due-soon', 'answered-on-time', 0, 0],
    ['answered late', 'overdue', 'answered-late', 0, 0],
    ['a deadline moved back', 'overdue', 'due-soon', 0, 0],
    ['due soon again after being on track', 'on-track', 'due-soon', 0, 1],
    ['from an unknown status', 'something-else', 'overdue', 1, 0],
    ['to an unknown status', 'on-track', 'something-else', 0, 0],
  ])('%s: %s → %s', (_what, before, after, overdue, dueSoon) => {
    const change = deadlineStatusChange(statuses({ t: before }), statuses({ t: after }));
    expect(change.counts).toEqual({ newlyOverdue: overdue, newlyDueSoon: dueSoon });
  });

  it('does not announce threads seen for the first time, unless asked to', () => {
    const current = statuses({ old: 'overdue', soon: 'due-soon', fine: 'on-track' });
    const quiet = deadlineStatusChange(new Map(), current);
    expect(quiet.counts).toEqual({ newlyOverdue: 0, newlyDueSoon: 0 });
    expect(quiet.overdueCount).toBe(1);
    const loud = deadlineStatusChange(new Map(), current, { includeNewThreads: true });
    expect(loud.counts).toEqual({ newlyOverdue: 1, newlyDueSoon: 1 });
  });

  it('ignores threads that are gone', () => {
    const change = deadlineStatusChange(statuses({ gone: 'on-track' }), new Map());
    expect(change.counts).toEqual({ newlyOverdue: 0, newlyDueSoon: 0 });
    expect(change.overdueCount).toBe(0);
  });
});

describe('overdueBadge', () => {
  it.each<[number, string | null]>([
    [0, null],
    [-1, null],
    [Number.NaN, null],
    [1, '1'],
    [42, '42'],
    [99, '99'],
    [100, '99+'],
    [12345, '99+'],
  ])('%d → %j', (count, badge) => {
    expect(overdueBadge(count)).toBe(badge);
  });
});
