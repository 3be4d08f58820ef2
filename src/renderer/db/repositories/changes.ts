/**
 * Helpers every repository uses to change a record and to record what the person did as a named
 * mutation for the sync server (DESIGN.md "Sync").
 */
import Dexie, { type Transaction } from 'dexie';
import { MUTATIONS, type MutationArgs, type MutationName } from '../../../sync/mutations';
import type { WorkstationDatabase } from '../database';
import type { SyncedRecord } from '../records';

/** A new synced record's bookkeeping fields. */
export function created(id: string, nowMs: number): SyncedRecord {
  return { id, createdAt: nowMs, updatedAt: nowMs, version: 1, deletedAt: null };
}

/** The record with its change applied and its version raised. */
export function changed<T extends SyncedRecord>(record: T, change: Partial<T>, nowMs: number): T {
  return { ...record, ...change, updatedAt: nowMs, version: record.version + 1 };
}

/**
 * Writes a named mutation to the outbox. Call it inside the write transaction of the change it
 * describes (with the outbox in its scope): the change and its mutation commit together or not at
 * all. Arguments that do not fit the contract are a programming error: a TypeError names the
 * mutation and the field's path (never its value, which may be text), and the transaction
 * rolls back.
 */
export async function recordMutation<N extends MutationName>(
  db: WorkstationDatabase,
  name: N,
  args: MutationArgs<N>,
  nowMs: number,
): Promise<void> {
  // Dexie's typing says there always is one; outside a transaction it is null.
  const transaction = Dexie.currentTransaction as Transaction | null;
  if (
    transaction === null ||
    transaction.mode !== 'readwrite' ||
    !transaction.storeNames.includes('outbox')
  )
    throw new TypeError(`${name}: recorded outside a write transaction that holds the outbox`);
  const { v, args: schema } = MUTATIONS[name];
  const parsed = schema.safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue && issue.path.length > 0 ? issue.path.join('.') : '(arguments)';
    throw new TypeError(`${name}: ${path} does not fit the mutation (${issue?.code ?? 'invalid'})`);
  }
  await db.outbox.add({ name, v, args: parsed.data, at: nowMs });
}
