/**
 * Issue 6 end to end, with the demo data: counsellor pages show data but no full JET number; a
 * supervisor exports the session log with JET numbers masked; every CO page holds none of the demo
 * data's JET numbers (masked or not), names, e-mails, subjects or texts, in its HTML, attributes or
 * storage; switching up needs the passphrase; every switch and the export are audited.
 */
import { readFileSync } from 'node:fs';
import type { Page, Response } from '@playwright/test';
import {
  expect,
  expectNoSeriousA11yViolations,
  presetAppearance,
  SCREENSHOT_DIR,
  startHost,
  E2E_PASSPHRASE,
  test,
} from './host';
import { demoOf, privateStringsOf, type Demo } from './demo';
import { setSupervisorCredential, SUPERVISOR_CREDENTIAL } from './supervisor';

/** Everything a CO page must not hold, anywhere: and no JET number, not even masked. */
function forbiddenOf(demo: Demo): string[] {
  return [...privateStringsOf(demo), '•••'];
}

/** The page's HTML (with every attribute), and its storage. */
async function everythingOnThePage(page: Page): Promise<string> {
  const html = await page.content();
  const storage = await page.evaluate<string>(`(() => {
    const dump = (s) => Array.from({ length: s.length }, (_, i) => s.key(i) + '=' + s.getItem(s.key(i))).join('\\n');
    return [dump(localStorage), dump(sessionStorage), document.cookie, document.title].join('\\n');
  })()`);
  // The dump is real: the page's own settings are in it.
  expect(storage).toContain('cw.language=');
  return `${html}\n${storage}`;
}

/**
 * Every string in the page's JavaScript heap (a snapshot through the DevTools protocol, after a
 * garbage collection): what the CO view's code, state and caches hold, not only what it shows.
 */
async function heapStringsOf(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const chunks: string[] = [];
    cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    const snapshot = JSON.parse(chunks.join('')) as { strings: string[] };
    // The snapshot is real: the view's own words are in it.
    expect(snapshot.strings.length).toBeGreaterThan(1000);
    return snapshot.strings;
  } finally {
    await cdp.detach();
  }
}

function expectNoneInHeap(strings: readonly string[], forbidden: readonly string[], where: string) {
  const found = forbidden.filter((value) => strings.some((s) => s.includes(value)));
  expect(found.length, `found in the heap of ${where}: ${found.length} of them`).toBe(0);
}

function expectNoneOf(text: string, forbidden: readonly string[], where: string) {
  const found = forbidden.filter((value) => text.includes(value));
  expect(found, `found on ${where}`).toEqual([]);
}

async function switchTo(page: Page, name: string) {
  await page.getByTestId('profile-menu').click();
  await page.getByRole('menuitem', { name: new RegExp(name) }).click();
}

const PASSPHRASE = E2E_PASSPHRASE;

