import { spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { signIn } from '../../../src/server/auth/accounts';
import { openPglite, openPostgres, type Database } from '../../../src/server/db/database';
import { createPostgresDatabase } from '../server/databases';
import { json, run, tempDir } from './helpers';

// One embedded database for the file (creating one takes seconds); each test its own organisation.
const dir = tempDir('cw-server-admin-cli-');
const dataDir = path.join(dir, 'server');
const at = ['--data-dir', dataDir];

beforeAll(() => {
  // The commands read DATABASE_URL as the server does: empty here, so --data-dir is used.
  vi.stubEnv('DATABASE_URL', '');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

async function withDb<T>(work: (db: Database) => Promise<T>, url?: string): Promise<T> {
  const db =
    url === undefined ? await openPglite(path.join(dataDir, 'pglite')) : await openPostgres(url);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

const canSignIn = (organisation: string, login: string, password: string, url?: string) =>
  withDb(async (db) => (await signIn(db, { organisation, login, password }, Date.now())).ok, url);

async function auditActions(organisation: string, url?: string): Promise<string[]> {
  return withDb(async (db) => {
    const { rows } = await db.query<{ action: string; actor: string }>(
      `SELECT action, actor FROM admin_audit a JOIN organisations o ON o.id = a.org_id
       WHERE o.slug = $1 ORDER BY a.id`,
      [organisation],
    );
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set(['cli']));
    return rows.map((r) => r.action);
  }, url);
}

const PASSWORD = /^[A-Za-z0-9]{24}$/;

describe('cli create-organisation', () => {
  it('creates the organisation and its supervisor, prints the password once on stdout', async () => {
    const result = await run([
      'create-organisation',
      '--slug',
      'clair',
      '--name',
      'CLAIR counselling',
      '--supervisor',
      'a.sato',
      ...at,
      '--json',
    ]);
    expect(result).toMatchObject({ code: 0, err: [] });
    expect(result.out).toHaveLength(1);
    const created = JSON.parse(result.out[0]!) as Record<string, unknown>;
    expect(created).toMatchObject({
      organisation: 'clair',
      name: 'CLAIR counselling',
      login: 'a.sato',
      role: 'supervisor',
      counsellorId: null,
    });
    expect(created.password).toMatch(PASSWORD);
    expect(created.accountId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await canSignIn('clair', 'a.sato', String(created.password))).toBe(true);
    expect(await auditActions('clair')).toEqual(['organisation.create', 'account.add:supervisor']);
  });

  it('prints the password alone on the last line without --json; a second one is refused', async () => {
    const result = await run([
      'create-organisation',
      '--slug=north',
      '--name=North office',
      '--supervisor=b.kato',
      '--counsellor-id=c-09',
      `--data-dir=${dataDir}`,
    ]);
    expect(result).toMatchObject({ code: 0, err: [] });
    expect(result.out[0]).toBe(
      `Created the organisation "north" (North office) and its supervisor account "b.kato" (counsellor c-09) in the data folder ${dataDir}.`,
    );
    const password = result.out[result.out.length - 1]!;
    expect(password).toMatch(PASSWORD);
    expect(await canSignIn('north', 'b.kato', password)).toBe(true);

    const again = await run([
      'create-organisation',
      '--slug',
      'north',
      '--name',
      'N',
      '--supervisor',
      'x.y',
      ...at,
    ]);
    expect(again).toEqual({
      code: 1,
      out: [],
      err: ['cli create-organisation: An organisation "north" already exists.'],
    });
  });
});

describe('cli add-account, disable-account, reset-password', () => {
  it('adds a counsellor who can sign in, disables them, and resets the password, each audited', async () => {
    await json([
      'create-organisation',
      '--slug',
      'east',
      '--name',
      'East',
      '--supervisor',
      'boss',
      ...at,
    ]);

    const [added] = await json([
      'add-account',
      '--organisation',
      'east',
      '--login',
      'a.tanaka',
      '--role',
      'counsellor',
      '--counsellor-id',
      'c-01',
      ...at,
    ]);
    expect(added).toMatchObject({
      organisation: 'east',
      login: 'a.tanaka',
      role: 'counsellor',
      counsellorId: 'c-01',
    });
    const first = String(added!.password);
    expect(first).toMatch(PASSWORD);
    expect(await canSignIn('east', 'a.tanaka', first)).toBe(true);

    const disabled = await json([
      'disable-account',
      '--organisation',
      'east',
      '--login',
      'a.tanaka',
      ...at,
    ]);
    expect(disabled).toEqual([{ organisation: 'east', login: 'a.tanaka', disabled: true }]);
    expect(await canSignIn('east', 'a.tanaka', first)).toBe(false);

    const reset = await run([
      'reset-password',
      '--organisation',
      'east',
      '--login',
      'a.tanaka',
      ...at,
    ]);
    expect(reset).toMatchObject({ code: 0, err: [] });
    expect(reset.out[0]).toMatch(/^Reset the password of "a.tanaka" of "east" in the data folder /);
    const second = reset.out[reset.out.length - 1]!;
    expect(second).toMatch(PASSWORD);
    expect(second).not.toBe(first);
    expect(await canSignIn('east', 'a.tanaka', second)).toBe(true);
    expect(await canSignIn('east', 'a.tanaka', first)).toBe(false);

    expect(await auditActions('east')).toEqual([
      'organisation.create',
      'account.add:supervisor',
      'account.add:counsellor',
      'account.disable',
      'account.reset-password',
    ]);
  });

  it('refuses a duplicate account, an unknown organisation or login with exit 1 and the reason', async () => {
    await json([
      'create-organisation',
      '--slug',
      'west',
      '--name',
      'West',
      '--supervisor',
      'boss',
      ...at,
    ]);
    const add = (organisation: string, login: string) =>
      run([
        'add-account',
        '--organisation',
        organisation,
        '--login',
        login,
        '--role',
        'supervisor',
        ...at,
      ]);
    expect(await add('west', 'boss')).toEqual({
      code: 1,
      out: [],
      err: ['cli add-account: "boss" already has an account in "west".'],
    });
    expect(await add('nowhere', 'boss')).toEqual({
      code: 1,
      out: [],
      err: ['cli add-account: There is no organisation "nowhere".'],
    });
    for (const command of ['disable-account', 'reset-password']) {
      expect(await run([command, '--organisation', 'west', '--login', 'ghost', ...at])).toEqual({
        code: 1,
        out: [],
        err: [`cli ${command}: "ghost" has no account in "west".`],
      });
    }
    // Only what was done is audited.
    expect(await auditActions('west')).toEqual(['organisation.create', 'account.add:supervisor']);
  });
});

describe('cli server admin: bad input', () => {
  const usage = async (argv: string[], message: string | RegExp) => {
    const result = await run(argv);
    expect(result.code, result.err.join('\n')).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.err).toHaveLength(1);
    if (typeof message === 'string') expect(result.err[0]).toBe(message);
    else expect(result.err[0]).toMatch(message);
  };
  const add = (...extra: string[]) => ['add-account', ...extra, ...at];

  it('names the flag of a bad slug, login, role or counsellor id, or a missing one', async () => {
    await usage(
      add('--organisation', 'Clair', '--login', 'a.b', '--role', 'supervisor'),
      'cli add-account: --organisation "Clair" must be lower-case letters, digits and hyphens, beginning and ending with a letter or digit',
    );
    await usage(
      add('--organisation', 'clair', '--login', 'a.b-', '--role', 'supervisor'),
      /^cli add-account: --login "a\.b-" must be lower-case letters, digits, dots, hyphens and underscores/,
    );
    await usage(
      add('--organisation', 'clair', '--login', 'x', '--role', 'supervisor'),
      'cli add-account: --login "x" is too short: at least 2 characters',
    );
    await usage(
      add('--organisation', 'clair', '--login', 'a.b', '--role', 'admin'),
      'cli add-account: --role "admin" must be one of counsellor, supervisor',
    );
    await usage(
      add('--organisation', 'clair', '--login', 'a.b', '--role', 'counsellor'),
      /^cli add-account: --counsellor-id ID is required for --role counsellor/,
    );
    await usage(
      add(
        '--organisation',
        'clair',
        '--login',
        'a.b',
        '--role',
        'counsellor',
        '--counsellor-id',
        'c-20123456789',
      ),
      'cli add-account: --counsellor-id "c-20123456789" must not hold a JET number or an e-mail address (ids are not sealed)',
    );
    await usage(
      add('--login', 'a.b', '--role', 'supervisor'),
      'cli add-account: --organisation SLUG is required',
    );
    await usage(
      add('--organisation', 'clair', '--role', 'supervisor'),
      'cli add-account: --login LOGIN is required',
    );
    await usage(
      add('--organisation', 'clair', '--login', 'a.b'),
      'cli add-account: --role counsellor|supervisor is required',
    );
    await usage(
      ['create-organisation', '--slug', 'ok', '--name', '  ', '--supervisor', 'boss', ...at],
      'cli create-organisation: --name needs the organisation’s name',
    );
    await usage(
      ['create-organisation', '--slug', 'ok', '--name', 'Ok', ...at],
      'cli create-organisation: --supervisor LOGIN is required',
    );
    await usage(
      ['disable-account', '--organisation', 'clair', '--login', 'a.b', '--force', ...at],
      'cli disable-account: unexpected argument "--force"',
    );
  });

  it('names the database flags: both given, a bad URL, a folder without a database', async () => {
    const empty = path.join(dir, 'empty');
    await usage(
      [
        'reset-password',
        '--organisation',
        'clair',
        '--login',
        'a.b',
        '--data-dir',
        empty,
        '--database-url',
        'postgres://h/db',
      ],
      /^cli reset-password: --data-dir and --database-url are both given/,
    );
    await usage(
      [
        'reset-password',
        '--organisation',
        'clair',
        '--login',
        'a.b',
        '--database-url',
        'mysql://h/db',
      ],
      'cli reset-password: --database-url must start with postgres:// or postgresql://',
    );
    await usage(
      ['reset-password', '--organisation', 'clair', '--login', 'a.b', '--data-dir', empty],
      `cli reset-password: --data-dir "${empty}" holds no sync server database (no ${path.join(empty, 'pglite')}): give the folder the server runs with (its --data-dir), or --database-url; create-organisation makes a new database`,
    );
    expect(existsSync(empty)).toBe(false); // nothing was created
    vi.stubEnv('DATABASE_URL', 'postgres://h/db');
    try {
      await usage(
        ['disable-account', '--organisation', 'clair', '--login', 'a.b', ...at],
        /^cli disable-account: --data-dir ".*" is given while DATABASE_URL is set in the environment/,
      );
    } finally {
      vi.stubEnv('DATABASE_URL', '');
    }
  });
});

describe('cli server admin: a folder a running server holds', () => {
  it('refuses with exit 1, says which process holds it and what to do, and leaves the lock', async () => {
    // Another live process holds the folder's lock, as a running sync server does.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {
      stdio: 'ignore',
    });
    const lock = path.join(dataDir, 'server.lock');
    try {
      writeFileSync(lock, String(holder.pid));
      const result = await run([
        'add-account',
        '--organisation',
        'clair',
        '--login',
        'c.ito',
        '--role',
        'supervisor',
        ...at,
      ]);
      expect(result).toEqual({
        code: 1,
        out: [],
        err: [
          `cli add-account: --data-dir "${dataDir}" is in use by a running sync server (process ${holder.pid}), and the embedded database takes one process at a time. Stop the server, run this command, and start it again; or run the server on PostgreSQL and give this command the same --database-url.`,
        ],
      });
      expect(existsSync(lock)).toBe(true);
    } finally {
      rmSync(lock, { force: true });
      holder.kill();
    }
    // Once the server is gone, the commands run.
    await json([
      'create-organisation',
      '--slug',
      'south',
      '--name',
      'South',
      '--supervisor',
      'boss',
      ...at,
    ]);
    expect(existsSync(lock)).toBe(false); // the command gave its own lock back
  });
});

