/**
 * A pulled record, from the wire to what IndexedDB holds: checked against the contract's schema
 * of its table (strict: a field the contract does not name is refused), its sealed fields turned
 * from the wire's base64 envelopes back into the stored envelopes (nothing is opened or sealed
 * again: the server holds the envelopes this workstation, or another one of the organisation,
 * stored), and the bookkeeping fields the workstation keeps added (the server's `version` and
 * `updatedAt`; `deletedAt` null, as a removed record comes as `record: null`).
 */
import type { Change } from '../../../sync/protocol';
import { SYNCED_TABLES, type SyncedTable } from '../../../sync/records';
import type { Sealed } from '../../../sync/sealed';
import { sealedFromWire } from '../crypto/sealed-wire';
import { isLocalSyncedTable, type LocalSyncedTable } from './changes';

/** A pulled change as the workstation stores it. */
export type StoredChange =
  | {
      table: LocalSyncedTable;
      /** The record's key here (a thread subject's is its thread's id). */
      key: string;
      /** Null: gone for this workstation (removed, or out of its sight). */
      record: Record<string, unknown> | null;
      /** A message's thread, from the record (null when gone or not a message). */
      threadId: string | null;
    }
  | { table: 'settings'; key: string; record: Record<string, unknown> | null; threadId: null };

/** A pulled record that does not fit the contract: where, never what it held. */
export class PulledRecordError extends Error {
  constructor(
    readonly table: string,
    readonly path: string,
    problem: string,
  ) {
    super(`A pulled ${table} record does not fit the contract: ${path || '(record)'}: ${problem}`);
    this.name = 'PulledRecordError';
  }
}

type Loose = Record<string, unknown>;

const isInstant = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** One pulled change as stored here; throws PulledRecordError when its record does not fit. */
export function storedFromWire(change: Change): StoredChange {
  const table = change.table as SyncedTable;
  if (change.record === null) {
    if (table === 'settings') return { table, key: change.id, record: null, threadId: null };
    if (!isLocalSyncedTable(table)) throw new PulledRecordError(table, '', 'unknown table');
    return { table, key: change.id, record: null, threadId: null };
  }
  const { version, updatedAt, ...wire } = change.record;
  if (!isInstant(version)) throw new PulledRecordError(table, 'version', 'must be a whole number');
  if (!isInstant(updatedAt))
    throw new PulledRecordError(table, 'updatedAt', 'must be an instant (ms)');
  const spec = SYNCED_TABLES[table];
  const parsed = spec.schema.safeParse(wire);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PulledRecordError(table, issue ? issue.path.join('.') : '', issue?.code ?? 'invalid');
  }
  const record = parsed.data as Loose;
  if (table === 'settings') return { table, key: change.id, record, threadId: null };
  if (record.id !== change.id) throw new PulledRecordError(table, 'id', "is not the change's id");
  for (const field of spec.sealed as readonly string[]) {
    const value = record[field] as Sealed | null | undefined;
    if (value === null || value === undefined) continue;
    try {
      record[field] = sealedFromWire(value);
    } catch {
      throw new PulledRecordError(table, field, 'is not an envelope');
    }
  }
  const kept = { updatedAt, version, deletedAt: null };
  switch (table) {
    case 'threadSubjects':
      return {
        table,
        key: change.id,
        record: { threadId: change.id, subject: record.subject },
        threadId: null,
      };
    case 'sessionNotes': {
      // The workstation names a session note's author by who wrote it; the server by the
      // author's counsellor (or account) id.
      const { authorId, ...rest } = record;
      return {
        table,
        key: change.id,
        record: { ...rest, ...kept, authorProfile: authorId ?? '' },
        threadId: null,
      };
    }
    case 'messages':
      return {
        table,
        key: change.id,
        record: { ...record, ...kept },
        threadId: String(record.threadId),
      };
    case 'releases': {
      // The register's records carry no versions: a release is never edited.
      const { createdAt: _createdAt, ...release } = record;
      return { table, key: change.id, record: release, threadId: null };
    }
    default:
      if (!isLocalSyncedTable(table)) throw new PulledRecordError(table, '', 'unknown table');
      return { table, key: change.id, record: { ...record, ...kept }, threadId: null };
  }
}
