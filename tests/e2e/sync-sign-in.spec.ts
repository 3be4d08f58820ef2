/**
 * Signing in to the sync server from the workstation (issue 15): a real sync server process
 * (`src/server/main.ts --demo`, as `npm run server` runs it) with its demo accounts, the browser
 * host's transport, and the page's Settings → Sync and header indicator. Each field's error says
 * which field and why; wrong credentials, then too many of them, are said over the form; once
 * signed in the page shows who, where and online; signing out says what it means and the form
 * comes back with the server and organisation filled in. English and Japanese, screenshots, axe.
 */
import type { Page } from '@playwright/test';
import type { RunningServer } from '../unit/server/processes';
import {
  expectNoSeriousA11yViolations,
  presetAppearance,
  SCREENSHOT_DIR,
  test,
  expect,
} from './host';
import { startDemoServer, type DemoAccount } from './sync-server';

let server: RunningServer | null = null;
let accounts: DemoAccount[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  ({ server, accounts } = await startDemoServer('cw-e2e-sync-'));
});

test.afterAll(async () => {
  await server?.stop();
});

/**
 * The refusals a test provokes answer 400 (the address) or 422 (the server's refusal), which
 * Chromium logs as failed loads: the page's errors must be exactly those, and nothing else.
 */
function expectOnlyRefusals(pageErrors: string[], statuses: number[]): void {
  const failedLoad = /^Failed to load resource: the server responded with a status of (\d{3}) /;
  expect(pageErrors.map((e) => failedLoad.exec(e)?.[1] ?? e).sort()).toEqual(
    statuses.map(String).sort(),
  );
  pageErrors.length = 0;
}

const counsellor = (n: number): DemoAccount =>
  accounts.filter((a) => a.role === 'counsellor')[n] ?? accounts[0]!;

/** Fills the sign-in form (labels in the page's language) and submits it. */
async function signIn(
  page: Page,
  labels: { server: string; organisation: string; login: string; password: string; submit: string },
  values: { server: string; organisation: string; login: string; password: string },
): Promise<void> {
  const section = page.locator('section[aria-labelledby="sync-title"]');
  await section.getByLabel(labels.server).fill(values.server);
  await section.getByLabel(labels.organisation).fill(values.organisation);
  await section.getByLabel(labels.login).fill(values.login);
  await section.getByRole('textbox', { name: labels.password }).fill(values.password);
  await section.getByRole('button', { name: labels.submit }).click();
}

const EN = {
  server: 'Server address',
  organisation: 'Organisation',
  login: 'Sign-in name',
  password: 'Password',
  submit: 'Sign in',
};
const JA = {
  server: 'サーバーのアドレス',
  organisation: '組織',
  login: 'サインイン名',
  password: 'パスワード',
  submit: 'サインイン',
};

