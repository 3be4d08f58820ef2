/**
 * The databases the sync server's tests run on: PGlite (in memory), and the real PostgreSQL the
 * global set-up started, each test file in a database of its own.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Database } from '../../../src/server/db/database';
import './provided-context';

export interface TestBackend {
  name: 'pglite' | 'postgres';
  /** A new, empty database. */
  open(): Promise<Database>;
  /** Its URL, for a second process or pool on the same database (PostgreSQL only). */
  urlOf?(db: Database): string;
}

const urls = new WeakMap<Database, string>();

/** Creates an empty database on the test PostgreSQL; returns its URL. */
export async function createPostgresDatabase(): Promise<string> {
  const base = inject('postgresUrl');
  const name = `cw_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return base.replace(/\/[^/]*$/, `/${name}`);
}

export function testBackends(): TestBackend[] {
  const backends: TestBackend[] = [{ name: 'pglite', open: () => openPglite(null) }];
  if (inject('postgresUrl'))
    backends.push({
      name: 'postgres',
      async open() {
        const url = await createPostgresDatabase();
        const db = await openPostgres(url);
        urls.set(db, url);
        return db;
      },
      urlOf: (db) => urls.get(db)!,
    });
  return backends;
}
