/**
 * Short-lived access tokens (signed with HMAC-SHA256 under a key kept in the database, so every
 * server process on one PostgreSQL accepts them) and revocable refresh tokens (random, stored only
 * as a hash, rotated at each use; a used one presented again revokes its whole family, since
 * someone else has it).
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AccountRole } from '../../sync/protocol';
import type { Sql } from '../db/database';

export const ACCESS_TOKEN_SECONDS = 10 * 60;
export const REFRESH_TOKEN_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TokenClaims {
  accountId: string;
  orgId: string;
  role: AccountRole;
  counsellorId: string | null;
  /** Expiry, ms since the epoch. */
  expiresAt: number;
}

/** The signing key, created once per database. */
export async function signingKey(sql: Sql): Promise<Buffer> {
  await sql.query(
    `INSERT INTO server_secrets (name, secret) VALUES ('access-token', $1) ON CONFLICT (name) DO NOTHING`,
    [randomBytes(32)],
  );
  const { rows } = await sql.query<{ secret: Buffer }>(
    `SELECT secret FROM server_secrets WHERE name = 'access-token'`,
  );
  return Buffer.from(rows[0]!.secret);
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function signAccessToken(key: Buffer, claims: TokenClaims): string {
  const payload = b64url(
    JSON.stringify({
      a: claims.accountId,
      o: claims.orgId,
      r: claims.role,
      c: claims.counsellorId,
      e: claims.expiresAt,
    }),
  );
  const mac = createHmac('sha256', key).update(`v1.${payload}`).digest();
  return `v1.${payload}.${b64url(mac)}`;
}

export type AccessCheck =
  { ok: true; claims: TokenClaims } | { ok: false; code: 'unauthenticated' | 'token-expired' };

export function verifyAccessToken(key: Buffer, token: string, now: number): AccessCheck {
  const [version, payload, mac] = token.split('.');
  if (version !== 'v1' || !payload || !mac) return { ok: false, code: 'unauthenticated' };
  const expected = createHmac('sha256', key).update(`v1.${payload}`).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, code: 'unauthenticated' };
  let claims: TokenClaims;
  try {
    const raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    claims = {
      accountId: String(raw.a),
      orgId: String(raw.o),
      role: raw.r === 'supervisor' ? 'supervisor' : 'counsellor',
      counsellorId: typeof raw.c === 'string' ? raw.c : null,
      expiresAt: Number(raw.e),
    };
  } catch {
    return { ok: false, code: 'unauthenticated' };
  }
  if (!(claims.expiresAt > now)) return { ok: false, code: 'token-expired' };
  return { ok: true, claims };
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A new refresh token in a family (a new family at sign-in). */
export async function issueRefreshToken(
  sql: Sql,
  accountId: string,
  now: number,
  family: string = randomUUID(),
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await sql.query(
    `INSERT INTO refresh_tokens (id, account_id, family, token_hash, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [randomUUID(), accountId, family, hashToken(token), now, now + REFRESH_TOKEN_DAYS * DAY_MS],
  );
  return token;
}

export type RefreshUse =
  | { ok: true; accountId: string; token: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

/** Uses a refresh token once: returns its successor, or why not (a reuse revokes the family). */
export async function useRefreshToken(sql: Sql, token: string, now: number): Promise<RefreshUse> {
  const { rows } = await sql.query<{
    account_id: string;
    family: string;
    expires_at: string;
    used_at: string | null;
    revoked_at: string | null;
  }>(
    `SELECT account_id, family, expires_at, used_at, revoked_at FROM refresh_tokens
     WHERE token_hash = $1 FOR UPDATE`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
  if (row.used_at !== null) {
    await revokeFamily(sql, row.family, now);
    return { ok: false, reason: 'reused' };
  }
  if (Number(row.expires_at) <= now) return { ok: false, reason: 'expired' };
  await sql.query(`UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1`, [
    hashToken(token),
    now,
  ]);
  const next = await issueRefreshToken(sql, row.account_id, now, row.family);
  return { ok: true, accountId: row.account_id, token: next };
}

export async function revokeFamily(sql: Sql, family: string, now: number): Promise<void> {
  await sql.query(
    `UPDATE refresh_tokens SET revoked_at = $2 WHERE family = $1 AND revoked_at IS NULL`,
    [family, now],
  );
}

/** Signs out: the token's family can no longer be refreshed. */
export async function revokeRefreshToken(sql: Sql, token: string, now: number): Promise<void> {
  await sql.query(
    `UPDATE refresh_tokens SET revoked_at = $2
     WHERE family = (SELECT family FROM refresh_tokens WHERE token_hash = $1) AND revoked_at IS NULL`,
    [hashToken(token), now],
  );
}

export async function revokeAccountTokens(sql: Sql, accountId: string, now: number): Promise<void> {
  await sql.query(
    `UPDATE refresh_tokens SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL`,
    [accountId, now],
  );
}
