/** The sync server's command-line flags. */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_TOMBSTONE_DAYS } from './housekeeping';

export const SERVER_HELP = `Counsellor Workstation sync server

The counselling service's sync server: accounts and roles, named mutations in one total order,
sealed fields it cannot open. PostgreSQL embedded (PGlite, data in a folder) unless a database URL
is given.

Usage: npm run --silent server -- [options]

Options:
  --port N            port to listen on (default 8787; 0 picks any free port)
  --host ADDRESS      address to listen on (default 127.0.0.1)
  --data-dir DIR      the server's folder: the embedded database, its lock, demo-accounts.json
                      (default ${path.join('~', '.counsellor-workstation', 'sync-server')})
  --database-url URL  a real PostgreSQL (postgres://user:password@host:port/database) instead
                      of the embedded one; DATABASE_URL in the environment does the same
  --demo              on a first start, create the organisation "demo" with the demo dataset's
                      counsellors and a supervisor as accounts; their passwords and the
                      portal's API key go to DIR/demo-accounts.json
  --tombstone-days N  keep a removed record's tombstone N days (default ${DEFAULT_TOMBSTONE_DAYS}, from 1 to
                      3650): a workstation away longer starts over from a snapshot
  --help              show this help

Prints one line on stdout when ready, logs JSON lines on stderr, stops on SIGINT or SIGTERM.
`;

export class UsageError extends Error {}

export interface ServerArgs {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  demo: boolean;
  /** How long a tombstone is kept before the hourly purge takes it. */
  tombstoneDays: number;
}

export function parseServerArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): ServerArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        demo: { type: 'boolean' },
        'tombstone-days': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const port = values.port === undefined ? 8787 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: "${values.port}" is not a port number from 0 to 65535`);
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host: give an address to listen on');
  const databaseUrl = values['database-url'] ?? (env.DATABASE_URL || null);
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new UsageError('--database-url: must start with postgres:// or postgresql://');
  const tombstoneDays =
    values['tombstone-days'] === undefined
      ? DEFAULT_TOMBSTONE_DAYS
      : Number(values['tombstone-days']);
  if (!Number.isInteger(tombstoneDays) || tombstoneDays < 1 || tombstoneDays > 3650)
    throw new UsageError(
      `--tombstone-days: "${values['tombstone-days']}" is not a whole number of days from 1 to 3650`,
    );
  return {
    port,
    host,
    dataDir: path.resolve(
      values['data-dir'] ?? path.join(os.homedir(), '.counsellor-workstation', 'sync-server'),
    ),
    databaseUrl,
    demo: values.demo === true,
    tombstoneDays,
  };
}
