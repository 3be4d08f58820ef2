/**
 * Organisations and the people in them: create, add, disable, reset a password (the CLI's admin
 * commands, each written to the server's admin audit), and sign-in with a throttle that lives in
 * the database (so it holds across server processes).
 */
import { randomUUID } from 'node:crypto';
import type { Account, AccountRole } from '../../sync/protocol';
import type { Database, Sql } from '../db/database';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';
import { revokeAccountTokens } from './tokens';

/** Sign-in failures allowed per person in the window before further tries are refused. */
export const LOGIN_FAILURES_ALLOWED = 5;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

export class AdminError extends Error {
  constructor(
    readonly code: 'organisation-exists' | 'no-organisation' | 'account-exists' | 'no-account',
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

interface AccountRow {
  id: string;
  org_id: string;
  slug: string;
  login: string;
  role: AccountRole;
  counsellor_id: string | null;
  password_hash: string;
  disabled_at: string | null;
}

const ACCOUNT_COLUMNS = `a.id, a.org_id, o.slug, a.login, a.role, a.counsellor_id, a.password_hash, a.disabled_at`;

export const accountOf = (row: AccountRow): Account => ({
  id: row.id,
  organisation: row.slug,
  login: row.login,
  role: row.role,
  counsellorId: row.counsellor_id,
});

/** One line of the server's admin audit, written by the CLI (actor `cli`). */
export async function audit(
  sql: Sql,
  orgId: string,
  now: number,
  action: string,
  accountId: string | null,
) {
  await sql.query(
    `INSERT INTO admin_audit (org_id, at, actor, action, account_id) VALUES ($1, $2, 'cli', $3, $4)`,
    [orgId, now, action, accountId],
  );
}

async function orgIdOf(sql: Sql, slug: string): Promise<string> {
  const { rows } = await sql.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = $1`, [
    slug,
  ]);
  if (!rows[0]) throw new AdminError('no-organisation', `There is no organisation "${slug}".`);
  return rows[0].id;
}

export interface NewAccount {
  login: string;
  role: AccountRole;
  counsellorId: string | null;
  password: string;
}

async function insertAccount(
  tx: Sql,
  orgId: string,
  organisation: string,
  input: NewAccount & { passwordHash: string },
  now: number,
): Promise<Account> {
  const existing = await tx.query(`SELECT 1 FROM accounts WHERE org_id = $1 AND login = $2`, [
    orgId,
    input.login,
  ]);
  if (existing.rowCount > 0)
    throw new AdminError(
      'account-exists',
      `"${input.login}" already has an account in "${organisation}".`,
    );
  const id = randomUUID();
  await tx.query(
    `INSERT INTO accounts (id, org_id, login, role, counsellor_id, password_hash, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, orgId, input.login, input.role, input.counsellorId, input.passwordHash, now],
  );
  await audit(tx, orgId, now, `account.add:${input.role}`, id);
  return {
    id,
    organisation,
    login: input.login,
    role: input.role,
    counsellorId: input.counsellorId,
  };
}

/**
 * Creates an organisation, with its first supervisor when one is given: both or neither (one
 * transaction), so an organisation is never left without someone who can run it.
 */
export async function createOrganisation(
  db: Database,
  input: { slug: string; name: string; supervisor?: Omit<NewAccount, 'role'> },
  now: number,
): Promise<{ id: string; supervisor: Account | null }> {
  const passwordHash = input.supervisor ? await hashPassword(input.supervisor.password) : null;
  return db.transaction(async (tx) => {
    const existing = await tx.query(`SELECT 1 FROM organisations WHERE slug = $1`, [input.slug]);
    if (existing.rowCount > 0)
      throw new AdminError(
        'organisation-exists',
        `An organisation "${input.slug}" already exists.`,
      );
    const id = randomUUID();
    await tx.query(
      `INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $3, $4)`,
      [id, input.slug, input.name, now],
    );
    await audit(tx, id, now, 'organisation.create', null);
    const supervisor =
      input.supervisor && passwordHash
        ? await insertAccount(
            tx,
            id,
            input.slug,
            { ...input.supervisor, role: 'supervisor', passwordHash },
            now,
          )
        : null;
    return { id, supervisor };
  });
}

export async function addAccount(
  db: Database,
  input: NewAccount & { organisation: string },
  now: number,
): Promise<Account> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) =>
    insertAccount(
      tx,
      await orgIdOf(tx, input.organisation),
      input.organisation,
      { ...input, passwordHash },
      now,
    ),
  );
}

