/**
 * The sync server as a separate process (`node --import tsx src/server/main.ts`, as `npm run
 * server` runs it), a fault proxy on `node:http` that drops chosen responses after the server has
 * sent them, and the HTTP calls the process tests make (fetch, and the events stream read as
 * text, as a workstation without EventSource does). Every wait is for a state: a line, an exit,
 * an answer; the test's timeout bounds it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Mutation } from '../../../src/sync/mutations';
import type { PullResponse, PushResponse, Tokens } from '../../../src/sync/protocol';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const READY = /^Counsellor Workstation sync server ready at (http:\/\/\S+)$/;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A server process: what it has written so far, and its exit. */
export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
}

export interface RunningServer extends ServerProcess {
  url: string;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

const children = new Set<ChildProcess>();

/** Starts `main.ts` with these arguments (DATABASE_URL of the environment left out). */
export function spawnServer(args: string[]): ServerProcess {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<Exit>((resolve) =>
    // 'close': the process has exited and its output is read to the end.
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    exited,
  };
}

/** Starts a server and waits for its ready line; fails with its stderr if it exits first. */
export async function startServer(args: string[]): Promise<RunningServer> {
  const server = spawnServer(['--port', '0', ...args]);
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const first = server.stdout().split('\n')[0]!;
      const match = server.stdout().includes('\n') ? READY.exec(first) : null;
      if (match) {
        server.child.stdout!.off('data', check);
        resolve(match[1]!);
      }
    };
    server.child.stdout!.on('data', check);
    check();
    void server.exited.then((exit) =>
      reject(
        new Error(
          `the server exited (${exit.code ?? exit.signal}) before it was ready:\n${server.stderr()}`,
        ),
      ),
    );
  });
  return {
    ...server,
    url,
    async stop(signal = 'SIGTERM') {
      server.child.kill(signal);
      return server.exited;
    },
  };
}

/** Runs the server's command to its end (a usage error, --help, a refused start). */
export async function runServer(
  args: string[],
): Promise<Exit & { stdout: string; stderr: string }> {
  const server = spawnServer(args);
  const exit = await server.exited;
  return { ...exit, stdout: server.stdout(), stderr: server.stderr() };
}

/** Kills whatever server process a failed test left running (only the ones started here). */
export async function killLeftovers(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** The process id of a process that has ended (for a stale lock file). */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid!;
  await new Promise((resolve) => child.on('close', resolve));
  return pid;
}

const folders: string[] = [];

/** A new empty folder for a server's data, removed by `removeFolders`. */
export function dataFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-proc-'));
  folders.push(dir);
  return dir;
}

