/**
 * Two workstations and one sync server (issue 15), each workstation a browser host with its own
 * data folder and its own browser context, each reaching the server through its own fault proxy
 * (so the test can cut one off the network). The supervisor's workstation holds the demo and
 * signs in: the demo goes to the server as `records.import`, sealed. It enrols the counsellor's
 * workstation with 13 words; the counsellor's workstation signs in, joins, pulls, and opens the
 * same messages. Then both take the same thread while cut off: the first to reach the server wins,
 * and the other is told who holds it; a reply written offline arrives once. Last, the counsellor's
 * workstation is closed while cut off with a change waiting, and started again ten days later (its
 * clock pinned so): the change goes, and what the other did meanwhile comes in.
 */
import type { Browser, Page } from '@playwright/test';
import { startFaultProxy, type FaultProxy, type RunningServer } from '../unit/server/processes';
import {
  E2E_PASSPHRASE,
  expectNoSeriousA11yViolations,
  PINNED_NOW,
  presetAppearance,
  SCREENSHOT_DIR,
  startHost,
  test,
  expect,
  type Host,
} from './host';
import {
  allSent as allSentOn,
  enrolWorkstation,
  signInToSync,
  startDemoServer,
  syncTabOf,
  type DemoAccount,
} from './sync-server';

let server: RunningServer | null = null;
let accounts: DemoAccount[] = [];
const running: { stop(): Promise<unknown> }[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  ({ server, accounts } = await startDemoServer('cw-e2e-team-'));
});

test.afterAll(async () => {
  for (const thing of running.splice(0).reverse()) await thing.stop();
  await server?.stop();
});

const account = (login: string) => {
  const found = accounts.find((a) => a.login === login);
  if (!found) throw new Error(`no demo account ${login}`);
  return found;
};

interface Workstation {
  host: Host;
  page: Page;
  proxy: FaultProxy;
}

async function openWorkstation(browser: Browser, demo: boolean): Promise<Workstation> {
  const proxy = await startFaultProxy(server!.url);
  running.push({ stop: () => proxy.close() });
  const host = await startHost({ demo });
  running.push(host);
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  running.push({ stop: () => context.close() });
  const page = await context.newPage();
  await presetAppearance(page, 'en', 'light');
  return { host, page, proxy };
}

const syncTab = (ws: Workstation) => syncTabOf(ws.host.url);

const signIn = (ws: Workstation, who: DemoAccount) =>
  signInToSync(ws.page, ws.host.url, ws.proxy.url, who);

const allSent = (ws: Workstation, timeout?: number) => allSentOn(ws.page, timeout);

/** Opens the queue and picks who "Working as" is on this workstation (the queue's "mine"). */
async function workAs(ws: Workstation, name: string): Promise<void> {
  await ws.page.goto(ws.host.url);
  await ws.page.getByRole('combobox', { name: 'Working as' }).click();
  await ws.page.getByRole('option', { name }).click();
}

