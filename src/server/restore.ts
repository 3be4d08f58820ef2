/**
 * After the server was restored from a backup (docs/operations.md, "Backups and restore"): every
 * organisation gets a new log id, so that every workstation that pulled from the state the backup
 * lost starts over from a snapshot at its next pull (pull.ts), and the operator learns up to when
 * the restored data goes: what the portal delivered after that instant has to be delivered again
 * (the intake answers `already-there` for what the server still holds).
 */
import type { Database } from './db/database';

export interface RestoredOrganisation {
  organisation: string;
  /** The newest change the server now holds (ms since the epoch), or null: none. */
  newestChangeAt: number | null;
  /** The newest delivery from the portal it now holds, or null: none. */
  newestDeliveryAt: number | null;
}

/** Gives every organisation a new log id, audited; says how far each one's data goes. */
export async function markRestored(db: Database, now: number): Promise<RestoredOrganisation[]> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      slug: string;
      newest_change: string | null;
      newest_delivery: string | null;
    }>(
      `UPDATE organisations o SET log_id = gen_random_uuid()::text
       RETURNING o.id, o.slug,
         (SELECT max(updated_at) FROM records r WHERE r.org_id = o.id) AS newest_change,
         (SELECT max(received_at) FROM intake_deliveries d WHERE d.org_id = o.id) AS newest_delivery`,
    );
    for (const row of rows)
      await tx.query(
        `INSERT INTO admin_audit (org_id, at, actor, action, account_id)
         VALUES ($1, $2, 'cli', 'server.restored', NULL)`,
        [row.id, now],
      );
    return rows
      .map((row) => ({
        organisation: row.slug,
        newestChangeAt: row.newest_change === null ? null : Number(row.newest_change),
        newestDeliveryAt: row.newest_delivery === null ? null : Number(row.newest_delivery),
      }))
      .sort((a, b) => a.organisation.localeCompare(b.organisation));
  });
}
