/**
 * How many changes wait in the outbox to be sent: a live read, so the count moves as soon as a
 * change is made here or the sync engine sends one, without a refresh.
 */
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';

export function usePendingChanges(): number {
  const { queue } = useWorkstationDb();
  return useData('sync.pending-count', () => queue.outboxCount(), [queue]).data ?? 0;
}
