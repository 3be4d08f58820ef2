/**
 * Enrolments (issue 15): a supervisor's workstation leaves the organisation's keys here wrapped
 * under a one-time secret, and another workstation of the organisation claims them once. The
 * server stores the wrapped blob as it came (it checks its shape and size, src/sync/enrolment.ts)
 * and never sees the secret, the words that spell it or the key derived from it; the enrolment id
 * is one-way from the secret or random (see src/sync/enrolment.ts), so it gives nothing away.
 *
 * - Issue: the id must be new (a taken one is a `conflict`); expired, unclaimed enrolments are
 *   purged on the way.
 * - Claim: only by an account of the same organisation (another's is told `not-found`, as for an
 *   id that never was); once (a second claim is a `conflict`); never after its expiry (`not-found`,
 *   and the row is purged). A claim records who and when, and empties the blob: it rests here no
 *   longer than it must.
 */
import type { IssueEnrolmentRequest, WrappedKeys } from '../sync/enrolment';
import type { Database } from './db/database';

export type IssueOutcome = { ok: true; expiresAt: number } | { ok: false; code: 'conflict' };

export async function issueEnrolment(
  db: Database,
  input: { orgId: string; accountId: string; request: IssueEnrolmentRequest },
  now: number,
): Promise<IssueOutcome> {
  const expiresAt = now + input.request.expiresInSeconds * 1000;
  return db.transaction(async (tx) => {
    await tx.query(`DELETE FROM enrolments WHERE claimed_at IS NULL AND expires_at <= $1`, [now]);
    const inserted = await tx.query(
      `INSERT INTO enrolments (id, org_id, created_by, created_at, expires_at, wrapped)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (id) DO NOTHING`,
      [
        input.request.enrolmentId,
        input.orgId,
        input.accountId,
        now,
        expiresAt,
        JSON.stringify(input.request.wrapped),
      ],
    );
    if (inserted.rowCount === 0) return { ok: false, code: 'conflict' };
    return { ok: true, expiresAt };
  });
}

export type ClaimOutcome =
  { ok: true; wrapped: WrappedKeys } | { ok: false; code: 'not-found' | 'conflict' };

export async function claimEnrolment(
  db: Database,
  input: { orgId: string; accountId: string; enrolmentId: string },
  now: number,
): Promise<ClaimOutcome> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{
      org_id: string;
      expires_at: string;
      claimed_at: string | null;
      wrapped: WrappedKeys | null;
    }>(`SELECT org_id, expires_at, claimed_at, wrapped FROM enrolments WHERE id = $1 FOR UPDATE`, [
      input.enrolmentId,
    ]);
    const row = rows[0];
    if (!row || row.org_id !== input.orgId) return { ok: false, code: 'not-found' };
    if (row.claimed_at !== null || row.wrapped === null) return { ok: false, code: 'conflict' };
    if (Number(row.expires_at) <= now) {
      await tx.query(`DELETE FROM enrolments WHERE id = $1`, [input.enrolmentId]);
      return { ok: false, code: 'not-found' };
    }
    await tx.query(
      `UPDATE enrolments SET claimed_at = $2, claimed_by = $3, wrapped = NULL WHERE id = $1`,
      [input.enrolmentId, now, input.accountId],
    );
    return { ok: true, wrapped: row.wrapped };
  });
}
