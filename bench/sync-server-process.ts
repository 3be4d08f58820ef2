/**
 * The sync server of bench/sync.bench.ts, in a process of its own so that its memory and CPU are
 * the server's alone (the workstations that load it run in the bench's process). Started by the
 * bench with an IPC channel:
 *
 *   node --expose-gc --import tsx bench/sync-server-process.ts
 *     CW_BENCH_DATABASE_URL  a real PostgreSQL; unset: PGlite in CW_BENCH_DATA_DIR
 *     CW_BENCH_DATA_DIR      the server's folder (PGlite's data)
 *
 * It sends `{ type: 'ready', url }` once listening (startServer, port 0, loopback), then answers
 * requests `{ id, cmd, ... }` with `{ id, ok, ... }`: `organisation` (a new organisation with a
 * supervisor and counsellors, what the CLI's admin commands write), `usage` (process.memoryUsage
 * and process.cpuUsage, after a full GC when asked) and `stop`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { addAccount, createOrganisation } from '../src/server/auth/accounts';
import { hashApiKey } from '../src/server/intake';
import { startServer } from '../src/server/start';

export const BENCH_PASSWORD = 'benchmark password for the sync server';

export type ServerCommand =
  | { cmd: 'organisation'; slug: string; counsellors: number }
  | { cmd: 'portal'; slug: string }
  | { cmd: 'usage'; gc: boolean }
  | { cmd: 'stop' };
export type ServerRequest = ServerCommand & { id: number };

export interface Usage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** process.cpuUsage() since the process started, µs. */
  userMicros: number;
  systemMicros: number;
  /** performance.now() of the server process, ms. */
  at: number;
}

/** Login and counsellor record of the n-th counsellor account (from 1). */
export const counsellorLogin = (n: number) => `c${String(n).padStart(3, '0')}`;
export const counsellorId = (n: number) => `c-${String(n).padStart(3, '0')}`;

async function main(): Promise<void> {
  const send = (message: object) => process.send?.(message);
  const databaseUrl = process.env.CW_BENCH_DATABASE_URL || null;
  const dataDir = process.env.CW_BENCH_DATA_DIR;
  if (!dataDir) throw new Error('CW_BENCH_DATA_DIR is not set');
  const server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir, databaseUrl, demo: false, tombstoneDays: 30 },
    { logStream: null },
  );
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (request: ServerRequest) => {
    void (async () => {
      try {
        if (request.cmd === 'organisation') {
          const now = Date.now();
          await createOrganisation(
            server.db,
            {
              slug: request.slug,
              name: 'Benchmark service',
              supervisor: { login: 'super', counsellorId: null, password: BENCH_PASSWORD },
            },
            now,
          );
          for (let n = 1; n <= request.counsellors; n++)
            await addAccount(
              server.db,
              {
                organisation: request.slug,
                login: counsellorLogin(n),
                role: 'counsellor',
                counsellorId: counsellorId(n),
                password: BENCH_PASSWORD,
              },
              now,
            );
          send({ id: request.id, ok: true });
        } else if (request.cmd === 'portal') {
          const apiKey = randomBytes(32).toString('base64url');
          await server.db.query(
            `INSERT INTO portal_keys (id, org_id, key_hash, created_at)
             SELECT $1, id, $3, $4 FROM organisations WHERE slug = $2`,
            [randomUUID(), request.slug, hashApiKey(apiKey), Date.now()],
          );
          send({ id: request.id, ok: true, apiKey });
        } else if (request.cmd === 'usage') {
          if (request.gc && gc) {
            gc();
            gc();
          }
          const memory = process.memoryUsage();
          const cpu = process.cpuUsage();
          const usage: Usage = {
            rss: memory.rss,
            heapUsed: memory.heapUsed,
            heapTotal: memory.heapTotal,
            external: memory.external,
            arrayBuffers: memory.arrayBuffers,
            userMicros: cpu.user,
            systemMicros: cpu.system,
            at: performance.now(),
          };
          send({ id: request.id, ok: true, usage });
        } else {
          await server.close();
          send({ id: request.id, ok: true });
          process.disconnect();
        }
      } catch (error) {
        send({ id: request.id, ok: false, error: (error as Error).message });
      }
    })();
  });
  send({ type: 'ready', url: server.url, kind: server.db.kind });
}

// Only when started as the server process (the bench imports the names above).
if (process.send && process.env.CW_BENCH_DATA_DIR) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench sync server: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
