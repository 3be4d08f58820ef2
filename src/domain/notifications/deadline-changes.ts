/**
 * What changed in the threads' deadline statuses between two looks at the queue (issue 4, item 9).
 *
 * The ids in the result are for the app's own use (e.g. to refresh those rows); a notification
 * is built from the counts alone (notification-text.ts), so no id can reach one.
 */

/** A thread's deadline status, as the queue computes it (DOMAIN.md section 4), or anything else. */
export type ThreadDeadlineStatus = 'on-track' | 'due-soon' | 'overdue' | (string & {});

/** Thread id → deadline status. */
export type ThreadStatuses = ReadonlyMap<string, ThreadDeadlineStatus>;

/** The only input a notification is built from: counts, never records. */
export interface DeadlineNotificationCounts {
  /** Threads that became overdue since the previous look. */
  readonly newlyOverdue: number;
  /** Threads that became due soon since the previous look. */
  readonly newlyDueSoon: number;
}

export interface DeadlineStatusChange {
  readonly counts: DeadlineNotificationCounts;
  /** For internal use only (never shown in a notification). In the current map's order. */
  readonly newlyOverdueIds: readonly string[];
  /** For internal use only (never shown in a notification). In the current map's order. */
  readonly newlyDueSoonIds: readonly string[];
  /** Threads overdue now: the badge on the Queue link. */
  readonly overdueCount: number;
  /** Threads due soon now. */
  readonly dueSoonCount: number;
}

export interface DeadlineChangeOptions {
  /**
   * Whether a thread absent from the previous look counts as "newly" due soon or overdue.
   * Default false: a thread that appears already overdue (an import of old messages, the first
   * look after start-up) did not *become* overdue while the counsellor was watching, and the
   * badge already counts it. Pass true to announce them too.
   */
  readonly includeNewThreads?: boolean;
}

/** How pressing a status is: 0 for anything that is neither due soon nor overdue. */
function urgency(status: ThreadDeadlineStatus | undefined): number {
  if (status === 'overdue') return 2;
  if (status === 'due-soon') return 1;
  return 0;
}

/**
 * Compares two looks at the queue. A thread counts once, under its new status, when that status
 * is more pressing than before: on track → due soon, on track or due soon → overdue. A thread that
 * went back (a deadline moved by a settings change) or was answered counts for nothing.
 */
export function deadlineStatusChange(
  previous: ThreadStatuses,
  current: ThreadStatuses,
  options: DeadlineChangeOptions = {},
): DeadlineStatusChange {
  const newlyOverdueIds: string[] = [];
  const newlyDueSoonIds: string[] = [];
  let overdueCount = 0;
  let dueSoonCount = 0;
  for (const [id, status] of current) {
    const now = urgency(status);
    if (now === 2) overdueCount += 1;
    else if (now === 1) dueSoonCount += 1;
    if (now === 0) continue;
    const before = previous.get(id);
    if (before === undefined && !options.includeNewThreads) continue;
    if (now <= urgency(before)) continue;
    (now === 2 ? newlyOverdueIds : newlyDueSoonIds).push(id);
  }
  return {
    counts: { newlyOverdue: newlyOverdueIds.length, newlyDueSoon: newlyDueSoonIds.length },
    newlyOverdueIds,
    newlyDueSoonIds,
    overdueCount,
    dueSoonCount,
  };
}

/** The badge text for the Queue link: null when nothing is overdue, "99+" above 99. */
export function overdueBadge(overdueCount: number): string | null {
  if (!Number.isFinite(overdueCount) || overdueCount < 1) return null;
  return overdueCount > 99 ? '99+' : String(Math.floor(overdueCount));
}
