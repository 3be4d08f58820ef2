/**
 * The order of the mail queue: what a counsellor should read first.
 *
 * 1. Threads a counsellor marked urgent.
 * 2. Threads nobody has assessed yet whose messages matched a crisis expression: the signal is
 *    not a risk level (a person decides that), but such a thread must be read before anything
 *    that merely has an earlier deadline, whatever its own deadline.
 * 3. Everything else.
 * Within a tier, the earliest answer deadline first; then the thread id, so the order is total
 * and the same on every workstation.
 *
 * Choices where DOMAIN.md leaves room:
 * - A thread assessed as routine or elevated keeps its deadline place even with a crisis signal:
 *   a counsellor read it and decided.
 * - An unassessed thread without a signal is ordered by its deadline like any other.
 */
export interface QueueOrderFacts {
  id: string;
  /** A counsellor set the risk level to urgent. */
  urgent: boolean;
  /** A counsellor has set a risk level (any); false while nobody has assessed the thread. */
  assessed: boolean;
  /** A message of the thread matched a crisis expression. */
  crisisSignal: boolean;
  deadlineMs: number;
}

export type QueueTier = 'urgent' | 'unassessed-crisis-signal' | 'by-deadline';

const TIER_RANK: Record<QueueTier, number> = {
  urgent: 0,
  'unassessed-crisis-signal': 1,
  'by-deadline': 2,
};

export function queueTier(facts: Omit<QueueOrderFacts, 'id' | 'deadlineMs'>): QueueTier {
  if (facts.urgent) return 'urgent';
  if (!facts.assessed && facts.crisisSignal) return 'unassessed-crisis-signal';
  return 'by-deadline';
}

export function compareQueueOrder(a: QueueOrderFacts, b: QueueOrderFacts): number {
  return (
    TIER_RANK[queueTier(a)] - TIER_RANK[queueTier(b)] ||
    a.deadlineMs - b.deadlineMs ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
