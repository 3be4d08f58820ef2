import path from 'node:path';
import {
  expectNoSeriousA11yViolations,
  importDataset,
  presetAppearance,
  SCREENSHOT_DIR,
  test,
  expect,
} from './host';

const FIXTURE = path.resolve('tests/fixtures/queue-e2e.json');

test('a reveal needs a reason, shows one number for 30 seconds, and is audited; tampering is found', async ({
  page,
  host,
  pageErrors,
}) => {
  await presetAppearance(page, 'en', 'light');
  await page.clock.install({ time: new Date('2026-11-30T01:00:00Z') });
  await page.goto(host.url);
  await importDataset(page, FIXTURE);
  await page.getByRole('button', { name: 'Close' }).last().click();

  await page.getByRole('option').filter({ hasText: 'Everything feels too much' }).click();
  const pane = page.getByTestId('thread-pane');
  await expect(pane.getByTestId('jet-number')).toHaveText('•••••••42');
  await pane.getByRole('button', { name: 'Reveal' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reveal the JET number' });
  await dialog.getByRole('button', { name: 'Reveal for 30 seconds' }).click();
  await expect(dialog.getByText('Give a reason')).toBeVisible();
  await dialog.getByLabel('Reason').fill('Confirming identity for a referral');
  await dialog.getByRole('button', { name: 'Reveal for 30 seconds' }).click();
  await expect(pane.getByTestId('jet-number')).toHaveText('20123456742');
  await page.clock.runFor(31_000);
  await expect(pane.getByTestId('jet-number')).toHaveText('•••••••42');

  await page.getByRole('navigation').getByRole('link', { name: 'Audit' }).click();
  const table = page.getByTestId('audit-table');
  await expect(table.getByRole('row', { name: /Reveal/ })).toContainText(
    'Confirming identity for a referral',
  );
  // An import is audited before it stores anything, and again with what it stored (issue 12.4).
  await expect(table.getByRole('row', { name: /Import/ }).first()).toContainText('records added');
  await expect(table.getByRole('row', { name: /Import/ }).last()).toContainText('Import started');
  await expect(table).not.toContainText('20123456742');
  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(page.getByTestId('audit-verdict')).toContainText('The chain is intact: 3 entries.');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/audit-en-light.png`, fullPage: true });

  // Remove the reveal's sealed reason behind the app's back: the page says it cannot be opened,
  // and Verify finds it.
  await page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('counsellor-workstation');
    open.onsuccess = () => {
      const tx = open.result.transaction(['audit', 'auditReasons'], 'readwrite');
      const get = tx.objectStore('audit').get(3);
      get.onsuccess = () => tx.objectStore('auditReasons').delete(get.result.hash);
      tx.oncomplete = () => { open.result.close(); resolve(true); };
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  })`);
  await page.getByRole('navigation').getByRole('link', { name: 'Queue' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Audit' }).click();
  await expect(table.getByRole('row', { name: /Reveal/ })).toContainText(
    'The sealed reason cannot be opened',
  );
  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(page.getByTestId('audit-verdict')).toContainText(
    'The chain is broken at entry 3 (a sealed reason is missing, does not open, or was replaced).',
  );
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/audit-reason-missing-en-light.png` });

  // Edit the first entry behind the app's back: Verify finds it.
  await page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('counsellor-workstation');
    open.onsuccess = () => {
      const tx = open.result.transaction('audit', 'readwrite');
      const store = tx.objectStore('audit');
      const get = store.get(1);
      get.onsuccess = () => store.put({ ...get.result, reason: 'nothing to see' });
      tx.oncomplete = () => { open.result.close(); resolve(true); };
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  })`);
  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(page.getByTestId('audit-verdict')).toContainText(
    'The chain is broken at entry 1 (an entry was edited).',
  );
  expect(pageErrors).toEqual([]);
});

test('in Japanese, the reasons of entries made in Japanese are Japanese (no English sentence)', async ({
  page,
  host,
  pageErrors,
}) => {
  await presetAppearance(page, 'ja', 'light');
  await page.clock.install({ time: new Date('2026-11-30T01:00:00Z') });
  await page.goto(host.url);
  // Import (two entries: started, finished).
  await page.getByRole('button', { name: 'インポート' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'ファイルを選択' }).click();
  await (await chooser).setFiles(FIXTURE);
  await expect(page.getByTestId('import-report')).toBeVisible();
  await page.getByRole('button', { name: '閉じる' }).last().click();
  // A reveal, with a reason typed in Japanese (kept as typed).
  await page.getByRole('option').filter({ hasText: 'Everything feels too much' }).click();
  const pane = page.getByTestId('thread-pane');
  await pane.getByRole('button', { name: '表示' }).click();
  const dialog = page.getByRole('dialog', { name: 'JET番号を表示' });
  await dialog.getByLabel('理由').fill('紹介のための本人確認');
  await dialog.getByRole('button', { name: '30秒間表示' }).click();
  await expect(pane.getByTestId('jet-number')).toHaveText('20123456742');
  // A profile added and removed (two role-change entries naming it).
  await page.getByTestId('profile-menu').click();
  await page.getByRole('menuitem', { name: 'プロファイルの管理…' }).click();
  const profiles = page.getByRole('region', { name: 'プロファイル' });
  await profiles.getByLabel('名前').fill('事務局');
  await profiles.getByRole('combobox', { name: '役割' }).click();
  await page.getByRole('option', { name: 'CO表示' }).click();
  await profiles.getByRole('button', { name: '追加', exact: true }).click();
  await expect(page.getByTestId('profiles-table')).toContainText('事務局');
  await profiles.getByRole('button', { name: '事務局 を削除' }).click();
  await expect(page.getByTestId('profiles-table')).not.toContainText('事務局');

  await page.getByRole('navigation').getByRole('link', { name: '監査' }).click();
  const table = page.getByTestId('audit-table');
  await expect(table.getByRole('row')).toHaveCount(6);
  // The first profile was made while the UI was Japanese: its name is Japanese too.
  await expect(table.getByRole('row').nth(1).getByRole('cell').nth(2)).toHaveText('カウンセラー');
  await expect(table).toContainText('インポート開始: 保存する記録');
  await expect(table).toContainText('紹介のための本人確認');
  await expect(table).toContainText('プロファイル「事務局」をCO表示として追加');
  await expect(table).toContainText('プロファイル「事務局」を削除');
  // No English word in any cell: only the names written in Latin in Japanese too.
  const latin = ((await table.innerText()).match(/[A-Za-z]{2,}/g) ?? []).filter(
    (word) => !['JET', 'CO', 'JST'].includes(word),
  );
  expect(latin).toEqual([]);
  await page.getByRole('button', { name: 'チェーンを検証' }).click();
  await expect(page.getByTestId('audit-verdict')).toContainText('チェーンは完全です: 5 件。');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/audit-ja-light.png`, fullPage: true });
  expect(pageErrors).toEqual([]);
});
