import { useMemo, useState } from 'react';
import type { DeadlineStatus } from '../../../domain/calendar';
import { compareQueueOrder, type QueueOrderFacts } from '../../../domain/queue';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import { useBusinessCalendar } from '../../app/workstation';
import type { CounsellorRecord, Language, RiskLevel, ThreadRecord } from '../../db/records';

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

/**
 * Open threads' metadata, live: the first screen first (the first rows by deadline), then the
 * rest. Both reads re-run by themselves after any change to the threads, made here or elsewhere.
 */
export function useOpenThreads() {
  const { queue } = useWorkstationDb();
  const first = useData('queue.first-open-threads', () => queue.firstOpenThreads(60), [queue]);
  const all = useData('queue.open-threads', () => queue.openThreads(), [queue]);
  return { threads: all.data ?? first.data ?? null, error: all.error ?? first.error };
}

/** The counsellors (for names and the "working as" choice), live. */
export function useCounsellors(): CounsellorRecord[] {
  const { queue } = useWorkstationDb();
  return useData('queue.counsellors', () => queue.counsellors(), [queue]).data ?? NO_COUNSELLORS;
}
const NO_COUNSELLORS: CounsellorRecord[] = [];

/** The queue's order (domain/queue): urgent, then unassessed with a crisis signal, then deadline. */
export function compareRows(a: QueueRow, b: QueueRow): number {
  return compareQueueOrder(orderFacts(a), orderFacts(b));
}

function orderFacts({ thread, status }: QueueRow): QueueOrderFacts {
  return {
    id: thread.id,
    urgent: thread.risk === 'urgent',
    assessed: thread.risk !== 'not-assessed',
    crisisSignal: thread.possibleRisk,
    deadlineMs: status.deadlineMs,
  };
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

/**
 * Subjects of the rows on screen, read live as they appear. Subjects already read are kept while
 * the next rows' are read, so scrolling never blanks the rows still on screen.
 */
export function useSubjects(visibleIds: readonly string[]): ReadonlyMap<string, string> {
  const { queue } = useWorkstationDb();
  const key = visibleIds.join(',');
  const { data } = useData(
    'queue.subjects',
    () => queue.subjects(key === '' ? [] : key.split(',')),
    [queue, key],
  );
  const [kept, setKept] = useState<{
    from: Map<string, string> | undefined;
    all: Map<string, string>;
  }>(() => ({ from: undefined, all: new Map() }));
  // Merged during render when a new result arrives (React's "adjust state on a prop change").
  if (data !== undefined && data !== kept.from) {
    const all = new Map(kept.all);
    for (const id of key.split(',')) if (id !== '') all.set(id, data.get(id) ?? '');
    setKept({ from: data, all });
  }
  return kept.all;
}