test('a counsellor signs in to the sync server with their own account, and signs out', async ({
  page,
  host,
  pageErrors,
}) => {
  const me = counsellor(0);
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url);
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator.getByTestId('sync-state')).toHaveText('Not signed in');

  // The indicator leads to Settings → Sync.
  await indicator.click();
  await expect(page).toHaveURL(/#\/settings\/sync$/);
  const section = page.getByRole('region', { name: 'Sync' });
  await expect(section.getByRole('button', { name: 'Sign in' })).toBeVisible();

  // Nothing typed: each field says what it needs.
  await section.getByRole('button', { name: 'Sign in' }).click();
  await expect(section.getByTestId('sync-sign-in-error')).toHaveText(
    'Check the fields marked in red.',
  );
  await expect(section.getByText('Type the server address.')).toBeVisible();
  await expect(section.getByText('Type the organisation’s short name.')).toBeVisible();
  await expect(section.getByText('Type your sign-in name.')).toBeVisible();
  await expect(section.getByText('Type your password.')).toBeVisible();
  await expect(section.getByLabel('Server address')).toHaveAttribute('aria-invalid', 'true');

  // A sign-in name in capitals: the field says which characters it takes.
  await signIn(page, EN, {
    server: server!.url,
    organisation: 'demo',
    login: 'A.Tanaka',
    password: 'whatever',
  });
  await expect(section.getByText('A sign-in name has 2 to 64 lower-case letters')).toBeVisible();

  // Plain http to another computer: the main process refuses the address, on its field.
  await signIn(page, EN, {
    server: 'http://sync.example.org',
    organisation: 'demo',
    login: me.login,
    password: me.password,
  });
  await expect(
    section.getByText('The server address must start with https:// (http:// only'),
  ).toBeVisible();
  await expect(section.getByLabel('Server address')).toHaveAttribute('aria-invalid', 'true');

  // A wrong password: said over the form, without saying which of the three was wrong.
  await signIn(page, EN, {
    server: server!.url,
    organisation: 'demo',
    login: me.login,
    password: `${me.password}-wrong`,
  });
  const formError = section.getByTestId('sync-sign-in-error');
  await expect(formError).toHaveText(
    'The organisation, sign-in name or password is wrong, or the account is disabled. Check them and try again.',
  );
  await expect(section.getByRole('textbox', { name: 'Password' })).toHaveValue('');
  await expect(indicator.getByTestId('sync-state')).toHaveText('Not signed in');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/settings-sync-refused-en-light.png` });
  await page.screenshot({ path: '/tmp/sync-refused-en.png' });

  // The right password: who, where, and online, in the section and in the header.
  await section.getByRole('textbox', { name: 'Password' }).fill(me.password);
  await section.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Signed in to the sync server.')).toBeVisible();
  await expect(section.getByTestId('sync-account-who')).toHaveText(`${me.login} (Counsellor)`);
  await expect(section.getByTestId('sync-account-organisation')).toHaveText('demo');
  await expect(section.getByTestId('sync-account-server')).toHaveText(server!.url);
  await expect(section.getByTestId('sync-account-state')).toContainText('Online');
  await expect(indicator.getByTestId('sync-state')).toHaveText('Online');
  await expect(indicator).toHaveAttribute('data-state', 'online');
  await expect(section.getByText('Changes not yet sent stay here')).toBeVisible();
  await expect(section.getByTestId('sync-clock')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/settings-sync-signed-in-en-light.png` });
  await page.screenshot({ path: '/tmp/sync-signed-in-en.png' });
  await page.locator('header').screenshot({ path: '/tmp/sync-header-online-en.png' });

  // Still signed in after a reload (the host keeps the connection sealed in its data folder).
  await page.reload();
  await expect(indicator.getByTestId('sync-state')).toHaveText('Online');
  await expect(section.getByTestId('sync-account-who')).toHaveText(`${me.login} (Counsellor)`);

  // Signing out: the form comes back with the server and the organisation filled in.
  await section.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('Signed out of the sync server.')).toBeVisible();
  await expect(indicator.getByTestId('sync-state')).toHaveText('Not signed in');
  await expect(section.getByLabel('Server address')).toHaveValue(server!.url);
  await expect(section.getByLabel('Organisation')).toHaveValue('demo');
  await expect(section.getByLabel('Sign-in name')).toHaveValue('');
  expectOnlyRefusals(pageErrors, [400, 422]);
});

test('too many wrong passwords: the form says when to try again', async ({
  page,
  host,
  pageErrors,
}) => {
  const me = counsellor(1);
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url.replace('#/queue', '#/settings/sync'));
  const section = page.getByRole('region', { name: 'Sync' });
  const wrong = { server: server!.url, organisation: 'demo', login: me.login, password: 'nope' };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await signIn(page, EN, wrong);
    await expect(section.getByTestId('sync-sign-in-error')).toContainText('is wrong');
    await expect(section.getByRole('textbox', { name: 'Password' })).toHaveValue('');
  }
  // Even the right password is refused now, with the time to wait.
  await signIn(page, EN, { ...wrong, password: me.password });
  await expect(section.getByTestId('sync-sign-in-error')).toHaveText(
    /^Too many failed sign-ins for this account\. Try again in 1[45] minutes, with the right password\.$/,
  );
  await expect(page.getByTestId('sync-state')).toHaveText('Not signed in');
  expectOnlyRefusals(pageErrors, [422, 422, 422, 422, 422, 422]);
});

