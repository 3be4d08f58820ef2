/**
 * The browser host's data folder, started for real (issue 12 item 2): it remembers the origin its
 * data lives under and the keys it had, and `npm run start:browser` stops with npm.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { E2E_PASSPHRASE, expect, PINNED_NOW, startHost, test } from './host';

/** Runs the host with these flags until it exits (it must refuse); its code and stderr. */
function runUntilExit(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/host/main.ts', '--now', PINNED_NOW, ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('ready at')) {
        child.kill('SIGTERM');
        reject(new Error('the host started; it should have refused'));
      }
    });
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

const portOf = (url: string) => Number(new URL(url).port);
const recordOf = (dataDir: string) =>
  JSON.parse(readFileSync(path.join(dataDir, 'browser-host.json'), 'utf8')) as {
    port: number;
    keys: boolean;
  };

function passphraseFile(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-pass-')), 'passphrase.txt');
  writeFileSync(file, `${E2E_PASSPHRASE}\n`, { mode: 0o600 });
  return file;
}

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

test('the data folder keeps its origin: a later start (--port 0 too) opens the same data', async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(180_000);
  const first = await startHost({ demo: true });
  let port: number;
  try {
    port = portOf(first.url);
    await page.goto(first.url);
    await expect(page.locator('.cw-queue-row').first()).toBeVisible({ timeout: 60_000 });
    expect(recordOf(first.dataDir).port).toBe(port);

    // While it runs, a second host on the same folder cannot take the port: it says so.
    const taken = await runUntilExit(['--port', '0', '--data-dir', first.dataDir]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain(`port ${port} is in use`);
    expect(taken.stderr).toContain('--new-origin');
  } finally {
    await first.stop();
  }

  // Another port asked for: refused, naming the folder's port and what to do.
  const other = await freePort();
  const refused = await runUntilExit(['--port', String(other), '--data-dir', first.dataDir]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain(`port ${port}`);
  expect(refused.stderr).toContain(`--port ${port}`);
  expect(refused.stderr).toContain('--new-origin');

  // Started again with --port 0 (no demo): same origin, so the page finds its messages.
  const second = await startHost({ dataDir: first.dataDir });
  try {
    expect(portOf(second.url)).toBe(port);
    await page.goto(second.url);
    await expect(page.locator('.cw-queue-row').first()).toBeVisible({ timeout: 30_000 });
  } finally {
    await second.stop();
  }

  // --new-origin: another port, an empty database, and the folder remembers the new one.
  const third = await startHost({ dataDir: first.dataDir, extraArgs: ['--new-origin'] });
  try {
    expect(portOf(third.url)).not.toBe(port);
    expect(recordOf(first.dataDir).port).toBe(portOf(third.url));
    await page.goto(third.url);
    await expect(page.getByTestId('queue-count')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('.cw-queue-row')).toHaveCount(0);
  } finally {
    await third.stop();
  }
  expect(pageErrors).toEqual([]);
});

test('a data folder that had keys and lost keystore.json refuses to start, and makes none', async () => {
  test.setTimeout(120_000);
  const first = await startHost();
  const keyStore = path.join(first.dataDir, 'keystore.json');
  await first.stop();
  expect(existsSync(keyStore)).toBe(true);
  const saved = readFileSync(keyStore);
  rmSync(keyStore);

  const refused = await runUntilExit([
    '--port',
    '0',
    '--data-dir',
    first.dataDir,
    '--passphrase-file',
    passphraseFile(),
  ]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('keystore.json is missing');
  expect(refused.stderr).toContain('Restore keystore.json');
  expect(existsSync(keyStore)).toBe(false);
  // Without the passphrase file too (the page would otherwise ask to create one).
  expect((await runUntilExit(['--port', '0', '--data-dir', first.dataDir])).code).toBe(2);

  // Put back, it starts and unlocks with the old keys.
  writeFileSync(keyStore, saved, { mode: 0o600 });
  const again = await startHost({ dataDir: first.dataDir });
  await again.stop();
});

test('SIGTERM to `npm run start:browser` (the npm process) stops the server', async () => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-'));
  const npm = spawn('npm', ['run', 'start:browser', '--', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  npm.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    npm.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^Counsellor Workstation ready at (\S+)$/m.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    npm.once('exit', (code) => reject(new Error(`npm exited with ${code}:\n${stderr}`)));
  });
  const origin = new URL(url).origin;
  expect((await fetch(`${origin}/`)).status).toBe(200);
  const exited = new Promise((resolve) => npm.once('exit', resolve));
  npm.kill('SIGTERM');
  await exited;
  // The server stops: its port refuses connections.
  await expect
    .poll(
      () =>
        fetch(`${origin}/`).then(
          () => 'answering',
          () => 'stopped',
        ),
      { timeout: 15_000 },
    )
    .toBe('stopped');
});
