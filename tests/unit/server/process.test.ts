/**
 * The sync server as a process: what it prints, how it stops, its data folder's lock, --demo, and
 * what survives faults: a response lost on the way back (a fault proxy), a SIGKILL in the middle
 * of a push (on PGlite and on PostgreSQL), two processes on one PostgreSQL passing a change on to
 * each other's workstations.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { openPglite, openPostgres, type Database } from '../../../src/server/db/database';
import type { Mutation } from '../../../src/sync/mutations';
import type { PullResponse, PushResponse, Tokens } from '../../../src/sync/protocol';
import type { ThreadWire } from '../../../src/sync/records';
import { createPostgresDatabase } from './databases';
import {
  call,
  dataFolder,
  deadPid,
  killLeftovers,
  openEvents,
  pull,
  pullAll,
  push,
  readDemo,
  registerClient,
  removeFolders,
  runServer,
  signIn,
  startFaultProxy,
  startServer,
  supervisorClient,
  type Client,
} from './processes';
import { importOf, T0 } from './world';

const postgresUrl = inject('postgresUrl');

afterEach(killLeftovers);
afterAll(removeFolders);

const lockOf = (dir: string) => path.join(dir, 'server.lock');
const clean = { code: 0, signal: null };

/** Mutations numbered from `first`, as an outbox holds them. */
const numbered = (first: number, list: { name: string; args: unknown }[]): Mutation[] =>
  list.map((m, i) => ({ id: first + i, name: m.name, v: 1, args: m.args, at: T0 }));

/** The latest record of each thread in these pages. */
function threadsIn(pages: PullResponse[]): Map<string, { version: number; tags: string[] }> {
  const threads = new Map<string, { version: number; tags: string[] }>();
  for (const change of pages.flatMap((p) => p.changes))
    if (change.table === 'threads' && change.record)
      threads.set(change.id, {
        version: change.version,
        tags: (change.record as unknown as ThreadWire).tags,
      });
  return threads;
}

