/**
 * The update settings in Settings → Updates (issue 17 §3): read-only for a counsellor (the bridge
 * refuses their save too), saved by a proven supervisor into updates.json, and a note that the
 * browser host never updates itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  expectNoSeriousA11yViolations,
  presetAppearance,
  SCREENSHOT_DIR,
  test,
  expect,
} from './host';
import { becomeSupervisor } from './supervisor';

const FEED = 'https://updates.example.org/counsellor-workstation';

test('a counsellor reads the update settings; a supervisor turns updates on', async ({
  page,
  host,
  request,
  pageErrors,
}) => {
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url.replace('#/queue', '#/settings/updates'));
  const section = page.getByRole('region', { name: 'Updates' });
  await expect(section.getByTestId('updates-read-only')).toBeVisible();
  await expect(section.getByTestId('updates-browser-host')).toContainText(
    'updates only apply to the desktop app',
  );
  await expect(section.getByRole('switch', { name: 'Look for updates' })).toBeDisabled();
  await expect(section.getByRole('switch', { name: 'Look for updates' })).not.toBeChecked();
  await expect(section.getByLabel('Update feed URL')).toHaveAttribute('readonly', '');
  await expect(section.getByRole('button', { name: 'Save update settings' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/settings-updates-counsellor-en-light.png` });

  // The page cannot claim the role: the host refuses a counsellor session's save.
  const refused = await request.post(`${host.origin}/bridge/updates.set`, {
    headers: { 'X-CW-Token': host.token, Origin: host.origin, 'Content-Type': 'application/json' },
    data: { enabled: true, feedUrl: FEED },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error).toMatchObject({ code: 'forbidden-role' });
  expect(readdirSync(host.dataDir)).not.toContain('updates.json');

  await becomeSupervisor(page);
  await page.goto(host.url.replace('#/queue', '#/settings/updates'));
  await expect(section.getByTestId('updates-read-only')).toHaveCount(0);
  await section.getByRole('switch', { name: 'Look for updates' }).check();
  await section.getByRole('button', { name: 'Save update settings' }).click();
  await expect(section.getByText('Give the feed URL before turning updates on.')).toBeVisible();
  await section.getByLabel('Update feed URL').fill('https://user:secret@updates.example.org/');
  await section.getByRole('button', { name: 'Save update settings' }).click();
  await expect(section.getByText('must not contain a user name or password')).toBeVisible();
  expect(readdirSync(host.dataDir)).not.toContain('updates.json');

  await section.getByLabel('Update feed URL').fill(FEED);
  await section.getByRole('button', { name: 'Save update settings' }).click();
  await expect(page.getByText('Update settings saved.')).toBeVisible();
  const stored = JSON.parse(readFileSync(path.join(host.dataDir, 'updates.json'), 'utf8'));
  expect(stored.settings).toEqual({ enabled: true, feedUrl: FEED });
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/settings-updates-supervisor-en-light.png` });

  // Read again after a reload: what the main process stored.
  await page.reload();
  await expect(section.getByRole('switch', { name: 'Look for updates' })).toBeChecked();
  await expect(section.getByLabel('Update feed URL')).toHaveValue(FEED);
  expect(pageErrors).toEqual([]);
});

test('the update settings in Japanese', async ({ page, host, pageErrors }) => {
  await presetAppearance(page, 'ja', 'light');
  await page.goto(host.url.replace('#/queue', '#/settings/updates'));
  const section = page.getByRole('region', { name: 'アップデート' });
  await expect(section.getByTestId('updates-read-only')).toContainText('スーパーバイザーだけです');
  await expect(section.getByTestId('updates-browser-host')).toContainText(
    'デスクトップアプリにのみ適用',
  );
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/settings-updates-counsellor-ja-light.png` });
  expect(pageErrors).toEqual([]);
});
