/**
 * Pull: what the account may see that changed since the client's cursor, in pages of whole
 * versions (a mutation's rows are never split across pages), with the client's last dealt-with
 * mutation id and the refusals it has not seen. A cursor older than the tombstone horizon gets a
 * reset: a full snapshot, from which the workstation rebuilds what it holds.
 *
 * So does a workstation that is ahead of the server: the server was restored from a backup
 * (docs/operations.md). Two signs, either enough: the workstation's cursor is past every version
 * the server ever gave (it came back before the server's versions caught up), or the log id it
 * last pulled differs from the organisation's (`cli server-restored` gives a new one after a
 * restore, for the workstations that come back later). The answer then says `restored`.
 *
 * Who sees what: a supervisor everything; a counsellor every thread's metadata, and the messages,
 * notes and subject of threads that are unheld or theirs. A record that leaves a counsellor's
 * sight (its thread was taken by someone else) comes to them as "gone" (`record: null`).
 */
import { MAX_PULL_CHANGES, type Change, type Refusal } from '../../sync/protocol';
import type { SyncedTable } from '../../sync/records';
import type { Database } from '../db/database';
import type { Actor } from './handlers';

export type PullOutcome =
  | {
      ok: true;
      reset: boolean;
      restored: boolean;
      log: string;
      changes: Change[];
      cursor: number;
      more: boolean;
      snapshot: boolean;
      lastMutationId: number;
      refusals: Refusal[];
    }
  | { ok: false; code: 'unknown-client' };

interface Row {
  tbl: SyncedTable;
  id: string;
  version: string;
  record: Record<string, unknown> | null;
  scope: string | null;
  updated_at: string;
}

export async function pull(
  db: Database,
  input: {
    clientId: string;
    orgId: string;
    actor: Actor;
    cursor: number;
    /** The organisation's log id as this client last pulled it, if it has one. */
    log?: string | undefined;
    limit?: number | undefined;
    refusalsSeenThrough?: number | undefined;
    snapshot?: boolean | undefined;
  },
): Promise<PullOutcome> {
  const limit = input.limit ?? MAX_PULL_CHANGES;
  // One snapshot for the whole page: rows, last mutation id and refusals agree with each other.
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const client = await tx.query<{ last_mutation_id: string; account_id: string }>(
      `SELECT last_mutation_id, account_id FROM clients WHERE id = $1 AND org_id = $2`,
      [input.clientId, input.orgId],
    );
    const row = client.rows[0];
    if (!row || row.account_id !== input.actor.accountId)
      return { ok: false as const, code: 'unknown-client' as const };
    // Every version the server ever gave is at most the sequence's last value; a cursor past it
    // was given by a later state of this server, which a restore took back.
    const org = await tx.query<{ horizon: string; log_id: string; given: string }>(
      `SELECT horizon, log_id, (SELECT last_value FROM record_version) AS given
       FROM organisations WHERE id = $1`,
      [input.orgId],
    );
    const horizon = Number(org.rows[0]?.horizon ?? 0);
    const log = org.rows[0]?.log_id ?? '';
    const given = Number(org.rows[0]?.given ?? 0);
    const restored =
      input.cursor > 0 && ((input.log !== undefined && input.log !== log) || input.cursor > given);
    // A snapshot's later pages are asked with `snapshot: true`: they are no old cursor.
    const continuing = input.snapshot === true && input.cursor > 0 && !restored;
    const reset = restored || (!continuing && input.cursor > 0 && input.cursor < horizon);
    const from = reset ? 0 : input.cursor;
    const snapshot = continuing || from === 0;

    const counsellor = input.actor.role === 'supervisor' ? null : input.actor.counsellorId;
    const hidden = (r: Row) =>
      input.actor.role !== 'supervisor' && r.scope !== null && r.scope !== counsellor;
    // A snapshot's first page sends what exists and may be seen; a catch-up also sends what went
    // away. So do a snapshot's later pages: a record sent on an earlier page may have been
    // removed, or gone out of sight, since (its new version is past that page's cursor).
    const counsellorOnly = input.actor.role !== 'supervisor';
    const fresh = snapshot && !continuing;
    const filter = fresh
      ? `AND record IS NOT NULL ${counsellorOnly ? 'AND (scope IS NULL OR scope = $3)' : ''}`
      : '';
    const select = async (where: string, version: number, max: number | null) =>
      (
        await tx.query<Row>(
          `SELECT tbl, id, version, record, scope, updated_at FROM records
           WHERE org_id = $1 AND ${where} ${filter} ORDER BY version, tbl, id
           ${max === null ? '' : `LIMIT ${max}`}`,
          fresh && counsellorOnly ? [input.orgId, version, counsellor] : [input.orgId, version],
        )
      ).rows;

    let rows = await select('version > $2', from, limit + 1);
    let more = false;
    if (rows.length > limit) {
      more = true;
      const cut = Number(rows[limit]!.version);
      rows = rows.slice(0, limit).filter((r) => Number(r.version) < cut);
      // One version larger than a page: it goes whole.
      if (rows.length === 0) rows = await select('version = $2', cut, null);
    }
    const changes: Change[] = rows.map((r) => ({
      table: r.tbl,
      id: r.id,
      version: Number(r.version),
      record:
        r.record === null || hidden(r)
          ? null
          : { ...r.record, version: Number(r.version), updatedAt: Number(r.updated_at) },
    }));
    let cursor = rows.reduce((max, r) => Math.max(max, Number(r.version)), from);
    // A finished snapshot holds everything up to the purged tombstones: no reset after it.
    if (snapshot && !more) cursor = Math.max(cursor, horizon);
    // A fresh snapshot that ends on its first page stands for every version so far, the
    // tombstones and the records out of sight it left out too: a later purge of those tombstones
    // is no reason to start over.
    if (fresh && !more) {
      const newest = await tx.query<{ v: string | null }>(
        `SELECT max(version) AS v FROM records WHERE org_id = $1`,
        [input.orgId],
      );
      cursor = Math.max(cursor, Number(newest.rows[0]?.v ?? 0));
    }
    const refusals = await tx.query<{
      mutation_id: string;
      name: string;
      code: Refusal['code'];
      params: Refusal['params'];
      at: string;
    }>(
      `SELECT mutation_id, name, code, params, at FROM refusals
       WHERE client_id = $1 AND mutation_id > $2 ORDER BY mutation_id LIMIT 100`,
      [input.clientId, input.refusalsSeenThrough ?? 0],
    );
    return {
      ok: true as const,
      reset,
      restored,
      log,
      changes,
      cursor,
      more,
      snapshot: snapshot && more,
      lastMutationId: Number(row.last_mutation_id),
      refusals: refusals.rows.map((r) => ({
        mutationId: Number(r.mutation_id),
        name: r.name,
        code: r.code,
        params: r.params,
        at: Number(r.at),
      })),
    };
  });
}