async function accountFor(sql: Sql, organisation: string, login: string): Promise<AccountRow> {
  const orgId = await orgIdOf(sql, organisation);
  const { rows } = await sql.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts a JOIN organisations o ON o.id = a.org_id
     WHERE a.org_id = $1 AND a.login = $2 FOR UPDATE OF a`,
    [orgId, login],
  );
  if (!rows[0])
    throw new AdminError('no-account', `"${login}" has no account in "${organisation}".`);
  return rows[0];
}

/** Disables an account: it can no longer sign in, refresh, push or pull. */
export async function disableAccount(
  db: Database,
  input: { organisation: string; login: string },
  now: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await accountFor(tx, input.organisation, input.login);
    await tx.query(`UPDATE accounts SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL`, [
      row.id,
      now,
    ]);
    await revokeAccountTokens(tx, row.id, now);
    await audit(tx, row.org_id, now, 'account.disable', row.id);
  });
}

/** Sets a new password (and signs the person out everywhere). Re-enables a disabled account. */
export async function resetPassword(
  db: Database,
  input: { organisation: string; login: string; password: string },
  now: number,
): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const row = await accountFor(tx, input.organisation, input.login);
    await tx.query(`UPDATE accounts SET password_hash = $2, disabled_at = NULL WHERE id = $1`, [
      row.id,
      passwordHash,
    ]);
    await revokeAccountTokens(tx, row.id, now);
    await tx.query(`DELETE FROM login_failures WHERE org_slug = $1 AND login = $2`, [
      input.organisation,
      input.login,
    ]);
    await audit(tx, row.org_id, now, 'account.reset-password', row.id);
  });
}

export type SignIn =
  | { ok: true; account: Account; orgId: string }
  | { ok: false; code: 'unauthenticated' }
  | { ok: false; code: 'too-many-attempts'; retryAfterSeconds: number };

/**
 * Checks a person's credential. Unknown organisation, unknown login, wrong password and disabled
 * account all answer the same, after the same work; too many failures answer "wait".
 */
export async function signIn(
  db: Database,
  input: { organisation: string; login: string; password: string },
  now: number,
): Promise<SignIn> {
  const since = now - LOGIN_WINDOW_MS;
  const failures = await db.query<{ at: string }>(
    `SELECT at FROM login_failures WHERE org_slug = $1 AND login = $2 AND at > $3 ORDER BY at`,
    [input.organisation, input.login, since],
  );
  if (failures.rowCount >= LOGIN_FAILURES_ALLOWED) {
    const oldest = Number(failures.rows[failures.rowCount - LOGIN_FAILURES_ALLOWED]!.at);
    return {
      ok: false,
      code: 'too-many-attempts',
      retryAfterSeconds: Math.max(1, Math.ceil((oldest + LOGIN_WINDOW_MS - now) / 1000)),
    };
  }
  const { rows } = await db.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts a JOIN organisations o ON o.id = a.org_id
     WHERE o.slug = $1 AND a.login = $2`,
    [input.organisation, input.login],
  );
  const row = rows[0];
  const matches = await verifyPassword(input.password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !matches || row.disabled_at !== null) {
    await db.query(`INSERT INTO login_failures (org_slug, login, at) VALUES ($1, $2, $3)`, [
      input.organisation,
      input.login,
      now,
    ]);
    await db.query(`DELETE FROM login_failures WHERE at < $1`, [now - 2 * LOGIN_WINDOW_MS]);
    return { ok: false, code: 'unauthenticated' };
  }
  await db.query(`DELETE FROM login_failures WHERE org_slug = $1 AND login = $2`, [
    input.organisation,
    input.login,
  ]);
  return { ok: true, account: accountOf(row), orgId: row.org_id };
}

/** The account behind a token, if it may still act (not disabled). */
export async function activeAccount(
  sql: Sql,
  accountId: string,
): Promise<(Account & { orgId: string }) | null> {
  const { rows } = await sql.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts a JOIN organisations o ON o.id = a.org_id WHERE a.id = $1`,
    [accountId],
  );
  const row = rows[0];
  if (!row || row.disabled_at !== null) return null;
  return { ...accountOf(row), orgId: row.org_id };
}
