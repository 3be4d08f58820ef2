/**
 * The demo on a first start (issue 12 item 1, issue 13 item 3): a demo larger than one import
 * chunk loads to the end; only that seeding load fetches the dataset, and after it no response
 * carries any of the demo's identifiers or texts.
 */
import type { Page } from '@playwright/test';
import { demoOf, privateStringsOf } from './demo';
import { expect, startHost, test } from './host';

/** The page's import chunk (IMPORT_CHUNK in src/renderer/db/repositories/import.ts). */
const IMPORT_CHUNK = 2_000;

/** How many records of each store the page's database holds (raw IndexedDB, no app code). */
function storedCounts(page: Page, stores: string[]): Promise<Record<string, number>> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('counsellor-workstation');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const names = ${JSON.stringify(stores)};
      const tx = open.result.transaction(names);
      const counts = {};
      for (const name of names) {
        const request = tx.objectStore(name).count();
        request.onsuccess = () => (counts[name] = request.result);
      }
      tx.oncomplete = () => { open.result.close(); resolve(counts); };
      tx.onerror = () => reject(tx.error);
    };
  })`);
}

test('a demo larger than one import chunk of its collections loads to the end, once', async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(300_000);
  const messages = 6 * IMPORT_CHUNK;
  // The clock not pinned: it ticks, as in a demo a person starts (the import restarted at every
  // tick when the seed instant was read from it at each render).
  const host = await startHost({ demo: true, demoMessages: messages, now: null });
  try {
    const demo = await demoOf(host);
    const sizes = {
      participants: demo.participants.length,
      messages: demo.messages.length,
      counsellors: demo.counsellors.length,
    };
    // More than one chunk of every collection that has more than a handful of records.
    expect(sizes.messages).toBeGreaterThan(IMPORT_CHUNK);
    expect(sizes.participants).toBeGreaterThan(IMPORT_CHUNK);
    const datasetCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/bridge/demo.dataset')) datasetCalls.push(request.url());
    });
    await page.goto(host.url);
    // Progress goes past the first chunk, and the app opens once every record is in.
    await expect(page.getByRole('progressbar')).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('.cw-queue-row').first()).toBeVisible({ timeout: 240_000 });
    expect(await storedCounts(page, ['participants', 'messages', 'counsellors'])).toEqual(sizes);
    // One seeding, one fetch of the dataset: the import never started over.
    expect(datasetCalls).toHaveLength(1);
  } finally {
    await host.stop();
  }
  expect(pageErrors).toEqual([]);
});

test('after seeding, no page load fetches the demo, and the host gives it out no more', async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(180_000);
  const host = await startHost({ demo: true });
  try {
    const demo = await demoOf(host);
    const secrets = privateStringsOf(demo);
    await page.goto(host.url);
    await expect(page.locator('.cw-queue-row').first()).toBeVisible({ timeout: 60_000 });

    // A normal page load, and the screens a counsellor opens: every response is read.
    const pending: Promise<string>[] = [];
    const urls: string[] = [];
    page.on('response', (response) => {
      urls.push(response.url());
      pending.push(response.text().catch(() => ''));
    });
    await page.reload();
    await expect(page.locator('.cw-queue-row').first()).toBeVisible({ timeout: 30_000 });
    for (const route of ['sessions', 'audit', 'queue']) {
      await page.goto(`${host.origin}/#/${route}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    }
    await page.waitForLoadState('networkidle');
    const bodies = await Promise.all(pending);
    expect(urls.filter((url) => url.includes('/bridge/demo.dataset'))).toEqual([]);
    expect(urls.some((url) => url.includes('/bridge/app.info'))).toBe(true);
    const leaked = secrets.filter((secret) => bodies.some((body) => body.includes(secret)));
    expect(leaked).toEqual([]);

    // Asked directly with the token: refused, and the answer holds nothing of it.
    const response = await fetch(`${host.origin}/bridge/demo.dataset`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CW-Token': host.token },
      body: '{}',
    });
    expect(response.status).toBe(422);
    const text = await response.text();
    expect(text).toContain('already stored');
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
  } finally {
    await host.stop();
  }
  expect(pageErrors).toEqual([]);
});