test('signing in, in Japanese', async ({ page, host, pageErrors }) => {
  const me = counsellor(2);
  await presetAppearance(page, 'ja', 'light');
  await page.goto(host.url.replace('#/queue', '#/settings/sync'));
  const section = page.getByRole('region', { name: '同期' });
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator.getByTestId('sync-state')).toHaveText('未サインイン');

  await signIn(page, JA, {
    server: server!.url,
    organisation: 'demo',
    login: me.login,
    password: 'まちがい',
  });
  await expect(section.getByTestId('sync-sign-in-error')).toContainText(
    '組織、サインイン名、パスワードのいずれかが違う',
  );
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/settings-sync-refused-ja-light.png` });
  await page.screenshot({ path: '/tmp/sync-refused-ja.png' });

  await section.getByRole('textbox', { name: JA.password }).fill(me.password);
  await section.getByRole('button', { name: JA.submit }).click();
  await expect(section.getByTestId('sync-account-who')).toHaveText(`${me.login}（カウンセラー）`);
  await expect(indicator.getByTestId('sync-state')).toHaveText('オンライン');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/settings-sync-signed-in-ja-light.png` });
  await page.screenshot({ path: '/tmp/sync-signed-in-ja.png' });
  await page.locator('header').screenshot({ path: '/tmp/sync-header-online-ja.png' });

  await section.getByRole('button', { name: 'サインアウト' }).click();
  await expect(indicator.getByTestId('sync-state')).toHaveText('未サインイン');
  expectOnlyRefusals(pageErrors, [422]);
});

/** A status as the host would answer it, for the states a live server does not readily give. */
async function answerStatus(page: Page, status: () => Record<string, unknown>): Promise<void> {
  await page.route('**/bridge/sync.status', (route) =>
    route.fulfill({ json: { ok: true, value: status() } }),
  );
  // The page's sync loop believes the status: it is answered as by a server with nothing new
  // (an empty pull; no change for a while), so it neither fails nor spins.
  await page.route('**/bridge/sync.pull', (route) =>
    route.fulfill({
      json: {
        ok: true,
        value: {
          reset: false,
          restored: false,
          log: 'log-1',
          changes: [],
          cursor: 0,
          more: false,
          snapshot: false,
          lastMutationId: 0,
          refusals: [],
          serverTime: Date.now(),
        },
      },
    }),
  );
  // Nothing from the portal waits, and no answer is due to it.
  await page.route('**/bridge/sync.intakePending', (route) =>
    route.fulfill({
      json: { ok: true, value: { deliveries: [], more: false, serverTime: Date.now() } },
    }),
  );
  await page.route('**/bridge/sync.portalAnswersDue', (route) =>
    route.fulfill({
      json: { ok: true, value: { portalKey: null, replies: [], serverTime: Date.now() } },
    }),
  );
  await page.route('**/bridge/sync.waitForChange', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await route.fulfill({ json: { ok: true, value: { changed: false } } }).catch(() => undefined);
  });
}

const signedInAs = (connection: string, over: Record<string, unknown> = {}) => ({
  connection,
  serverUrl: 'https://sync.example.org',
  organisation: 'demo',
  account: { login: 'c-01', role: 'counsellor', organisation: 'demo', counsellorId: 'c-01' },
  clientId: 'client',
  events: 'connecting',
  nextAttemptAt: null,
  lastSyncAt: Date.now() - 120_000,
  clock: { offsetMs: 0, off: false },
  problem: null,
  ...over,
});

