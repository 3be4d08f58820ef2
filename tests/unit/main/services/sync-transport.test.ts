/**
 * The workstation's sync transport (issue 15) against a real sync server in this process, on a
 * loopback port (PGlite in memory): sign-in keeps nothing in the clear on disk, push and pull,
 * the access token refreshed when it expires, back-off with jitter while the server is down and
 * recovery when it is back, 4xx never retried, TLS required off this computer, the events stream
 * (pokes, reconnects) and the page's long-poll. The channels are called through the bridge router,
 * so every answer is also checked against the bridge's schemas.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createBridgeRouter,
  type BridgeDispatch,
} from '../../../../src/main/services/bridge-router';
import { createBridgeHandlers } from '../../../../src/main/services/handlers';
import { call, refusal } from './bridge-calls';
import { createKeyStore } from '../../../../src/main/services/key-store';
import { createLogger } from '../../../../src/main/services/logger';
import { createRoleCredentials } from '../../../../src/main/services/role-credentials';
import {
  AUDIT_ANCHOR_FILE_NAME,
  createAuditAnchorStore,
} from '../../../../src/main/services/audit-anchor';
import { compareWithAnchor, type AuditAnchorReading } from '../../../../src/domain/audit/anchor';
import {
  DEFAULT_BACKOFF,
  backoffDelay,
  type SyncClock,
} from '../../../../src/main/services/sync-backoff';
import { SYNC_CONNECTION_FILE_NAME } from '../../../../src/main/services/sync-connection-store';
import { createEventStreamParser } from '../../../../src/main/services/sync-events';
import {
  createSyncTransport,
  type ChangeCause,
  type Fetch,
  type SyncTransport,
  type SyncTransportOptions,
} from '../../../../src/main/services/sync-transport';
import { checkServerUrl } from '../../../../src/main/services/sync-url';
import { buildServer } from '../../../../src/server/app';
import { disableAccount } from '../../../../src/server/auth/accounts';
import { openPglite } from '../../../../src/server/db/database';
import type { Tokens } from '../../../../src/sync/protocol';
import {
  DEFAULT_ORGANISATION_SETTINGS,
  type OrganisationSettings,
} from '../../../../src/domain/settings/organisation-settings';
import { importOf, openWorld, organisation, PASSWORD, type World } from '../../server/world';

const FAST = { N: 1024, r: 8, p: 1 };
const PASSPHRASE = 'a workstation passphrase of some length';

/** Every log line of the test, to check that none names a person, a token or the server. */
const logLines: string[] = [];
const log = createLogger({ sink: (line) => logLines.push(line), level: 'debug' });
const logged = (event: string) =>
  logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.event === event);

// ---------------------------------------------------------------- the server

let world: World;
let server: FastifyInstance;
let port: number;
let base: string;

async function startServer(onPort = 0): Promise<void> {
  server = await buildServer({
    db: world.db,
    notices: world.notices,
    now: () => world.clock.now,
    logStream: null,
  });
  await server.listen({ port: onPort, host: '127.0.0.1' });
  const address = server.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  base = `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  world = await openWorld(await openPglite(null));
  // The server's clock is pinned (tests move it), and starts at this computer's.
  world.clock.now = Date.now();
  server = world.app;
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  base = `http://127.0.0.1:${port}`;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await world?.notices.close();
  await world?.db.close();
});

// ---------------------------------------------------------------- the workstation

/** The real network, with each request's path and status noted and the tokens it was given. */
function recordingFetch() {
  const calls: { path: string; status: number | 'error' }[] = [];
  const tokens: Tokens[] = [];
  const fn: Fetch = async (url, init) => {
    const where = new URL(url).pathname;
    try {
      const response = await fetch(url, init);
      calls.push({ path: where, status: response.status });
      if ((where === '/v1/login' || where === '/v1/refresh') && response.status === 200)
        tokens.push((await response.clone().json()) as Tokens);
      return response;
    } catch (error) {
      calls.push({ path: where, status: 'error' });
      throw error;
    }
  };
  return {
    fn,
    calls,
    tokens,
    count: (where: string) => calls.filter((c) => c.path === where).length,
  };
}

