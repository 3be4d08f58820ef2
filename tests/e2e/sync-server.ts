/**
 * The sync server the end-to-end sync specs sign in to: a real process (`src/server/main.ts
 * --demo`, as `npm run server` runs it) in a temporary folder, with its demo accounts; and what
 * the specs do with it on a workstation's page (sign in, wait until everything is sent).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startFaultProxy, startServer, type RunningServer } from '../unit/server/processes';
import { expect } from './host';

export interface DemoAccount {
  login: string;
  role: 'counsellor' | 'supervisor';
  counsellorId: string | null;
  name: string;
  password: string;
}

export async function startDemoServer(
  prefix: string,
): Promise<{ server: RunningServer; accounts: DemoAccount[]; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const server = await startServer(['--demo', '--data-dir', dir]);
  const { accounts } = JSON.parse(readFileSync(path.join(dir, 'demo-accounts.json'), 'utf8')) as {
    accounts: DemoAccount[];
  };
  return { server, accounts, dir };
}

/**
 * The demo server behind a fault proxy (`proxy.url` is what workstations sign in to), which a
 * spec can stop and start again on the same port: `restart` runs `whileStopped` with the server
 * stopped (a purge in its folder, a backup, a restore). `url` is the server's own, the same across
 * restarts. Both are stopped with what `running` holds.
 */
export async function startRestartableDemo(
  prefix: string,
  running: { stop(): Promise<unknown> }[],
) {
  const demo = await startDemoServer(prefix);
  let server = demo.server;
  running.push({ stop: () => server.stop() });
  const proxy = await startFaultProxy(server.url);
  running.push({ stop: () => proxy.close() });
  const port = new URL(server.url).port;
  return {
    accounts: demo.accounts,
    dir: demo.dir,
    url: server.url,
    proxy,
    async restart(whileStopped: () => Promise<void>): Promise<void> {
      await server.stop();
      await whileStopped();
      server = await startServer(['--port', port, '--data-dir', demo.dir]);
    },
  };
}

/** Settings → Sync of the host at `hostUrl` (its queue address). */
export const syncTabOf = (hostUrl: string) => hostUrl.replace('#/queue', '#/settings/sync');

/** Signs the page's workstation in to the server at `serverUrl`, and waits until it is online. */
export async function signInToSync(
  page: Page,
  hostUrl: string,
  serverUrl: string,
  who: DemoAccount,
): Promise<void> {
  await page.goto(syncTabOf(hostUrl));
  const section = page.locator('section[aria-labelledby="sync-title"]');
  await section.getByLabel('Server address').fill(serverUrl);
  await section.getByLabel('Organisation').fill('demo');
  await section.getByLabel('Sign-in name').fill(who.login);
  await section.getByRole('textbox', { name: 'Password' }).fill(who.password);
  await section.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'online');
}

/** Nothing waits to be sent: the outbox is empty (the indicator shows no count). */
export async function allSent(page: Page, timeout = 60_000): Promise<void> {
  await expect(page.getByTestId('outbox')).toHaveCount(0, { timeout });
}

/**
 * Enrols the workstation of `joining` into the organisation's keys from the supervisor's page
 * (signed in): 13 words shown once there, typed here with the workstation passphrase; waits until
 * it has joined. `screenshot`: where to keep the words' screen, if anywhere.
 */
export async function enrolWorkstation(
  supervisor: Page,
  joining: Page,
  passphrase: string,
  screenshot?: string,
): Promise<void> {
  const panel = supervisor.getByTestId('enrolment-panel');
  const field = panel.getByLabel('Workstation passphrase').first();
  await field.fill(passphrase);
  await expect(field).toHaveValue(passphrase);
  await panel.getByRole('button', { name: 'Show the words' }).click();
  const list = panel.getByTestId('enrolment-words');
  await expect(list.getByRole('listitem')).toHaveCount(13);
  const words = (await list.getByRole('listitem').allTextContents()).map((w) => w.trim());
  if (screenshot) await supervisor.screenshot({ path: screenshot });
  const join = joining.getByTestId('enrolment-word-inputs');
  for (const [i, word] of words.entries())
    await join.getByLabel(`Word ${i + 1}`, { exact: true }).fill(word);
  await joining
    .getByTestId('enrolment-panel')
    .getByLabel('Workstation passphrase')
    .last()
    .fill(passphrase);
  await joining.getByRole('button', { name: 'Join the organisation' }).click();
  await expect(
    joining.getByText('This workstation now holds the organisation’s keys.'),
  ).toBeVisible({ timeout: 60_000 });
}
