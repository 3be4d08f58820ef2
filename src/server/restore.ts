/**
 * After the server was restored from a backup (docs/operations.md, "Restoring the server"):
 * every organisation gets a new log id, so that every workstation that pulled from the state the
 * backup lost starts over from a snapshot at its next pull (pull.ts), and the operator learns up
 * to when the restored data goes: what the portal delivered after that instant has to be
 * delivered again (the intake answers `already-there` for what the server still holds).
 *
 * The portal's answers are numbered by a sequence the restore took back too, while the portal's
 * cursor stayed where it was: the numbering moves on by `ANSWER_NUMBERS_SKIPPED`, more answers
 * than a portal could have fetched between a backup and its restore, so that every answer
 * numbered from now on comes after the portal's cursor.
 */
import { audit } from './auth/accounts';
import type { Database } from './db/database';

export const ANSWER_NUMBERS_SKIPPED = 1_000_000;

export interface RestoredOrganisation {
  organisation: string;
  /** The newest change the server now holds (ms since the epoch), or null: none. */
  newestChangeAt: number | null;
  /** The newest delivery from the portal it now holds, or null: none. */
  newestDeliveryAt: number | null;
  /** The number of the newest answer for the portal it now holds, or null: none. */
  newestAnswer: number | null;
}

/** Gives every organisation a new log id, audited; says how far each one's data goes. */
export async function markRestored(db: Database, now: number): Promise<RestoredOrganisation[]> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      slug: string;
      newest_change: string | null;
      newest_delivery: string | null;
      newest_answer: string | null;
    }>(
      `UPDATE organisations o SET log_id = gen_random_uuid()::text
       RETURNING o.id, o.slug,
         (SELECT max(updated_at) FROM records r WHERE r.org_id = o.id) AS newest_change,
         (SELECT max(received_at) FROM intake_deliveries d WHERE d.org_id = o.id) AS newest_delivery,
         (SELECT max(seq) FROM portal_answers a WHERE a.org_id = o.id) AS newest_answer`,
    );
    await tx.query(
      `SELECT setval('portal_answer_seq', (SELECT last_value FROM portal_answer_seq) + $1)`,
      [ANSWER_NUMBERS_SKIPPED],
    );
    for (const row of rows) await audit(tx, row.id, now, 'server.restored', null);
    return rows
      .map((row) => ({
        organisation: row.slug,
        newestChangeAt: row.newest_change === null ? null : Number(row.newest_change),
        newestDeliveryAt: row.newest_delivery === null ? null : Number(row.newest_delivery),
        newestAnswer: row.newest_answer === null ? null : Number(row.newest_answer),
      }))
      .sort((a, b) => a.organisation.localeCompare(b.organisation));
  });
}