interface Workstation {
  dataDir: string;
  sync: SyncTransport;
  dispatch: BridgeDispatch;
  net: ReturnType<typeof recordingFetch>;
  changes: ChangeCause[];
}

const open: SyncTransport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sync) => sync.close()));
});

/** A workstation with its passphrase set and unlocked (which opens the sync connection). */
async function workstation(
  options: Partial<SyncTransportOptions> = {},
  dataDir?: string,
): Promise<Workstation> {
  const folder = dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'cw-sync-')));
  const net = recordingFetch();
  const changes: ChangeCause[] = [];
  const auditAnchor = createAuditAnchorStore({ dataDir: folder, log });
  const keyStore = createKeyStore({ dataDir: folder, log, scryptParameters: FAST });
  const roles = createRoleCredentials({
    dataDir: folder,
    log,
    verifyPassphrase: (p) => keyStore.verify(p),
    scryptParameters: FAST,
  });
  const sync = createSyncTransport({
    dataDir: folder,
    log,
    fetch: net.fn,
    onChange: (cause) => changes.push(cause),
    auditAnchor,
    onSessionEnded: (accountId) => void roles.accountEnded(accountId),
    ...options,
  });
  open.push(sync);
  if ((await keyStore.status()).state === 'unset') await keyStore.create(PASSPHRASE);
  const dispatch = createBridgeRouter(
    createBridgeHandlers({
      appInfo: {
        name: 'Counsellor Workstation',
        version: '0.1.0',
        host: 'browser-host',
        os: 'linux',
        dataDir: folder,
        pinnedNow: null,
      },
      settings: {} as never,
      holidays: {} as never,
      keyStore,
      auditAnchor,
      roles,
      exports: {} as never,
      sync,
    }),
    log,
  );
  await call(dispatch, 'vault.unlock', { passphrase: PASSPHRASE });
  return { dataDir: folder, sync, dispatch, net, changes };
}

const signIn = (ws: Workstation, slug: string, login: string, serverUrl = base) =>
  call(ws.dispatch, 'sync.signIn', { serverUrl, organisation: slug, login, password: PASSWORD });

const connected = (ws: Workstation) =>
  vi.waitFor(() => expect(ws.sync.status().events).toBe('connected'), { timeout: 10_000 });

/** Every file under a folder, read whole. */
async function filesUnder(folder: string): Promise<{ name: string; bytes: Buffer }[]> {
  const found: { name: string; bytes: Buffer }[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    found.push({ name: path.relative(folder, full), bytes: await readFile(full) });
  }
  return found;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/** A clock the test moves: sleeps end when it is moved past them (or their signal aborts). */
function fakeClock(start: number): SyncClock & { advanceTo(at: number): void } {
  let now = start;
  const timers = new Set<{ at: number; resolve: () => void }>();
  return {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) {
          resolve();
          return;
        }
        const timer = { at: now + ms, resolve };
        timers.add(timer);
        signal?.addEventListener(
          'abort',
          () => {
            timers.delete(timer);
            resolve();
          },
          { once: true },
        );
      }),
    advanceTo(at) {
      now = Math.max(now, at);
      for (const timer of [...timers].sort((a, b) => a.at - b.at)) {
        if (timer.at > now) continue;
        timers.delete(timer);
        timer.resolve();
      }
    },
  };
}

// ---------------------------------------------------------------- the tests

