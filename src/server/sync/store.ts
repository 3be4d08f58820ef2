/**
 * The server's records: one row per synced record, its body as the workstations sent it (sealed
 * fields as envelopes), stamped with one value of the `record_version` sequence per mutation. Every
 * write happens with the organisation's row locked, so versions commit in the order they are
 * taken and a pull never passes over a change that commits later.
 */
import type { SyncedTable } from '../../sync/records';
import type { Sql } from '../db/database';

export interface StoredRecord<T> {
  record: T;
  version: number;
  scope: string | null;
  threadId: string | null;
}

/** Locks the organisation for one mutation (its writes are serialised) and says it exists. */
export async function lockOrganisation(tx: Sql, orgId: string): Promise<boolean> {
  const { rowCount } = await tx.query(`SELECT 1 FROM organisations WHERE id = $1 FOR UPDATE`, [
    orgId,
  ]);
  return rowCount > 0;
}

export async function nextVersion(tx: Sql): Promise<number> {
  const { rows } = await tx.query<{ v: string }>(`SELECT nextval('record_version') AS v`);
  return Number(rows[0]!.v);
}

export async function readRecord<T>(
  tx: Sql,
  orgId: string,
  table: SyncedTable,
  id: string,
): Promise<StoredRecord<T> | null> {
  const { rows } = await tx.query<{
    record: T | null;
    version: string;
    scope: string | null;
    thread_id: string | null;
  }>(
    `SELECT record, version, scope, thread_id FROM records WHERE org_id = $1 AND tbl = $2 AND id = $3`,
    [orgId, table, id],
  );
  const row = rows[0];
  if (!row || row.record === null) return null;
  return {
    record: row.record,
    version: Number(row.version),
    scope: row.scope,
    threadId: row.thread_id,
  };
}

/** Whether a record (even a deleted one) has ever had this id. */
export async function recordExists(
  tx: Sql,
  orgId: string,
  table: SyncedTable,
  id: string,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `SELECT 1 FROM records WHERE org_id = $1 AND tbl = $2 AND id = $3`,
    [orgId, table, id],
  );
  return rowCount > 0;
}

export interface RecordWrite {
  orgId: string;
  table: SyncedTable;
  id: string;
  record: object;
  version: number;
  scope: string | null;
  threadId: string | null;
  now: number;
}

/**
 * Writes a record (update, else insert: the organisation lock makes the pair safe, and it avoids
 * `INSERT … ON CONFLICT`, which PGlite can loop on under churn).
 */
export async function writeRecord(tx: Sql, write: RecordWrite): Promise<void> {
  const params = [
    write.orgId,
    write.table,
    write.id,
    write.version,
    JSON.stringify(write.record),
    write.threadId,
    write.scope,
    write.now,
  ];
  const updated = await tx.query(
    `UPDATE records SET version = $4, record = $5::jsonb, thread_id = $6, scope = $7, updated_at = $8
     WHERE org_id = $1 AND tbl = $2 AND id = $3`,
    params,
  );
  if (updated.rowCount > 0) return;
  await tx.query(
    `INSERT INTO records (org_id, tbl, id, version, record, thread_id, scope, updated_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)`,
    params,
  );
}

/**
 * A thread changed hands: its messages, notes and subject are seen by the new holder (or every
 * counsellor, when it is back in the queue), and stamped so that everyone pulls the change.
 */
export async function rescopeThread(
  tx: Sql,
  orgId: string,
  threadId: string,
  scope: string | null,
  version: number,
  now: number,
): Promise<void> {
  await tx.query(
    `UPDATE records SET scope = $3, version = $4, updated_at = $5
     WHERE org_id = $1 AND thread_id = $2 AND scope IS DISTINCT FROM $3`,
    [orgId, threadId, scope, version, now],
  );
}

/**
 * A session moved to another counsellor: its notes are seen by the new counsellor (and
 * supervisors), and stamped so that everyone pulls the change (the one who lost sight of them gets
 * them as "gone").
 */
export async function rescopeSessionNotes(
  tx: Sql,
  orgId: string,
  sessionId: string,
  counsellorId: string,
  version: number,
  now: number,
): Promise<void> {
  await tx.query(
    `UPDATE records SET scope = $3, version = $4, updated_at = $5
     WHERE org_id = $1 AND tbl = 'sessionNotes' AND record->>'sessionId' = $2
       AND scope IS DISTINCT FROM $3`,
    [orgId, sessionId, counsellorId, version, now],
  );
}

/** Deletes a record, leaving a tombstone (record null) that pulls carry until it is purged. */
export async function deleteRecord(
  tx: Sql,
  orgId: string,
  table: SyncedTable,
  id: string,
  version: number,
  now: number,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE records SET record = NULL, version = $4, updated_at = $5
     WHERE org_id = $1 AND tbl = $2 AND id = $3 AND record IS NOT NULL`,
    [orgId, table, id, version, now],
  );
  return rowCount > 0;
}

/** Every live record of a table in the organisation. */
export async function readTable<T>(tx: Sql, orgId: string, table: SyncedTable): Promise<T[]> {
  const { rows } = await tx.query<{ record: T }>(
    `SELECT record FROM records WHERE org_id = $1 AND tbl = $2 AND record IS NOT NULL`,
    [orgId, table],
  );
  return rows.map((r) => r.record);
}

/**
 * Purges tombstones older than `before` (ms): they are gone for good, and any cursor older than
 * the newest purged version gets a full snapshot at its next pull. Returns how many went.
 */
export async function purgeTombstones(tx: Sql, orgId: string, before: number): Promise<number> {
  // The organisation first, as a push takes it: a purge never deadlocks with a push.
  if (!(await lockOrganisation(tx, orgId))) return 0;
  const { rows } = await tx.query<{ version: string }>(
    `DELETE FROM records WHERE org_id = $1 AND record IS NULL AND updated_at < $2 RETURNING version`,
    [orgId, before],
  );
  if (rows.length === 0) return 0;
  const horizon = Math.max(...rows.map((r) => Number(r.version)));
  await tx.query(`UPDATE organisations SET horizon = GREATEST(horizon, $2) WHERE id = $1`, [
    orgId,
    horizon,
  ]);
  return rows.length;
}
