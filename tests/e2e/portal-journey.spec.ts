/**
 * The message journey from the participants' portal (issue 16), through the UI: a sync server
 * (a real process, `--demo`), a supervisor's workstation holding the demo and a counsellor's
 * workstation it enrolled, both on the real clock. The supervisor's sign-in publishes the
 * organisation's intake key; the portal simulator (`cli portal send`) delivers a registration and
 * two messages; within seconds both queues hold them, with the deadline counted from the server's
 * receipt instant. The counsellor takes one and answers; the supervisor sees it taken, then
 * answered; the portal fetches the answer (sealed to its key) and it is the text sent. A
 * re-delivery changes nothing. And the server's folder and its log hold none of what
 * the portal delivered.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { runCli } from '../../src/cli/cli';
import { folderBytes, foundIn, needlesOf } from '../unit/server/leak-scan';
import type { RunningServer } from '../unit/server/processes';
import {
  E2E_PASSPHRASE,
  expectNoSeriousA11yViolations,
  presetAppearance,
  SCREENSHOT_DIR,
  startHost,
  test,
  expect,
  type Host,
} from './host';
import {
  allSent,
  enrolWorkstation,
  signInToSync,
  startDemoServer,
  type DemoAccount,
} from './sync-server';

let server: RunningServer | null = null;
let accounts: DemoAccount[] = [];
let serverDir = '';
const running: { stop(): Promise<unknown> }[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  ({ server, accounts, dir: serverDir } = await startDemoServer('cw-e2e-portal-'));
});

test.afterAll(async () => {
  for (const thing of running.splice(0).reverse()) await thing.stop();
  await server?.stop();
});

const participants = [
  {
    id: 'portal-p-1',
    jetNumber: '20555512345',
    name: 'Robin Ashdown',
    email: 'robin.ashdown@example.net',
    language: 'en',
  },
  { id: 'portal-p-2', name: '山本 さくら', email: 'sakura.yamamoto@example.jp', language: 'ja' },
];
const messages = [
  {
    id: 'portal-m-1',
    threadId: 'portal-t-1',
    participantId: 'portal-p-1',
    subject: 'Snowed in and very alone',
    body: 'The roads have been closed for four days and I have not talked to anyone.',
    receivedAt: '2026-12-07T08:00:00+09:00',
  },
  {
    id: 'portal-m-2',
    threadId: 'portal-t-2',
    participantId: 'portal-p-2',
    subject: '職員室での孤立',
    body: '職員室で誰とも話せず、毎日がつらいです。',
    receivedAt: '2026-12-07T08:30:00+09:00',
  },
];

async function openWorkstation(
  browser: Browser,
  demo: boolean,
): Promise<{ host: Host; page: Page }> {
  // The real clock: the server's receipt instant and the queue's deadline are the same day's.
  const host = await startHost(demo ? { demo, demoMessages: 12, now: null } : { now: null });
  running.push(host);
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  running.push({ stop: () => context.close() });
  const page = await context.newPage();
  await presetAppearance(page, 'en', 'light');
  return { host, page };
}

/** The portal simulator, in this process, as `npm run --silent cli -- portal send … --json`. */
async function portalSend(file: string, apiKey: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    ['portal', 'send', '--server', server!.url, '--api-key', apiKey, '--dataset', file, '--json'],
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { version: 'e2e' },
  );
  return { code, err, lines: out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** Finds a thread by its subject with the queue's search and opens it. */
async function openBySubject(page: Page, hostUrl: string, subject: string): Promise<void> {
  await page.goto(hostUrl);
  const search = page.getByRole('textbox', { name: 'Search subject and text' });
  await expect(async () => {
    await search.fill(subject);
    await search.press('Enter');
    await expect(page.getByRole('option').filter({ hasText: subject })).toHaveCount(1, {
      timeout: 2_000,
    });
  }).toPass({ timeout: 30_000 });
  await page.getByRole('option').filter({ hasText: subject }).click();
}

test('the portal delivers; both queues hold it with its deadline; one answers, the other sees it, the portal fetches the answer; a re-delivery changes nothing; the server keeps none of it', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const { portalApiKey, portalKeyFile } = JSON.parse(
    readFileSync(path.join(serverDir, 'demo-accounts.json'), 'utf8'),
  ) as { portalApiKey: string; portalKeyFile: string };
  const supervisor = accounts.find((a) => a.role === 'supervisor')!;
  const counsellor = accounts.find((a) => a.role === 'counsellor')!;
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-portal-data-')), 'portal.json');
  writeFileSync(
    file,
    JSON.stringify({
      format: 'counsellor-workstation.dataset',
      version: 1,
      participants,
      messages,
    }),
  );

  // Before any workstation published the intake key, the portal is told to come back later.
  const early = await portalSend(file, portalApiKey);
  expect(early.code).toBe(1);
  expect(early.err.join('\n')).toMatch(/has not published its intake key yet/);

  // The supervisor's workstation: the demo, signed in (which publishes the intake key).
  const s = await openWorkstation(browser, true);
  await s.page.goto(s.host.url);
  await expect(s.page.locator('.cw-queue-row').first()).toBeVisible({ timeout: 90_000 });
  await signInToSync(s.page, s.host.url, server!.url, supervisor);
  await allSent(s.page, 120_000);

  // The counsellor's workstation, enrolled by the supervisor's.
  const c = await openWorkstation(browser, false);
  await c.page.goto(c.host.url);
  await signInToSync(c.page, c.host.url, server!.url, counsellor);
  // The supervisor's page is still on Settings → Sync (the sign-in left it there).
  await enrolWorkstation(s.page, c.page, E2E_PASSPHRASE);
  await c.page.goto(c.host.url);
  await expect(c.page.locator('.cw-queue-row').first()).toBeVisible({ timeout: 60_000 });

  // The portal delivers (the key is published by the supervisor's first sync round).
  const last: { sent: Awaited<ReturnType<typeof portalSend>> | null } = { sent: null };
  await expect
    .poll(
      async () => {
        last.sent = await portalSend(file, portalApiKey);
        return last.sent.code;
      },
      { timeout: 30_000 },
    )
    .toBe(0);
  const results = last.sent!.lines;
  expect(results.at(-1)).toEqual({ delivered: 4, alreadyThere: 0, refused: 0, skippedReplies: 0 });
  const receivedAtMs = Number(results.find((r) => r.id === 'portal-m-1')!.receivedAtMs);

  // The deadline the service's rules give a message received then (the CLI's own calendar).
  const deadlineOut: string[] = [];
  await runCli(
    ['deadline', new Date(receivedAtMs).toISOString(), '--json'],
    { out: (l) => deadlineOut.push(l), err: () => undefined },
    { version: 'e2e' },
  );
  const deadline = new Date((JSON.parse(deadlineOut[0]!) as { deadline: string }).deadline);
  const inTokyo = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'Asia/Tokyo' }).format(deadline);
  const due = `due ${inTokyo({ weekday: 'short', day: 'numeric', month: 'short' }).replace(',', '')}, ${inTokyo({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })} JST`;

  // Within seconds, in both queues, with that deadline; the text opens on both.
  for (const ws of [c, s]) {
    await openBySubject(ws.page, ws.host.url, messages[0]!.subject);
    const pane = ws.page.getByTestId('thread-pane');
    await expect(pane.getByText(messages[0]!.body)).toBeVisible();
    const row = ws.page.getByRole('option').filter({ hasText: messages[0]!.subject });
    await expect(row).toContainText(due);
  }
  await expectNoSeriousA11yViolations(c.page);
  await c.page.screenshot({
    path: `${SCREENSHOT_DIR}/portal-journey-queue-en.png`,
    fullPage: true,
  });

  // The counsellor takes it and answers.
  await openBySubject(c.page, c.host.url, messages[0]!.subject);
  const workingAs = c.page.getByRole('combobox', { name: 'Working as' });
  await workingAs.click();
  await c.page.getByRole('option', { name: counsellor.name }).click();
  await expect(workingAs).toHaveValue(counsellor.name);
  const pane = c.page.getByTestId('thread-pane');
  await pane.getByRole('button', { name: 'Take' }).click();
  await expect(pane.getByTestId('thread-assignee')).toHaveValue(counsellor.name);
  await allSent(c.page);
  // The supervisor sees it taken.
  await openBySubject(s.page, s.host.url, messages[0]!.subject);
  await expect(s.page.getByTestId('thread-pane').getByTestId('thread-assignee')).toHaveValue(
    counsellor.name,
    { timeout: 30_000 },
  );
  const reply = 'Thank you for telling us. Four days alone is hard; we are here to listen.';
  await pane.getByTestId('reply-editor').fill(reply);
  await pane.getByRole('button', { name: 'Send reply' }).click();
  await expect(pane.getByTestId('undo-send')).toHaveCount(0, { timeout: 30_000 });
  await allSent(c.page);
  // Then answered, with the reply, on the supervisor's.
  await expect(async () => {
    await openBySubject(s.page, s.host.url, messages[0]!.subject);
    await expect(s.page.getByTestId('thread-pane').getByText(reply)).toBeVisible({
      timeout: 2_000,
    });
  }).toPass({ timeout: 30_000 });
  await s.page.screenshot({
    path: `${SCREENSHOT_DIR}/portal-journey-answered-en.png`,
    fullPage: true,
  });

  // The portal fetches the answer for My Page: sealed to its key, it opens to the text sent.
  const fetched: Record<string, unknown>[] = [];
  await expect
    .poll(
      async () => {
        const out: string[] = [];
        await runCli(
          [
            'portal',
            'answers',
            '--server',
            server!.url,
            '--api-key',
            portalApiKey,
            '--portal-key',
            portalKeyFile,
            '--json',
          ],
          { out: (l) => out.push(l), err: () => undefined },
          { version: 'e2e' },
        );
        fetched.splice(
          0,
          fetched.length,
          ...out.map((l) => JSON.parse(l) as Record<string, unknown>),
        );
        return fetched.length;
      },
      { timeout: 30_000 },
    )
    .toBe(1);
  expect(fetched[0]).toMatchObject({
    threadId: 'portal-t-1',
    participantId: 'portal-p-1',
    text: reply,
  });

  // A re-delivery (a portal that lost the answer) changes nothing.
  const again = await portalSend(file, portalApiKey);
  expect(again.code).toBe(0);
  expect(again.lines.at(-1)).toEqual({
    delivered: 0,
    alreadyThere: 4,
    refused: 0,
    skippedReplies: 0,
  });
  await openBySubject(c.page, c.host.url, messages[0]!.subject);

  // The Japanese message, on the counsellor's workstation in Japanese.
  await presetAppearance(c.page, 'ja', 'light');
  await c.page.goto(c.host.url);
  const searchJa = c.page.getByRole('textbox', { name: '件名と本文を検索' });
  await searchJa.fill(messages[1]!.subject);
  await searchJa.press('Enter');
  const rowJa = c.page.getByRole('option').filter({ hasText: messages[1]!.subject });
  await expect(rowJa).toHaveCount(1, { timeout: 30_000 });
  await rowJa.click();
  await expect(c.page.getByTestId('thread-pane').getByText(messages[1]!.body)).toBeVisible();
  await expectNoSeriousA11yViolations(c.page);
  await c.page.screenshot({
    path: `${SCREENSHOT_DIR}/portal-journey-queue-ja.png`,
    fullPage: true,
  });

  // The server's folder (PGlite's files) and its log hold none of what the portal delivered.
  const needles = needlesOf({ participants, messages }, [reply]);
  for (const bytes of folderBytes(serverDir)) expect(foundIn(needles, bytes)).toEqual([]);
  expect(foundIn(needles, server!.stderr())).toEqual([]);
});