describe('the sync server address', () => {
  it.each([
    ['https://sync.example.org', 'https://sync.example.org'],
    ['https://sync.example.org/counselling/', 'https://sync.example.org/counselling'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://127.0.0.2:8080/', 'http://127.0.0.2:8080'],
    ['http://[::1]:9000', 'http://[::1]:9000'],
    ['http://localhost:9000', 'http://localhost:9000'],
    ['  HTTPS://Sync.Example.org  ', 'https://sync.example.org'],
  ])('takes %s', (text, url) => {
    expect(checkServerUrl(text)).toEqual({ ok: true, url });
  });

  it.each([
    ['http://sync.example.org', 'insecure'],
    ['http://10.0.0.5:8080', 'insecure'],
    ['http://127.0.0.1.nip.io', 'insecure'],
    ['http://localhost.example.org', 'insecure'],
    ['ftp://sync.example.org', 'invalid'],
    ['sync.example.org', 'invalid'],
    ['https://user:secret@sync.example.org', 'invalid'],
    ['https://sync.example.org/?token=x', 'invalid'],
  ])('refuses %s (%s)', (text, problem) => {
    expect(checkServerUrl(text)).toEqual({ ok: false, problem });
  });
});

describe('the events stream reader', () => {
  it('reads events split anywhere, with LF, CRLF or CR, and skips comments', () => {
    const seen: string[] = [];
    const parser = createEventStreamParser((e) => seen.push(`${e.event}:${e.data}`));
    const text =
      'retry: 2000\r\n\r\nevent: ready\r\ndata: {"serverTime":1}\r\n\r\n: keep-alive\n\nevent: poke\rdata: {}\r\r' +
      'data: a\ndata: b\n\n';
    for (let i = 0; i < text.length; i += 3) parser.push(text.slice(i, i + 3));
    expect(seen).toEqual(['ready:{"serverTime":1}', 'poke:{}', 'message:a\nb']);
  });
});

describe('the sync transport', () => {
  it('signs in, keeps no token or password in the clear on disk, and resumes after an unlock', async () => {
    const slug = await organisation(world);
    const ws = await workstation();
    expect(await call(ws.dispatch, 'sync.status', undefined)).toMatchObject({
      connection: 'signed-out',
      account: null,
    });
    const status = await signIn(ws, slug, 'alice');
    expect(status).toMatchObject({
      connection: 'online',
      serverUrl: base,
      organisation: slug,
      account: { login: 'alice', role: 'counsellor', organisation: slug, counsellorId: 'c-01' },
      clock: { off: false },
      problem: null,
    });
    expect(status.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ws.net.count('/v1/clients')).toBe(1);

    // Nothing on disk holds the tokens, the password, the server's address or the login.
    const [tokens] = ws.net.tokens;
    const secrets = [
      tokens!.refreshToken,
      tokens!.accessToken,
      PASSWORD,
      `127.0.0.1:${port}`,
      slug,
    ];
    const files = await filesUnder(ws.dataDir);
    expect(files.map((f) => f.name)).toContain(SYNC_CONNECTION_FILE_NAME);
    for (const file of files)
      for (const secret of secrets) {
        expect(file.bytes.includes(Buffer.from(secret))).toBe(false);
        expect(file.bytes.includes(Buffer.from(Buffer.from(secret).toString('base64')))).toBe(
          false,
        );
      }
    const sealed = JSON.parse(
      await readFile(path.join(ws.dataDir, SYNC_CONNECTION_FILE_NAME), 'utf8'),
    ) as Record<string, unknown>;
    expect(Object.keys(sealed).sort()).toEqual(['format', 'version', 'wrapped']);

    // Locked: nothing syncs, nothing of the connection is known.
    await call(ws.dispatch, 'vault.lock', undefined);
    expect(await call(ws.dispatch, 'sync.status', undefined)).toMatchObject({
      connection: 'locked',
      serverUrl: null,
      account: null,
      events: 'stopped',
    });
    expect((await refusal(ws.dispatch, 'sync.pull', { cursor: 0 })).reason?.key).toBe(
      'sync-locked',
    );

    // Unlocked again (here, by another process on the same folder): the session resumes with
    // the stored refresh token, the same client id, and a fresh access token.
    await ws.sync.close();
    const again = await workstation({}, ws.dataDir);
    expect(again.sync.status()).toMatchObject({
      account: { login: 'alice' },
      clientId: status.clientId,
    });
    expect((await call(again.dispatch, 'sync.pull', { cursor: 0 })).lastMutationId).toBe(0);
    expect(again.net.count('/v1/refresh')).toBe(1);
    expect(again.net.count('/v1/login')).toBe(0);

    // Signing out revokes the session on the server and forgets it here; signing in again as
    // the same person keeps the client id (registered once per account).
    expect(await call(again.dispatch, 'sync.signOut', undefined)).toEqual({ revoked: true });
    expect(again.sync.status()).toMatchObject({ connection: 'signed-out', account: null });
    const spent = again.net.tokens.at(-1)!.refreshToken;
    const reuse = await fetch(`${base}/v1/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: spent }),
    });
    expect(reuse.status).toBe(401);
    expect((await signIn(again, slug, 'alice')).clientId).toBe(status.clientId);
    // The id is asked for again by itself: the server keeps it as it is.
    expect(again.net.count('/v1/clients')).toBe(1);

    // A server restored from a backup made before the client was registered does not know it:
    // signing in registers the same id again, and it pulls and pushes as before.
    expect(await call(again.dispatch, 'sync.signOut', undefined)).toEqual({ revoked: true });
    await world.db.query(`DELETE FROM clients WHERE id = $1`, [status.clientId]);
    expect((await signIn(again, slug, 'alice')).clientId).toBe(status.clientId);
    expect((await call(again.dispatch, 'sync.pull', { cursor: 0 })).lastMutationId).toBe(0);
    const disk = await filesUnder(again.dataDir);
    for (const file of disk)
      expect(file.bytes.includes(Buffer.from(again.net.tokens.at(-1)!.refreshToken))).toBe(false);

    // Another workstation's keys do not open the connection: reported, signed out.
    await again.sync.close();
    const stranger = createSyncTransport({ dataDir: ws.dataDir, log });
    open.push(stranger);
    await stranger.useKey(randomBytes(32).toString('base64'));
    expect(stranger.status()).toMatchObject({ connection: 'signed-out', problem: 'unreadable' });

    // The log names no person, token, password or server.
    const text = logLines.join('\n');
    for (const secret of [...secrets, 'alice', status.clientId!])
      expect(text).not.toContain(secret);
  });

  it('pushes and pulls, and returns a 4xx as a refusal with the server code, never retried', async () => {
    const slug = await organisation(world);
    const ws = await workstation();
    await signIn(ws, slug, 'super');
    const data = importOf(2);
    const pushed = await call(ws.dispatch, 'sync.push', {
      mutations: [{ id: 1, name: data.mutation.name, v: 1, args: data.mutation.args, at: 1 }],
    });
    expect(pushed).toMatchObject({ lastMutationId: 1, results: [{ id: 1, status: 'applied' }] });
    const page = await call(ws.dispatch, 'sync.pull', { cursor: 0, limit: 1000 });
    const threads = page.changes.filter((c) => c.table === 'threads').map((c) => c.id);
    expect(threads.sort()).toEqual([...data.threadIds].sort());
    expect(ws.sync.status().lastSyncAt).not.toBeNull();

    // A gap in the mutation ids: 409, refused at once with what the server expects next.
    const before = ws.net.count('/v1/push');
    const gap = await refusal(ws.dispatch, 'sync.push', {
      mutations: [{ id: 5, name: 'thread.take', v: 1, args: { threadId: threads[0] }, at: 1 }],
    });
    expect(gap).toMatchObject({
      code: 'failed',
      reason: { key: 'sync-refused', params: { code: 'mutation-gap', expected: 2 } },
    });
    expect(gap.message).not.toContain('must come first'); // the server's words stay there
    expect(ws.net.count('/v1/push')).toBe(before + 1);
    expect(ws.sync.status().connection).toBe('online');

    // A wrong password: refused once, with the code.
    const other = await workstation();
    const wrong = await refusal(other.dispatch, 'sync.signIn', {
      serverUrl: base,
      organisation: slug,
      login: 'alice',
      password: 'not the password at all',
    });
    expect(wrong.reason).toEqual({ key: 'sync-refused', params: { code: 'unauthenticated' } });
    expect(other.net.count('/v1/login')).toBe(1);
  });

  it('refreshes an expired access token once, transparently, and says when the clocks differ', async () => {
    const slug = await organisation(world);
    const ws = await workstation();
    await signIn(ws, slug, 'alice');
    const first = ws.net.tokens[0]!;
    const startedAt = world.clock.now;
    try {
      // The server's clock moves 11 minutes on: the access token (10 minutes) has expired.
      world.clock.now = startedAt + 11 * 60_000;
      const [a, b] = await Promise.all([
        call(ws.dispatch, 'sync.pull', { cursor: 0 }),
        call(ws.dispatch, 'sync.pull', { cursor: 0 }),
      ]);
      expect(a.cursor).toBe(b.cursor);
      // Both calls saw the token expire; one refresh served them (a second would spend the
      // rotated token twice, and the server would end the session).
      expect(ws.net.count('/v1/refresh')).toBe(1);
      expect(ws.net.calls.filter((c) => c.path === '/v1/pull').map((c) => c.status)).toEqual(
        expect.arrayContaining([401, 200]),
      );
      const renewed = ws.net.tokens[1]!;
      expect(renewed.refreshToken).not.toBe(first.refreshToken);
      const disk = await filesUnder(ws.dataDir);
      for (const file of disk)
        expect(file.bytes.includes(Buffer.from(renewed.refreshToken))).toBe(false);
      const status = ws.sync.status();
      expect(status.connection).toBe('online');
      expect(status.clock?.off).toBe(true);
      expect(status.clock!.offsetMs).toBeGreaterThan(10 * 60_000);
    } finally {
      world.clock.now = startedAt;
    }
    await call(ws.dispatch, 'sync.pull', { cursor: 0 });
    expect(ws.sync.status().clock?.off).toBe(false);
  });

  it('backs off with jittered delays while the server is down, and recovers when it is back', async () => {
    const slug = await organisation(world);
    const clock = fakeClock(Date.now());
    const draws = [0.5, 0.25, 0.75, 0.1, 0.9, 0.6, 0.99];
    let drawn = 0;
    const ws = await workstation({
      clock,
      random: () => draws[drawn++ % draws.length]!,
      patienceMs: 10 * 60_000,
    });
    await signIn(ws, slug, 'alice');
    await connected(ws);
    const backoffsBefore = logged('sync.backing-off').length;
    const delays = () =>
      logged('sync.backing-off')
        .slice(backoffsBefore)
        .map((e) => e.durationMs);

    await server.close();
    const pulled = call(ws.dispatch, 'sync.pull', { cursor: 0 });
    for (let k = 1; k <= draws.length; k++) {
      await vi.waitFor(() => expect(delays()).toHaveLength(k), { timeout: 5000 });
      const status = ws.sync.status();
      expect(status.connection).toBe('backing-off');
      expect(status.nextAttemptAt).toBe(clock.now() + (delays()[k - 1] as number));
      if (k < draws.length) clock.advanceTo(status.nextAttemptAt!);
    }
    // One delay per failed round (the events stream and the pull wait on the same gate), each
    // drawn uniformly below min(60 s, 1 s · 2^(k−1)).
    const ceilings = draws.map((_, i) => Math.min(60_000, 1000 * 2 ** i));
    expect(delays()).toEqual(draws.map((r, i) => Math.floor(r * ceilings[i]!)));
    expect(delays()).toEqual([500, 500, 3000, 800, 14_400, 19_200, 59_400]);
    for (const [i, delay] of delays().entries()) {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(ceilings[i]!);
      expect(delay).toBe(backoffDelay(i + 1, () => draws[i]!, DEFAULT_BACKOFF));
    }
    expect(drawn).toBe(draws.length);

    // The server comes back on its port, and the page says the network is back (or the computer
    // woke): the transport tries at once, without waiting out the 59.4 s, and the pull answers.
    await startServer(port);
    const wokenAt = clock.now();
    expect(await call(ws.dispatch, 'sync.wake', undefined)).toMatchObject({
      connection: 'offline',
      nextAttemptAt: wokenAt,
    });
    expect((await pulled).lastMutationId).toBe(0);
    expect(clock.now()).toBe(wokenAt);
    expect(ws.sync.status()).toMatchObject({ connection: 'online', nextAttemptAt: null });
    await connected(ws);
    expect(ws.changes).toContain('recovered');
  });

  it('retries a 5xx, and gives up with sync-offline when the next attempt is past its patience', async () => {
    const slug = await organisation(world);
    let failing = 2;
    const net = recordingFetch();
    const ws = await workstation({
      backoff: { baseMs: 20, capMs: 100 },
      fetch: async (url, init) => {
        if (new URL(url).pathname === '/v1/pull' && failing > 0) {
          failing -= 1;
          return new Response('{"error":"internal","message":"x"}', { status: 503 });
        }
        return net.fn(url, init);
      },
    });
    await signIn(ws, slug, 'alice');
    expect((await call(ws.dispatch, 'sync.pull', { cursor: 0 })).cursor).toBeGreaterThanOrEqual(0);
    expect(failing).toBe(0);

    // A server that cannot be reached, a first delay longer than the call's patience.
    const dead = await workstation({
      backoff: { baseMs: 10_000, capMs: 60_000 },
      random: () => 0.99,
      patienceMs: 1000,
    });
    const offline = await refusal(dead.dispatch, 'sync.signIn', {
      serverUrl: `http://127.0.0.1:${await closedPort()}`,
      organisation: slug,
      login: 'alice',
      password: PASSWORD,
    });
    expect(offline.reason?.key).toBe('sync-offline');
    expect(Number(offline.reason?.params.retryAt)).toBeGreaterThan(Date.now() + 5000);
    expect(dead.net.count('/v1/login')).toBe(1);
  });

  it('refuses http:// to a host that is not this computer, before any request', async () => {
    const ws = await workstation();
    for (const serverUrl of ['http://sync.example.org', 'http://192.168.1.10:8080']) {
      const error = await refusal(ws.dispatch, 'sync.signIn', {
        serverUrl,
        organisation: 'clair',
        login: 'alice',
        password: PASSWORD,
      });
      expect(error).toMatchObject({
        code: 'invalid-input',
        path: ['serverUrl'],
        reason: { key: 'sync-insecure-url' },
      });
    }
    expect(ws.net.calls).toEqual([]);
  });

  it('hears a poke after another account pushes, and reconnects after the server restarts', async () => {
    const slug = await organisation(world);
    const alice = await workstation({ random: () => 0.1 });
    const supervisor = await workstation();
    await signIn(alice, slug, 'alice');
    await signIn(supervisor, slug, 'super');
    await connected(alice);
    const mark = alice.changes.length;
    await call(supervisor.dispatch, 'sync.push', {
      mutations: [{ id: 1, ...importOf(1).mutation, v: 1, at: 1 }],
    });
    await vi.waitFor(() => expect(alice.changes.slice(mark)).toContain('poke'));

    const reconnects = alice.changes.filter((c) => c === 'reconnect').length;
    await server.close();
    await vi.waitFor(() => expect(alice.sync.status().connection).toMatch(/backing-off|offline/), {
      timeout: 5000,
    });
    await startServer(port);
    await vi.waitFor(
      () =>
        expect(alice.changes.filter((c) => c === 'reconnect').length).toBeGreaterThan(reconnects),
      { timeout: 10_000 },
    );
    await connected(alice);
    expect(alice.sync.status().connection).toBe('online');
  });

  it('mirrors the audit anchor to the server, whose anchor finds a data folder put back', async () => {
    const slug = await organisation(world);
    const alice = await workstation();
    await signIn(alice, slug, 'alice');
    await connected(alice);
    const head = (n: number) => createHash('sha256').update(`entry ${n}`).digest('hex');
    const anchorFile = path.join(alice.dataDir, AUDIT_ANCHOR_FILE_NAME);
    await call(alice.dispatch, 'audit.advance', { count: 2, head: head(2) });
    const earlier = await readFile(anchorFile);
    await call(alice.dispatch, 'audit.advance', { count: 4, head: head(4) });
    await vi.waitFor(() =>
      expect(alice.sync.serverAuditAnchor()).toEqual({ count: 4, hash: head(4) }),
    );

    // Someone puts the folder back to its earlier copy: the anchor beside the key store says 2,
    // and a log of two entries would pass against it; the server's says 4.
    await writeFile(anchorFile, earlier);
    const logOfTwo = { count: 2, hashAt: async (seq: number) => (seq <= 2 ? head(seq) : null) };
    const anchor = (await call(alice.dispatch, 'audit.anchor', undefined)) as AuditAnchorReading;
    expect(anchor).toEqual({ state: 'set', count: 4, head: head(4) });
    expect(await compareWithAnchor(logOfTwo, anchor, true)).toEqual({
      ok: false,
      brokenAt: 3,
      reason: 'rolled-back',
    });

    // After a lock and an unlock (a restart), the server's anchor is read again.
    await call(alice.dispatch, 'vault.lock', undefined);
    expect(alice.sync.serverAuditAnchor()).toBeNull();
    await call(alice.dispatch, 'vault.unlock', { passphrase: PASSPHRASE });
    await vi.waitFor(() =>
      expect(alice.sync.serverAuditAnchor()).toEqual({ count: 4, hash: head(4) }),
    );
    expect(await call(alice.dispatch, 'audit.anchor', undefined)).toEqual(anchor);

    // Signed out, only the local anchor is left to check against.
    await call(alice.dispatch, 'sync.signOut', undefined);
    expect(await call(alice.dispatch, 'audit.anchor', undefined)).toEqual({
      state: 'set',
      count: 2,
      head: head(2),
    });
    // Neither hash is ever logged.
    expect(logLines.join('\n')).not.toContain(head(4));
    expect(logLines.join('\n')).not.toContain(head(2));
  });

  it('a sign-in as a profile ties it to the account: a supervisor is proven, and a disabled account cannot be switched to', async () => {
    const slug = await organisation(world);
    const ws = await workstation();
    await call(ws.dispatch, 'sync.signIn', {
      serverUrl: base,
      organisation: slug,
      login: 'super',
      password: PASSWORD,
      profileId: 'profile-super',
    });
    expect((await call(ws.dispatch, 'role.status', undefined)).active).toEqual({
      profileId: 'profile-super',
      role: 'supervisor',
    });
    // Proven by the server: the organisation's rules may be changed from here now.
    await call(ws.dispatch, 'vault.lock', undefined);
    await call(ws.dispatch, 'vault.unlock', { passphrase: PASSPHRASE });
    expect((await call(ws.dispatch, 'role.status', undefined)).active.role).toBe('counsellor');
    // Offline or not, the account's password switches to the profile; the team's passphrase does not.
    expect(
      await call(ws.dispatch, 'role.switch', {
        profileId: 'profile-super',
        role: 'supervisor',
        secret: PASSPHRASE,
      }),
    ).toMatchObject({ ok: false, reason: 'wrong-secret' });
    expect(
      await call(ws.dispatch, 'role.switch', {
        profileId: 'profile-super',
        role: 'supervisor',
        secret: PASSWORD,
      }),
    ).toMatchObject({ ok: true });

    // An administrator disables the account: the server ends its session at the next request,
    // and the profile can no longer be switched to.
    await disableAccount(world.db, { organisation: slug, login: 'super' }, world.clock.now);
    const refused = await refusal(ws.dispatch, 'sync.pull', { cursor: 0 });
    expect(refused.reason?.key).toBe('sync-signed-out');
    await vi.waitFor(async () =>
      expect((await call(ws.dispatch, 'role.status', undefined)).active.role).toBe('counsellor'),
    );
    expect(
      await call(ws.dispatch, 'role.switch', {
        profileId: 'profile-super',
        role: 'supervisor',
        secret: PASSWORD,
      }),
    ).toMatchObject({ ok: false, reason: 'account-ended' });
    expect((await call(ws.dispatch, 'sync.status', undefined)).problem).toBe('session-ended');
  });

  it('keeps the organisation settings a pull brings, as the main process keeps its own', async () => {
    const slug = await organisation(world);
    const kept: OrganisationSettings[] = [];
    const alice = await workstation({
      onSettingsPulled: async (settings) => {
        kept.push(settings);
      },
    });
    const supervisor = await workstation();
    await signIn(alice, slug, 'alice');
    await signIn(supervisor, slug, 'super');
    const settings: OrganisationSettings = {
      ...DEFAULT_ORGANISATION_SETTINGS,
      answerDeadlineBusinessDays: 2,
    };
    const pushed = await call(supervisor.dispatch, 'sync.push', {
      mutations: [{ id: 1, name: 'settings.update', v: 1, args: { settings }, at: 1 }],
    });
    expect(pushed.results).toEqual([{ id: 1, status: 'applied' }]);
    const first = await call(alice.dispatch, 'sync.pull', { cursor: 0 });
    expect(first.changes.map((c) => c.table)).toEqual(['settings']);
    expect(logged('sync.settings-not-applied')).toEqual([]);
    expect(kept).toEqual([settings]);
    // A counsellor's settings.update is refused by the server, and nothing reaches anyone.
    const refused = await call(alice.dispatch, 'sync.push', {
      mutations: [
        {
          id: 1,
          name: 'settings.update',
          v: 1,
          args: { settings: DEFAULT_ORGANISATION_SETTINGS },
          at: 1,
        },
      ],
    });
    expect(refused.refusals.map((r) => r.code)).toEqual(['forbidden-role']);
    const later = await call(alice.dispatch, 'sync.pull', { cursor: 0 });
    expect(later.changes.filter((c) => c.table === 'settings')).toHaveLength(1);
    expect(kept).toHaveLength(2);
    expect(kept[1]).toEqual(settings);
  });

  it('waitForChange answers true after a poke, and false at its timeout', async () => {
    const slug = await organisation(world);
    const alice = await workstation();
    const supervisor = await workstation();
    await signIn(alice, slug, 'alice');
    await signIn(supervisor, slug, 'super');
    await connected(alice);
    // The connection itself was a change (the page pulls after it): taken now.
    expect(await call(alice.dispatch, 'sync.waitForChange', { timeoutMs: 0 })).toEqual({
      changed: true,
    });
    expect(await call(alice.dispatch, 'sync.waitForChange', { timeoutMs: 50 })).toEqual({
      changed: false,
    });
    const waiting = call(alice.dispatch, 'sync.waitForChange', { timeoutMs: 30_000 });
    await call(supervisor.dispatch, 'sync.push', {
      mutations: [{ id: 1, ...importOf(1).mutation, v: 1, at: 1 }],
    });
    expect(await waiting).toEqual({ changed: true });
    // A poke with no one waiting is kept for the next call.
    await call(supervisor.dispatch, 'sync.push', {
      mutations: [{ id: 2, ...importOf(1).mutation, v: 1, at: 1 }],
    });
    await vi.waitFor(() => expect(alice.changes.filter((c) => c === 'poke')).toHaveLength(2));
    expect(await call(alice.dispatch, 'sync.waitForChange', { timeoutMs: 0 })).toEqual({
      changed: true,
    });
    // Out of bounds, or signed out: refused.
    expect((await refusal(alice.dispatch, 'sync.waitForChange', { timeoutMs: 30_001 })).code).toBe(
      'invalid-input',
    );
    await call(alice.dispatch, 'sync.signOut', undefined);
    expect(
      (await refusal(alice.dispatch, 'sync.waitForChange', { timeoutMs: 10 })).reason?.key,
    ).toBe('sync-signed-out');
  });
});
