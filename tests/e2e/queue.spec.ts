import path from 'node:path';
import {
  expectNoSeriousA11yViolations,
  importDataset,
  presetAppearance,
  SCREENSHOT_DIR,
  startHost,
  test,
  expect,
} from './host';
import type { Page } from '@playwright/test';

// The host's clock is pinned to Mon 30 Nov 2026, 10:00 JST.
const FIXTURE = path.resolve('tests/fixtures/queue-e2e.json');

async function importFixture(page: Page) {
  await importDataset(page, FIXTURE);
}

test('import a file with good and bad records: the right errors, the right records', async ({
  page,
  host,
  pageErrors,
}) => {
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url);
  await expect(page.getByTestId('queue-empty')).toContainText('No open messages');
  await importFixture(page);
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('Added: 2 participants, 2 counsellors, 3 messages');
  const invalid = page.getByTestId('import-invalid');
  await expect(invalid).toContainText('participants[2]');
  await expect(invalid).toContainText('messages[3]');
  await expect(invalid).toContainText('messages[4]');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/queue-import-report-en-light.png` });

  // The same file again changes nothing.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import another file' }).click();
  await (await chooser).setFiles(FIXTURE);
  await expect(report).toContainText('Added: 0 participants, 0 counsellors, 0 messages');
  await expect(report).toContainText('Already stored (unchanged): 7');
  await page.getByRole('button', { name: 'Close' }).last().click();

  // Overdue first (earliest deadline), then due soon, then on track.
  const rows = page.getByRole('option');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('Overdue');
  await expect(rows.nth(0)).toContainText('職場での孤立について');
  await expect(rows.nth(1)).toContainText('Due soon');
  await expect(rows.nth(1)).toContainText('11h 30m of service time left');
  await expect(rows.nth(2)).toContainText('On track');
  await expect(rows.nth(2).getByLabel('Possible risk')).toBeVisible();
  await expect(page.getByTestId('overdue-badge')).toHaveAttribute('title', '1 overdue');
  await expect(page.getByRole('link', { name: /Queue.*1 overdue/ })).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('triage, reply, and a reload keeps all of it', async ({ page, host, pageErrors }) => {
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url);
  await importFixture(page);
  await page.getByRole('button', { name: 'Close' }).last().click();
  await page.getByRole('combobox', { name: 'Working as' }).click();
  await page.getByRole('option', { name: 'Dr Jamie Kim' }).click();

  await page.getByRole('option').filter({ hasText: 'Everything feels too much' }).click();
  const pane = page.getByTestId('thread-pane');
  await expect(pane.getByTestId('risk-signal')).toBeVisible();
  await expect(pane.locator('mark')).toHaveText('want to die');
  await expect(pane.getByTestId('jet-number')).toHaveText('•••••••42');
  await expect(pane).not.toContainText('20123456742');

  await pane.getByText('Urgent', { exact: true }).click();
  await expect(pane).toContainText('Set by Dr Jamie Kim');
  await pane.getByLabel('Tags').fill('sleep');
  await pane.getByLabel('Tags').press('Enter');
  await pane.getByRole('button', { name: 'Take' }).click();
  // Urgent threads come first.
  await expect(page.getByRole('option').first()).toContainText('Everything feels too much');
  await expect(page.getByRole('option').first()).toContainText('Dr Jamie Kim · sleep');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/queue-thread-en-light.png`, fullPage: true });

  await pane.getByTestId('reply-editor').fill('Thank you for telling me. You are not alone.');
  await page.waitForTimeout(600); // the draft is saved as it is typed
  await page.reload();
  const paneAgain = page.getByTestId('thread-pane');
  await expect(paneAgain.getByTestId('reply-editor')).toHaveValue(
    'Thank you for telling me. You are not alone.',
  );
  await paneAgain.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Reply queued for sending')).toBeVisible();
  await expect(paneAgain.getByText('Waiting to sync')).toBeVisible();
  // Received Mon 09:00, answered Mon 10:00: on time (its deadline is Thu 3 Dec 21:30).
  await expect(paneAgain.locator('[data-kind="participant-message"]')).toContainText(
    'Answered on time',
  );
  await expect(page.getByTestId('outbox')).toContainText('changes waiting to sync');
  // Answered: the thread leaves the open queue.
  await expect(page.getByRole('option')).toHaveCount(2);

  await page.reload();
  await expect(page.getByRole('option')).toHaveCount(2);
  await expect(
    page.getByTestId('thread-pane').getByText('Thank you for telling me. You are not alone.'),
  ).toBeVisible();
  await expect(page.getByTestId('thread-pane')).toContainText('Dr Jamie Kim');
  expect(pageErrors).toEqual([]);
});

test('keyboard-only triage', async ({ page, host }) => {
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url);
  await importFixture(page);
  await page.getByRole('button', { name: 'Close' }).last().click();
  await page.getByRole('combobox', { name: 'Working as' }).click();
  await page.getByRole('option', { name: 'Dr Jamie Kim' }).click();
  const list = page.getByTestId('queue-list');
  await list.focus();
  await page.keyboard.press('j'); // to the second thread (due soon)
  await page.keyboard.press('u'); // mark urgent: it moves to the top
  await expect(page.getByRole('option').first()).toContainText('Trouble sleeping before lessons');
  await expect(page.getByRole('option').first()).toContainText('Urgent');
  await page.keyboard.press('Home');
  await page.keyboard.press('t'); // take it
  await expect(page.getByRole('option').first()).toContainText('Dr Jamie Kim');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('thread-pane')).toContainText('Trouble sleeping before lessons');
  await list.focus();
  await page.keyboard.press('r');
  await expect(page.getByTestId('reply-editor')).toBeFocused();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/queue-keyboard-en-light.png` });
});

test('the demo data loads on a first start, in Japanese and dark', async ({ page }) => {
  const host = await startHost({ demo: true });
  try {
    await presetAppearance(page, 'ja', 'dark');
    await page.goto(host.url);
    await expect(page.getByRole('heading', { level: 1, name: 'メールキュー' })).toBeVisible();
    await expect(page.getByRole('option').first()).toBeVisible({ timeout: 30_000 });
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/queue-demo-ja-dark.png` });
  } finally {
    await host.stop();
  }
});
