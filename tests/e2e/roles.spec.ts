/**
 * Issue 13 item 5: the organisation's rules are a supervisor's, and a supervisor is proven by the
 * person's own credential, checked by the host (the main process), never by the passphrase the
 * whole team types.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../src/domain/settings/organisation-settings';
import {
  E2E_PASSPHRASE,
  expectNoSeriousA11yViolations,
  presetAppearance,
  SCREENSHOT_DIR,
  test,
  expect,
} from './host';
import { addSupervisor, becomeSupervisor, SUPERVISOR_CREDENTIAL } from './supervisor';

test('a counsellor sees the rules read-only and the host refuses their save; a supervisor’s out-of-range values are refused, not changed', async ({
  page,
  host,
  request,
  pageErrors,
}) => {
  // Each supervisor check is a real scrypt (N = 2^17) on a shared machine.
  test.setTimeout(180_000);
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url.replace('#/queue', '#/settings'));
  const form = page.getByRole('region', { name: 'Organisation settings' });
  await expect(form.getByTestId('rules-read-only')).toContainText(
    'Only a supervisor can change these rules',
  );
  await expect(form.getByRole('button', { name: 'Save settings' })).toHaveCount(0);
  await expect(form.getByRole('button', { name: 'Add closure' })).toHaveCount(0);
  await expect(form.getByLabel('Answer deadline', { exact: true })).toHaveAttribute('readonly');
  await expect(form.getByLabel('Closes')).toBeDisabled();
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/rules-read-only-en-light.png`, fullPage: true });

  // The page cannot claim the role: the host refuses a counsellor session's save, writes nothing.
  const refused = await request.post(`${host.origin}/bridge/settings.update`, {
    headers: { 'X-CW-Token': host.token, Origin: host.origin, 'Content-Type': 'application/json' },
    data: { ...DEFAULT_ORGANISATION_SETTINGS, answerDeadlineBusinessDays: 5 },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error).toMatchObject({ code: 'forbidden-role' });
  expect(readdirSync(host.dataDir)).not.toContain('settings.json');

  await presetAppearance(page, 'ja', 'light');
  await page.reload();
  await expect(page.getByTestId('rules-read-only')).toContainText(
    'この規則を変更できるのはスーパーバイザーだけです',
  );
  await page.screenshot({ path: `${SCREENSHOT_DIR}/rules-read-only-ja-light.png`, fullPage: true });

  await presetAppearance(page, 'en', 'light');
  await page.reload();
  await becomeSupervisor(page);
  await page.goto(`${host.origin}/#/settings`);
  await expect(form.getByTestId('rules-read-only')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  // Out of range: kept as typed with the field's error, never moved to the nearest allowed value.
  const deadline = form.getByLabel('Answer deadline', { exact: true });
  const threshold = form.getByLabel('Report suppression threshold');
  const idle = form.getByLabel('Lock after idle (minutes)');
  await deadline.fill('0');
  await threshold.fill('3');
  await idle.fill('500');
  await idle.blur();
  await expect(deadline).toHaveValue('0');
  await expect(threshold).toHaveValue('3');
  await expect(idle).toHaveValue('500');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByText('Must be at least 1.')).toBeVisible();
  await expect(form.getByText('Must be at least 5.')).toBeVisible();
  await expect(form.getByText('Must be at most 240.')).toBeVisible();
  await expect(form.getByRole('alert').filter({ hasText: 'need attention' })).toBeVisible();
  expect(readdirSync(host.dataDir)).not.toContain('settings.json');
  await page.screenshot({
    path: `${SCREENSHOT_DIR}/rules-out-of-range-en-light.png`,
    fullPage: true,
  });

  // The same in Japanese (the host still knows the supervisor: a reload is not a lock).
  await presetAppearance(page, 'ja', 'light');
  await page.reload();
  const formJa = page.getByRole('region', { name: '組織の設定' });
  await expect(formJa.getByRole('button', { name: '設定を保存' })).toBeVisible();
  await formJa.getByLabel('回答期限', { exact: true }).fill('0');
  await formJa.getByLabel('回答期限', { exact: true }).blur();
  await formJa.getByRole('button', { name: '設定を保存' }).click();
  await expect(formJa.getByText('1以上にしてください。')).toBeVisible();
  await expect(formJa.getByLabel('回答期限', { exact: true })).toHaveValue('0');
  await page.screenshot({
    path: `${SCREENSHOT_DIR}/rules-out-of-range-ja-light.png`,
    fullPage: true,
  });
  expect(readdirSync(host.dataDir)).not.toContain('settings.json');

  // In range: saved by the proven supervisor.
  await formJa.getByLabel('回答期限', { exact: true }).fill('4');
  await formJa.getByRole('button', { name: '設定を保存' }).click();
  await expect.poll(() => readdirSync(host.dataDir).includes('settings.json')).toBe(true);
  const stored = JSON.parse(readFileSync(path.join(host.dataDir, 'settings.json'), 'utf8'));
  expect(stored.settings.answerDeadlineBusinessDays).toBe(4);
  expect(pageErrors).toEqual([]);
});

test('switching to a supervisor: the workstation passphrase fails, the person’s credential works; wrong attempts are limited and audited', async ({
  page,
  host,
  pageErrors,
}) => {
  // Each supervisor check is a real scrypt (N = 2^17) on a shared machine.
  test.setTimeout(180_000);
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url);
  await addSupervisor(page, 'Sam Supervisor');
  await expect(page.getByTestId('profiles-table')).not.toContainText('No credential yet');

  // The passphrase the whole team types does not make anyone a supervisor.
  await page.getByTestId('profile-menu').click();
  await page.getByRole('menuitem', { name: /Sam Supervisor/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Switch to Sam Supervisor' });
  await expect(dialog).toContainText('not the workstation passphrase');
  await dialog.getByLabel('Supervisor credential').fill(E2E_PASSPHRASE);
  await dialog.getByRole('button', { name: 'Switch profile' }).click();
  await expect(dialog.getByTestId('switch-error')).toContainText(
    'That credential is not right. Tries left before a 5-minute wait: 4.',
  );
  await expect(page.getByTestId('profile-menu')).toContainText('Counsellor');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/supervisor-switch-en-light.png` });
  // Sam's own credential does.
  await dialog.getByLabel('Supervisor credential').fill(SUPERVISOR_CREDENTIAL);
  await dialog.getByRole('button', { name: 'Switch profile' }).click();
  await expect(page.getByTestId('profile-menu')).toContainText('Sam Supervisor');

  // Down needs nothing.
  await page.getByTestId('profile-menu').click();
  await page.getByRole('menuitem', { name: /^Counsellor/ }).click();
  await expect(page.getByTestId('profile-menu')).toContainText('Counsellor');

  // Five wrong credentials in a row lock the switch, even for the right one afterwards.
  await page.getByTestId('profile-menu').click();
  await page.getByRole('menuitem', { name: /Sam Supervisor/ }).click();
  for (let left = 4; left >= 1; left -= 1) {
    await dialog.getByLabel('Supervisor credential').fill(`a guess number ${left}`);
    await dialog.getByRole('button', { name: 'Switch profile' }).click();
    await expect(dialog.getByTestId('switch-error')).toContainText(
      `Tries left before a 5-minute wait: ${left}.`,
    );
  }
  await dialog.getByLabel('Supervisor credential').fill('a guess number 0');
  await dialog.getByRole('button', { name: 'Switch profile' }).click();
  await expect(dialog.getByTestId('switch-error')).toContainText(
    'Too many wrong credentials. Try again in 5 minutes.',
  );
  await dialog.getByLabel('Supervisor credential').fill(SUPERVISOR_CREDENTIAL);
  await dialog.getByRole('button', { name: 'Switch profile' }).click();
  await expect(dialog.getByTestId('switch-error')).toContainText('Too many wrong credentials.');
  await expect(page.getByTestId('profile-menu')).toContainText('Counsellor');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/supervisor-locked-out-en-light.png` });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // Every refused attempt is in the audit log, and the chain holds.
  await page.goto(`${host.origin}/#/audit`);
  const audit = page.getByTestId('audit-table');
  await expect(audit.getByRole('row', { name: /refused \(wrong credential/ })).toHaveCount(5);
  await expect(audit.getByRole('row', { name: /refused \(locked out/ })).toHaveCount(2);
  await expect(
    audit.getByRole('row').filter({ hasText: 'Switched from Counsellor to Supervisor' }).filter({
      hasNotText: 'refused',
    }),
  ).toHaveCount(1);
  await expect(audit.getByRole('row', { name: /Supervisor credential set for/ })).toHaveCount(1);
  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(page.getByTestId('audit-verdict')).toContainText('The chain is intact');

  // On disk: a scrypt verifier, never a credential in clear.
  const disk = readdirSync(host.dataDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => readFileSync(path.join(host.dataDir, name), 'utf8'))
    .join('\n');
  expect(disk).toContain('"verifier"');
  expect(disk).not.toContain(SUPERVISOR_CREDENTIAL);
  expect(disk).not.toContain('a guess number');

  // The dialog in Japanese.
  await presetAppearance(page, 'ja', 'light');
  await page.reload();
  await page.getByTestId('profile-menu').click();
  await page.getByRole('menuitem', { name: /Sam Supervisor/ }).click();
  const dialogJa = page.getByRole('dialog', { name: 'Sam Supervisor' });
  await expect(dialogJa).toContainText('ワークステーションのパスフレーズではありません');
  await dialogJa.getByLabel('スーパーバイザー認証情報').fill(SUPERVISOR_CREDENTIAL);
  await dialogJa.getByRole('button', { name: 'プロファイルを切り替え' }).click();
  await expect(dialogJa.getByTestId('switch-error')).toContainText('分後にもう一度お試しください');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/supervisor-switch-ja-light.png` });
  expect(pageErrors).toEqual([]);
});

test('the first supervisor’s credential dialog (en, ja)', async ({ page, host }) => {
  await presetAppearance(page, 'ja', 'light');
  await page.goto(host.url.replace('#/queue', '#/settings/profiles'));
  const profiles = page.getByRole('region', { name: 'プロファイル' });
  await profiles.getByRole('textbox').first().fill('Sam Supervisor');
  await profiles.getByRole('combobox').first().click();
  await page.getByRole('option', { name: 'スーパーバイザー' }).click();
  await profiles.getByRole('button', { name: '追加', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('ワークステーションのパスフレーズで確認してください');
  await dialog.getByLabel('スーパーバイザー認証情報').fill(E2E_PASSPHRASE);
  await dialog.getByLabel('認証情報（確認）').fill(E2E_PASSPHRASE);
  await dialog.getByLabel('ワークステーションのパスフレーズ').fill(E2E_PASSPHRASE);
  await dialog.getByRole('button', { name: '認証情報を設定' }).click();
  await expect(dialog.getByTestId('credential-error')).toContainText(
    'ワークステーションのパスフレーズではなく',
  );
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/supervisor-credential-ja-light.png` });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('profiles-table')).toContainText('認証情報なし');
  await page.screenshot({
    path: `${SCREENSHOT_DIR}/profiles-no-credential-ja-light.png`,
    fullPage: true,
  });
});
