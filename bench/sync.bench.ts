/**
 * Issue 15: the sync server over real HTTP on loopback, on PGlite (embedded, data in a folder, as
 * `npm run server` runs by default) and on a real PostgreSQL, side by side. The server runs in a
 * process of its own (./sync-server-process.ts, `startServer` on port 0); the workstations are
 * plain `fetch` clients in the bench's process. The bench starts a throwaway PostgreSQL from
 * Debian's binaries (`/usr/lib/postgresql/<version>/bin`: `initdb` and `pg_ctl` as the postgres
 * user, a loopback port, a temporary folder, default durability: fsync on) and stops it after;
 * without them it measures PGlite only and says so. Durability differs: PGlite 0.6 runs with
 * `fsync = off` (`SHOW fsync` in it), so its commits never wait for the disk, while each of
 * PostgreSQL's waits for a WAL flush; the push figures are not like for like.
 *
 * 1. Push and pull: a supervisor's workstation imports 300 threads (5 `records.import` of 60, as
 *    tests/unit/server/world.ts's importOf builds them), then pushes 10,000 mutations in pushes of
 *    100 (thread.setTags 40 %, thread.setRisk 30 %, note.add 30 % with a sealed body, spread over
 *    the threads); a counsellor's workstation that held the import then pulls them (pages of the
 *    server's default, 1,000 changes). Throughput and p50/p95 per push request and per pull page.
 *    One warm-up of 500 mutations, then 3 runs (not the usual 5: a run is 10,000 transactions).
 * 2. A change seen elsewhere: workstation B holds an open events stream (`/v1/events`, fetch with
 *    the Authorization header) and pulls when poked; A pushes one thread.setTags. From the start of
 *    A's push to B holding the change (poke → pull → the changed thread in the page). 100 trials
 *    a run, 5 runs after 10 trials of warm-up; the target: p95 under 1 s on loopback.
 *    Trials are spaced past the server's 100-ms poke window (back to back, they measure it).
 * 2b. The same through the page's own code on both sides (./page/sync-queue.ts): the supervisor's
 *    workstation changes a thread's tags and syncs, the counsellor's queue (`openThreads()`) holds
 *    them; the demo dataset imported and synced first. 50 trials a run, 5 runs.
 * 3. 100 workstations on one server: 100 events streams (10 counsellor accounts signed in on 10
 *    workstation profiles each, to keep scrypt sign-ins out of the bench's time), each pulling
 *    every 3 s, while a supervisor pushes 10 mutations every second, for 20 s. The server
 *    process's RSS and V8 heap (the peak of 1-s samples over the interval minus the idle figure
 *    taken after a full GC before the streams opened) and its CPU (process.cpuUsage over the
 *    interval, in % of one core), one run. PGlite runs inside the server process, so it is counted there; PostgreSQL's
 *    own processes are not, and are given beside (CPU and PSS of the postmaster and its children,
 *    from /proc).
 *
 * The issue sets a target only for items 2 and 2b; the other targets are ours (written in each
 * row's description). The whole file takes about 8 minutes on a quiet 2-core machine (counts
 * chosen for that: 3 runs of item 1, a 20-s interval for item 3).
 *
 *   npm run bench -- sync      (this file only; docs/benchmarks.md is not rewritten)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadHolidayData } from '../src/cli/commands/shared';
import { createBusinessCalendar } from '../src/domain/calendar';
import { generateDemoDataset } from '../src/domain/dataset/demo';
import { serializeDataset } from '../src/domain/dataset/schema';
import { POKE_WINDOW_MS } from '../src/server/events';
import type { Change, PullResponse, PushResponse, Tokens } from '../src/sync/protocol';
import { ASSESSED_RISK_LEVELS } from '../src/sync/records';
import { startThrowawayPostgres } from '../tests/unit/server/throwaway-postgres';
import { importOf, sealed, testId } from '../tests/unit/server/world';
import type { SuiteResult } from './benchmark';
import {
  BENCH_PASSWORD,
  counsellorLogin,
  type ServerCommand,
  type Usage,
} from './sync-server-process';

const IMPORTS = 5;
const THREADS_PER_IMPORT = 60; // 3 + 3 × 60 = 183 records: under MAX_IMPORT_BATCH (200)
const MUTATIONS = 10_000;
const WARM_UP_MUTATIONS = 500;
const PUSH_SIZE = 100;
const PUSH_RUNS = 3;
const TRIALS = 100;
const VISIBLE_RUNS = 5;
const QUEUE_TRIALS = 50;
/**
 * Trials are spaced past the server's poke window: a change within 100 ms of an earlier one of
 * the organisation is poked at the window's end, so back-to-back trials would measure the window.
 */
