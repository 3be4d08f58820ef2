/**
 * The cost of encryption at rest (issue 7), in Debian's Chromium by the page's own clock: storing
 * 10,000 messages sealed (AES-256-GCM per field, the app's repositories and guard) against the same
 * records stored in the clear, in the same run; and opening one screen of the queue (50 rows).
 * The queue's own figures with 50,000 encrypted messages are in bench/queue.bench.ts.
 *
 *   npm run bench -- encryption
 */
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import type { SuiteResult } from './benchmark';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium';

const MESSAGES = 10_000;
const RUNS = 5;
const ORIGIN = 'http://bench.localhost';

async function pageBundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./page/encryption-store.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

interface StoreRun {
  encryptedMs: number;
  plainMs: number;
  openScreenMs: number;
}

export async function suite(): Promise<SuiteResult[]> {
  const script = await pageBundle();
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    // A real origin (IndexedDB needs one), answered by the harness: nothing leaves the machine.
    await page.route(`${ORIGIN}/**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }),
    );
    await page.goto(`${ORIGIN}/`);
    await page.addScriptTag({ content: script });
    const runs: StoreRun[] = [];
    for (let i = 0; i <= RUNS; i += 1) {
      const run = await page.evaluate<StoreRun>(`storeRun(${MESSAGES}, ${i})`);
      if (i > 0) runs.push(run); // the first is a warm-up
    }
    return [
      {
        name: 'encryption: store 10,000 messages sealed',
        description:
          'Seal subject, text and import hash of 10,000 messages (AES-256-GCM, fresh IV each, bound to table, record and field) and store them in chunks of 2,000, guard on',
        unit: 'ms',
        better: 'lower',
        target: 10_000,
        runs: runs.map((r) => r.encryptedMs),
      },
      {
        name: 'encryption: store the same 10,000 messages in the clear',
        description:
          'The same records, unsealed, into a plain Dexie database with the same stores, same run: the baseline',
        unit: 'ms',
        better: 'lower',
        target: 10_000,
        runs: runs.map((r) => r.plainMs),
      },
      {
        name: 'encryption: cost, sealed / clear',
        description:
          'Time to store sealed divided by time to store in the clear, per run (our target: under 5 times)',
        unit: 'ratio',
        better: 'lower',
        target: 5,
        runs: runs.map((r) => r.encryptedMs / r.plainMs),
      },
      {
        name: 'encryption: open one screen of the queue (50 messages)',
        description: 'Read 50 sealed messages and open their subjects, texts and hashes',
        unit: 'ms',
        better: 'lower',
        target: 100,
        runs: runs.map((r) => r.openScreenMs),
      },
    ];
  } finally {
    await browser?.close();
  }
}
