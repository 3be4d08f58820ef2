/**
 * The server's schema as numbered migrations, applied at start in order, each once, under an
 * advisory lock so that two processes starting together on one PostgreSQL do not race. A database
 * whose schema is newer than this code is refused: an older server must not write to it.
 *
 * Instants are milliseconds since the epoch (`bigint`), as everywhere else in the service.
 */
import type { Database } from './database';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, records and the mutation journal',
    sql: `
      CREATE TABLE organisations (
        id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE,
        name text NOT NULL,
        created_at bigint NOT NULL,
        -- The newest purged tombstone's version: a pull from a cursor below it gets a snapshot.
        horizon bigint NOT NULL DEFAULT 0
      );
      CREATE TABLE accounts (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations (id),
        login text NOT NULL,
        role text NOT NULL CHECK (role IN ('counsellor', 'supervisor')),
        counsellor_id text,
        password_hash text NOT NULL,
        disabled_at bigint,
        created_at bigint NOT NULL,
        UNIQUE (org_id, login)
      );
      CREATE TABLE login_failures (
        org_slug text NOT NULL,
        login text NOT NULL,
        at bigint NOT NULL
      );
      CREATE INDEX login_failures_by_login ON login_failures (org_slug, login, at);
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts (id),
        family uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        used_at bigint,
        revoked_at bigint
      );
      CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family);
      -- The key that signs access tokens: in the database, so every server process shares it.
      CREATE TABLE server_secrets (
        name text PRIMARY KEY,
        secret bytea NOT NULL
      );
      CREATE TABLE clients (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts (id),
        org_id uuid NOT NULL REFERENCES organisations (id),
        last_mutation_id bigint NOT NULL DEFAULT 0,
        created_at bigint NOT NULL
      );
      CREATE SEQUENCE record_version;
      CREATE TABLE records (
        org_id uuid NOT NULL REFERENCES organisations (id),
        tbl text NOT NULL,
        id text NOT NULL,
        version bigint NOT NULL,
        -- The record as the workstations sent it (sealed fields as envelopes); null once deleted.
        record jsonb,
        -- The thread a message, note or subject belongs to.
        thread_id text,
        -- The one counsellor who may see it besides the supervisors; null: every counsellor.
        scope text,
        updated_at bigint NOT NULL,
        PRIMARY KEY (org_id, tbl, id)
      );
      CREATE INDEX records_by_version ON records (org_id, version);
      CREATE INDEX records_by_thread ON records (org_id, thread_id) WHERE thread_id IS NOT NULL;
      CREATE TABLE applied_mutations (
        client_id uuid NOT NULL REFERENCES clients (id),
        mutation_id bigint NOT NULL,
        name text NOT NULL,
        version bigint,
        at bigint NOT NULL,
        PRIMARY KEY (client_id, mutation_id)
      );
      CREATE TABLE refusals (
        client_id uuid NOT NULL REFERENCES clients (id),
        mutation_id bigint NOT NULL,
        name text NOT NULL,
        code text NOT NULL,
        params jsonb NOT NULL,
        at bigint NOT NULL,
        PRIMARY KEY (client_id, mutation_id)
      );
      CREATE TABLE portal_keys (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations (id),
        key_hash text NOT NULL UNIQUE,
        created_at bigint NOT NULL,
        revoked_at bigint
      );
      CREATE TABLE admin_audit (
        id bigserial PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations (id),
        at bigint NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        account_id uuid
      );
    `,
  },
  {
    version: 2,
    name: 'enrolments and audit anchors',
    sql: `
      -- A workstation's enrolment into the organisation's keys: the keys wrapped under a one-time
      -- secret the server never sees, handed out once. The id is chosen by the workstation.
      CREATE TABLE enrolments (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations (id),
        created_by uuid NOT NULL REFERENCES accounts (id),
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        claimed_at bigint,
        claimed_by uuid REFERENCES accounts (id),
        -- Opaque ({v, kdf, salt, iv, ct}); emptied when claimed, so it rests here no longer than
        -- it must.
        wrapped jsonb,
        CHECK ((claimed_at IS NULL) = (claimed_by IS NULL)),
        CHECK (claimed_at IS NOT NULL OR wrapped IS NOT NULL)
      );
      CREATE INDEX enrolments_unclaimed_by_expiry ON enrolments (expires_at)
        WHERE claimed_at IS NULL;
      -- Each workstation profile's audit log anchor: its entry count and newest hash. Forward only.
      CREATE TABLE audit_anchors (
        client_id uuid PRIMARY KEY REFERENCES clients (id),
        count bigint NOT NULL CHECK (count > 0),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        updated_at bigint NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'the portal intake',
    sql: `
      -- The organisation's intake key: the public half of an X25519 key pair whose private half
      -- only its enrolled workstations hold. What the portal delivers is sealed to it on arrival.
      CREATE TABLE intake_keys (
        org_id uuid PRIMARY KEY REFERENCES organisations (id),
        kid text NOT NULL,
        public_key text NOT NULL,
        set_by uuid NOT NULL REFERENCES accounts (id),
        set_at bigint NOT NULL
      );
      -- What the portal delivered, sealed: the clear text was never written. The fingerprint is
      -- an HMAC keyed with the portal's API key, which the server does not keep (only its hash):
      -- a copy of the database cannot be used to confirm a guess of what was delivered.
      CREATE TABLE intake_deliveries (
        seq bigserial PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations (id),
        kind text NOT NULL CHECK (kind IN ('participant', 'message')),
        external_id text NOT NULL,
        portal_key_id uuid NOT NULL REFERENCES portal_keys (id),
        fingerprint text NOT NULL,
        received_at bigint NOT NULL,
        meta jsonb NOT NULL,
        -- Emptied once a workstation has taken the delivery in (as the organisation's records).
        sealed jsonb NOT NULL,
        accepted_at bigint,
        UNIQUE (org_id, kind, external_id)
      );
      CREATE INDEX intake_pending ON intake_deliveries (org_id, seq) WHERE accepted_at IS NULL;
      -- The portal's public key for answers (X25519): a reply to a participant who came through the
      -- portal is sealed to it by a workstation, so that only the portal opens it.
      CREATE TABLE portal_answer_keys (
        org_id uuid PRIMARY KEY REFERENCES organisations (id),
        kid text NOT NULL,
        public_key text NOT NULL,
        set_at bigint NOT NULL
      );
      -- Each reply to a portal participant: due (sealed IS NULL) until a workstation sealed it for
      -- the portal; then numbered (seq), which is the portal's cursor.
      CREATE SEQUENCE portal_answer_seq;
      CREATE TABLE portal_answers (
        org_id uuid NOT NULL REFERENCES organisations (id),
        reply_id text NOT NULL,
        thread_id text NOT NULL,
        participant_id text NOT NULL,
        sent_at bigint NOT NULL,
        sealed jsonb,
        seq bigint UNIQUE,
        PRIMARY KEY (org_id, reply_id),
        CHECK ((sealed IS NULL) = (seq IS NULL))
      );
      CREATE INDEX portal_answers_due ON portal_answers (org_id) WHERE seq IS NULL;
      CREATE INDEX portal_answers_ready ON portal_answers (org_id, seq) WHERE seq IS NOT NULL;
      -- Deliveries per portal key and minute (the rate limit, shared by every server process).
      CREATE TABLE intake_windows (
        portal_key_id uuid NOT NULL REFERENCES portal_keys (id),
        window_start bigint NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (portal_key_id, window_start)
      );
    `,
  },
  {
    version: 4,
    name: 'log ids',
    sql: `
      -- The organisation's log id, sent with every pull: \`cli server-restored\` gives a new one
      -- after the server was restored from a backup, so that every workstation that pulled from
      -- the later state (and holds a cursor that means nothing now) starts over.
      ALTER TABLE organisations ADD COLUMN log_id text NOT NULL DEFAULT gen_random_uuid()::text;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The database's schema is newer than this server knows. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `The database's schema is at version ${found}, newer than this server's ${known}: ` +
        'run a newer server (this one must not write to it).',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** An arbitrary constant: the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 7_311_843_001;

/** Applies the migrations this database lacks; returns the versions applied now. */
export async function migrate(
  db: Database,
  now: number,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`,
    );
    const { rows } = await tx.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    const applied = new Set(rows.map((r) => Number(r.version)));
    const newest = Math.max(0, ...applied);
    const known = migrations[migrations.length - 1]?.version ?? 0;
    if (newest > known) throw new SchemaTooNewError(newest, known);
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.query(migration.sql);
      await tx.query(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [migration.version, migration.name, now],
      );
      done.push(migration.version);
    }
    return done;
  });
}
