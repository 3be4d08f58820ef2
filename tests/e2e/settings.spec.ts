import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  expectNoSeriousA11yViolations,
  presetAppearance,
  SCREENSHOT_DIR,
  startHost,
  test,
  expect,
} from './host';
import { becomeSupervisor } from './supervisor';

test('settings are validated, saved, and survive a restart of the host', async ({
  page,
  pageErrors,
}) => {
  const first = await startHost();
  try {
    await presetAppearance(page, 'en', 'light');
    await page.goto(first.url);
    // The organisation's rules are a supervisor's (tests/e2e/roles.spec.ts).
    await becomeSupervisor(page);
    await page.goto(`${first.origin}/#/settings`);
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(page.getByText('Default settings (nothing saved yet)')).toBeVisible();

    // An invalid value is refused at the field, and nothing is saved.
    await page.getByLabel('Closes').fill('09:50');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('service hours must close at least 40 minutes')).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'need attention' })).toBeVisible();
    await page.screenshot({
      path: `${SCREENSHOT_DIR}/settings-invalid-en-light.png`,
      fullPage: true,
    });
    expect(readdirSync(first.dataDir)).not.toContain('settings.json');

    await page.getByLabel('Report suppression threshold').fill('12');
    await page.getByLabel('Answer deadline', { exact: true }).fill('4');
    await page.getByLabel('Closes').fill('20:00');
    await page.getByLabel('First closed day (JST)').fill('2026-12-29');
    await page.getByLabel('Last closed day (JST)').fill('2027-01-03');
    await page.getByLabel('Label', { exact: true }).fill('Year-end closure');
    await page.getByRole('button', { name: 'Add closure' }).click();
    await expect(page.getByTestId('closures-table')).toContainText('Year-end closure');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Settings saved')).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({
      path: `${SCREENSHOT_DIR}/settings-saved-en-light.png`,
      fullPage: true,
    });
  } finally {
    // The page goes before its host, as when the app is closed (a page left open on a stopped
    // host fails its next status read, which Chromium logs).
    await page.goto('about:blank');
    await first.stop();
  }

  const stored = JSON.parse(readFileSync(path.join(first.dataDir, 'settings.json'), 'utf8'));
  expect(stored.settings).toMatchObject({
    reportSuppressionThreshold: 12,
    answerDeadlineBusinessDays: 4,
    serviceHours: { open: '09:30', close: '20:00' },
    closures: [{ from: '2026-12-29', to: '2027-01-03', label: 'Year-end closure' }],
  });

  const second = await startHost({ dataDir: first.dataDir });
  try {
    await page.goto(second.url.replace('#/queue', '#/settings'));
    await expect(page.getByLabel('Report suppression threshold')).toHaveValue('12');
    await expect(page.getByLabel('Answer deadline', { exact: true })).toHaveValue('4');
    await expect(page.getByLabel('Closes')).toHaveValue('20:00');
    await expect(page.getByTestId('closures-table')).toContainText('2027-01-03');
  } finally {
    await second.stop();
  }
  expect(pageErrors).toEqual([]);
});

test('a corrupt settings file is reported, kept as a backup, and not overwritten', async ({
  page,
}) => {
  const seed = await startHost();
  await seed.stop();
  const bad = '{ "format": "counsellor-workstation.settings", "version": 1, "settings": { oops';
  writeFileSync(path.join(seed.dataDir, 'settings.json'), bad);
  const host = await startHost({ dataDir: seed.dataDir });
  try {
    await presetAppearance(page, 'en', 'light');
    await page.goto(host.url.replace('#/queue', '#/settings'));
    const alert = page.getByRole('alert').filter({ hasText: 'could not be used' });
    await expect(alert).toContainText('settings.json: not valid JSON');
    await expect(alert).toContainText('settings.json.unusable-');
    await page.screenshot({
      path: `${SCREENSHOT_DIR}/settings-corrupt-en-light.png`,
      fullPage: true,
    });
    const backups = readdirSync(seed.dataDir).filter((f) =>
      f.startsWith('settings.json.unusable-'),
    );
    expect(backups).toHaveLength(1);
    expect(readFileSync(path.join(seed.dataDir, backups[0]!), 'utf8')).toBe(bad);
    expect(readFileSync(path.join(seed.dataDir, 'settings.json'), 'utf8')).toBe(bad);
  } finally {
    await host.stop();
  }
});

test('the bridge refuses calls without the token or from another origin', async ({
  host,
  request,
}) => {
  const noToken = await request.post(`${host.origin}/bridge/settings.get`, { data: '' });
  expect(noToken.status()).toBe(401);
  const foreign = await request.post(`${host.origin}/bridge/settings.get`, {
    headers: { 'X-CW-Token': host.token, Origin: 'https://evil.example' },
    data: '',
  });
  expect(foreign.status()).toBe(403);
  const invalid = await request.post(`${host.origin}/bridge/settings.update`, {
    headers: { 'X-CW-Token': host.token, Origin: host.origin, 'Content-Type': 'application/json' },
    data: { serviceHours: { open: '25:00' } },
  });
  expect(invalid.status()).toBe(400);
  expect((await invalid.json()).error).toMatchObject({ code: 'invalid-input' });
});
