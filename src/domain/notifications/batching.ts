/**
 * Batching of deadline notifications. The queue looks at its threads on every tick of the clock
 * provider; each look is compared with the previous one, and what became due soon or overdue is
 * gathered and shown as one notification at most every `minIntervalMs` (default 5 minutes).
 *
 * Deadlines fall at the close of service hours (21:30 JST), so many threads change together: one
 * look already batches them. The interval only stops a steady trickle (threads reopened, imports)
 * from becoming a notification a minute. What waits is counted again when it is shown: a thread
 * answered in the meantime, or no longer due soon, is left out.
 *
 * A pure reducer: the caller keeps the state (a React ref, say) and passes `now` in.
 */
import {
  deadlineStatusChange,
  type DeadlineChangeOptions,
  type DeadlineNotificationCounts,
  type ThreadStatuses,
} from './deadline-changes';

export const DEFAULT_NOTIFICATION_INTERVAL_MS = 5 * 60_000;

export interface DeadlineNotifierState {
  /** The previous look at the queue. */
  readonly statuses: ThreadStatuses;
  /** Threads that became overdue and are not yet in a notification (internal ids). */
  readonly pendingOverdue: ReadonlySet<string>;
  /** Threads that became due soon and are not yet in a notification (internal ids). */
  readonly pendingDueSoon: ReadonlySet<string>;
  /** When the last notification was shown; null before the first. */
  readonly lastShownAtMs: number | null;
}

export interface DeadlineNotifierOptions extends DeadlineChangeOptions {
  /** The shortest time between two notifications. */
  readonly minIntervalMs?: number;
}

export interface DeadlineNotifierStep {
  readonly state: DeadlineNotifierState;
  /** What to announce now (pass to `notificationFor`), or null to stay quiet. */
  readonly notify: DeadlineNotificationCounts | null;
  /** Threads overdue now: the badge on the Queue link. */
  readonly overdueCount: number;
}

/**
 * The state for a first look at the queue: what is already due soon or overdue then is not
 * announced (the badge shows it).
 */
export function startDeadlineNotifier(statuses: ThreadStatuses): DeadlineNotifierState {
  return {
    statuses,
    pendingOverdue: new Set(),
    pendingDueSoon: new Set(),
    lastShownAtMs: null,
  };
}

/** Takes the next look at the queue. */
export function stepDeadlineNotifier(
  state: DeadlineNotifierState,
  current: ThreadStatuses,
  nowMs: number,
  options: DeadlineNotifierOptions = {},
): DeadlineNotifierStep {
  if (!Number.isFinite(nowMs)) throw new RangeError('nowMs must be a finite number');
  const minIntervalMs = options.minIntervalMs ?? DEFAULT_NOTIFICATION_INTERVAL_MS;
  const change = deadlineStatusChange(state.statuses, current, options);

  const stillIs = (ids: Iterable<string>, status: string) =>
    new Set([...ids].filter((id) => current.get(id) === status));
  const pendingOverdue = stillIs([...state.pendingOverdue, ...change.newlyOverdueIds], 'overdue');
  const pendingDueSoon = stillIs([...state.pendingDueSoon, ...change.newlyDueSoonIds], 'due-soon');

  const waiting = pendingOverdue.size + pendingDueSoon.size > 0;
  // A clock set back (a demo, a test) starts the interval afresh rather than silencing for hours.
  const last = state.lastShownAtMs;
  const mayShow = last === null || nowMs < last || nowMs - last >= minIntervalMs;
  if (waiting && mayShow) {
    return {
      state: {
        statuses: current,
        pendingOverdue: new Set(),
        pendingDueSoon: new Set(),
        lastShownAtMs: nowMs,
      },
      notify: { newlyOverdue: pendingOverdue.size, newlyDueSoon: pendingDueSoon.size },
      overdueCount: change.overdueCount,
    };
  }
  return {
    state: {
      statuses: current,
      pendingOverdue,
      pendingDueSoon,
      lastShownAtMs: state.lastShownAtMs,
    },
    notify: null,
    overdueCount: change.overdueCount,
  };
}