describe('the sync server as a process', () => {
  it('prints one ready line on stdout and JSON lines on stderr with no password, token or name; --help; a bad flag', async () => {
    const dir = dataFolder();
    const server = await startServer(['--data-dir', dir, '--demo']);
    const supervisor = readDemo(dir).accounts.find((a) => a.role === 'supervisor')!;
    const tokens = await signIn(server.url, supervisor.login, supervisor.password);
    const client: Client = {
      tokens,
      clientId: await registerClient(server.url, tokens.accessToken),
    };
    const refreshed = await call<Tokens>(server.url, 'POST', '/v1/refresh', {
      refreshToken: tokens.refreshToken,
    });
    expect(refreshed.status).toBe(200);
    const wrong = await call(server.url, 'POST', '/v1/login', {
      organisation: 'demo',
      login: 'ghost.q7x',
      password: 'not-the-password-81',
    });
    expect(wrong.status).toBe(401);
    expect((await pull(server.url, client, 0)).lastMutationId).toBe(0);
    const unauthenticated = await call(server.url, 'POST', '/v1/pull', {
      clientId: client.clientId,
      cursor: 0,
    });
    expect(unauthenticated.status).toBe(401);

    expect(await server.stop('SIGTERM')).toEqual(clean);
    expect(server.stdout()).toBe(`Counsellor Workstation sync server ready at ${server.url}\n`);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const lines = server.stderr().split('\n');
    expect(lines.pop()).toBe('');
    const entries = lines.map((line) => JSON.parse(line) as { msg?: string });
    // Every request was logged (so the check below looked at something)...
    expect(entries.filter((e) => e.msg === 'request completed').length).toBeGreaterThanOrEqual(6);
    // ...and nothing secret or personal went with it.
    const secrets = [
      supervisor.password,
      supervisor.login,
      tokens.accessToken,
      tokens.refreshToken,
      refreshed.body.accessToken,
      refreshed.body.refreshToken,
      'ghost.q7x',
      'not-the-password-81',
    ];
    for (const line of lines) for (const secret of secrets) expect(line).not.toContain(secret);

    const [help, badFlag, badPort, badDays] = await Promise.all([
      runServer(['--help']),
      runServer(['--no-such-flag']),
      runServer(['--port', 'eighty']),
      runServer(['--tombstone-days', '0']),
    ]);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('Usage: npm run --silent server -- [options]');
    expect(badFlag).toMatchObject({ code: 2, stdout: '' });
    expect(badFlag.stderr).toContain("'--no-such-flag'");
    expect(badPort).toMatchObject({ code: 2, stdout: '' });
    expect(badPort.stderr).toContain('--port: "eighty" is not a port number');
    expect(badDays).toMatchObject({ code: 2, stdout: '' });
    expect(badDays.stderr).toContain('--tombstone-days: "0" is not a whole number of days');
  }, 30_000);

  it('stops on SIGTERM and SIGINT with code 0 and gives its folder back; a second server on the folder is refused; a stale lock is taken over', async () => {
    const dir = dataFolder();
    const lock = lockOf(dir);
    const first = await startServer(['--data-dir', dir, '--demo']);
    expect(fs.readFileSync(lock, 'utf8')).toBe(String(first.pid));

    const second = await runServer(['--port', '0', '--data-dir', dir]);
    expect(second).toMatchObject({ code: 1, stdout: '' });
    expect(second.stderr).toContain(`The data folder ${dir} is in use`);
    expect(second.stderr).toContain(`process ${first.pid}`);
    expect(fs.readFileSync(lock, 'utf8')).toBe(String(first.pid));

    // A workstation's open events stream does not hold the stop up: the server ends it.
    const { tokens } = await supervisorClient(first.url, dir);
    const events = await openEvents(first.url, tokens.accessToken);
    expect(await events.next()).toBe('ready');
    expect(await first.stop('SIGTERM')).toEqual(clean);
    expect(await events.next()).toBeNull();
    expect(fs.existsSync(lock)).toBe(false);
    expect(first.stderr()).toContain('"signal":"SIGTERM"');

    const again = await startServer(['--data-dir', dir]);
    expect(fs.readFileSync(lock, 'utf8')).toBe(String(again.pid));
    expect(await again.stop('SIGINT')).toEqual(clean);
    expect(again.stderr()).toContain('"signal":"SIGINT"');
    expect(fs.existsSync(lock)).toBe(false);

    // A lock left by a process that is gone (a crash, a SIGKILL).
    const gone = await deadPid();
    expect(() => process.kill(gone, 0)).toThrow();
    fs.writeFileSync(lock, String(gone));
    const third = await startServer(['--data-dir', dir]);
    expect(fs.readFileSync(lock, 'utf8')).toBe(String(third.pid));
    expect((await call(third.url, 'GET', '/v1/health')).status).toBe(200);
    expect(await third.stop()).toEqual(clean);
    expect(fs.existsSync(lock)).toBe(false);
  }, 40_000);

  it('--demo writes the accounts file for its owner only; the supervisor signs in; a second start leaves file and passwords alone', async () => {
    const dir = dataFolder();
    const file = path.join(dir, 'demo-accounts.json');
    const first = await startServer(['--data-dir', dir, '--demo']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const demo = readDemo(dir);
    expect(demo.organisation).toBe('demo');
    const supervisor = demo.accounts.find((a) => a.role === 'supervisor')!;
    const counsellor = demo.accounts.find((a) => a.role === 'counsellor')!;
    expect((await signIn(first.url, supervisor.login, supervisor.password)).account).toMatchObject({
      organisation: 'demo',
      login: supervisor.login,
      role: 'supervisor',
    });
    expect((await signIn(first.url, counsellor.login, counsellor.password)).account.role).toBe(
      'counsellor',
    );
    const content = fs.readFileSync(file, 'utf8');
    const modified = fs.statSync(file).mtimeMs;
    expect(await first.stop()).toEqual(clean);

    const second = await startServer(['--data-dir', dir, '--demo']);
    expect(second.stderr()).toContain('demo organisation already exists');
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
    expect(fs.statSync(file).mtimeMs).toBe(modified);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect((await signIn(second.url, supervisor.login, supervisor.password)).account.role).toBe(
      'supervisor',
    );
    expect(await second.stop()).toEqual(clean);
  }, 30_000);

  it('a push whose response is lost on the way back is retried, and nothing is applied twice', async () => {
    const dir = dataFolder();
    const server = await startServer(['--data-dir', dir, '--demo']);
    const proxy = await startFaultProxy(server.url);
    try {
      const importer = await supervisorClient(server.url, dir);
      const data = importOf(12);
      await push(server.url, importer, numbered(1, [data.mutation]));
      const client: Client = {
        tokens: importer.tokens,
        clientId: await registerClient(server.url, importer.tokens.accessToken),
      };
      const imported = (await pullAll(server.url, client)).at(-1)!.cursor;
      const batch = numbered(
        1,
        data.threadIds.map((threadId, i) => ({
          name: 'thread.setTags',
          args: { threadId, tags: [`tag-${i + 1}`] },
        })),
      );
      const n = batch.length;

      proxy.dropResponseOf((method, url) => method === 'POST' && url === '/v1/push');
      await expect(push(proxy.url, client, batch)).rejects.toThrow('fetch failed');
      expect(proxy.dropped).toHaveLength(1);
      expect(proxy.dropped[0]!.status).toBe(200);
      const lost = JSON.parse(proxy.dropped[0]!.body) as PushResponse;
      expect(lost.results.map((r) => r.status)).toEqual(Array(n).fill('applied'));
      const afterLoss = await pullAll(server.url, client, imported);
      const threads = threadsIn(afterLoss);
      expect(threads.size).toBe(n);
      expect(new Set([...threads.values()].map((t) => t.version)).size).toBe(n);
      data.threadIds.forEach((id, i) => expect(threads.get(id)!.tags).toEqual([`tag-${i + 1}`]));

      // The workstation knows only that the push failed: it sends the same push again.
      const retry = await push(server.url, client, batch);
      expect(retry.results).toEqual(batch.map((m) => ({ id: m.id, status: 'skipped' })));
      expect(retry.lastMutationId).toBe(n);
      expect(retry.refusals).toEqual([]);
      // Nothing changed: the same versions, no new one (read through the proxy, which forwards).
      const afterRetry = await pullAll(proxy.url, client, imported);
      expect(afterRetry.flatMap((p) => p.changes)).toEqual(afterLoss.flatMap((p) => p.changes));
      expect(afterRetry.at(-1)!.cursor).toBe(afterLoss.at(-1)!.cursor);
      expect(afterRetry.at(-1)!.lastMutationId).toBe(n);
      expect(proxy.dropped).toHaveLength(1);
    } finally {
      await proxy.close();
    }
    expect(await server.stop()).toEqual(clean);
  }, 30_000);
});

/** What SIGKILL in the middle of a long push leaves, on one backend. */
async function killMidPush(
  backend: { args: string[]; dir: string; locked: boolean; open: () => Promise<Database> },
  total = 300,
  pushSize = 50,
  threadCount = 10,
) {
  const { args, dir } = backend;
  const first = await startServer(args);
  const importer = await supervisorClient(first.url, dir);
  const data = importOf(threadCount);
  await push(first.url, importer, numbered(1, [data.mutation]));
  const writer: Client = {
    tokens: importer.tokens,
    clientId: await registerClient(first.url, importer.tokens.accessToken),
  };
  const imported = (await pullAll(first.url, writer)).at(-1)!.cursor;
  // Mutation k tags thread (k - 1) mod threadCount with "m<k>": a thread's tags name the last
  // mutation applied to it.
  const series = numbered(
    1,
    Array.from({ length: total }, (_, i) => ({
      name: 'thread.setTags',
      args: { threadId: data.threadIds[i % threadCount], tags: [`m${i + 1}`] },
    })),
  );
  const expectedAfter = (last: number) =>
    data.threadIds.map((_, t) => {
      let k = 0;
      for (let id = t + 1; id <= last; id += threadCount) k = id;
      return k === 0 ? [] : [`m${k}`];
    });
  const tagsSeen = (pages: PullResponse[]) => {
    const threads = threadsIn(pages);
    return data.threadIds.map((id) => threads.get(id)!.tags);
  };

  let acknowledged = 0;
  const pushing = (async () => {
    for (let from = 0; from < total; from += pushSize)
      acknowledged = (await push(first.url, writer, series.slice(from, from + pushSize)))
        .lastMutationId;
  })().then(
    () => null,
    (error: unknown) => error as Error,
  );
  // Kill once the server has committed part of the third push (a pull tells).
  let observed = 0;
  let settled = false;
  void pushing.then(() => (settled = true));
  while (observed <= 2 * pushSize) {
    if (settled) throw new Error(`the pushes ended before the kill: ${String(await pushing)}`);
    observed = (await pull(first.url, writer, imported, 1)).lastMutationId;
  }
  first.child.kill('SIGKILL');
  expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
  const interrupted = await pushing;
  expect(interrupted?.message).toBe('fetch failed');
  expect(acknowledged).toBeLessThan(total);
  // PGlite's folder: the killed process's lock is still there, and the next start takes it over.
  if (backend.locked) expect(fs.readFileSync(lockOf(dir), 'utf8')).toBe(String(first.pid));

  const second = await startServer(args);
  if (backend.locked) expect(fs.readFileSync(lockOf(dir), 'utf8')).toBe(String(second.pid));
  // Nothing acknowledged was lost, and what was committed is whole: the records are exactly
  // those of mutations 1..last.
  const state = await pullAll(second.url, writer);
  const last = state.at(-1)!.lastMutationId;
  expect(last).toBeGreaterThanOrEqual(Math.max(acknowledged, observed));
  expect(last).toBeLessThan(total);
  expect(tagsSeen(state)).toEqual(expectedAfter(last));

  // The workstation pushes its whole outbox again, from id 1.
  const results: PushResponse['results'] = [];
  for (let from = 0; from < total; from += pushSize) {
    const answer = await push(second.url, writer, series.slice(from, from + pushSize));
    expect(answer.refusals).toEqual([]);
    results.push(...answer.results);
  }
  expect(results.map((r) => r.id)).toEqual(series.map((m) => m.id));
  const skipped = results.filter((r) => r.status === 'skipped');
  const applied = results.filter((r) => r.status === 'applied');
  expect(skipped.length + applied.length).toBe(total);
  expect(skipped.map((r) => r.id)).toEqual(series.slice(0, last).map((m) => m.id));
  expect(applied.map((r) => r.id)).toEqual(series.slice(last).map((m) => m.id));
  const final = await pullAll(second.url, writer);
  expect(final.at(-1)!.lastMutationId).toBe(total);
  expect(final.at(-1)!.refusals).toEqual([]);
  expect(tagsSeen(final)).toEqual(expectedAfter(total));
  expect(await second.stop()).toEqual(clean);

  // In the database: each id once, in order, and each thread last written by its last mutation.
  const db = await backend.open();
  try {
    const journal = await db.query<{ mutation_id: string; version: string | null }>(
      `SELECT mutation_id, version FROM applied_mutations WHERE client_id = $1 ORDER BY mutation_id`,
      [writer.clientId],
    );
    expect(journal.rows.map((r) => Number(r.mutation_id))).toEqual(series.map((m) => m.id));
    const versions = journal.rows.map((r) => Number(r.version));
    for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
    const threads = await db.query<{ id: string; version: string }>(
      `SELECT id, version FROM records WHERE tbl = 'threads'`,
    );
    const versionOf = new Map(threads.rows.map((r) => [r.id, Number(r.version)]));
    data.threadIds.forEach((id, t) => {
      const lastOnThread = total - ((total - 1 - t) % threadCount);
      expect(versionOf.get(id)).toBe(versions[lastOnThread - 1]);
    });
  } finally {
    await db.close();
  }
}

describe('SIGKILL in the middle of a push', () => {
  it('on PGlite: the restarted server takes the stale lock over, keeps what it acknowledged, and a full retry applies each id once', async () => {
    const dir = dataFolder();
    await killMidPush({
      args: ['--data-dir', dir, '--demo'],
      dir,
      locked: true,
      open: () => openPglite(path.join(dir, 'pglite')),
    });
  }, 60_000);

  it.skipIf(!postgresUrl)(
    'on PostgreSQL: a restarted server keeps what was acknowledged, and a full retry applies each id once',
    async () => {
      const url = await createPostgresDatabase();
      const dir = dataFolder();
      await killMidPush({
        args: ['--data-dir', dir, '--database-url', url, '--demo'],
        dir,
        locked: false,
        open: () => openPostgres(url),
      });
    },
    40_000,
  );
});

describe.skipIf(!postgresUrl)('two server processes on one PostgreSQL', () => {
  it('a push through one pokes the workstations connected to the other, whose pull sees it', async () => {
    const url = await createPostgresDatabase();
    const [dirA, dirB] = [dataFolder(), dataFolder()];
    // Both at once: the migrations' advisory lock keeps the two from racing.
    const [a, b] = await Promise.all([
      startServer(['--data-dir', dirA, '--database-url', url, '--demo']),
      startServer(['--data-dir', dirB, '--database-url', url]),
    ]);
    const supervisor = await supervisorClient(a.url, dirA);
    const events = await openEvents(b.url, supervisor.tokens.accessToken);
    try {
      expect(await events.next()).toBe('ready');
      const data = importOf(1);
      const threadId = data.threadIds[0]!;
      await push(a.url, supervisor, numbered(1, [data.mutation]));
      expect(await events.next()).toBe('poke');
      const onB: Client = {
        tokens: supervisor.tokens,
        clientId: await registerClient(b.url, supervisor.tokens.accessToken),
      };
      const before = await pullAll(b.url, onB);
      expect(threadsIn(before).get(threadId)!.tags).toEqual([]);

      await push(
        a.url,
        supervisor,
        numbered(2, [{ name: 'thread.setTags', args: { threadId, tags: ['visa'] } }]),
      );
      expect(await events.next()).toBe('poke');
      const after = await pullAll(b.url, onB, before.at(-1)!.cursor);
      expect(threadsIn(after).get(threadId)!.tags).toEqual(['visa']);
    } finally {
      events.close();
    }
    expect(await Promise.all([a.stop(), b.stop()])).toEqual([clean, clean]);
  }, 30_000);
});
