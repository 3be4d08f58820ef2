/**
 * The mail queue with 50,000 messages, encrypted at rest (issues 4 and 7), measured in Debian's
 * Chromium through the browser host: import throughput, time from opening the queue to the first rows shown, and the
 * latency of a filter change. Times are taken by the page's own clock (performance.now()).
 *
 *   npm run bench -- queue      (this file only; needs the built renderer, which the host makes)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadHolidayData } from '../src/cli/commands/shared';
import { createBusinessCalendar } from '../src/domain/calendar';
import { generateDemoDataset } from '../src/domain/dataset/demo';
import { serializeDataset } from '../src/domain/dataset/schema';
import type { SuiteResult } from './benchmark';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium';

const MESSAGES = 50_000;
const NOW = '2026-11-30T12:00:00+09:00';

function datasetFile(): string {
  const calendar = createBusinessCalendar({ holidays: loadHolidayData() });
  const document = generateDemoDataset({ calendar, messages: MESSAGES, untilMs: Date.parse(NOW) });
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cw-bench-')), 'queue-50000.json');
  writeFileSync(file, serializeDataset(document));
  return file;
}

async function startHost(): Promise<{ url: string; stop: () => void }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cw-bench-data-'));
  // The data is encrypted at rest: the host unlocks the page with a passphrase file.
  const passphraseFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'cw-bench-pass-')), 'p.txt');
  writeFileSync(passphraseFile, 'benchmark passphrase for the queue\n');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/host/main.ts',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--now',
      NOW,
      '--passphrase-file',
      passphraseFile,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready at (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`host exited ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** Imports the file and returns messages per second (page clock, from choosing the file to the report). */
async function importOnce(page: Page, url: string, file: string): Promise<number> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Import' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose file' }).click();
  const started = await page.evaluate<number>('performance.now()');
  await (await chooser).setFiles(file);
  await page.getByTestId('import-report').waitFor({ timeout: 600_000 });
  const ended = await page.evaluate<number>('performance.now()');
  await page.getByRole('button', { name: 'Close' }).last().click();
  return MESSAGES / ((ended - started) / 1000);
}

/** From the start of navigation to the first row of the queue on screen, by the page's clock. */
async function firstRowsMs(page: Page): Promise<number> {
  await page.reload(); // a full load: the app starts again and reads the queue from IndexedDB
  await page.getByRole('option').first().waitFor();
  return page.evaluate<number>('window.__firstRowAt');
}

/** From a click on a filter to the list showing its result. */
async function filterChangeMs(page: Page, label: string): Promise<number> {
  // Page code is passed as text: this file is type-checked as Node code, without the DOM's types.
  await page.evaluate(`(() => {
    const target = document.querySelector('[data-testid="queue-count"]');
    window.__changedAt = 0;
    if (window.__observer) window.__observer.disconnect();
    window.__observer = new MutationObserver(() => { window.__changedAt ||= performance.now(); });
    window.__observer.observe(target, { childList: true, characterData: true, subtree: true });
  })()`);
  const before = await page.getByTestId('queue-count').textContent();
  const clickedAt = await page.evaluate<number>('performance.now()');
  await page.getByLabel('Show', { exact: true }).getByText(label, { exact: true }).click();
  await page.waitForFunction(
    `document.querySelector('[data-testid="queue-count"]')?.textContent !== ${JSON.stringify(before)}`,
  );
  const changedAt = await page.evaluate<number>('window.__changedAt');
  return changedAt - clickedAt;
}

/**
 * From Enter in the search box to the list count changing. The first search of a page builds the
 * in-memory index (every message opened); later ones only search it.
 */
async function searchMs(page: Page, query: string): Promise<number> {
  const box = page.getByLabel('Search subject and text');
  await box.fill(query);
  const before = await page.getByTestId('queue-count').textContent();
  const startedAt = await page.evaluate<number>('performance.now()');
  await box.press('Enter');
  await page.waitForFunction(
    `document.querySelector('[data-testid="queue-count"]')?.textContent !== ${JSON.stringify(before)}`,
    undefined,
    { timeout: 120_000 },
  );
  const endedAt = await page.evaluate<number>('performance.now()');
  const found = await page.getByTestId('queue-count').textContent();
  // Clear it again for the next run. A search from the open threads widens the status to all
  // threads (issue 14.3) and Esc keeps that status, so the count goes back to all threads'
  // count, not to `before`: wait for it to leave the search's count.
  await box.press('Escape');
  await page.waitForFunction(
    `document.querySelector('[data-testid="queue-count"]')?.textContent !== ${JSON.stringify(found)}`,
  );
  return endedAt - startedAt;
}

export async function suite(): Promise<SuiteResult[]> {
  const file = datasetFile();
  const host = await startHost();
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    // bypassCSP lets the harness's own measuring snippets run; the app's code is unchanged.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 820 },
      bypassCSP: true,
    });
    await context.addInitScript({
      content: `
        localStorage.setItem('cw.language', 'en');
        window.__firstRowAt = 0;
        new MutationObserver((_, observer) => {
          if (document.querySelector('[role="option"]')) {
            window.__firstRowAt = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });`,
    });
    const page = await context.newPage();
    const throughput = [await importOnce(page, host.url, file)];
    // The token is in session storage now; plain reloads open the queue.
    await firstRowsMs(page); // warm-up
    const first: number[] = [];
    for (let i = 0; i < 5; i += 1) first.push(await firstRowsMs(page));
    await page.getByRole('option').first().waitFor();
    await filterChangeMs(page, 'Mine'); // warm-up
    await filterChangeMs(page, 'All');
    const filter: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      filter.push(await filterChangeMs(page, i % 2 === 0 ? 'Mine' : 'All'));
    }
    // Back to every thread (the filter runs end on "Mine"), so that a search changes the count.
    await filterChangeMs(page, 'All');
    const firstSearch = [await searchMs(page, 'sleep')];
    const search: number[] = [];
    for (let i = 0; i < 5; i += 1)
      search.push(await searchMs(page, i % 2 === 0 ? 'phone' : 'sleep'));
    return [
      {
        name: 'queue: first search, 50,000 encrypted messages',
        description:
          'The first text search after unlock: the in-memory index is built (every subject and text opened) and searched, one run',
        unit: 'ms',
        better: 'lower',
        target: 10_000,
        runs: firstSearch,
      },
      {
        name: 'queue: search, 50,000 encrypted messages',
        description: 'A text search once the index is built: Enter to the list count changing',
        unit: 'ms',
        better: 'lower',
        target: 300,
        runs: search,
      },
      {
        name: 'queue: first rows shown, 50,000 messages',
        description:
          'From the start of navigation (app start included) to the first row of the queue on screen, with 50,000 demo messages stored; reloads after one warm-up',
        unit: 'ms',
        better: 'lower',
        target: 1000,
        runs: first,
      },
      {
        name: 'queue: filter change, 50,000 messages',
        description:
          'From a click on the Mine/All filter to the list count changing, with 50,000 messages stored',
        unit: 'ms',
        better: 'lower',
        target: 100,
        runs: filter,
      },
      {
        name: 'import: 50,000 messages',
        description:
          'A 50,000-message demo dataset (file chosen to report shown: read and checked in a worker, stored in chunks, threads worked out), one run; the issue sets no target, 1,000 messages/s is ours',
        unit: 'messages/s',
        better: 'higher',
        target: 1000,
        runs: throughput,
      },
    ];
  } finally {
    await browser?.close();
    host.stop();
  }
}