const TRIAL_GAP_MS = POKE_WINDOW_MS + 20;
const WORKSTATIONS = 100;
const ACCOUNTS = 10;
const LOAD_MS = 20_000;
const PULL_EVERY_MS = 3_000;
const PUSH_EVERY_MS = 1_000;
const MUTATIONS_PER_TICK = 10;

const SERVER_SCRIPT = fileURLToPath(new URL('./sync-server-process.ts', import.meta.url));
const MB = 2 ** 20;

const write = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

// ---------------------------------------------------------------------------------------------
// A throwaway PostgreSQL (as tests/unit/server/postgres.setup.ts starts one)

export interface Postgres {
  url: string;
  version: string;
  /** CPU time and proportional memory (PSS) of the postmaster and its processes, now. */
  usage(): DatabaseUsage;
  stop(): void;
}

interface DatabaseUsage {
  cpuMicros: number;
  pssBytes: number;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux (getconf CLK_TCK)

/** Reads /proc for a process and its children (PostgreSQL's backends are the postmaster's). */
function processTreeUsage(rootPid: number): DatabaseUsage {
  let cpuMicros = 0;
  let pssBytes = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the command's closing parenthesis: state, ppid, …, utime (14th), stime (15th),
    // cutime and cstime (16th, 17th: children that ended and were waited for). Backends come and
    // go (the pool closes idle connections), so the postmaster's cutime/cstime keeps what those
    // that ended used; the live ones count their own.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    if (pid !== rootPid && Number(fields[1]) !== rootPid) continue;
    const ticks = (i: number) => Number(fields[i - 3]);
    cpuMicros +=
      ((ticks(14) + ticks(15) + (pid === rootPid ? ticks(16) + ticks(17) : 0)) / CLOCK_TICKS) * 1e6;
    try {
      const pss = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8'));
      pssBytes += Number(pss?.[1] ?? 0) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return { cpuMicros, pssBytes };
}

export async function startPostgres(): Promise<Postgres | null> {
  // Default durability (fsync on), as a service would run.
  const postgres = await startThrowawayPostgres({ prefix: 'cw-bench-postgres-' });
  if (!postgres) return null;
  return {
    url: postgres.url,
    version: postgres.version,
    usage() {
      const pid = Number(
        fs.readFileSync(path.join(postgres.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
      );
      return processTreeUsage(pid);
    },
    stop: () => postgres.stop(),
  };
}

// ---------------------------------------------------------------------------------------------
// The server process

export interface ServerProcess {
  url: string;
  organisation(slug: string, counsellors: number): Promise<void>;
  /** A portal API key for the organisation (the intake's). */
  portal(slug: string): Promise<string>;
  usage(gc: boolean): Promise<Usage>;
  stop(): Promise<void>;
}

export async function startServerProcess(databaseUrl: string | null): Promise<ServerProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-sync-'));
  const child: ChildProcess = fork(SERVER_SCRIPT, [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: {
      ...process.env,
      CW_BENCH_DATA_DIR: dataDir,
      CW_BENCH_DATABASE_URL: databaseUrl ?? '',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (reply: Record<string, unknown>) => void>();
  let nextId = 1;
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (message: Record<string, unknown>) => {
      if (message.type === 'ready') resolve(String(message.url));
      const answer = pending.get(Number(message.id));
      if (answer) {
        pending.delete(Number(message.id));
        answer(message);
      }
    });
    child.once('exit', (code) => reject(new Error(`the sync server process exited (${code})`)));
  });
  const request = async (body: ServerCommand): Promise<Record<string, unknown>> => {
    const id = nextId++;
    const reply = await new Promise<Record<string, unknown>>((resolve) => {
      pending.set(id, resolve);
      child.send({ ...body, id });
    });
    if (reply.ok !== true) throw new Error(`server process: ${String(reply.error)}`);
    return reply;
  };
  return {
    url,
    async organisation(slug, counsellors) {
      await request({ cmd: 'organisation', slug, counsellors });
    },
    async portal(slug) {
      return String((await request({ cmd: 'portal', slug })).apiKey);
    },
    async usage(gc) {
      return (await request({ cmd: 'usage', gc })).usage as Usage;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await request({ cmd: 'stop' }).catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Workstations: HTTP clients of the sync protocol

async function postJson<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`${new URL(url).pathname}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

interface Draft {
  name: string;
  args: unknown;
}

class Workstation {
  nextId = 1;
  cursor = 0;
  constructor(
    readonly base: string,
    readonly token: string,
    readonly clientId: string,
  ) {}

  /** One push request; its time (ms) from the request to the parsed answer. */
  async push(drafts: Draft[]): Promise<{ ms: number; response: PushResponse }> {
    const mutations = drafts.map((d) => ({
      id: this.nextId++,
      name: d.name,
      v: 1,
      args: d.args,
      at: Date.now(),
    }));
    const start = performance.now();
    const response = await postJson<PushResponse>(
      `${this.base}/v1/push`,
      { clientId: this.clientId, mutations },
      this.token,
    );
    const ms = performance.now() - start;
    const refused = response.results.filter((r) => r.status !== 'applied');
    if (refused.length > 0)
      throw new Error(`push: ${refused.length} not applied (${JSON.stringify(response.refusals)})`);
    return { ms, response };
  }

  /** One pull page from the workstation's cursor, which it then moves on. */
  async pull(): Promise<{ ms: number; page: PullResponse }> {
    const start = performance.now();
    const page = await postJson<PullResponse>(
      `${this.base}/v1/pull`,
      { clientId: this.clientId, cursor: this.cursor },
      this.token,
    );
    const ms = performance.now() - start;
    this.cursor = page.cursor;
    return { ms, page };
  }

  /** Pulls until nothing more waits; returns the number of changes. */
  async pullAll(): Promise<number> {
    let changes = 0;
    for (;;) {
      const { page } = await this.pull();
      changes += page.changes.length;
      if (!page.more) return changes;
    }
  }
}

async function signIn(base: string, slug: string, login: string): Promise<string> {
  const tokens = await postJson<Tokens>(`${base}/v1/login`, {
    organisation: slug,
    login,
    password: BENCH_PASSWORD,
  });
  return tokens.accessToken;
}

async function profile(base: string, token: string): Promise<Workstation> {
  const { clientId } = await postJson<{ clientId: string }>(`${base}/v1/clients`, {}, token);
  return new Workstation(base, token, clientId);
}

async function workstation(base: string, slug: string, login: string): Promise<Workstation> {
  return profile(base, await signIn(base, slug, login));
}

/** An events stream (`GET /v1/events`) read as it comes; `onEvent` gets each event's name. */
async function openEvents(
  base: string,
  token: string,
  onEvent: (name: string) => void,
): Promise<{ close(): void }> {
  const abort = new AbortController();
  const response = await fetch(`${base}/v1/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  if (response.status !== 200 || !response.body)
    throw new Error(`events: ${response.status} ${await response.text()}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const name = /^event: (.*)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          if (name === 'ready') ready();
          else if (name) onEvent(name);
        }
      }
    } catch {
      // aborted: the stream was closed on purpose
    }
  })();
  await isReady;
  return { close: () => abort.abort() };
}

/** A new organisation with a supervisor and `counsellors` counsellors; 300 threads imported. */
async function organisationWithThreads(server: ServerProcess, counsellors: number) {
  const slug = `bench-${randomBytes(4).toString('hex')}`;
  await server.organisation(slug, counsellors);
  const supervisor = await workstation(server.url, slug, 'super');
  const threadIds: string[] = [];
  for (let i = 0; i < IMPORTS; i++) {
    const data = importOf(THREADS_PER_IMPORT);
    threadIds.push(...data.threadIds);
    await supervisor.push([data.mutation]);
  }
  return { slug, supervisor, threadIds };
}

const TAGS = ['visa', 'housing', 'school', 'loneliness', 'health', 'money', 'work', 'family'];

/** The work of a day: tags, risk levels and notes (sealed) spread over the threads. */
function workMutations(threadIds: string[], count: number, seed = 0): Draft[] {
  const drafts: Draft[] = [];
  for (let i = 0; i < count; i++) {
    const threadId = threadIds[(i * 7 + seed) % threadIds.length]!;
    const kind = i % 10;
    if (kind < 4) {
      const tags = [TAGS[i % TAGS.length]!, TAGS[(i * 3 + 1) % TAGS.length]!];
      drafts.push({ name: 'thread.setTags', args: { threadId, tags } });
    } else if (kind < 7) {
      const level = ASSESSED_RISK_LEVELS[i % ASSESSED_RISK_LEVELS.length]!;
      drafts.push({ name: 'thread.setRisk', args: { threadId, level } });
    } else {
      drafts.push({
        name: 'note.add',
        args: { noteId: testId('n'), threadId, body: sealed(320) },
      });
    }
  }
  return drafts;
}

/** The changes a pull brings for `drafts`: each thread touched once, each note once. */
function expectedChanges(drafts: Draft[]): number {
  const threads = new Set<string>();
  let notes = 0;
  for (const d of drafts) {
    const args = d.args as { threadId: string };
    if (d.name === 'note.add') notes++;
    else threads.add(args.threadId);
  }
  return threads.size + notes;
}

// ---------------------------------------------------------------------------------------------
// 1. Push and pull

interface PushPullRun {
  pushPerSecond: number;
  pullPerSecond: number;
  pushMs: number[];
  pullMs: number[];
  changes: number;
}

async function pushAndPull(server: ServerProcess, count: number): Promise<PushPullRun> {
  const { slug, supervisor, threadIds } = await organisationWithThreads(server, 1);
  const reader = await workstation(server.url, slug, counsellorLogin(1));
  await reader.pullAll(); // it holds the import
  const drafts = workMutations(threadIds, count);

  const pushMs: number[] = [];
  let start = performance.now();
  for (let i = 0; i < drafts.length; i += PUSH_SIZE)
    pushMs.push((await supervisor.push(drafts.slice(i, i + PUSH_SIZE))).ms);
  const pushSeconds = (performance.now() - start) / 1000;

  const pullMs: number[] = [];
  let changes = 0;
  start = performance.now();
  for (;;) {
    const { ms, page } = await reader.pull();
    pullMs.push(ms);
    changes += page.changes.length;
    if (!page.more) break;
  }
  const pullSeconds = (performance.now() - start) / 1000;
  const expected = expectedChanges(drafts);
  if (changes !== expected) throw new Error(`pulled ${changes} changes, expected ${expected}`);
  return {
    pushPerSecond: count / pushSeconds,
    pullPerSecond: changes / pullSeconds,
    pushMs,
    pullMs,
    changes,
  };
}

// ---------------------------------------------------------------------------------------------
// 2. A change on one workstation seen on another

/** Pulls when poked (one pull at a time; a poke during a pull asks for one more round). */
class Follower {
  pokes = 0;
  private pulling = false;
  private again = false;
  private waiter: { match: (c: Change) => boolean; seen: (at: number) => void } | null = null;

  constructor(readonly station: Workstation) {}

  /** Resolves with the instant (performance.now()) a pulled page holds a change `match` accepts. */
  waitFor(match: (c: Change) => boolean): Promise<number> {
    return new Promise((seen) => (this.waiter = { match, seen }));
  }

  onPoke(): void {
    this.pokes++;
    if (this.pulling) {
      this.again = true;
      return;
    }
    void this.sync();
  }

  private async sync(): Promise<void> {
    this.pulling = true;
    try {
      do {
        this.again = false;
        for (;;) {
          const { page } = await this.station.pull();
          const at = performance.now();
          const waiter = this.waiter;
          if (waiter && page.changes.some(waiter.match)) {
            this.waiter = null;
            waiter.seen(at);
          }
          if (!page.more) break;
        }
      } while (this.again);
    } finally {
      this.pulling = false;
    }
  }
}

async function changeSeenElsewhere(server: ServerProcess, trials: number): Promise<number[]> {
  const { slug, supervisor, threadIds } = await organisationWithThreads(server, 1);
  const follower = new Follower(await workstation(server.url, slug, counsellorLogin(1)));
  await follower.station.pullAll();
  const events = await openEvents(server.url, follower.station.token, (name) => {
    if (name === 'poke') follower.onPoke();
  });
  const latencies: number[] = [];
  try {
    for (let trial = 0; trial < trials; trial++) {
      const threadId = threadIds[trial % threadIds.length]!;
      const tag = `trial-${trial}`;
      const seen = follower.waitFor(
        (c) =>
          c.table === 'threads' &&
          c.id === threadId &&
          ((c.record?.tags as string[] | undefined) ?? []).includes(tag),
      );
      const start = performance.now();
      await supervisor.push([{ name: 'thread.setTags', args: { threadId, tags: [tag] } }]);
      latencies.push((await seen) - start);
      await sleep(TRIAL_GAP_MS);
    }
  } finally {
    events.close();
  }
  if (follower.pokes < trials) throw new Error(`${follower.pokes} pokes for ${trials} changes`);
  return latencies;
}

/** bench/page/sync-queue.ts, the page's code: loaded at run time, typed here by its shape. */
interface PageBench {
  changeSeenInQueue(options: {
    base: string;
    slug: string;
    counsellor: string;
    password: string;
    trials: number;
    dataset: string;
    gapMs: number;
  }): Promise<{ latencies: number[]; queueSize: number }>;
}

async function pageBench(): Promise<PageBench> {
  const file = fileURLToPath(new URL('./page/sync-queue.ts', import.meta.url));
  return (await import(pathToFileURL(file).href)) as PageBench;
}

// ---------------------------------------------------------------------------------------------
// 3. 100 workstations on one server

interface LoadRun {
  rssDeltaMb: number;
  heapDeltaMb: number;
  heapKeptMb: number;
  cpuPercent: number;
  idleRssMb: number;
  peakRssMb: number;
  pullP95Ms: number;
  pulls: number;
  pushed: number;
  pokesPerStream: number;
  /** PostgreSQL's own processes over the same interval (null for PGlite: it is in the server). */
  database: { cpuPercent: number; pssGrowthMb: number; idlePssMb: number } | null;
}

async function manyWorkstations(
  server: ServerProcess,
  databaseUsage: (() => DatabaseUsage) | null,
): Promise<LoadRun> {
  const { slug, supervisor, threadIds } = await organisationWithThreads(server, ACCOUNTS);
  const stations: Workstation[] = [];
  for (let n = 1; n <= ACCOUNTS; n++) {
    const token = await signIn(server.url, slug, counsellorLogin(n));
    for (let i = 0; i < WORKSTATIONS / ACCOUNTS; i++)
      stations.push(await profile(server.url, token));
  }
  for (const station of stations) await station.pullAll(); // each holds the import
  const idle = await server.usage(true);
  const databaseIdle = databaseUsage?.();

  const pokes = new Array<number>(stations.length).fill(0);
  const streams = await Promise.all(
    stations.map((s, i) =>
      openEvents(server.url, s.token, (name) => {
        if (name === 'poke') pokes[i]!++;
      }),
    ),
  );
  const pullMs: number[] = [];
  let pushed = 0;
  let stopping = false;
  const busy = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    busy.add(work);
    void work.finally(() => busy.delete(work));
  };
  const timers: NodeJS.Timeout[] = [];
  const start = await server.usage(false);
  const databaseStart = databaseUsage?.();
  let peakDatabasePss = databaseStart?.pssBytes ?? 0;
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  stations.forEach((station, i) => {
    let pulling = false;
    const pullNow = () => {
      if (stopping || pulling) return; // one pull at a time per workstation
      pulling = true;
      track(
        (async () => {
          try {
            for (;;) {
              const { ms, page } = await station.pull();
              pullMs.push(ms);
              if (!page.more) break;
            }
          } finally {
            pulling = false;
          }
        })(),
      );
    };
    // Spread over the period, as workstations started at different times would be.
    timers.push(
      setTimeout(
        () => {
          pullNow();
          timers.push(setInterval(pullNow, PULL_EVERY_MS));
        },
        (i * PULL_EVERY_MS) / stations.length,
      ),
    );
  });
  let tick = 0;
  timers.push(
    setInterval(() => {
      if (stopping) return;
      const drafts = workMutations(threadIds, MUTATIONS_PER_TICK, tick++);
      track(supervisor.push(drafts).then(() => (pushed += drafts.length)));
    }, PUSH_EVERY_MS),
  );
  const ends = performance.now() + LOAD_MS;
  while (performance.now() < ends) {
    await sleep(1000);
    const sample = await server.usage(false);
    peakRss = Math.max(peakRss, sample.rss);
    peakHeap = Math.max(peakHeap, sample.heapUsed);
    peakDatabasePss = Math.max(peakDatabasePss, databaseUsage?.().pssBytes ?? 0);
  }
  const end = await server.usage(false);
  const databaseEnd = databaseUsage?.();
  stopping = true;
  for (const timer of timers) clearInterval(timer);
  await Promise.all(busy);
  const kept = await server.usage(true); // streams still open
  for (const stream of streams) stream.close();

  const cpuMicros = end.userMicros - start.userMicros + (end.systemMicros - start.systemMicros);
  return {
    rssDeltaMb: (peakRss - idle.rss) / MB,
    heapDeltaMb: (peakHeap - idle.heapUsed) / MB,
    heapKeptMb: (kept.heapUsed - idle.heapUsed) / MB,
    cpuPercent: (cpuMicros / ((end.at - start.at) * 1000)) * 100,
    idleRssMb: idle.rss / MB,
    peakRssMb: peakRss / MB,
    pullP95Ms: percentile(pullMs, 95),
    pulls: pullMs.length,
    pushed,
    pokesPerStream: pokes.reduce((a, b) => a + b, 0) / pokes.length,
    database:
      databaseIdle && databaseStart && databaseEnd
        ? {
            cpuPercent:
              ((databaseEnd.cpuMicros - databaseStart.cpuMicros) / ((end.at - start.at) * 1000)) *
              100,
            pssGrowthMb: (peakDatabasePss - databaseIdle.pssBytes) / MB,
            idlePssMb: databaseIdle.pssBytes / MB,
          }
        : null,
  };
}

// ---------------------------------------------------------------------------------------------

async function measureBackend(
  label: string,
  server: ServerProcess,
  databaseUsage: (() => DatabaseUsage) | null,
): Promise<SuiteResult[]> {
  write(`  ${label}: warm-up (${WARM_UP_MUTATIONS} mutations)`);
  await pushAndPull(server, WARM_UP_MUTATIONS);
  const runs: PushPullRun[] = [];
  for (let i = 0; i < PUSH_RUNS; i++) {
    const run = await pushAndPull(server, MUTATIONS);
    write(
      `  ${label}: push ${run.pushPerSecond.toFixed(0)} mutations/s (p50 ${percentile(run.pushMs, 50).toFixed(0)} ms, p95 ${percentile(run.pushMs, 95).toFixed(0)} ms), pull ${run.pullPerSecond.toFixed(0)} changes/s (${run.changes} changes, ${run.pullMs.length} pages, p95 ${percentile(run.pullMs, 95).toFixed(0)} ms)`,
    );
    runs.push(run);
  }
  await changeSeenElsewhere(server, 10); // warm-up
  const visible: number[][] = [];
  for (let i = 0; i < VISIBLE_RUNS; i++) {
    const latencies = await changeSeenElsewhere(server, TRIALS);
    write(
      `  ${label}: change seen elsewhere p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
    );
    visible.push(latencies);
  }
  const { changeSeenInQueue } = await pageBench();
  const dataset = serializeDataset(
    generateDemoDataset({
      calendar: createBusinessCalendar({ holidays: loadHolidayData() }),
      messages: 300,
    }),
  );
  const inQueue = async (trials: number) => {
    const slug = `bench-${randomBytes(4).toString('hex')}`;
    await server.organisation(slug, 1);
    return changeSeenInQueue({
      base: server.url,
      slug,
      counsellor: counsellorLogin(1),
      password: BENCH_PASSWORD,
      trials,
      dataset,
      gapMs: TRIAL_GAP_MS,
    });
  };
  await inQueue(10); // warm-up
  const queued: number[][] = [];
  let queueSize = 0;
  for (let i = 0; i < VISIBLE_RUNS; i++) {
    const run = await inQueue(QUEUE_TRIALS);
    queueSize = run.queueSize;
    write(
      `  ${label}: change seen in another workstation's queue (page engines) p50 ${percentile(run.latencies, 50).toFixed(1)} ms, p95 ${percentile(run.latencies, 95).toFixed(1)} ms, max ${Math.max(...run.latencies).toFixed(1)} ms`,
    );
    queued.push(run.latencies);
  }
  const load = await manyWorkstations(server, databaseUsage);
  const database = load.database
    ? `; PostgreSQL's own processes besides: ${load.database.cpuPercent.toFixed(1)} % of a core, PSS ${load.database.idlePssMb.toFixed(0)} MB idle, +${load.database.pssGrowthMb.toFixed(1)} MB at peak`
    : '; the database runs inside the server process (PGlite), so it is counted';
  write(
    `  ${label}: 100 workstations: idle RSS ${load.idleRssMb.toFixed(0)} MB, peak ${load.peakRssMb.toFixed(0)} MB, RSS +${load.rssDeltaMb.toFixed(1)} MB, heap +${load.heapDeltaMb.toFixed(1)} MB (kept after GC +${load.heapKeptMb.toFixed(1)} MB), CPU ${load.cpuPercent.toFixed(1)} % of a core; ${load.pulls} pulls (p95 ${load.pullP95Ms.toFixed(0)} ms), ${load.pushed} mutations pushed, ${load.pokesPerStream.toFixed(0)} pokes per stream${database}`,
  );

  const batch = `pushes of ${PUSH_SIZE}`;
  return [
    {
      name: `sync (${label}): push 10,000 mutations`,
      description: `${MUTATIONS} mutations (setTags, setRisk, note.add with a sealed body over 300 imported threads) in ${batch} over HTTP on loopback, each mutation its own transaction; ${PUSH_RUNS} runs after a warm-up; our target (the issue sets none): an outbox of 10,000 drains in under 100 s`,
      unit: 'mutations/s',
      better: 'higher',
      target: 100,
      runs: runs.map((r) => r.pushPerSecond),
    },
    {
      name: `sync (${label}): push request p50`,
      description: `Median time of one push request (${PUSH_SIZE} mutations) in a run, per run; our target`,
      unit: 'ms',
      better: 'lower',
      target: 1000,
      runs: runs.map((r) => percentile(r.pushMs, 50)),
    },
    {
      name: `sync (${label}): push request p95`,
      description: `95th percentile of the push requests of a run (${MUTATIONS / PUSH_SIZE} per run), per run; our target`,
      unit: 'ms',
      better: 'lower',
      target: 2000,
      runs: runs.map((r) => percentile(r.pushMs, 95)),
    },
    {
      name: `sync (${label}): pull the 10,000 mutations`,
      description: `Another workstation (a counsellor that held the import) then pulls what those mutations changed (${runs[0]?.changes ?? 0} changes: each thread touched once, each note) in pages of 1,000; our target`,
      unit: 'changes/s',
      better: 'higher',
      target: 1000,
      runs: runs.map((r) => r.pullPerSecond),
    },
    {
      name: `sync (${label}): pull page p50`,
      description:
        'Median time of one pull page (up to 1,000 changes) in a run, per run; our target',
      unit: 'ms',
      better: 'lower',
      target: 1000,
      runs: runs.map((r) => percentile(r.pullMs, 50)),
    },
    {
      name: `sync (${label}): pull page p95`,
      description: `95th percentile of a run's pull pages (${runs[0]?.pullMs.length ?? 0} pages a run, so about the slowest), per run; our target`,
      unit: 'ms',
      better: 'lower',
      target: 2000,
      runs: runs.map((r) => percentile(r.pullMs, 95)),
    },
    {
      name: `sync (${label}): change seen on another workstation p50`,
      description: `From the start of A's push of one thread.setTags to B (events stream open, pulls when poked) holding the change; median of ${TRIALS} trials a run, per run`,
      unit: 'ms',
      better: 'lower',
      target: 1000,
      runs: visible.map((l) => percentile(l, 50)),
    },
    {
      name: `sync (${label}): change seen on another workstation p95`,
      description: `The same, 95th percentile of ${TRIALS} trials a run, per run; the issue's target: p95 under 1 s on loopback`,
      unit: 'ms',
      better: 'lower',
      target: 1000,
      runs: visible.map((l) => percentile(l, 95)),
    },
    {
      name: `sync (${label}): change seen in another workstation's queue p50`,
      description: `Through the page's sync engine on both sides (Dexie on fake-indexeddb in Node, one shared cipher, HTTP to the server): from the supervisor's workstation setting a thread's tags (local write, outbox, its sync round) to the counsellor's queue (openThreads(), ${queueSize} open threads of the demo's 300 messages) holding them, the counsellor's workstation running a round on each poke of its events stream; React's render and the main process's relay are not in it; median of ${QUEUE_TRIALS} trials a run, per run`,
      unit: 'ms',
      better: 'lower',
      target: 1000,
      runs: queued.map((l) => percentile(l, 50)),
    },
    {
      name: `sync (${label}): change seen in another workstation's queue p95`,
      description: `The same, 95th percentile of ${QUEUE_TRIALS} trials a run, per run; the issue's target: p95 under 1 s on loopback`,
      unit: 'ms',
      better: 'lower',
      target: 1000,
      runs: queued.map((l) => percentile(l, 95)),
    },
    {
      name: `sync (${label}): 100 workstations, server RSS growth`,
      description: `Server process RSS, peak over ${LOAD_MS / 1000} s with ${WORKSTATIONS} events streams, a pull from each every ${PULL_EVERY_MS / 1000} s and ${MUTATIONS_PER_TICK} mutations pushed a second, minus its idle RSS before the streams opened (${load.idleRssMb.toFixed(0)} → ${load.peakRssMb.toFixed(0)} MB; after every workstation had pulled the import once); one run; our target`,
      unit: 'MB',
      better: 'lower',
      target: 256,
      runs: [load.rssDeltaMb],
    },
    {
      name: `sync (${label}): 100 workstations, server heap growth`,
      description: `The same, V8 heap used (peak minus idle after a full GC; still ${load.heapKeptMb.toFixed(1)} MB above idle after a GC with the streams open); one run; our target`,
      unit: 'MB',
      better: 'lower',
      target: 128,
      runs: [load.heapDeltaMb],
    },
    {
      name: `sync (${label}): 100 workstations, server CPU`,
      description: `process.cpuUsage() of the server process over the same ${LOAD_MS / 1000} s (${load.pulls} pulls, p95 ${load.pullP95Ms.toFixed(0)} ms; ${load.pushed} mutations pushed), in % of one core${database}; one run; our target`,
      unit: '% of a core',
      better: 'lower',
      target: 50,
      runs: [load.cpuPercent],
    },
  ];
}

export async function suite(): Promise<SuiteResult[]> {
  const results: SuiteResult[] = [];
  write('  PGlite: starting the server (a new data folder)');
  const pglite = await startServerProcess(null);
  try {
    results.push(...(await measureBackend('PGlite', pglite, null)));
  } finally {
    await pglite.stop();
  }
  const postgres = await startPostgres();
  if (!postgres) {
    write(
      '  PostgreSQL: no initdb/pg_ctl under /usr/lib/postgresql/*/bin, so PGlite only (apt-get install postgresql)',
    );
    return results;
  }
  try {
    write(`  PostgreSQL ${postgres.version}: started on a loopback port`);
    const server = await startServerProcess(postgres.url);
    try {
      results.push(
        ...(await measureBackend(`PostgreSQL ${postgres.version}`, server, () => postgres.usage())),
      );
    } finally {
      await server.stop();
    }
  } finally {
    postgres.stop();
  }
  return results;
}
