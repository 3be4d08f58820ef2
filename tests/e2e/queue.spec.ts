import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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
  // The same id with other content: not imported, the stored record kept, and named by where
  // it is in the file, never by its id.
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
    messages: { id: string; body: string }[];
  };
  fixture.messages[0]!.body += ' (edited)';
  const edited = path.join(mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-')), 'edited.json');
  writeFileSync(edited, JSON.stringify(fixture));
  const chooserAgain = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import another file' }).click();
  await (await chooserAgain).setFiles(edited);
  await expect(report).toContainText('the stored one was kept (1)');
  await expect(report).toContainText('messages[0]');
  await expect(report).not.toContainText(fixture.messages[0]!.id);
  await page.getByRole('button', { name: 'Close' }).last().click();

  // An unassessed thread with crisis words first (labelled in words), then overdue (earliest
  // deadline, saying by how much), then due soon.
  const rows = page.getByRole('option');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('On track');
  await expect(rows.nth(0)).toContainText('Crisis words, not assessed');
  await expect(rows.nth(1)).toContainText('Overdue');
  await expect(rows.nth(1)).toContainText('職場での孤立について');
  // Due Thu 26 Nov 21:30; now Mon 30 Nov 10:00: Friday and Monday have begun.
  await expect(rows.nth(1)).toContainText('overdue by 2 business days');
  await expect(rows.nth(2)).toContainText('Due soon');
  await expect(rows.nth(2)).toContainText('11h 30m of service time left');
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
  // Nobody has assessed it: it says so, and Routine is not pre-selected.
  await expect(pane.getByTestId('risk-not-assessed')).toContainText('Not assessed');
  await expect(pane.getByRole('radio', { name: 'Routine' })).not.toBeChecked();
  await expect(pane).not.toContainText('20123456742');
  // The participant's history: their other thread, open and due soon; no session yet.
  const history = pane.getByTestId('participant-history');
  await expect(history).toContainText('1 other thread');
  await expect(
    history.getByRole('link', { name: 'Trouble sleeping before lessons' }),
  ).toBeVisible();
  await expect(history).toContainText('Due soon');
  await expect(history).toContainText('No video session.');

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
  // The draft is saved as it is typed, and says so.
  await expect(pane.getByTestId('draft-state')).toHaveText('Draft saved');
  await page.reload();
  const paneAgain = page.getByTestId('thread-pane');
  await expect(paneAgain.getByTestId('reply-editor')).toHaveValue(
    'Thank you for telling me. You are not alone.',
  );
  // Send leaves 10 seconds to undo, with the focus on Undo: Enter brings the text back.
  await paneAgain.getByRole('button', { name: 'Send reply' }).click();
  const undo = paneAgain.getByTestId('undo-send');
  await expect(undo).toContainText(/Sending in \d+ seconds?/);
  await expect(paneAgain.getByTestId('reply-editor')).toHaveValue('');
  await expect(undo.getByRole('button', { name: 'Undo' })).toBeFocused();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/queue-undo-send-en-light.png` });
  await page.keyboard.press('Enter');
  await expect(undo).toHaveCount(0);
  await expect(paneAgain.getByTestId('reply-editor')).toHaveValue(
    'Thank you for telling me. You are not alone.',
  );
  await expect(page.getByRole('option')).toHaveCount(3); // nothing was sent
  await paneAgain.getByRole('button', { name: 'Send reply' }).click();
  await paneAgain.getByRole('button', { name: 'Send now' }).click();
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

  // Answered threads: a search looks through them too (the status widens to all threads, and
  // says so), and the status filter lists them with how they were answered.
  const search = page.getByRole('textbox', { name: 'Search subject and text' });
  await search.fill('too much');
  await search.press('Enter');
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('All threads');
  await expect(page.getByRole('option')).toHaveCount(1);
  await expect(page.getByRole('option').first()).toContainText('Everything feels too much');
  await expect(page.getByRole('option').first()).toContainText('Answered on time');
  await expect(page.getByRole('option').first()).toContainText(/answered .* JST/);
  await expect(page.getByTestId('queue-count')).toHaveText('1 of 3 threads, answered included');
  await search.press('Escape');
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'All answered' }).click();
  await expect(page.getByRole('option')).toHaveCount(1);
  await expect(page.getByRole('option').first()).toContainText('Everything feels too much');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/queue-answered-en-light.png`, fullPage: true });
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'All open' }).click();
  await expect(page.getByRole('option')).toHaveCount(2);
  // From the history, the participant's other thread opens; its history shows this one answered.
  await page
    .getByTestId('participant-history')
    .getByRole('link', { name: 'Trouble sleeping before lessons' })
    .click();
  const other = page.getByTestId('thread-pane');
  await expect(
    other.getByRole('heading', { name: 'Trouble sleeping before lessons' }),
  ).toBeVisible();
  await expect(other.getByTestId('participant-history')).toContainText('Everything feels too much');
  await expect(other.getByTestId('participant-history')).toContainText('Answered on time');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/queue-history-en-light.png`, fullPage: true });
  expect(pageErrors).toEqual([]);
});

test('keyboard only: keys work at once, and the highlight and the open pane follow the thread', async ({
  page,
  host,
  pageErrors,
}) => {
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url);
  await importFixture(page);
  await page.getByRole('button', { name: 'Close' }).last().click();
  await page.getByRole('combobox', { name: 'Working as' }).click();
  await page.getByRole('option', { name: 'Dr Jamie Kim' }).click();
  const list = page.getByTestId('queue-list');
  const active = page.locator('.cw-queue-row[data-active]');
  // Esc leaves the field and returns to the list; from there on, keys only.
  await page.keyboard.press('Escape');
  await expect(list).toBeFocused();
  // Rows: crisis words not assessed, overdue, due soon.
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(active).toContainText('Trouble sleeping before lessons');
  await page.keyboard.press('Enter');
  const pane = page.getByTestId('thread-pane');
  await expect(pane).toContainText('Trouble sleeping before lessons');
  await expect(pane.getByRole('button', { name: 'Take' })).toBeVisible();

  // t: the open pane shows the counsellor at once, and no longer offers Take.
  await page.keyboard.press('t');
  await expect(pane.getByTestId('thread-assignee')).toHaveValue('Dr Jamie Kim');
  await expect(pane.getByRole('button', { name: 'Take' })).toHaveCount(0);
  await expect(active).toContainText('Dr Jamie Kim');

  // u: the thread moves to the top, and the highlight moves with it.
  await page.keyboard.press('u');
  await expect(page.getByRole('option').first()).toContainText('Trouble sleeping before lessons');
  await expect(page.getByRole('option').first()).toContainText('Urgent');
  await expect(active).toContainText('Trouble sleeping before lessons');
  await expect(pane.getByRole('radio', { name: 'Urgent' })).toBeChecked();

  // / goes to search from anywhere; Esc comes back to the list.
  await page.keyboard.press('/');
  await expect(page.getByRole('textbox', { name: 'Search subject and text' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(list).toBeFocused();

  // ? shows the keys.
  await page.keyboard.press('?');
  const keys = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(keys).toContainText('Open it at the reply box');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/queue-keys-en-light.png` });
  await page.keyboard.press('Escape');
  await expect(keys).toHaveCount(0);

  // r: the reply box of the highlighted thread; Esc back to the list, and j moves on.
  await page.keyboard.press('r');
  await expect(page.getByTestId('reply-editor')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(list).toBeFocused();
  await page.keyboard.press('j');
  await expect(active).toContainText('Everything feels too much');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/queue-keyboard-en-light.png` });
  expect(pageErrors).toEqual([]);
});

test('the keys, in Japanese', async ({ page, host }) => {
  test.slow(); // an import, then the page again in Japanese
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url);
  await importFixture(page); // the helper speaks English; the page is then opened in Japanese
  await presetAppearance(page, 'ja', 'light');
  await page.reload();
  await expect(page.getByRole('option')).toHaveCount(3);
  await page.keyboard.press('?');
  const keys = page.getByRole('dialog', { name: 'キーボードショートカット' });
  await expect(keys).toContainText('返信欄を開く');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/queue-keys-ja-light.png` });
  await page.keyboard.press('Escape');
  // Crisis words not assessed, labelled in words, first; the overdue row says by how much.
  await expect(page.getByRole('option').first()).toContainText('危機表現あり・未評価');
  await expect(page.getByRole('option').nth(1)).toContainText('期限を2営業日超過');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/queue-rows-ja-light.png` });
  // Nothing is answered yet: the answered filter says so in Japanese, with the count's words.
  await page.getByRole('combobox', { name: '状態' }).click();
  await page.getByRole('option', { name: '回答済みすべて' }).click();
  await expect(page.getByTestId('queue-empty')).toHaveText(
    'この条件に合うスレッドはありません（回答済みを含む）。',
  );
  await expect(page.getByTestId('queue-count')).toHaveText('回答済みを含む 3 件中 0 件');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/queue-answered-ja-light.png` });
});

