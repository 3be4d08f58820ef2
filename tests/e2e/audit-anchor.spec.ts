/**
 * Issue 13, items 3 and 4: the audit log anchored outside IndexedDB, tampered with through the
 * raw IndexedDB API in the page (a rollback to a saved state, then both stores emptied), and the
 * Audit page naming its objects without ids.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import {
  expectNoSeriousA11yViolations,
  importDataset,
  presetAppearance,
  SCREENSHOT_DIR,
  test,
  expect,
} from './host';

const FIXTURE = path.resolve('tests/fixtures/queue-e2e.json');

/** Runs `body` (the text of a function of `db`) in one readwrite transaction of the page's database. */
function tamper(page: Page, stores: string[], body: string): Promise<unknown> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('counsellor-workstation');
    open.onsuccess = () => {
      const tx = open.result.transaction(${JSON.stringify(stores)}, 'readwrite');
      let result;
      (async (tx) => { ${body} })(tx).then((r) => { result = r; }, reject);
      tx.oncomplete = () => { open.result.close(); resolve(result); };
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  })`);
}

async function reveal(page: Page, reason: string) {
  const pane = page.getByTestId('thread-pane');
  await pane.getByRole('button', { name: 'Reveal' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reveal the JET number' });
  await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByRole('button', { name: 'Reveal for 30 seconds' }).click();
  await expect(dialog).toBeHidden();
  await expect(pane.getByTestId('jet-number')).toHaveText('20123456742');
  await page.clock.runFor(31_000);
  await expect(pane.getByTestId('jet-number')).toHaveText('•••••••42');
}

async function verify(page: Page, expected: string) {
  await page.getByRole('navigation').getByRole('link', { name: 'Queue' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Audit' }).click();
  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(page.getByTestId('audit-verdict')).toContainText(expected);
}

test('a rolled-back or emptied audit log fails Verify against its anchor; objects have no ids', async ({
  page,
  host,
  pageErrors,
}) => {
  // An import, two reveals, four Verify runs, two tamperings and a second page: over a minute on
  // a loaded 2-core machine (the default 60 s ran out in a run of three).
  test.setTimeout(180_000);
  await presetAppearance(page, 'en', 'light');
  await page.clock.install({ time: new Date('2026-11-30T01:00:00Z') });
  await page.goto(host.url);
  await importDataset(page, FIXTURE);
  await page.getByRole('button', { name: 'Close' }).last().click();
  await page.getByRole('option').filter({ hasText: 'Everything feels too much' }).click();
  await reveal(page, 'Confirming identity for a referral');

  // An import writes two entries (started, then stored), the reveal a third.
  await verify(page, 'The chain is intact: 3 entries.');
  const table = page.getByTestId('audit-table');
  // The reveal names the participant by the masked JET number, never by the imported id.
  const revealRow = table.getByRole('row', { name: /Reveal/ });
  await expect(revealRow).toContainText('participant •••••••42');
  await expect(table).not.toContainText('participant:');
  for (const row of await table.getByRole('row', { name: /Import/ }).all())
    await expect(row).toContainText('a dataset');
  await expectNoSeriousA11yViolations(page);

  // Save the head mark, make one more reveal, delete that entry and its reason, write the saved
  // mark back: the page's own checks hold, the anchor outside the database does not.
  const saved = await tamper(
    page,
    ['meta'],
    `return await new Promise((ok) => {
    const get = tx.objectStore('meta').get('audit.head');
    get.onsuccess = () => ok(get.result);
  });`,
  );
  expect(saved).toBeTruthy();
  await page.getByRole('navigation').getByRole('link', { name: 'Queue' }).click();
  await page.getByRole('option').filter({ hasText: 'Everything feels too much' }).click();
  await reveal(page, 'A second look for the referral');
  await verify(page, 'The chain is intact: 4 entries.');
  await tamper(
    page,
    ['audit', 'auditReasons', 'meta'],
    `const audit = tx.objectStore('audit');
    const get = audit.get(4);
    get.onsuccess = () => {
      tx.objectStore('auditReasons').delete(get.result.hash);
      audit.delete(4);
      tx.objectStore('meta').put(${JSON.stringify(saved)});
    };`,
  );
  await verify(page, 'The chain is broken at entry 4 (entries removed or the log rolled back).');
  await expect(table.getByRole('row')).toHaveCount(4);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/audit-rolled-back-en-light.png` });

  // Empty both stores: never "intact: 0 entries".
  await tamper(
    page,
    ['audit', 'auditReasons'],
    `tx.objectStore('audit').clear(); tx.objectStore('auditReasons').clear();`,
  );
  await verify(page, 'The chain is broken at entry 1 (entries removed or the log rolled back).');
  await expectNoSeriousA11yViolations(page);

  // In Japanese too (another tab of the same browser: the same database and host).
  const ja = await page.context().newPage();
  await presetAppearance(ja, 'ja', 'light');
  await ja.goto(host.url);
  await ja.getByRole('navigation').getByRole('link', { name: '監査' }).click();
  await ja.getByRole('button', { name: 'チェーンを検証' }).click();
  await expect(ja.getByTestId('audit-verdict')).toContainText(
    '記録が削除されたか、ログが以前の状態に戻されました',
  );
  await ja.screenshot({ path: `${SCREENSHOT_DIR}/audit-emptied-ja-light.png` });
  await ja.close();
  expect(pageErrors).toEqual([]);
});