export function removeFolders(): void {
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

// --- HTTP -------------------------------------------------------------------------------------

export interface Answer<T> {
  status: number;
  body: T;
}

export async function call<T = unknown>(
  base: string,
  method: 'GET' | 'POST',
  route: string,
  body?: unknown,
  token?: string,
): Promise<Answer<T>> {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** What --demo wrote in the data folder. */
export interface DemoFile {
  organisation: string;
  accounts: { login: string; role: string; password: string }[];
  portalApiKey: string;
}

export const readDemo = (dir: string): DemoFile =>
  JSON.parse(fs.readFileSync(path.join(dir, 'demo-accounts.json'), 'utf8')) as DemoFile;

export async function signIn(base: string, login: string, password: string): Promise<Tokens> {
  const answer = await call<Tokens>(base, 'POST', '/v1/login', {
    organisation: 'demo',
    login,
    password,
  });
  if (answer.status !== 200) throw new Error(`sign-in: ${answer.status}`);
  return answer.body;
}

/** The demo supervisor, signed in, with a new client (mutation numbering from 1). */
export async function supervisorClient(base: string, dir: string) {
  const supervisor = readDemo(dir).accounts.find((a) => a.role === 'supervisor')!;
  const tokens = await signIn(base, supervisor.login, supervisor.password);
  return { tokens, clientId: await registerClient(base, tokens.accessToken) };
}

export async function registerClient(base: string, token: string): Promise<string> {
  const answer = await call<{ clientId: string }>(base, 'POST', '/v1/clients', {}, token);
  if (answer.status !== 200) throw new Error(`register a client: ${answer.status}`);
  return answer.body.clientId;
}

export interface Client {
  tokens: Tokens;
  clientId: string;
}

export async function push(
  base: string,
  client: Client,
  mutations: Mutation[],
): Promise<PushResponse> {
  const answer = await call<PushResponse>(
    base,
    'POST',
    '/v1/push',
    { clientId: client.clientId, mutations },
    client.tokens.accessToken,
  );
  if (answer.status !== 200)
    throw new Error(`push: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function pull(
  base: string,
  client: Client,
  cursor: number,
  limit?: number,
  snapshot = false,
): Promise<PullResponse> {
  const answer = await call<PullResponse>(
    base,
    'POST',
    '/v1/pull',
    {
      clientId: client.clientId,
      cursor,
      ...(limit === undefined ? {} : { limit }),
      ...(snapshot ? { snapshot } : {}),
    },
    client.tokens.accessToken,
  );
  if (answer.status !== 200) throw new Error(`pull: ${answer.status}`);
  return answer.body;
}

/**
 * Pulls from `cursor` until nothing more waits, asking a snapshot's later pages as such (the
 * protocol: otherwise a cursor below the horizon would start the snapshot over, page after page).
 */
export async function pullAll(base: string, client: Client, cursor = 0): Promise<PullResponse[]> {
  const pages: PullResponse[] = [];
  let snapshot = false;
  for (;;) {
    const page = await pull(base, client, cursor, undefined, snapshot);
    pages.push(page);
    cursor = page.cursor;
    snapshot = page.snapshot;
    if (!page.more) return pages;
  }
}

/** The events stream, read as text with fetch (no EventSource: it cannot send the token). */
export async function openEvents(base: string, token: string) {
  const abort = new AbortController();
  const response = await fetch(`${base}/v1/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  if (response.status !== 200 || !response.body) throw new Error(`events: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    /** The next event's name (comments and `retry:` alone are not events); null at the end. */
    async next(): Promise<string | null> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block);
          if (name) return name[1]!;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) return null;
        buffer += value;
      }
    },
    close() {
      abort.abort();
    },
  };
}

// --- The fault proxy ----------------------------------------------------------------------------

export interface DroppedResponse {
  method: string;
  url: string;
  status: number;
  body: string;
}

export interface FaultProxy {
  url: string;
  /** The next request this matches is forwarded, and its whole answer read and then dropped. */
  dropResponseOf(match: (method: string, url: string) => boolean): void;
  /** The answers it dropped, as the server sent them. */
  dropped: DroppedResponse[];
  /** The network is cut: open connections are broken and every new one is, at once. */
  cut(): void;
  /** The network is back. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * Forwards every request to `target`. For the chosen one it waits until the server's response has
 * arrived in full (so whatever the server did is committed) and then destroys the client's socket
 * instead of answering: the client sees a network error, as when a connection breaks on the way
 * back.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let armed: ((method: string, url: string) => boolean) | null = null;
  const dropped: DroppedResponse[] = [];
  let isCut = false;
  const server = http.createServer((req, res) => {
    if (isCut) {
      req.socket.destroy();
      return;
    }
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const drop = armed?.(method, url) ?? false;
    if (drop) armed = null;
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method,
        path: url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        if (!drop) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          dropped.push({
            method,
            url,
            status: answer.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          });
          req.socket.destroy();
        });
      },
    );
    forward.on('error', () => req.socket.destroy());
    // A client gone (or cut off) ends its request upstream too (an events stream, above all).
    res.on('close', () => forward.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dropResponseOf(match) {
      armed = match;
    },
    dropped,
    cut() {
      isCut = true;
      server.closeAllConnections();
    },
    restore() {
      isCut = false;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
