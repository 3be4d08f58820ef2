import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NOTIFICATION_INTERVAL_MS,
  startDeadlineNotifier,
  stepDeadlineNotifier,
  type DeadlineNotifierState,
  type ThreadStatuses,
} from '../../../../src/domain/notifications';

const statuses = (entries: Record<string, string>): ThreadStatuses =>
  new Map(Object.entries(entries));
const MINUTE = 60_000;
const T0 = Date.UTC(2025, 10, 27, 12, 30); // 21:30 JST

describe('deadline notifier', () => {
  it('stays quiet about what is already overdue at start-up, and shows the badge', () => {
    const state = startDeadlineNotifier(statuses({ a: 'overdue', b: 'on-track' }));
    const step = stepDeadlineNotifier(state, statuses({ a: 'overdue', b: 'on-track' }), T0);
    expect(step.notify).toBeNull();
    expect(step.overdueCount).toBe(1);
  });

  it('announces what changed together as one notification', () => {
    const state = startDeadlineNotifier(statuses({ a: 'due-soon', b: 'due-soon', c: 'on-track' }));
    const step = stepDeadlineNotifier(
      state,
      statuses({ a: 'overdue', b: 'overdue', c: 'due-soon' }),
      T0,
    );
    expect(step.notify).toEqual({ newlyOverdue: 2, newlyDueSoon: 1 });
    expect(step.overdueCount).toBe(2);
    expect(step.state.lastShownAtMs).toBe(T0);
  });

  it('holds further changes until the interval has passed, then shows them together', () => {
    let state: DeadlineNotifierState = startDeadlineNotifier(
      statuses({ a: 'on-track', b: 'on-track', c: 'on-track' }),
    );
    let step = stepDeadlineNotifier(
      state,
      statuses({ a: 'overdue', b: 'on-track', c: 'on-track' }),
      T0,
    );
    expect(step.notify).toEqual({ newlyOverdue: 1, newlyDueSoon: 0 });
    state = step.state;

    step = stepDeadlineNotifier(
      state,
      statuses({ a: 'overdue', b: 'overdue', c: 'on-track' }),
      T0 + MINUTE,
    );
    expect(step.notify).toBeNull();
    state = step.state;
    step = stepDeadlineNotifier(
      state,
      statuses({ a: 'overdue', b: 'overdue', c: 'due-soon' }),
      T0 + 2 * MINUTE,
    );
    expect(step.notify).toBeNull();
    state = step.state;

    step = stepDeadlineNotifier(
      state,
      statuses({ a: 'overdue', b: 'overdue', c: 'due-soon' }),
      T0 + DEFAULT_NOTIFICATION_INTERVAL_MS,
    );
    expect(step.notify).toEqual({ newlyOverdue: 1, newlyDueSoon: 1 });
    expect(step.overdueCount).toBe(2);
  });

  it('leaves out what was answered, or moved on, while it waited', () => {
    let state = startDeadlineNotifier(
      statuses({ a: 'on-track', b: 'on-track', c: 'on-track', d: 'on-track' }),
    );
    state = stepDeadlineNotifier(
      state,
      statuses({ a: 'overdue', b: 'on-track', c: 'on-track', d: 'on-track' }),
      T0,
    ).state;
    // Within the interval: b and c become due soon, d overdue.
    state = stepDeadlineNotifier(
      state,
      statuses({ a: 'overdue', b: 'due-soon', c: 'due-soon', d: 'overdue' }),
      T0 + MINUTE,
    ).state;
    // Then b is answered, c becomes overdue, d is answered late.
    const step = stepDeadlineNotifier(
      state,
      statuses({ a: 'overdue', b: 'answered-on-time', c: 'overdue', d: 'answered-late' }),
      T0 + 10 * MINUTE,
    );
    expect(step.notify).toEqual({ newlyOverdue: 1, newlyDueSoon: 0 });
  });

  it('starts afresh when the clock is set back, and honours a custom interval', () => {
    let state = startDeadlineNotifier(statuses({ a: 'on-track', b: 'on-track' }));
    state = stepDeadlineNotifier(state, statuses({ a: 'overdue', b: 'on-track' }), T0).state;
    const back = stepDeadlineNotifier(
      state,
      statuses({ a: 'overdue', b: 'overdue' }),
      T0 - 60 * MINUTE,
    );
    expect(back.notify).toEqual({ newlyOverdue: 1, newlyDueSoon: 0 });

    let quick = startDeadlineNotifier(statuses({ a: 'on-track', b: 'on-track' }));
    quick = stepDeadlineNotifier(quick, statuses({ a: 'overdue', b: 'on-track' }), T0, {
      minIntervalMs: 0,
    }).state;
    const next = stepDeadlineNotifier(quick, statuses({ a: 'overdue', b: 'overdue' }), T0 + 1, {
      minIntervalMs: 0,
    });
    expect(next.notify).toEqual({ newlyOverdue: 1, newlyDueSoon: 0 });
  });

  it('refuses a time that is not a number', () => {
    const state = startDeadlineNotifier(new Map());
    expect(() => stepDeadlineNotifier(state, new Map(), Number.NaN)).toThrow(RangeError);
  });
});
