/**
 * A workstation further behind than the server's tombstone horizon (issue 15): the demo
 * supervisor's workstation syncs the demo, then is cut off the network and tags a thread. Meanwhile
 * another account tags another thread and a supervisor puts and removes an availability rule (a
 * tombstone); the server then purges its tombstones, as its hourly housekeeping does once they are
 * 30 days old (here at once: the test stops the server, purges in its folder and starts it again on
 * the same port). The workstation's cursor is now below the horizon, so its next pull is a reset:
 * a snapshot of what the server holds. Back on the network, its own tag goes first and stays, the
 * other's arrives, the rule is gone, and the search still finds the threads it held.
 */
import path from 'node:path';
import { openPglite } from '../../src/server/db/database';
import { purgeTombstones } from '../../src/server/sync/store';
import type { Mutation } from '../../src/sync/mutations';
import type { ThreadWire } from '../../src/sync/records';
import {
  pullAll,
  push,
  registerClient,
  signIn as signInToServer,
  type Client,
} from '../unit/server/processes';
import { presetAppearance, SCREENSHOT_DIR, startHost, test, expect } from './host';
import { allSent, signInToSync, startRestartableDemo } from './sync-server';

const running: { stop(): Promise<unknown> }[] = [];
test.afterAll(async () => {
  for (const thing of running.splice(0).reverse()) await thing.stop();
});

const numbered = (client: { next: number }, list: { name: string; args: unknown }[]): Mutation[] =>
  list.map((m) => ({ id: client.next++, name: m.name, v: 1, args: m.args, at: Date.now() }));

test('a workstation behind the tombstone horizon starts over from the server, keeping what it had not sent', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const demo = await startRestartableDemo('cw-e2e-reset-', running);
  const server = { url: demo.url };
  const proxy = demo.proxy;
  const account = (role: string, n = 0) => demo.accounts.filter((a) => a.role === role)[n]!;
  const host = await startHost({ demo: true });
  running.push(host);
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  running.push({ stop: () => context.close() });
  const page = await context.newPage();
  await presetAppearance(page, 'en', 'light');

  // The supervisor's workstation sends the demo to the server.
  await signInToSync(page, host.url, proxy.url, account('supervisor'));
  await allSent(page, 120_000);

  // Two clients of the server's own: a counsellor and a supervisor elsewhere.
  const client = async (who: { login: string; password: string }) => {
    const tokens = await signInToServer(server.url, who.login, who.password);
    return {
      tokens,
      clientId: await registerClient(server.url, tokens.accessToken),
      next: 1,
    } as Client & { next: number };
  };
  const counsellor = account('counsellor', 1);
  const other = await client(counsellor);
  const elsewhere = await client(account('supervisor'));
  const threads = (await pullAll(server.url, other))
    .flatMap((p) => p.changes)
    .filter((c) => c.table === 'threads' && c.record !== null)
    .map((c) => c.record as unknown as ThreadWire)
    .filter((t) => t.assigneeId === null && t.state === 'open');
  expect(threads.length).toBeGreaterThan(2);

  // Cut off, the workstation tags the first unassigned thread of its queue.
  proxy.cut();
  await expect(page.getByTestId('sync-indicator')).not.toHaveAttribute('data-state', 'online');
  await page.goto(host.url);
  await page.getByText('Unassigned', { exact: true }).click();
  const theirs = threads.at(-1)!;
  const mine = page.locator(`[role="option"]:not([data-thread-id="${theirs.id}"])`).first();
  const mineId = await mine.getAttribute('data-thread-id');
  const mineSubject = (await mine.locator('.cw-queue-subject').textContent()) ?? '';
  expect(mineId).not.toBeNull();
  expect(mineSubject.length).toBeGreaterThan(3);
  await mine.click();
  const tags = page.getByTestId('thread-pane').getByLabel('Tags', { exact: true });
  await tags.fill('kept-here');
  await tags.press('Enter');
  await expect(page.getByTestId('outbox')).toBeVisible();

  // Meanwhile: a counsellor tags a thread the workstation did not touch, and a supervisor puts
  // and removes an availability rule (a tombstone).
  const tagged = await push(
    server.url,
    other,
    numbered(other, [
      { name: 'thread.setTags', args: { threadId: theirs.id, tags: ['after-horizon'] } },
    ]),
  );
  expect(tagged.refusals).toEqual([]);
  const rule = {
    id: 'r-gone',
    createdAt: Date.now(),
    counsellorId: counsellor.counsellorId!,
    rule: 'DTSTART;TZID=Asia/Tokyo:20261207T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO',
    durationMinutes: 60,
    validFrom: null,
    validUntil: null,
    sourceHash: null,
  };
  const ruled = await push(
    server.url,
    elsewhere,
    numbered(elsewhere, [
      { name: 'availability.putRule', args: { rule } },
      { name: 'availability.removeRule', args: { ruleId: 'r-gone' } },
    ]),
  );
  expect(ruled.refusals).toEqual([]);

  // The server purges its tombstones (stopped, in its folder), and starts again on its port.
  await demo.restart(async () => {
    const db = await openPglite(path.join(demo.dir, 'pglite'));
    try {
      const orgs = await db.query<{ id: string }>(
        `SELECT id FROM organisations WHERE slug = 'demo'`,
      );
      const purged = await db.transaction((tx) =>
        purgeTombstones(tx, orgs.rows[0]!.id, Date.now() + 1),
      );
      expect(purged).toBeGreaterThanOrEqual(1);
    } finally {
      await db.close();
    }
  });

  // Back on the network: its tag goes, then it starts over from the server's snapshot.
  proxy.restore();
  await allSent(page);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'online');
  await page.goto(host.url);
  await page.getByText('Unassigned', { exact: true }).click();
  await expect(page.locator(`[data-thread-id="${mineId}"]`)).toContainText('kept-here');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/sync-reset-en.png`, fullPage: true });
  // The other's tag arrives on the thread it tagged (the tag filter lists it, and shows that one).
  await page.getByRole('combobox', { name: 'Tag' }).click();
  await page.getByRole('option', { name: 'after-horizon', exact: true }).click({ timeout: 60_000 });
  await expect(page.locator('.cw-queue-row')).toHaveCount(1);
  await expect(page.locator(`[data-thread-id="${theirs.id}"]`)).toContainText('after-horizon');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByText('Unassigned', { exact: true }).click();
  // The search was built again from what the snapshot holds: it finds the thread it tagged.
  const search = page.getByRole('textbox', { name: 'Search subject and text' });
  await search.fill(mineSubject);
  await search.press('Enter');
  await expect(page.getByRole('option').filter({ hasText: 'kept-here' })).toHaveCount(1);

  // The server holds its tag, and no rule.
  const now = (await pullAll(server.url, other)).flatMap((p) => p.changes);
  const keptHere = now.filter(
    (c) =>
      c.table === 'threads' &&
      ((c.record as unknown as ThreadWire | null)?.tags ?? []).includes('kept-here'),
  );
  expect(keptHere.map((c) => c.id)).toEqual([mineId]);
  expect(now.filter((c) => c.table === 'availabilityRules' && c.id === 'r-gone')).toEqual([]);
});
