/**
 * Issue 12.4: the page closed mid-import. At the next unlock the import is reported and finished
 * from the stored records (without the file): the stored messages are in their threads and the
 * queue shows them; the start and the finishing are in the audit log.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  expectNoSeriousA11yViolations,
  presetAppearance,
  SCREENSHOT_DIR,
  test,
  expect,
} from './host';

const MESSAGES = 40_000;

/** A large, valid dataset: many chunks of messages, a thread per 4 messages. */
function bigDataset(): string {
  const participants = Array.from({ length: 200 }, (_, i) => ({
    id: `p${i}`,
    jetNumber: null,
    name: `Participant ${i}`,
    email: `someone${i}@example.com`,
    language: 'en',
  }));
  const messages = Array.from({ length: MESSAGES }, (_, i) => ({
    id: `m${i}`,
    threadId: `t${Math.floor(i / 4)}`,
    participantId: `p${Math.floor(i / 4) % 200}`,
    subject: `Question ${Math.floor(i / 4)}`,
    body: `Message number ${i}, written for the interrupted import test.`,
    receivedAt: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00+09:00`,
  }));
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-import-')), 'big.json');
  writeFileSync(
    file,
    JSON.stringify({
      format: 'counsellor-workstation.dataset',
      version: 1,
      participants,
      counsellors: [{ id: 'c1', name: 'Dr Kim', languages: ['en'] }],
      messages,
    }),
  );
  return file;
}

test('close the page mid-import: the next unlock reports it and finishes it from the stored records', async ({
  page,
  context,
  host,
}) => {
  test.setTimeout(180_000);
  const file = bigDataset();
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url);
  // The first start derives the key from the passphrase file (scrypt) before the queue shows: on
  // a loaded 2-core machine that alone took over the default 10 s.
  await expect(page.getByTestId('queue-empty')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Import' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose file' }).click();
  await (await chooser).setFiles(file);
  // At least one chunk of messages stored, far from the end: the page is closed.
  await expect(page.getByRole('status')).toContainText(/Storing: ([3-9]\d{3}|[1-3]\d{4}) of/, {
    timeout: 120_000,
  });
  await page.close();

  const again = await context.newPage();
  await again.goto(host.url);
  const notice = again.getByTestId('import-interrupted');
  await expect(notice).toContainText('An import was interrupted', { timeout: 60_000 });
  const stored = Number(/(\d+) of the file’s/.exec((await notice.textContent()) ?? '')?.[1]);
  expect(stored).toBeGreaterThan(200);
  expect(stored).toBeLessThan(MESSAGES + 201);
  await expect(notice).toContainText(`of the file’s ${MESSAGES + 201} records had been stored`);
  await expect(notice).toContainText('import the same file again');
  // The stored messages show in the queue (before: "0 of 0", no thread).
  await expect(again.getByRole('option').first()).toBeVisible();
  await expectNoSeriousA11yViolations(again);
  await again.screenshot({ path: `${SCREENSHOT_DIR}/import-interrupted-en-light.png` });

  // Audited: the start (before anything was stored) and the finishing.
  await again.getByRole('navigation').getByRole('link', { name: 'Audit' }).click();
  const table = again.getByTestId('audit-table');
  await expect(table.getByRole('row', { name: /Import/ }).first()).toContainText(
    'Interrupted import finished from the stored records',
  );
  await expect(table.getByRole('row', { name: /Import/ }).last()).toContainText(
    `Import started: ${MESSAGES + 201} records to store`,
  );
  await again.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(again.getByTestId('audit-verdict')).toContainText('The chain is intact: 2 entries.');
  await again.close();
});
