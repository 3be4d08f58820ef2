/**
 * Vitest global set-up: a real PostgreSQL for the sync server's tests, on a loopback port in a
 * temporary folder, started before the run and stopped after it (Debian's `postgresql` package:
 * `initdb` and `pg_ctl`, run as the `postgres` user when the tests run as root).
 *
 * Without PostgreSQL binaries the server tests run on PGlite alone and say so; with
 * `CW_TEST_POSTGRES=required` (what `.ci/run` sets) their absence fails the run instead.
 */
import type { TestProject } from 'vitest/node';
import './provided-context';
import { startThrowawayPostgres } from './throwaway-postgres';

export default async function setup(project: TestProject): Promise<() => void> {
  // fsync off: a test database that need not survive a crash, and is quicker for it.
  const postgres = await startThrowawayPostgres({
    prefix: 'cw-postgres-',
    settings: ['fsync=off'],
  });
  if (!postgres) {
    if (process.env.CW_TEST_POSTGRES === 'required')
      throw new Error(
        'CW_TEST_POSTGRES=required but initdb/pg_ctl were not found (apt-get install postgresql)',
      );
    process.stderr.write('PostgreSQL not found: the sync server tests run on PGlite only\n');
    project.provide('postgresUrl', '');
    return () => {};
  }
  project.provide('postgresUrl', postgres.url);
  return () => postgres.stop();
}