test('the header and the section follow the state: offline with the next try, the clock off, online again, the session ended', async ({
  page,
  host,
  pageErrors,
}) => {
  let status: Record<string, unknown> = signedInAs('backing-off', {
    nextAttemptAt: Date.now() + 45_000,
    clock: { offsetMs: -200_000, off: true },
  });
  await answerStatus(page, () => status);
  await presetAppearance(page, 'en', 'light');
  await page.goto(host.url.replace('#/queue', '#/settings/sync'));
  const indicator = page.getByTestId('sync-indicator');
  const section = page.getByRole('region', { name: 'Sync' });
  await expect(indicator.getByTestId('sync-state')).toHaveText('Offline');
  await expect(indicator.getByTestId('sync-state')).toHaveAttribute('aria-live', 'polite');
  await expect(indicator.getByTestId('sync-when')).toHaveText(/^next try in \d+ sec$/);
  await expect(indicator.getByTestId('sync-clock-off')).toHaveText('Clock off');
  await expect(section.getByTestId('sync-account-state')).toHaveText(
    /^Offline · next try in \d+ seconds$/,
  );
  await expect(section.getByTestId('sync-clock')).toContainText(
    'This computer’s clock is 3 minutes ahead of the sync server’s.',
  );
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: '/tmp/sync-offline-clock-en.png' });
  await page.locator('header').screenshot({ path: '/tmp/sync-header-offline-en.png' });

  // Back online: the next poll says so, with the last sync; no reload.
  status = signedInAs('online', { events: 'connected' });
  await expect(indicator.getByTestId('sync-state')).toHaveText('Online');
  await expect(indicator.getByTestId('sync-when')).toHaveText('synced 2 min ago');
  // The time shows in the header on a wide screen (at 1280 px it is in the hint only).
  await expect(indicator.getByTestId('sync-when')).toBeHidden();
  await page.setViewportSize({ width: 1440, height: 820 });
  await expect(indicator.getByTestId('sync-when')).toBeVisible();
  await expect(indicator.getByTestId('sync-clock-off')).toHaveCount(0);
  await expect(section.getByTestId('sync-account-last-sync')).toContainText('2 minutes ago');
  await page.locator('header').screenshot({ path: '/tmp/sync-header-synced-en.png' });

  // The server ended the session: signed out, and told why.
  status = {
    ...signedInAs('signed-out', { account: null, clientId: null, events: 'stopped' }),
    problem: 'session-ended',
  };
  await expect(indicator.getByTestId('sync-state')).toHaveText('Not signed in');
  await expect(section.getByTestId('sync-problem')).toContainText('Your session ended');
  await expect(section.getByLabel('Server address')).toHaveValue('https://sync.example.org');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: '/tmp/sync-session-ended-en.png' });
  expect(pageErrors).toEqual([]);
});

test('the header’s states in Japanese', async ({ page, host, pageErrors }) => {
  await answerStatus(page, () =>
    signedInAs('backing-off', {
      nextAttemptAt: Date.now() + 45_000,
      clock: { offsetMs: 200_000, off: true },
    }),
  );
  await presetAppearance(page, 'ja', 'dark');
  await page.goto(host.url.replace('#/queue', '#/settings/sync'));
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator.getByTestId('sync-state')).toHaveText('オフライン');
  await expect(indicator.getByTestId('sync-when')).toHaveText(/^次の試行：\d+ 秒後$/);
  await expect(indicator.getByTestId('sync-clock-off')).toHaveText('時計のずれ');
  await expect(page.getByTestId('sync-clock')).toContainText(
    'このコンピューターの時計は同期サーバーより3分遅れています。',
  );
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: '/tmp/sync-offline-clock-ja-dark.png' });
  await page.locator('header').screenshot({ path: '/tmp/sync-header-offline-ja-dark.png' });
  expect(pageErrors).toEqual([]);
});
