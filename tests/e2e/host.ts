/**
 * Starts the browser host for an end-to-end test: a free port, a fresh temporary data folder
 * (or a given one), and the URL it prints. The renderer must be built (`npm run build`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export interface Host {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

export const PINNED_NOW = '2026-11-30T10:00:00+09:00';

/** The workstation passphrase of the end-to-end tests' data folders. */
export const E2E_PASSPHRASE = 'correct horse battery staple';

/**
 * Starts the host. By default it is given the passphrase in a file (`--passphrase-file`), so the
 * page unlocks without typing; `passphrase: null` starts it without, and the page asks.
 */
export async function startHost(
  options: {
    dataDir?: string;
    now?: string | null;
    demo?: boolean;
    /** How many demo messages (--demo-messages). */
    demoMessages?: number;
    passphrase?: string | null;
    /** Further flags (e.g. --new-origin). */
    extraArgs?: string[];
  } = {},
): Promise<Host> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-'));
  const now = options.now === undefined ? PINNED_NOW : options.now;
  const args = ['--import', 'tsx', 'src/host/main.ts', '--port', '0', '--data-dir', dataDir];
  if (now !== null) args.push('--now', now);
  if (options.demo) args.push('--demo');
  if (options.demoMessages !== undefined)
    args.push('--demo-messages', String(options.demoMessages));
  if (options.extraArgs) args.push(...options.extraArgs);
  const passphrase = options.passphrase === undefined ? E2E_PASSPHRASE : options.passphrase;
  if (passphrase !== null) {
    // Outside the data folder: the folder is what the at-rest scans read.
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-pass-')), 'passphrase.txt');
    writeFileSync(file, `${passphrase}\n`, { mode: 0o600 });
    args.push('--passphrase-file', file);
  }
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${stderr}`)), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^Counsellor Workstation ready at (\S+)$/m.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${stderr}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A test with a running host, and a page that fails the test on any page error. */
export const test = base.extend<{ host: Host; pageErrors: string[] }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright needs the fixtures argument destructured
  host: async ({}, use) => {
    const host = await startHost();
    await use(host);
    await host.stop();
  },
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // A test that stops a host while its page is open: the page's periodic sync status read
      // then finds nobody listening, which Chromium logs (the page shows that state itself).
      // Only that exact failure is let through; every other error still fails the test.
      if (message.text() === 'Failed to load resource: net::ERR_CONNECTION_REFUSED') return;
      errors.push(message.text());
    });
    await use(errors);
    expect(errors, 'errors on the page').toEqual([]);
  },
});

export { expect };

/** Runs axe-core and fails on any serious or critical violation. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        // The element's opening tag too: a bare `span` target says too little to find it.
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`).join(', ')}`,
    );
  expect(serious, 'serious or critical accessibility violations').toEqual([]);
}

/** Sets language and colour scheme before the app starts. */
export async function presetAppearance(
  page: Page,
  language: 'en' | 'ja',
  scheme: 'light' | 'dark',
): Promise<void> {
  await page.addInitScript({
    // App pages only: about:blank has no storage of its own (a test parks the page there).
    content: `try {
        localStorage.setItem('cw.language', ${JSON.stringify(language)});
        localStorage.setItem('cw.color-scheme', ${JSON.stringify(scheme)});
      } catch {}`,
  });
}

export const SCREENSHOT_DIR = 'test-results/screenshots';

/** Queue → Import with a file; leaves the dialog open on its report. */
export async function importDataset(page: Page, file: string): Promise<void> {
  await page.getByRole('button', { name: 'Import' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose file' }).click();
  await (await chooser).setFiles(file);
  await expect(page.getByTestId('import-report')).toBeVisible();
}