describe.skipIf(!inject('postgresUrl'))('cli server admin on PostgreSQL', () => {
  it('works with --database-url and with DATABASE_URL', async () => {
    const url = await createPostgresDatabase();
    const [created] = await json([
      'create-organisation',
      '--slug',
      'pg-org',
      '--name',
      'On PostgreSQL',
      '--supervisor',
      'boss',
      '--database-url',
      url,
    ]);
    expect(await canSignIn('pg-org', 'boss', String(created!.password), url)).toBe(true);
    vi.stubEnv('DATABASE_URL', url);
    try {
      const [added] = await json([
        'add-account',
        '--organisation',
        'pg-org',
        '--login',
        'a.tanaka',
        '--role',
        'counsellor',
        '--counsellor-id',
        'c-01',
      ]);
      expect(await canSignIn('pg-org', 'a.tanaka', String(added!.password), url)).toBe(true);
    } finally {
      vi.stubEnv('DATABASE_URL', '');
    }
    expect(await auditActions('pg-org', url)).toEqual([
      'organisation.create',
      'account.add:supervisor',
      'account.add:counsellor',
    ]);
  });
});

describe('cli server admin: help', () => {
  it('lists the commands and gives each one’s usage', async () => {
    const help = await run(['--help']);
    expect(help.out.join('\n')).toMatch(
      /create-organisation\s+Sync server: create the organisation/,
    );
    const usage = await run(['add-account', '--help']);
    expect(usage).toMatchObject({ code: 0, err: [] });
    expect(usage.out[0]).toContain(
      'add-account --organisation SLUG --login LOGIN --role counsellor|supervisor [--counsellor-id ID] [--data-dir DIR | --database-url URL] [--json]',
    );
  });
});