test('the demo data loads on a first start, in Japanese and dark', async ({ page }) => {
  const host = await startHost({ demo: true });
  try {
    await presetAppearance(page, 'ja', 'dark');
    await page.goto(host.url);
    await expect(page.getByRole('heading', { level: 1, name: 'メールキュー' })).toBeVisible();
    await expect(page.getByRole('option').first()).toBeVisible({ timeout: 30_000 });
    // The demo's two urgent threads nobody has assessed yet come first, labelled in words,
    // before the overdue ones.
    await expect(page.getByRole('option').nth(0)).toContainText('危機表現あり・未評価');
    await expect(page.getByRole('option').nth(1)).toContainText('危機表現あり・未評価');
    await expect(page.getByRole('option').nth(2)).not.toContainText('危機表現あり・未評価');
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/queue-demo-ja-dark.png` });
    // A participant with video sessions: the thread's history lists them in Japanese.
    let found = false;
    for (let i = 0; i < 20 && !found; i += 1) {
      await page.getByRole('option').nth(i).click();
      const history = page.getByTestId('thread-pane').getByTestId('participant-history');
      await expect(history).toBeVisible({ timeout: 30_000 });
      found = /ビデオセッション [1-9]\d* 回/.test((await history.textContent()) ?? '');
    }
    expect(found).toBe(true);
    const history = page.getByTestId('thread-pane').getByTestId('participant-history');
    await expect(history).toContainText(/（日本時間） · .+ · /);
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/queue-history-ja-dark.png`, fullPage: true });
  } finally {
    await host.stop();
  }
});
