/**
 * The audit log's anchor on the server (issue 15): per client (a workstation profile), the count
 * of entries and the newest entry's hash, as the workstation last sent them. It only moves forward:
 * a higher count replaces it, the same count with the same hash is a repeat (fine); a lower count,
 * or the same count with another hash, is a `conflict` that answers with the anchor held, so the
 * workstation can say it was rolled back (or its log forked). The workstation keeps the same pair
 * beside its data (src/main/services/audit-anchor.ts); the server's copy is the one a restored
 * copy of the data folder cannot take back.
 */
import type { AuditAnchor } from '../sync/protocol';
import type { Database, Sql } from './db/database';

interface Owner {
  clientId: string;
  orgId: string;
  accountId: string;
}

export type AnchorAdvance =
  | { ok: true; anchor: AuditAnchor }
  | { ok: false; code: 'unknown-client' }
  | { ok: false; code: 'conflict'; anchor: AuditAnchor };

export type AnchorReading =
  { ok: true; anchor: AuditAnchor | null } | { ok: false; code: 'unknown-client' };

/** Whether the client is the caller's; locks its row when `lock` (one advance at a time). */
async function ownClient(sql: Sql, owner: Owner, lock: boolean): Promise<boolean> {
  const { rows } = await sql.query<{ account_id: string }>(
    `SELECT account_id FROM clients WHERE id = $1 AND org_id = $2${lock ? ' FOR UPDATE' : ''}`,
    [owner.clientId, owner.orgId],
  );
  return rows[0]?.account_id === owner.accountId;
}

async function storedAnchor(sql: Sql, clientId: string): Promise<AuditAnchor | null> {
  const { rows } = await sql.query<{ count: string; hash: string }>(
    `SELECT count, hash FROM audit_anchors WHERE client_id = $1`,
    [clientId],
  );
  return rows[0] ? { count: Number(rows[0].count), hash: rows[0].hash } : null;
}

export async function advanceAnchor(
  db: Database,
  input: Owner & AuditAnchor,
  now: number,
): Promise<AnchorAdvance> {
  return db.transaction(async (tx) => {
    if (!(await ownClient(tx, input, true))) return { ok: false, code: 'unknown-client' };
    const stored = await storedAnchor(tx, input.clientId);
    const anchor = { count: input.count, hash: input.hash };
    if (stored === null) {
      await tx.query(
        `INSERT INTO audit_anchors (client_id, count, hash, updated_at) VALUES ($1, $2, $3, $4)`,
        [input.clientId, input.count, input.hash, now],
      );
      return { ok: true, anchor };
    }
    if (stored.count === input.count && stored.hash === input.hash) return { ok: true, anchor };
    if (stored.count >= input.count) return { ok: false, code: 'conflict', anchor: stored };
    await tx.query(
      `UPDATE audit_anchors SET count = $2, hash = $3, updated_at = $4 WHERE client_id = $1`,
      [input.clientId, input.count, input.hash, now],
    );
    return { ok: true, anchor };
  });
}

export async function readAnchor(db: Database, owner: Owner): Promise<AnchorReading> {
  return db.transaction(async (tx) => {
    if (!(await ownClient(tx, owner, false))) return { ok: false, code: 'unknown-client' };
    return { ok: true, anchor: await storedAnchor(tx, owner.clientId) };
  });
}