describe('cli server-restored', () => {
  it('gives every organisation a new log id, audited, and says how far each one’s data goes', async () => {
    const created = await run([
      'create-organisation',
      '--slug=restored-org',
      '--name=Restored',
      '--supervisor=r.ito',
      ...at,
      '--json',
    ]);
    expect(created.code).toBe(0);
    const logs = () =>
      withDb(async (db) => {
        const { rows } = await db.query<{ slug: string; log_id: string }>(
          `SELECT slug, log_id FROM organisations ORDER BY slug`,
        );
        return new Map(rows.map((r) => [r.slug, r.log_id]));
      });
    const before = await logs();

    const result = await run(['server-restored', ...at, '--json']);
    expect(result).toMatchObject({ code: 0, err: [] });
    expect(result.out).toHaveLength(1);
    const printed = JSON.parse(result.out[0]!) as {
      organisations: { organisation: string; newestChangeAt: string | null }[];
    };
    expect(printed.organisations.map((o) => o.organisation)).toEqual([...before.keys()]);
    expect(printed.organisations.find((o) => o.organisation === 'restored-org')).toEqual({
      organisation: 'restored-org',
      newestChangeAt: null,
      newestDeliveryAt: null,
      newestAnswer: null,
    });
    const after = await logs();
    for (const [slug, log] of before) expect(after.get(slug), slug).not.toBe(log);
    expect(await auditActions('restored-org')).toEqual([
      'organisation.create',
      'account.add:supervisor',
      'server.restored',
    ]);

    const text = await run(['server-restored', ...at]);
    expect(text).toMatchObject({ code: 0, err: [] });
    expect(text.out.join('\n')).toContain('restored-org: newest change none');
    expect(text.out.join('\n')).toContain('Ask the portal to deliver again');
    const bad = await run(['server-restored', '--force', ...at]);
    expect(bad).toEqual({
      code: 2,
      out: [],
      err: ['cli server-restored: unexpected argument "--force"'],
    });
  });
});
