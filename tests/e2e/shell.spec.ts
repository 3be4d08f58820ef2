import {
  expectNoSeriousA11yViolations,
  presetAppearance,
  SCREENSHOT_DIR,
  test,
  expect,
} from './host';

const SECTIONS = [
  { route: 'queue', en: 'Mail queue', ja: 'メールキュー' },
  { route: 'sessions', en: 'Session logs', ja: 'セッション記録' },
  { route: 'availability', en: 'Availability', ja: '対応可能時間' },
  { route: 'reports', en: 'Reports', ja: 'レポート' },
  { route: 'audit', en: 'Audit log', ja: '監査ログ' },
  { route: 'settings', en: 'Settings', ja: '設定' },
  { route: 'co', en: 'CO view', ja: 'CO表示' },
] as const;

for (const language of ['en', 'ja'] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`every section is reachable, accessible and error-free (${language}, ${scheme})`, async ({
      page,
      host,
      pageErrors,
    }) => {
      await presetAppearance(page, language, scheme);
      await page.goto(host.url);
      // The token leaves the address bar once read.
      await expect(
        page.getByRole('heading', { level: 1, name: SECTIONS[0][language] }),
      ).toBeVisible();
      expect(page.url()).not.toContain('token=');
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);

      for (const section of SECTIONS) {
        // Navigate through the menu, as a counsellor would.
        await page.getByRole('navigation').getByRole('link').nth(SECTIONS.indexOf(section)).click();
        await expect(page).toHaveURL(new RegExp(`#/${section.route}$`));
        await expect(
          page.getByRole('heading', { level: 1, name: section[language] }),
        ).toBeVisible();
        await expectNoSeriousA11yViolations(page);
        await page.screenshot({
          path: `${SCREENSHOT_DIR}/${section.route}-${language}-${scheme}.png`,
          fullPage: true,
        });
      }
      expect(pageErrors).toEqual([]);
    });
  }
}

test('the header shows the pinned clock in JST', async ({ page, host }) => {
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url);
  await expect(page.getByTestId('header-clock')).toContainText('Mon 30 Nov, 10:00 JST');
  await expect(page.getByText('Clock pinned')).toBeVisible();
});

test('an unknown address says so and links back to the queue', async ({ page, host }) => {
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url);
  await page.goto(`${host.origin}/#/nowhere`);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the queue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mail queue' })).toBeVisible();
});

test('a page opened without the launch token explains what to do', async ({ page, host }) => {
  await presetAppearance(page, 'en', 'light');
  await page.goto(`${host.origin}/#/queue`);
  await expect(page.getByRole('alert')).toContainText('launch token');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/no-token-en-light.png` });
});

test('keyboard users can skip to the content and reach every section from the menu', async ({
  page,
  host,
}) => {
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Mail queue' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('button', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();

  const settingsLink = page.getByRole('navigation').getByRole('link', { name: 'Settings' });
  await settingsLink.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(settingsLink).toHaveAttribute('aria-current', 'page');
});
