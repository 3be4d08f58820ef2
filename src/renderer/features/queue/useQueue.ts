import { useMemo, useState } from 'react';
import type { BusinessCalendar, DeadlineStatus } from '../../../domain/calendar';
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
/**
 * `open`: every open thread (the default); a deadline status; answered threads (on time or late,
 * by the deadline of the oldest message their last answer answered); or every thread.
 */
export type StatusFilter =
  | 'open'
  | 'overdue'
  | 'due-soon'
  | 'on-track'
  | 'answered'
  | 'answered-on-time'
  | 'answered-late'
  | 'all';

/** Whether the filter shows answered threads (which are then read). */
export const showsAnswered = (status: StatusFilter) =>
  status === 'all' || status.startsWith('answered');

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
  status: 'open',
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

/** Answered threads' metadata, live, read only while `wanted` (null until read, or unwanted). */
export function useAnsweredThreads(wanted: boolean) {
  const { queue } = useWorkstationDb();
  const answered = useData(
    'queue.answered-threads',
    () => (wanted ? queue.answeredThreads() : Promise.resolve(null)),
    [queue, wanted],
  );
  return { answered: answered.data ?? null, error: answered.error };
}

/** The counsellors (for names and the "working as" choice), live. */
export function useCounsellors(): CounsellorRecord[] {
  const { queue } = useWorkstationDb();
  return useData('queue.counsellors', () => queue.counsellors(), [queue]).data ?? NO_COUNSELLORS;
}
const NO_COUNSELLORS: CounsellorRecord[] = [];

const isAnswered = (row: QueueRow) => row.thread.state === 'answered';

/**
 * A thread's deadline status: while open, that of its oldest unanswered message; once answered,
 * on time or late by the deadline of the oldest message its last answer answered (records stored
 * before that was kept: the latest receipt).
 */
export function threadStatus(
  calendar: Pick<BusinessCalendar, 'deadlineStatus'>,
  thread: ThreadRecord,
  nowMs: number,
): DeadlineStatus {
  return thread.state === 'answered' && thread.lastAnswerMs !== null
    ? calendar.deadlineStatus({
        receivedAtMs: thread.lastAnsweredFromMs ?? thread.lastReceivedMs,
        answeredAtMs: thread.lastAnswerMs,
        nowMs,
      })
    : calendar.deadlineStatus({ receivedAtMs: thread.openSinceMs ?? thread.lastReceivedMs, nowMs });
}

/**
 * The queue's order (domain/queue): urgent, then unassessed with a crisis signal, then deadline.
 * Answered threads come after the open ones, last answered first.
 */
export function compareRows(a: QueueRow, b: QueueRow): number {
  if (isAnswered(a) !== isAnswered(b)) return isAnswered(a) ? 1 : -1;
  if (isAnswered(a)) {
    return (
      (b.thread.lastAnswerMs ?? 0) - (a.thread.lastAnswerMs ?? 0) ||
      a.thread.id.localeCompare(b.thread.id)
    );
  }
  return compareQueueOrder(orderFacts(a), orderFacts(b));
}

const matchesStatus = (filter: StatusFilter, row: QueueRow) => {
  switch (filter) {
    case 'all':
      return true;
    case 'open':
      return !isAnswered(row);
    case 'answered':
      return isAnswered(row);
    default:
      return row.status.status === filter;
  }
};

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
  answeredThreads: ThreadRecord[] | null,
  filters: QueueFilters,
  nowMs: number,
  me: string | null,
) {
  const calendar = useBusinessCalendar();
  const open = useMemo(() => {
    if (threads === null) return null;
    return threads
      .filter((t) => t.openSinceMs !== null)
      .map((thread) => ({
        thread,
        status: calendar.deadlineStatus({ receivedAtMs: thread.openSinceMs!, nowMs }),
      }));
  }, [threads, calendar, nowMs]);
  const answered = useMemo(
    () =>
      (answeredThreads ?? [])
        .filter((t) => t.state === 'answered' && t.lastAnswerMs !== null)
        .map((thread) => ({ thread, status: threadStatus(calendar, thread, nowMs) })),
    [answeredThreads, calendar, nowMs],
  );
  const wantsAnswered = showsAnswered(filters.status);
  // Waiting for the answered threads when they are asked for: no half list meanwhile.
  const all = useMemo(
    () =>
      open === null || (wantsAnswered && answeredThreads === null) ? null : [...open, ...answered],
    [open, answered, wantsAnswered, answeredThreads],
  );
  const rows = useMemo(() => {
    if (all === null) return null;
    return all
      .filter(({ thread, status }) => {
        if (filters.scope === 'mine' && (me === null || thread.assigneeId !== me)) return false;
        if (filters.scope === 'unassigned' && thread.assigneeId !== null) return false;
        if (!matchesStatus(filters.status, { thread, status })) return false;
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
    for (const row of open ?? []) {
      if (row.status.status === 'overdue') c.overdue += 1;
      else if (row.status.status === 'due-soon') c.dueSoon += 1;
    }
    return c;
  }, [open]);
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
