/**
 * The server's one SQL code path: `pg` against a real PostgreSQL, or against PGlite (PostgreSQL in
 * WebAssembly, data in a folder) through `@electric-sql/pglite/node-postgres`, so that the same
 * queries run on both. Change notices go through PostgreSQL LISTEN/NOTIFY, so several server
 * processes can share one database and keep nothing in memory that another needs.
 */
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<R>>;
}

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction; retried when PostgreSQL reports a serialisation failure. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /** Calls `onNotice` with each NOTIFY payload on `channel`; returns the way to stop. */
  listen(channel: string, onNotice: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** SQLSTATEs worth a retry: serialization_failure, deadlock_detected. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

function wrapClient(client: pg.PoolClient | pg.Pool): Sql {
  return {
    async query<R>(text: string, params?: unknown[]) {
      const result = await client.query(text, params as unknown[] | undefined);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
  };
}

function poolDatabase(
  kind: Database['kind'],
  pool: pg.Pool,
  listen: Database['listen'],
  closeMore: () => Promise<void>,
): Database {
  const direct = wrapClient(pool);
  return {
    kind,
    query: direct.query,
    async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await work(wrapClient(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          const code = (error as { code?: unknown }).code;
          if (typeof code === 'string' && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) continue;
          throw error;
        } finally {
          client.release();
        }
      }
    },
    listen,
    async close() {
      await pool.end();
      await closeMore();
    },
  };
}

/** A real PostgreSQL, by URL (`postgres://user:password@host:port/database`). */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined); // an idle client's error: the next query reconnects
  // Fail at start, with the driver's reason, rather than at the first request.
  await pool.query('SELECT 1');
  const listeners: pg.Client[] = [];
  return poolDatabase(
    'postgres',
    pool,
    async (channel, onNotice) => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (message) => {
        if (message.channel === channel) onNotice(message.payload ?? '');
      });
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => undefined);
      };
    },
    async () => {
      await Promise.all(listeners.splice(0).map((c) => c.end().catch(() => undefined)));
    },
  );
}

/**
 * PGlite with its data in `dataDir` (or in memory when null). One connection: everything is
 * serialised, which is what PGlite does anyway.
 */
export async function openPglite(dataDir: string | null): Promise<Database> {
  const pglite = dataDir === null ? await PGlite.create() : await PGlite.create(dataDir);
  const pool = new pg.Pool(createPgConfig(pglite));
  return poolDatabase(
    'pglite',
    pool,
    async (channel, onNotice) => pglite.listen(channel, onNotice),
    async () => {
      await pglite.close();
    },
  );
}
