import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DeadlineStatus } from '../../../domain/calendar';
import { useWorkstationDb } from '../../app/database';
import { useBusinessCalendar } from '../../app/workstation';
import type { Language, RiskLevel, ThreadRecord } from '../../db/records';

export interface QueueRow {
  thread: ThreadRecord;
  status: DeadlineStatus;
}

export type Scope = 'mine' | 'unassigned' | 'all';
export type StatusFilter = 'any' | 'overdue' | 'due-soon' | 'on-track';

export interface QueueFilters {
  scope: Scope;
  status: StatusFilter;
  risk: 'any' | RiskLevel | 'possible';
  language: 'any' | Language;
  counsellor: string | null;
  tag: string | null;
  /** Threads whose subject or text matched the search, or null when there is no search. */
  matching: ReadonlySet<string> | null;
}

export const DEFAULT_FILTERS: QueueFilters = {
  scope: 'all',
  status: 'any',
  risk: 'any',
  language: 'any',
  counsellor: null,
  tag: null,
  matching: null,
};

/** Open threads' metadata: the first screen first, then the rest; patched in place after changes. */
export function useOpenThreads() {
  const { queue, dataVersion } = useWorkstationDb();
  const [threads, setThreads] = useState<ThreadRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    queue
      .firstOpenThreads(60)
      .then((first) => {
        if (!cancelled) setThreads((current) => current ?? first);
        return queue.openThreads();
      })
      .then((all) => {
        if (!cancelled) setThreads(all);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      cancelled = true;
    };
  }, [queue, dataVersion]);

  /** Puts a changed thread in place (or takes it out once it is no longer open). */
  const replace = useCallback((thread: ThreadRecord) => {
    setThreads((current) => {
      if (current === null) return current;
      const without = current.filter((t) => t.id !== thread.id);
      return thread.state === 'open' ? [...without, thread] : without;
    });
  }, []);
  return { threads, error, replace };
}

/** Urgent first (the counsellors' own marking), then the earliest deadline. */
export function compareRows(a: QueueRow, b: QueueRow): number {
  const urgentA = a.thread.risk === 'urgent' ? 0 : 1;
  const urgentB = b.thread.risk === 'urgent' ? 0 : 1;
  return (
    urgentA - urgentB ||
    a.status.deadlineMs - b.status.deadlineMs ||
    a.thread.id.localeCompare(b.thread.id)
  );
}

export function useQueueRows(
  threads: ThreadRecord[] | null,
  filters: QueueFilters,
  nowMs: number,
  me: string | null,
) {
  const calendar = useBusinessCalendar();
  const all = useMemo(() => {
    if (threads === null) return null;
    return threads
      .filter((t) => t.openSinceMs !== null)
      .map((thread) => ({
        thread,
        status: calendar.deadlineStatus({ receivedAtMs: thread.openSinceMs!, nowMs }),
      }));
  }, [threads, calendar, nowMs]);
  const rows = useMemo(() => {
    if (all === null) return null;
    return all
      .filter(({ thread, status }) => {
        if (filters.scope === 'mine' && (me === null || thread.assigneeId !== me)) return false;
        if (filters.scope === 'unassigned' && thread.assigneeId !== null) return false;
        if (filters.status !== 'any' && status.status !== filters.status) return false;
        if (
          filters.risk === 'possible'
            ? !thread.possibleRisk
            : filters.risk !== 'any' && thread.risk !== filters.risk
        )
          return false;
        if (filters.language !== 'any' && thread.language !== filters.language) return false;
        if (filters.counsellor !== null && thread.assigneeId !== filters.counsellor) return false;
        if (filters.tag !== null && !thread.tags.includes(filters.tag)) return false;
        if (filters.matching !== null && !filters.matching.has(thread.id)) return false;
        return true;
      })
      .sort(compareRows);
  }, [all, filters, me]);
  const counts = useMemo(() => {
    const c = { overdue: 0, dueSoon: 0 };
    for (const row of all ?? []) {
      if (row.status.status === 'overdue') c.overdue += 1;
      else if (row.status.status === 'due-soon') c.dueSoon += 1;
    }
    return c;
  }, [all]);
  const tags = useMemo(
    () => [...new Set((threads ?? []).flatMap((t) => t.tags))].sort(),
    [threads],
  );
  return { rows, counts, tags, all };
}

/** Subjects of the rows on screen, fetched as they appear and kept. */
export function useSubjects(visibleIds: readonly string[]) {
  const { queue, dataVersion } = useWorkstationDb();
  const [subjects, setSubjects] = useState<Map<string, string>>(() => new Map());
  const key = visibleIds.join(',');
  useEffect(() => {
    const missing = visibleIds.filter((id) => !subjects.has(id));
    if (missing.length === 0) return;
    let cancelled = false;
    void queue.subjects(missing).then((found) => {
      if (cancelled) return;
      setSubjects((current) => {
        const next = new Map(current);
        for (const id of missing) next.set(id, found.get(id) ?? '');
        return next;
      });
    });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the visible ids
  }, [key, queue, dataVersion]);
  return subjects;
}
