/**
 * A throwaway PostgreSQL from Debian's binaries (`initdb`, `pg_ctl`; run as the `postgres` user
 * when we are root) in a temporary folder, on a free loopback port: for the server's tests
 * (postgres.setup.ts) and the sync benchmark. Null when the binaries are not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`, a superuser. */
  url: string;
  /** The major version, e.g. `15`. */
  version: string;
  /** Its data folder (postmaster.pid is there). */
  dataDir: string;
  stop(): void;
}

function findBin(name: string): string | null {
  const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  for (const version of fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))) {
    const candidate = path.join(root, version, 'bin', name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts one; `settings` are extra `-c name=value` server settings (e.g. `fsync=off`). */
export async function startThrowawayPostgres(
  options: { prefix: string; settings?: string[] } = { prefix: 'cw-postgres-' },
): Promise<ThrowawayPostgres | null> {
  const initdb = findBin('initdb');
  const pgCtl = findBin('pg_ctl');
  if (!initdb || !pgCtl) return null;
  const version = /\b(\d+)(?:\.\d+)?\b/.exec(
    execFileSync(initdb, ['--version'], { encoding: 'utf8' }),
  )?.[1];
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix));
  const dataDir = path.join(dir, 'data');
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const run = (bin: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe', cwd: dir })
      : execFileSync(bin, args, { stdio: 'pipe', cwd: dir });
  const port = await freePort();
  const settings = [
    'listen_addresses=127.0.0.1',
    `port=${port}`,
    `unix_socket_directories=${dir}`,
    'max_connections=200',
    ...(options.settings ?? []),
  ];
  try {
    run(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    run(pgCtl, [
      '-D',
      dataDir,
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-o',
      settings.map((s) => `-c ${s}`).join(' '),
      'start',
    ]);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version: version ?? 'unknown',
    dataDir,
    stop() {
      try {
        run(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
