/**
 * The sync server restored from a backup (docs/operations.md, "Backups and restore"): the demo
 * supervisor's workstation sends the demo; the operator backs the server up (stops it, copies its
 * folder, starts it again); the workstation tags a thread, which reaches the server. The server is
 * then restored from the backup: stopped, its folder put back, `cli server-restored` run on it, and
 * started again on the same port. The workstation, which held a later state than the server now
 * does, starts over from it by itself: the tag is gone, the header says the server was restored,
 * and Settings → Sync says what to check, in English and in Japanese, until the person says they
 * checked. Screenshots and axe in both languages.
 */
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../src/cli/cli';
import {
  expectNoSeriousA11yViolations,
  presetAppearance,
  SCREENSHOT_DIR,
  startHost,
  test,
  expect,
} from './host';
import { allSent, signInToSync, startRestartableDemo, syncTabOf } from './sync-server';

const running: { stop(): Promise<unknown> }[] = [];
test.afterAll(async () => {
  for (const thing of running.splice(0).reverse()) await thing.stop();
});

test('a workstation ahead of a restored server starts over from it and says what to check', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const demo = await startRestartableDemo('cw-e2e-restore-', running);
  const proxy = demo.proxy;
  const store = path.join(demo.dir, 'pglite');
  const backup = path.join(demo.dir, 'backup-pglite');
  const host = await startHost({ demo: true });
  running.push(host);
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  running.push({ stop: () => context.close() });
  const page = await context.newPage();
  await presetAppearance(page, 'en', 'light');
  const indicator = page.getByTestId('sync-indicator');

  await signInToSync(
    page,
    host.url,
    proxy.url,
    demo.accounts.find((a) => a.role === 'supervisor')!,
  );
  await allSent(page, 120_000);

  /** Stops the server (the workstation cut off meanwhile), runs `work`, starts it again. */
  const withServerStopped = async (work: () => Promise<void>) => {
    proxy.cut();
    await expect(indicator).not.toHaveAttribute('data-state', 'online');
    await demo.restart(work);
    proxy.restore();
    await expect(indicator).toHaveAttribute('data-state', 'online', { timeout: 60_000 });
  };

  // The backup: the server stopped, its folder copied.
  await withServerStopped(async () => cpSync(store, backup, { recursive: true }));

  // After the backup, the workstation tags a thread; the server applies it.
  await page.goto(host.url);
  await page.getByText('Unassigned', { exact: true }).click();
  const row = page.getByRole('option').first();
  const threadId = await row.getAttribute('data-thread-id');
  await row.click();
  const tags = page.getByTestId('thread-pane').getByLabel('Tags', { exact: true });
  await tags.fill('after-backup');
  await tags.press('Enter');
  await expect(page.locator(`[data-thread-id="${threadId}"]`)).toContainText('after-backup');
  await allSent(page);
  await expect(page.getByTestId('sync-server-restored-mark')).toHaveCount(0);

  // The restore: the folder put back, then the operator's step, as docs/operations.md says.
  await withServerStopped(async () => {
    rmSync(store, { recursive: true, force: true });
    cpSync(backup, store, { recursive: true });
    const out: string[] = [];
    const code = await runCli(
      ['server-restored', '--data-dir', demo.dir, '--json'],
      { out: (l) => out.push(l), err: (l) => out.push(l) },
      { version: 'e2e' },
    );
    expect(code, out.join('\n')).toBe(0);
    const printed = JSON.parse(out[0]!) as { organisations: { organisation: string }[] };
    expect(printed.organisations.map((o) => o.organisation)).toEqual(['demo']);
  });

  // The workstation finds it at its next pull, and holds what the server holds: no tag.
  await expect(page.getByTestId('sync-server-restored-mark')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator(`[data-thread-id="${threadId}"]`)).not.toContainText('after-backup');
  await page.goto(host.url);
  await expect(page.getByTestId('sync-server-restored-mark')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/server-restored-queue-en.png` });

  await page.goto(syncTabOf(host.url));
  const notice = page.getByTestId('sync-server-restored');
  await expect(notice).toContainText('The sync server was restored from a backup');
  await expect(notice).toContainText('check the claims, tags, notes and bookings');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/server-restored-en.png`, fullPage: true });

  // In Japanese, after a restart of the page: still there.
  await presetAppearance(page, 'ja', 'light');
  await page.goto(syncTabOf(host.url));
  await page.reload();
  await expect(notice).toContainText('同期サーバーがバックアップから復元されました');
  await expect(page.getByTestId('sync-server-restored-mark')).toContainText('サーバー復元');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/server-restored-ja.png`, fullPage: true });

  // Checked: the notice and the header's mark go, and stay gone after the next rounds.
  await notice.getByRole('button', { name: '確認しました' }).click();
  await expect(notice).toHaveCount(0);
  await expect(page.getByTestId('sync-server-restored-mark')).toHaveCount(0);
  await page.reload();
  await expect(indicator).toHaveAttribute('data-state', 'online');
  await expect(notice).toHaveCount(0);
});
