/**
 * Helpers every repository uses to change a record and to record what the person did as a named
 * mutation for the sync server (DESIGN.md "Sync").
 */
import Dexie, { type Transaction } from 'dexie';
import { footprintOf, type FootprintEntry } from '../../../sync/footprint';
import { MUTATIONS, type MutationArgs, type MutationName } from '../../../sync/mutations';
import type { WorkstationDatabase } from '../database';
import type { SyncedRecord } from '../records';

/**
 * The synced tables the workstation holds records of, by the contract's name (the organisation's
 * settings live in the main process's settings file, not here).
 */
export const LOCAL_SYNCED_TABLES = [
  'participants',
  'counsellors',
  'threads',
  'threadSubjects',
  'messages',
  'notes',
  'sessions',
  'sessionNotes',
  'availabilityRules',
  'availabilityExceptions',
  'releases',
] as const;
export type LocalSyncedTable = (typeof LOCAL_SYNCED_TABLES)[number];
export const isLocalSyncedTable = (table: string): table is LocalSyncedTable =>
  (LOCAL_SYNCED_TABLES as readonly string[]).includes(table);

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
 * describes, BEFORE the change's own writes, with the outbox, `serverCopies` and the tables the
 * mutation touches in its scope: the change and its mutation commit together or not at all, and
 * the server's copy of each record it touches is kept as it was before the change (see
 * `ServerCopyRecord`; the sync engine writes it back once the server has dealt with the mutation).
 * Arguments that do not fit the contract are a programming error: a TypeError names the
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
  const footprint = footprintOf(name, parsed.data as MutationArgs<N>);
  const missing = ['serverCopies', ...footprint.map((entry) => entry.table)].filter(
    (table) =>
      (table === 'serverCopies' || isLocalSyncedTable(table)) &&
      !transaction.storeNames.includes(table),
  );
  if (missing.length > 0)
    throw new TypeError(`${name}: recorded in a transaction without ${missing.join(', ')}`);
  const threadId = (parsed.data as { threadId?: unknown }).threadId;
  await keepServerCopies(db, footprint, typeof threadId === 'string' ? threadId : null);
  await db.outbox.add({ name, v, args: parsed.data, at: nowMs });
}

/**
 * Keeps the server's copy of each record of a footprint that has none yet: the record as it is
 * now (before the change), or null for one the change creates. A record that already has a copy
 * keeps it: that copy is the server's, the record here holds an earlier change still waiting.
 */
async function keepServerCopies(
  db: WorkstationDatabase,
  footprint: readonly FootprintEntry[],
  threadId: string | null,
): Promise<void> {
  const keep = async (table: LocalSyncedTable, id: string, record: object | null) => {
    if ((await db.serverCopies.get([table, id])) !== undefined) return;
    const threadOf =
      table !== 'messages'
        ? null
        : ((record as { threadId?: string } | null)?.threadId ?? threadId);
    await db.serverCopies.add({
      table,
      id,
      record: record as Record<string, unknown> | null,
      threadId: threadOf,
    });
  };
  // Records a change creates (an import's: thousands at once): their copies, all null, are
  // looked up and added in bulk, the same outcome as one by one at a fraction of the requests.
  if (footprint.every((entry) => !('threadId' in entry) && entry.created === true)) {
    const created = new Map<string, { table: LocalSyncedTable; id: string }>();
    for (const entry of footprint)
      if (!('threadId' in entry) && isLocalSyncedTable(entry.table))
        created.set(JSON.stringify([entry.table, entry.id]), { table: entry.table, id: entry.id });
    const entries = [...created.values()];
    const held = await db.serverCopies.bulkGet(entries.map((e) => [e.table, e.id]));
    await db.serverCopies.bulkAdd(
      entries
        .filter((_, i) => held[i] === undefined)
        .map(({ table, id }) => ({
          table,
          id,
          record: null,
          threadId: table === 'messages' ? threadId : null,
        })),
    );
    return;
  }
  for (const entry of footprint) {
    if ('threadId' in entry) {
      const messages = await db.messages.where('threadId').equals(entry.threadId).toArray();
      for (const message of messages) await keep('messages', message.id, message);
    } else if (isLocalSyncedTable(entry.table)) {
      const table = entry.table;
      const now = entry.created ? undefined : await db.table(table).get(entry.id);
      await keep(table, entry.id, (now as object | undefined) ?? null);
    }
  }
}