test('an import reaches the team, a thread taken offline on both goes to the first, a reply sent offline arrives once', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const supervisor = account('supervisor');
  const counsellors = accounts.filter((a) => a.role === 'counsellor');
  const first = counsellors[0]!;
  const second = counsellors[1]!;

  // The supervisor's workstation: the demo, signed in; the demo goes to the server.
  const s = await openWorkstation(browser, true);
  await s.page.goto(s.host.url);
  await expect(s.page.locator('.cw-queue-row').first()).toBeVisible({ timeout: 90_000 });
  await signIn(s, supervisor);
  await allSent(s, 120_000);

  // The counsellor's workstation: empty, signed in as the first counsellor, joins with the 13
  // words the supervisor's shows once.
  const c = await openWorkstation(browser, false);
  await c.page.goto(c.host.url);
  await signIn(c, first);
  // The supervisor's page is still on Settings → Sync (the sign-in left it there).
  await enrolWorkstation(
    s.page,
    c.page,
    E2E_PASSPHRASE,
    `${SCREENSHOT_DIR}/sync-team-enrol-words-en.png`,
  );
  // The page unlocked again with the organisation's keys, and is signed in as before; the join
  // form gave way to a note that it has joined.
  await expect(c.page.getByTestId('enrolment-panel')).toBeVisible();
  await expect(c.page.getByTestId('enrolment-joined')).toBeVisible();
  await expect(c.page.getByTestId('enrolment-word-inputs')).toHaveCount(0);
  await expect(c.page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'online');
  await expectNoSeriousA11yViolations(c.page);
  await c.page.screenshot({ path: `${SCREENSHOT_DIR}/sync-team-joined-en.png`, fullPage: true });

  // The counsellor's queue fills from the server, and the messages open.
  await c.page.goto(c.host.url);
  await expect(c.page.locator('.cw-queue-row').first()).toBeVisible({ timeout: 60_000 });
  await workAs(c, first.name);
  await c.page.screenshot({ path: `${SCREENSHOT_DIR}/sync-team-queue-en.png`, fullPage: true });

  // The supervisor's workstation now signs in as the second counsellor (takes are a counsellor's).
  await s.page.goto(syncTab(s));
  await s.page.getByRole('button', { name: 'Sign out' }).click();
  // Signed out (the round under way ends first) before the page is left.
  await expect(s.page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'signed-out');
  await signIn(s, second);
  await workAs(s, second.name);

  // Both cut off the network; both take the same thread.
  const subject = 'Long-distance relationship';
  for (const ws of [s, c]) ws.proxy.cut();
  for (const [ws, who] of [
    [s, second],
    [c, first],
  ] as const) {
    await expect(ws.page.getByTestId('sync-indicator')).not.toHaveAttribute('data-state', 'online');
    await ws.page.getByRole('option').filter({ hasText: subject }).click();
    const pane = ws.page.getByTestId('thread-pane');
    await pane.getByRole('button', { name: 'Take' }).click();
    await expect(pane.getByTestId('thread-assignee')).toHaveValue(who.name);
    await expect(ws.page.getByTestId('outbox')).toBeVisible();
  }
  // The counsellor's workstation reaches the server first: its take stands.
  c.proxy.restore();
  await allSent(c);
  s.proxy.restore();
  await allSent(s);
  // The other is told who holds it (and, a counsellor, no longer sees the thread held by another).
  await s.page.goto(syncTab(s));
  const refused = s.page.getByText(`${first.name} holds this thread`);
  await expect(refused).toBeVisible();
  await expectNoSeriousA11yViolations(s.page);
  await s.page.screenshot({ path: `${SCREENSHOT_DIR}/sync-team-refused-en.png`, fullPage: true });

  // A reply written while cut off arrives once.
  const reply = 'Thank you for writing. We can talk about this at your pace.';
  c.proxy.cut();
  await expect(c.page.getByTestId('sync-indicator')).not.toHaveAttribute('data-state', 'online');
  const pane = c.page.getByTestId('thread-pane');
  await pane.getByTestId('reply-editor').fill(reply);
  await pane.getByRole('button', { name: 'Send reply' }).click();
  await expect(pane.getByTestId('undo-send')).toHaveCount(0, { timeout: 30_000 });
  await expect(c.page.getByTestId('outbox')).toBeVisible();
  c.proxy.restore();
  await allSent(c);
  // What the server holds, pulled back after a reload: the reply, once.
  await c.page.reload();
  await expect(c.page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'online');
  await c.page.getByText('Mine', { exact: true }).click();
  const search = c.page.getByRole('textbox', { name: 'Search subject and text' });
  await search.fill(reply);
  await search.press('Enter');
  const row = c.page.getByRole('option').filter({ hasText: subject });
  await expect(row).toHaveCount(1);
  await row.click();
  await expect(c.page.getByTestId('thread-pane').getByText(reply)).toHaveCount(1);
  await c.page.screenshot({ path: `${SCREENSHOT_DIR}/sync-team-reply-en.png`, fullPage: true });

  // Ten days away. Two unassigned threads both can read, picked by a subject listed once.
  await s.page.goto(s.host.url);
  await s.page.getByText('Unassigned', { exact: true }).click();
  await expect(s.page.locator('.cw-queue-subject').first()).toBeVisible();
  const listed = await s.page.locator('.cw-queue-subject').allTextContents();
  const once = listed.filter((t) => t !== subject && listed.indexOf(t) === listed.lastIndexOf(t));
  expect(once.length).toBeGreaterThanOrEqual(2);
  const [theirs, ours] = once as [string, string];
  const tag = async (ws: Workstation, threadSubject: string, name: string) => {
    await ws.page.getByRole('option').filter({ hasText: threadSubject }).click();
    const tags = ws.page.getByTestId('thread-pane').getByLabel('Tags', { exact: true });
    await tags.fill(name);
    await tags.press('Enter');
    await expect(ws.page.getByTestId('thread-pane').getByText(name, { exact: true })).toBeVisible();
  };
  // The counsellor's workstation, cut off, tags one; then it is closed.
  c.proxy.cut();
  await c.page.goto(c.host.url);
  await expect(c.page.getByTestId('sync-indicator')).not.toHaveAttribute('data-state', 'online');
  await c.page.getByText('Unassigned', { exact: true }).click();
  await tag(c, ours, 'from-away');
  await expect(c.page.getByTestId('outbox')).toBeVisible();
  await c.page.goto('about:blank');
  await c.host.stop();
  // Meanwhile the other tags another.
  await tag(s, theirs, 'from-office');
  await allSent(s);
  // Ten days later (its clock pinned so), it starts again on its folder, still cut off: the
  // change waits; back on the network, it goes, and what the other did comes in.
  const tenDaysLater = new Date(Date.parse(PINNED_NOW) + 10 * 86_400_000).toISOString();
  c.host = await startHost({ dataDir: c.host.dataDir, now: tenDaysLater });
  running.push(c.host);
  await c.page.goto(c.host.url);
  await expect(c.page.getByText('Thu 10 Dec', { exact: false }).first()).toBeVisible();
  await expect(c.page.getByTestId('outbox')).toBeVisible();
  await expect(c.page.getByTestId('sync-indicator')).not.toHaveAttribute('data-state', 'online');
  c.proxy.restore();
  await allSent(c);
  await expect(c.page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'online');
  await c.page.getByText('Unassigned', { exact: true }).click();
  await c.page.getByRole('option').filter({ hasText: theirs }).click();
  await expect(
    c.page.getByTestId('thread-pane').getByText('from-office', { exact: true }),
  ).toBeVisible();
  await c.page.screenshot({ path: `${SCREENSHOT_DIR}/sync-team-ten-days-en.png`, fullPage: true });
  // And the other workstation sees the tag written away, once its loop has pulled.
  await s.page.getByRole('option').filter({ hasText: ours }).click();
  await expect(
    s.page.getByTestId('thread-pane').getByText('from-away', { exact: true }),
  ).toBeVisible({
    timeout: 30_000,
  });
});