test('roles: counsellor and supervisor see masked JET numbers, the CO view sees nothing identifying', async ({
  page,
  pageErrors,
}) => {
  // The heap snapshot of the CO view adds a minute on a busy machine.
  test.setTimeout(360_000);
  const host = await startHost({ demo: true });
  try {
    const demo = await demoOf(host);
    const jetNumbers = demo.participants.flatMap((p) => (p.jetNumber ? [p.jetNumber] : []));
    const forbidden = forbiddenOf(demo);
    await presetAppearance(page, 'en', 'light');
    await page.goto(host.url);
    await expect(page.getByRole('option').first()).toBeVisible({ timeout: 60_000 });

    // Counsellor pages: the data is there, no full JET number is.
    for (const route of ['queue', 'sessions', 'availability', 'audit']) {
      await page.goto(`${host.origin}/#/${route}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await page.waitForLoadState('networkidle');
      const text = await everythingOnThePage(page);
      expectNoneOf(text, jetNumbers, `#/${route} (counsellor)`);
    }
    await page.goto(`${host.origin}/#/sessions`);
    await page.getByText('All', { exact: true }).click();
    const sessions = page.getByTestId('sessions-table');
    await expect(sessions.getByTestId('jet-number').first()).toHaveText(/^•{7}\d{2}$/);
    await expect(sessions).toContainText(/Session \d of 7/);
    const shownText = await sessions.innerText();
    expect(demo.participants.some((p) => shownText.includes(p.name))).toBe(true);
    // A counsellor has no export.
    await expect(page.getByRole('button', { name: 'Export CSV' })).toHaveCount(0);

    // A note on a session.
    await sessions
      .getByRole('button', { name: /^Notes/ })
      .first()
      .click();
    const notes = page.getByTestId('session-notes');
    await notes.getByLabel('New note').fill('Follow up about sleep routine.');
    await notes.getByRole('button', { name: 'Add note' }).click();
    await expect(notes).toContainText('Follow up about sleep routine.');
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Close' }).click();
    await expect(sessions.getByRole('button', { name: 'Notes (1)' })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/sessions-log-counsellor-en-light.png` });

    // Profiles: a supervisor and a CO view.
    await page.getByTestId('profile-menu').click();
    await page.getByRole('menuitem', { name: 'Manage profiles…' }).click();
    const profiles = page.getByRole('region', { name: 'Profiles' });
    await profiles.getByLabel('Name').fill('Sam Supervisor');
    await profiles.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Supervisor' }).click();
    await profiles.getByRole('button', { name: 'Add profile' }).click();
    // A supervisor's own credential, set as the profile is added (tests/e2e/roles.spec.ts).
    await setSupervisorCredential(page, 'Sam Supervisor');
    await expect(page.getByTestId('profiles-table')).toContainText('Sam Supervisor');
    await profiles.getByLabel('Name').fill('CO view');
    await profiles.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'CO view' }).click();
    await profiles.getByRole('button', { name: 'Add profile' }).click();
    await expect(page.getByTestId('profiles-table').getByRole('row')).toHaveCount(4);
    await profiles.getByLabel('Name').fill('co view');
    await profiles.getByRole('button', { name: 'Add profile' }).click();
    await expect(page.getByTestId('profiles-error')).toContainText(
      'There is already a profile with this name.',
    );
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/profiles-en-light.png`, fullPage: true });

    // Up to supervisor: the person's own credential, never the workstation passphrase.
    await switchTo(page, 'Sam Supervisor');
    let dialog = page.getByRole('dialog', { name: 'Switch to Sam Supervisor' });
    await expect(dialog.getByLabel('Confirm passphrase')).toHaveCount(0);
    await dialog.getByLabel('Supervisor credential').fill(PASSPHRASE);
    await dialog.getByRole('button', { name: 'Switch profile' }).click();
    await expect(dialog.getByTestId('switch-error')).toContainText(
      'That credential is not right.',
      {
        timeout: 60_000,
      },
    );
    await dialog.getByLabel('Supervisor credential').fill(SUPERVISOR_CREDENTIAL);
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/passphrase-switch-en-light.png` });
    await dialog.getByRole('button', { name: 'Switch profile' }).click();
    await expect(page.getByTestId('profile-menu')).toContainText('Sam Supervisor', {
      timeout: 60_000,
    });

    // The supervisor exports the session log: JET numbers masked, no name, e-mail or note.
    await page.goto(`${host.origin}/#/sessions`);
    await page.getByText('All', { exact: true }).click();
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const saved = page.getByText(/Saved \d+ sessions to /);
    await expect(saved).toBeVisible();
    const savedPath = /to (.+\.csv)$/.exec((await saved.textContent()) ?? '')?.[1] ?? '';
    expect(savedPath.startsWith(host.dataDir)).toBe(true);
    const csv = readFileSync(savedPath, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'date,start_jst,counsellor,participant_jet_number,outcome,duration_minutes,channel,quota_position,quota_limit',
    );
    expect(lines.length).toBeGreaterThan(50);
    expect(csv).toMatch(/•{7}\d{2}/);
    expectNoneOf(
      csv,
      forbidden.filter((f) => f !== '•••'),
      'the session log CSV',
    );
    expect(csv).not.toContain('Follow up about sleep routine.');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/sessions-log-supervisor-en-light.png` });

    // Down to the CO view: no passphrase needed. Only the CO view is in the menu. Every response
    // the page receives from here on is kept, to be scanned as well.
    const responses: Promise<string>[] = [];
    const keep = (response: Response) => {
      responses.push(response.text().catch(() => ''));
    };
    page.on('response', keep);
    await switchTo(page, 'CO view');
    await expect(page).toHaveURL(/#\/co$/);
    // Built and audited in a worker, and recorded first: seconds on a busy machine.
    await expect(page.getByTestId('co-view')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('navigation').getByRole('link')).toHaveText(['CO view']);
    const counts = page.getByTestId('co-session-counts');
    await expect(counts).toContainText('*');
    // Issue 13.1: counts only, by month and span; no per-session row, pseudonym or day.
    await expect(page.getByTestId('co-session-rows')).toHaveCount(0);
    const coText = await page.getByTestId('co-view').innerText();
    expect(coText).not.toMatch(/P-[0-9a-z]{11}/);
    expect(coText).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    for (const table of ['co-session-counts', 'co-message-counts']) {
      const heads = await page.getByTestId(table).locator('tbody th').allInnerTexts();
      expect(heads.length).toBeGreaterThan(0);
      // "Nov 2026" or "Oct 2026 – Nov 2026": a month or a span of months, never a day.
      for (const head of heads)
        expect(head).toMatch(/^[A-Z][a-z]{2,3} \d{4}( – [A-Z][a-z]{2,3} \d{4})?$/);
    }
    // The fiscal year to date (the clock is pinned to November 2026): months, then the spans.
    const sessionPeriods = await counts.locator('tbody th').allInnerTexts();
    expect(sessionPeriods.slice(0, 8)).toEqual([
      'Apr 2026',
      'May 2026',
      'Jun 2026',
      'Jul 2026',
      'Aug 2026',
      'Sept 2026',
      'Oct 2026',
      'Nov 2026',
    ]);
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/co-view-en-light.png`, fullPage: true });
    expectNoneOf(await everythingOnThePage(page), forbidden, '#/co');
    // The heap too (issue 13.3): no identifier the earlier roles' pages read is left in memory.
    const heap = await heapStringsOf(page);
    expect(heap.some((s) => s.includes('Video sessions by outcome'))).toBe(true);
    expectNoneInHeap(heap, privateStringsOf(demo), 'the CO view');
    for (const route of ['queue', 'sessions', 'audit', 'settings', 'availability']) {
      await page.goto(`${host.origin}/#/${route}`);
      await expect(page).toHaveURL(/#\/co$/);
      await expect(page.getByTestId('co-view')).toBeVisible();
      expectNoneOf(await everythingOnThePage(page), forbidden, `#/${route} as a CO view`);
    }
    page.off('response', keep);
    expectNoneOf(
      (await Promise.all(responses)).join('\n'),
      forbidden,
      'the network of the CO view',
    );

    // Back up to the counsellor: the passphrase, and a wrong one is refused.
    await switchTo(page, 'Counsellor');
    dialog = page.getByRole('dialog', { name: 'Switch to Counsellor' });
    await expect(dialog.getByLabel('Confirm passphrase')).toHaveCount(0);
    await dialog.getByLabel('Passphrase').fill('not the passphrase at all');
    await dialog.getByRole('button', { name: 'Switch profile' }).click();
    await expect(dialog.getByTestId('switch-error')).toContainText(
      'That is not the workstation passphrase.',
    );
    await expect(page.getByTestId('profile-menu')).toContainText('CO view');
    await expectNoSeriousA11yViolations(page);
    await dialog.getByLabel('Passphrase').fill(PASSPHRASE);
    await dialog.getByRole('button', { name: 'Switch profile' }).click();
    await expect(page.getByTestId('profile-menu')).toContainText('Counsellor');

    // The audit log has the switches, the profiles and the export; the chain holds.
    await page.goto(`${host.origin}/#/audit`);
    const audit = page.getByTestId('audit-table');
    await expect(audit.getByRole('row', { name: /Export/ })).toContainText(
      'Session log exported as CSV',
    );
    // Switches, and the refused attempts (a wrong credential, a wrong passphrase) beside them.
    const switched = (text: string) =>
      audit.getByRole('row').filter({ hasText: text }).filter({ hasNotText: 'refused' });
    await expect(switched('Switched from Counsellor to Supervisor')).toHaveCount(1);
    await expect(switched('Switched from Supervisor to CO view')).toHaveCount(1);
    await expect(switched('Switched from CO view to Counsellor')).toHaveCount(1);
    await expect(
      audit.getByRole('row', {
        name: /Switch from Counsellor to Supervisor refused \(wrong credential/,
      }),
    ).toHaveCount(1);
    await expect(
      audit.getByRole('row', {
        name: /Switch from CO view to Counsellor refused \(wrong credential/,
      }),
    ).toHaveCount(1);
    await expect(audit.getByRole('row', { name: /added as Supervisor/ })).toBeVisible();
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await expect(page.getByTestId('audit-verdict')).toContainText('The chain is intact');
    expectNoneOf(await everythingOnThePage(page), jetNumbers, '#/audit');
    expect(pageErrors).toEqual([]);
  } finally {
    await host.stop();
  }
});

test('the CO view in Japanese and dark', async ({ page }) => {
  const host = await startHost({ demo: true });
  try {
    await presetAppearance(page, 'ja', 'dark');
    await page.goto(`${host.url.replace('#/queue', '#/co')}`);
    await expect(page.getByTestId('co-session-counts')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('heading', { level: 1, name: 'CO表示' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/co-view-ja-dark.png`, fullPage: true });
  } finally {
    await host.stop();
  }
});
