/** Helpers every repository uses to change a record and queue it for the sync server. */
import type { WorkstationDatabase } from '../database';
import type { OutboxEntry, SyncedRecord } from '../records';

/** A new synced record's bookkeeping fields. */
export function created(id: string, nowMs: number): SyncedRecord {
  return { id, createdAt: nowMs, updatedAt: nowMs, version: 1, deletedAt: null };
}

/** The record with its change applied and its version raised. */
export function changed<T extends SyncedRecord>(record: T, change: Partial<T>, nowMs: number): T {
  return { ...record, ...change, updatedAt: nowMs, version: record.version + 1 };
}

/** Queues records for the sync server; call inside the transaction that writes them. */
export async function queueForSync(
  db: WorkstationDatabase,
  table: OutboxEntry['table'],
  records: readonly SyncedRecord[],
  nowMs: number,
): Promise<void> {
  if (records.length === 0) return;
  await db.outbox.bulkAdd(
    records.map((r) => ({
      table,
      recordId: r.id,
      op: 'put' as const,
      version: r.version,
      at: nowMs,
    })),
  );
}
