/**
 * Records a file import (or the demo seeding) for the team: the records it stored or changed go
 * to the outbox as `records.import` mutations, in batches of the contract's size, so the sync
 * server holds them for the organisation's other workstations (a supervisor's; the server refuses
 * a counsellor's import with `forbidden-role`, and the refusal is shown). The server leaves a
 * record it already holds as it is, so recording the same records twice is harmless.
 *
 * Each record goes as the contract's wire record: the fields its schema names (bookkeeping the
 * workstation keeps for itself left out), sealed fields as the stored envelopes in base64. A
 * record that does not fit the contract is a programming error: a TypeError names the table and
 * field, never a value.
 */
import { MAX_IMPORT_BATCH, type MutationArgs } from '../../../sync/mutations';
import { SYNCED_TABLES } from '../../../sync/records';
import type { Envelope } from '../crypto/field-cipher';
import { sealedToWire } from '../crypto/sealed-wire';
import type { WorkstationDatabase } from '../database';
import { recordMutation } from './changes';

type ImportedRecord = MutationArgs<'records.import'>['records'][number];
type ImportTable = ImportedRecord['table'];

/** The tables an import fills, in the order the server wants them (threads before messages). */
const IMPORT_TABLES: readonly ImportTable[] = [
  'counsellors',
  'participants',
  'threads',
  'threadSubjects',
  'messages',
  'sessions',
  'availabilityRules',
  'availabilityExceptions',
];

type Loose = Record<string, unknown>;

/** One stored record as the contract's wire record of its table. */
export function wireFromStored(table: ImportTable, stored: Loose, nowMs: number): ImportedRecord {
  const spec = SYNCED_TABLES[table];
  const shape = (spec.schema as unknown as { shape: Loose }).shape;
  const source: Loose =
    table === 'threadSubjects'
      ? { id: stored.threadId, createdAt: nowMs, subject: stored.subject }
      : stored;
  const wire: Loose = {};
  for (const field of Object.keys(shape)) if (field in source) wire[field] = source[field];
  for (const field of spec.sealed as readonly string[]) {
    const value = wire[field];
    if (value === null || value === undefined) continue;
    try {
      wire[field] = sealedToWire(value as Envelope);
    } catch {
      throw new TypeError(`records.import: ${table}.${field} is not an envelope`);
    }
  }
  const parsed = spec.schema.safeParse(wire);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(
      `records.import: ${table}.${issue?.path.join('.') || '(record)'} does not fit the contract (${issue?.code ?? 'invalid'})`,
    );
  }
  return { table, record: parsed.data } as ImportedRecord;
}

/**
 * Puts the records changed at or after `sinceMs` (an import's start) into the outbox as
 * `records.import` batches, each batch in its own transaction. Removed records are not sent.
 */
export async function recordImportForTeam(
  db: WorkstationDatabase,
  sinceMs: number,
  nowMs: number,
): Promise<{ records: number; batches: number }> {
  let batch: ImportedRecord[] = [];
  let records = 0;
  let batches = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const tables = [...new Set(batch.map((r) => r.table))].map((t) => db.table(t));
    const args = { records: batch };
    await db.transaction('rw', [db.outbox, db.serverCopies, ...tables], async () => {
      await recordMutation(db, 'records.import', args, nowMs);
    });
    records += batch.length;
    batches += 1;
    batch = [];
  };
  for (const table of IMPORT_TABLES) {
    const stored = (await db.table(table).toArray()) as Loose[];
    for (const record of stored) {
      if (record.deletedAt !== null && record.deletedAt !== undefined) continue;
      const changedAt = typeof record.updatedAt === 'number' ? record.updatedAt : nowMs;
      if (changedAt < sinceMs) continue;
      batch.push(wireFromStored(table, record, nowMs));
      if (batch.length === MAX_IMPORT_BATCH) await flush();
    }
  }
  await flush();
  return { records, batches };
}
