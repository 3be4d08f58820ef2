import {
  expectNoSeriousA11yViolations,
  presetAppearance,
  SCREENSHOT_DIR,
  test,
  expect,
} from './host';
import { becomeSupervisor } from './supervisor';

// The host's clock is pinned to Mon 30 Nov 2026, 10:00 JST (PINNED_NOW).

test('saved rules change the deadlines shown at once, and the year view shows holidays and closures', async ({
  page,
  host,
  pageErrors,
}) => {
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url);
  // The organisation's rules are a supervisor's (tests/e2e/roles.spec.ts).
  await becomeSupervisor(page);
  await page.goto(`${host.origin}/#/settings`);

  const deadline = page.getByTestId('deadline-check-deadline');
  // Received Mon 30 Nov 10:00 → receipt day Mon → deadline Thu 3 Dec 21:30 (DOMAIN.md 4).
  await expect(deadline).toHaveText('Thu 3 Dec, 21:30 JST');
  await expect(page.getByTestId('deadline-check-result')).toContainText('On track');

  // Received Saturday → receipt day Monday.
  const receivedOn = page.getByLabel('Date received (JST)');
  const receivedAt = page.getByLabel('Time received (JST, 24-hour)');
  await expect(receivedOn).toHaveAttribute('data-testid', 'deadline-check-date');
  await expect(receivedOn).toHaveAccessibleDescription('Mon, 30 Nov 2026');
  await receivedOn.fill('2026-11-28');
  await receivedAt.fill('12:00');
  await expect(receivedOn).toHaveAccessibleDescription('Sat, 28 Nov 2026');
  await expect(deadline).toHaveText('Thu 3 Dec, 21:30 JST');
  // Received Monday 22:00 → receipt day Tuesday → Friday.
  await receivedOn.fill('2026-11-30');
  await receivedAt.fill('22:00');
  await expect(deadline).toHaveText('Fri 4 Dec, 21:30 JST');
  await receivedAt.fill('10:00');

  // Four business days, and a closure on Thu 3 Dec: Tue, Wed, (Thu closed), Fri, Mon.
  await page.getByLabel('Answer deadline', { exact: true }).fill('4');
  await page.getByLabel('First closed day (JST)').fill('2026-12-03');
  await page.getByLabel('Last closed day (JST)').fill('2026-12-03');
  await page.getByLabel('Label', { exact: true }).fill('Office move');
  await page.getByRole('button', { name: 'Add closure' }).click();
  // Not saved yet: the deadline keeps the rules in force.
  await expect(deadline).toHaveText('Thu 3 Dec, 21:30 JST');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  await expect(deadline).toHaveText('Mon 7 Dec, 21:30 JST');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/settings-rules-en-light.png`, fullPage: true });

  await page.getByRole('tab', { name: 'Holidays and closures' }).click();
  await expect(page.getByTestId('year-view-year')).toHaveText('2026');
  const list = page.getByTestId('holiday-list');
  await expect(list.getByRole('row', { name: /Labor Thanksgiving Day/ })).toContainText(
    'National holiday',
  );
  await expect(list.getByRole('row', { name: /Office move/ })).toContainText('Closure');
  await expect(page.locator('td[data-date="2026-11-23"]')).toHaveAttribute('data-kind', 'holiday');
  await expect(page.locator('td[data-date="2026-12-03"]')).toHaveAttribute('data-kind', 'closure');
  await expect(page.locator('td[data-date="2026-11-28"]')).toHaveAttribute('data-kind', 'weekend');
  await expect(page.getByTestId('provisional-note')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({
    path: `${SCREENSHOT_DIR}/settings-calendar-2026-en-light.png`,
    fullPage: true,
  });

  // Past the official list (2027), holidays are computed and marked provisional.
  await page.getByRole('button', { name: 'Next year' }).click();
  await page.getByRole('button', { name: 'Next year' }).click();
  await expect(page.getByTestId('year-view-year')).toHaveText('2028');
  await expect(page.getByTestId('provisional-note')).toContainText(
    'The official list ends with 2027',
  );
  await expect(list.getByRole('row', { name: /Vernal Equinox Day/ })).toContainText('Provisional');
  await expect(page.locator('td[data-date="2028-03-20"]')).toHaveAttribute(
    'data-provisional',
    'true',
  );
  await page.screenshot({
    path: `${SCREENSHOT_DIR}/settings-calendar-2028-en-light.png`,
    fullPage: true,
  });
  expect(pageErrors).toEqual([]);
});

test('the deadline check in Japanese: dates as Japanese dates, times in 24 hours, no native date fields', async ({
  page,
  host,
  pageErrors,
}) => {
  await presetAppearance(page, 'ja', 'light');
  await page.goto(host.url.replace('#/queue', '#/settings'));
  const receivedOn = page.getByTestId('deadline-check-date');
  const receivedAt = page.getByTestId('deadline-check-time');
  await expect(receivedOn).toHaveValue('2026-11-30');
  await expect(receivedAt).toHaveValue('10:00');
  // The day typed is spelled out under the field in Japanese, never mm/dd/yyyy.
  await expect(receivedOn).toHaveAccessibleDescription('2026年11月30日(月)');
  await receivedOn.fill('2026-11-28');
  await receivedAt.fill('22:00');
  await expect(receivedOn).toHaveAccessibleDescription('2026年11月28日(土)');
  await expect(page.getByTestId('deadline-check-deadline')).toHaveText('12月3日(木) 21:30 JST');
  await expect(
    page.locator('input[type="date"], input[type="datetime-local"], input[type="time"]'),
  ).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('region', { name: '回答期限の確認' }).screenshot({
    path: `${SCREENSHOT_DIR}/settings-deadline-check-ja-light.png`,
  });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/settings-rules-ja-light.png`, fullPage: true });
  expect(pageErrors).toEqual([]);
});

test('the year view in Japanese and dark', async ({ page, host, pageErrors }) => {
  await presetAppearance(page, 'ja', 'dark');
  await page.goto(host.url.replace('#/queue', '#/settings'));
  await page.getByRole('tab', { name: '祝日と休業日' }).click();
  await expect(
    page.getByTestId('holiday-list').getByRole('row', { name: /勤労感謝の日/ }),
  ).toContainText('国民の祝日');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({
    path: `${SCREENSHOT_DIR}/settings-calendar-2026-ja-dark.png`,
    fullPage: true,
  });
  expect(pageErrors).toEqual([]);
});
