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

// The host's clock is pinned to Mon 30 Nov 2026, 10:00 JST. The fixture gives Alex 5 counted
// sessions this fiscal year (4 completed, 1 no-show; a cancellation in time does not count) and
// one scheduled for today 15:00, whose cutoff (Fri 27 Nov 17:00) has passed: 6 of 7 used.
const FIXTURE = path.resolve('tests/fixtures/booking-e2e.json');

async function importFixture(page: Page) {
  await importDataset(page, FIXTURE);
  await page.getByRole('button', { name: 'Close' }).last().click();
}

async function bookFromDialog(page: Page) {
  const dialog = page.getByRole('dialog', { name: 'Book a video session' });
  await dialog.getByRole('combobox', { name: 'Participant' }).click();
  await page.getByRole('option', { name: /Alex Morgan/ }).click();
  return dialog;
}

test('availability → slots → book → cancel in time and late → quota → the 8th is refused', async ({
  page,
  host,
  pageErrors,
}) => {
  test.setTimeout(180_000); // one long flow through three screens
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url);
  await importFixture(page);

  // Set availability: Tuesdays and Thursdays 10:00 to 13:00 from 1 Dec.
  await page.getByRole('navigation').getByRole('link', { name: 'Availability' }).click();
  await page.getByRole('combobox', { name: 'Counsellor' }).click();
  await page.getByRole('option', { name: 'Dr Jamie Kim' }).click();
  const days = page.getByRole('group', { name: 'Days' });
  for (const day of ['Mon', 'Wed', 'Fri']) await days.getByText(day, { exact: true }).click(); // off
  for (const day of ['Tue', 'Thu']) await days.getByText(day, { exact: true }).click(); // on
  await page.getByLabel('From', { exact: true }).first().fill('10:00');
  await page.getByLabel('To', { exact: true }).first().fill('13:00');
  await page.getByLabel('Starting').fill('2026-12-01');
  await page.getByRole('button', { name: 'Add window' }).click();
  await expect(page.getByTestId('rules-table')).toContainText(
    'Tuesdays and Thursdays, 10:00–13:00',
  );
  await expect(page.getByTestId('rules-table')).not.toContainText('BYDAY');

  // Slots appear: 40 minutes plus a 20-minute buffer, so one an hour while the session fits.
  const week = page.getByTestId('week-view');
  const tuesday = week.locator('[data-date="2026-12-01"]');
  await expect(tuesday.locator('[data-slot]')).toHaveText(['10:00', '11:00', '12:00']);
  await expect(week.locator('[data-date="2026-11-30"] [data-slot]')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/availability-en-light.png`, fullPage: true });
  // The month view: free slots and bookings per day, holidays by name.
  await page.getByText('Month', { exact: true }).click();
  const month = page.getByTestId('month-view');
  await expect(month.locator('[data-date="2026-11-23"]')).toContainText('Labor Thanksgiving Day');
  await expect(month.locator('[data-date="2026-11-30"]')).toContainText('1 booked');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({
    path: `${SCREENSHOT_DIR}/availability-month-en-light.png`,
    fullPage: true,
  });
  await page.getByText('Week', { exact: true }).click();

  // An invalid pasted rule is refused with the reason.
  await page
    .getByLabel('Or paste a rule (RFC 5545)')
    .fill('DTSTART;TZID=Asia/Tokyo:20261201T100000\nRRULE:BYDAY=MO');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByTestId('rule-problem')).toContainText('FREQ');

  // Book Tue 1 Dec 10:00 from the calendar.
  await tuesday.locator('[data-slot]').first().click();
  let dialog = await bookFromDialog(page);
  await expect(dialog.getByTestId('quota-line')).toContainText('6 of 7 sessions used · 1 left');
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(page.getByText('Session booked')).toBeVisible();
  await expect(tuesday.locator('[data-slot]')).toHaveText(['11:00', '12:00']);

  // Sessions: cancel Tuesday's before its cutoff (not counted), today's after it (late, counted).
  await page.getByRole('navigation').getByRole('link', { name: 'Sessions' }).click();
  const table = page.getByTestId('sessions-table');
  await expect(table.getByRole('row')).toHaveCount(3); // header + today 15:00 + Tue 10:00
  // Move Tuesday's session to 11:00 (before its cutoff, so allowed).
  await table
    .getByRole('row', { name: /Tue 1 Dec, 10:00/ })
    .getByRole('button', { name: 'Change' })
    .click();
  const change = page.getByRole('dialog', { name: 'Change a video session' });
  // Change shows the slot the session has now.
  await expect(change.getByTestId('current-slot')).toHaveText(
    'Booked now: Tue 1 Dec, 10:00 JST with Dr Jamie Kim',
  );
  await change.getByText('11:00', { exact: true }).click();
  await change.getByRole('button', { name: 'Move the session' }).click();
  await expect(page.getByText('Session moved')).toBeVisible();
  await expect(table.getByRole('row', { name: /Tue 1 Dec, 11:00/ })).toContainText('Scheduled');
  await table
    .getByRole('row', { name: /Tue 1 Dec/ })
    .getByRole('button', { name: 'Cancel' })
    .click();
  // Asked first: before the cutoff the session is given back.
  let confirm = page.getByRole('dialog', { name: 'Cancel this session?' });
  await expect(confirm.getByTestId('cancellation-in-time')).toContainText(
    'Alex Morgan will have 1 of 7 sessions left',
  );
  await confirm.getByRole('button', { name: 'Cancel the session' }).click();
  await expect(page.getByText('Cancelled before the cutoff: not counted.')).toBeVisible();
  await table
    .getByRole('row', { name: /Mon 30 Nov, 15:00/ })
    .getByRole('button', { name: 'Cancel' })
    .click();
  // After the cutoff: said before it is confirmed that it counts, and how many remain.
  confirm = page.getByRole('dialog', { name: 'Cancel this session?' });
  await expect(confirm.getByTestId('late-cancellation')).toContainText(
    'this is a late cancellation: it counts as one of Alex Morgan’s 7 sessions. 1 of 7 will remain',
  );
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/late-cancellation-en-light.png` });
  await confirm.getByRole('button', { name: 'Cancel late (counts as a session)' }).click();
  await expect(page.getByText('Cancelled after the cutoff')).toBeVisible();
  await expect(table.getByRole('row', { name: /Mon 30 Nov, 15:00/ })).toContainText(
    'Late cancellation',
  );
  await expect(table.getByRole('row', { name: /Tue 1 Dec/ })).toContainText('Cancelled');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({
    path: `${SCREENSHOT_DIR}/sessions-booking-en-light.png`,
    fullPage: true,
  });

  // 6 used (5 + the late cancellation): one more fits, the 8th is refused with the renewal date.
  await page.getByRole('button', { name: 'Book a session' }).click();
  dialog = await bookFromDialog(page);
  await expect(dialog.getByTestId('quota-line')).toContainText('6 of 7 sessions used · 1 left');
  await dialog.getByRole('combobox', { name: 'Counsellor' }).click();
  await page.getByRole('option', { name: 'Dr Jamie Kim' }).click();
  await dialog.getByLabel('Date').fill('2026-12-03');
  await dialog.getByText('10:00', { exact: true }).click();
  await dialog.getByRole('button', { name: 'Book' }).click();
  // The first booking's notice may still be up (its timer pauses while the pointer is over it);
  // the quota line below is what proves this booking was stored.
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Session booked').last()).toBeVisible();

  await page.getByRole('button', { name: 'Book a session' }).click();
  dialog = await bookFromDialog(page);
  await expect(dialog.getByTestId('quota-line')).toContainText(
    'No sessions left this quota year; renews Thu, 1 Apr 2027',
  );
  await dialog.getByRole('combobox', { name: 'Counsellor' }).click();
  await page.getByRole('option', { name: 'Dr Jamie Kim' }).click();
  await dialog.getByLabel('Date').fill('2026-12-03');
  await dialog.getByText('11:00', { exact: true }).click();
  await dialog.getByRole('button', { name: 'Book' }).click();
  const refused = dialog.getByTestId('booking-refused');
  await expect(refused).toContainText(
    'Alex Morgan has used 7 of 7 sessions this quota year; the quota renews on Thu, 1 Apr 2027.',
  );
  await expect(refused).not.toContainText('p-0001');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/booking-refused-en-light.png` });
  expect(pageErrors).toEqual([]);
});
