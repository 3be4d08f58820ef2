/**
 * The smoke suite (issue 17 §4): the one path every release must walk. In the release pipeline
 * it drives the packaged test build through Playwright's `_electron` (set CW_SMOKE_APP to its
 * executable); here, and in every e2e run, the same steps drive the browser host in Chromium, so
 * the file does not rot. It starts on an empty data folder, creates the passphrase, loads the
 * demo data (Queue → Import of the CLI's demo dataset), shows the queue, locks and unlocks,
 * exports the CLAIR CSV as a supervisor, and checks that the CO view shows no identifier.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { privateStringsOf, type Demo } from './demo';
import { E2E_PASSPHRASE, expect, importDataset, startHost, test } from './host';
import { becomeSupervisor } from './supervisor';

const ELECTRON_APP = process.env.CW_SMOKE_APP;

interface Target {
  page: Page;
  /** Where exports are saved (the host's exports folder, or the folder the save dialog is stubbed to). */
  exportsDir: string;
  close(): Promise<void>;
}

/** The packaged app on a fresh profile, its save dialog answered with a folder of ours. */
async function launchElectron(executablePath: string): Promise<Target> {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'cw-smoke-profile-'));
  const exportsDir = mkdtempSync(path.join(os.tmpdir(), 'cw-smoke-exports-'));
  const app = await _electron.launch({ executablePath, args: [`--user-data-dir=${userData}`] });
  await app.evaluate(
    ({ dialog }, { dir, sep }) => {
      dialog.showSaveDialog = (async (...args: unknown[]) => {
        const options = args.at(-1) as { defaultPath?: string };
        const name = (options.defaultPath ?? 'export').split(/[\\/]/).at(-1);
        return { canceled: false, filePath: `${dir}${sep}${name}` };
      }) as typeof dialog.showSaveDialog;
    },
    { dir: exportsDir, sep: path.sep },
  );
  const page = await app.firstWindow();
  return { page, exportsDir, close: () => app.close() };
}

/** The browser host on an empty data folder (no passphrase file: the page asks to create one). */
async function launchBrowserHost(): Promise<Target> {
  const host = await startHost({ passphrase: null });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
  await page.goto(host.url);
  return {
    page,
    exportsDir: path.join(host.dataDir, 'exports'),
    close: async () => {
      await page.close();
      await browser.close();
      await host.stop();
    },
  };
}

async function go(page: Page, route: string) {
  await page.evaluate(`window.location.hash = ${JSON.stringify(`#/${route}`)}`);
}

async function addProfile(page: Page, name: string, role: 'CO view') {
  await page.getByTestId('profile-menu').click();
  await page.getByRole('menuitem', { name: 'Manage profiles…' }).click();
  const profiles = page.getByRole('region', { name: 'Profiles' });
  await profiles.getByLabel('Name').fill(name);
  await profiles.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: role }).click();
  await profiles.getByRole('button', { name: 'Add profile' }).click();
  await expect(page.getByTestId('profiles-table')).toContainText(name);
}

async function switchTo(page: Page, name: string, passphrase: string | null) {
  await page.getByTestId('profile-menu').click();
  await page.getByRole('menuitem', { name: new RegExp(name) }).click();
  if (passphrase !== null) {
    const dialog = page.getByRole('dialog', { name: `Switch to ${name}` });
    await dialog.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await dialog.getByRole('button', { name: 'Switch profile' }).click();
  }
  await expect(page.getByTestId('profile-menu')).toContainText(name);
}

test('smoke: first start, demo data, queue, lock, CLAIR CSV, CO view without identifiers', async () => {
  test.setTimeout(240_000);
  // The demo dataset, as a file a person would open (the CLI writes the host's demo data).
  const datasetDir = mkdtempSync(path.join(os.tmpdir(), 'cw-smoke-data-'));
  const datasetFile = path.join(datasetDir, 'demo.cwdataset');
  execFileSync(process.execPath, [
    '--import',
    'tsx',
    'src/cli/main.ts',
    'demo-data',
    '--messages',
    '120',
    '--out',
    datasetFile,
  ]);
  const demo = JSON.parse(readFileSync(datasetFile, 'utf8')) as Demo;
  const forbidden = privateStringsOf(demo);
  // The check below means something only if the dataset holds what it should.
  expect(forbidden.length).toBeGreaterThan(100);

  const target = ELECTRON_APP ? await launchElectron(ELECTRON_APP) : await launchBrowserHost();
  const { page } = target;
  try {
    // It starts, and asks for a new passphrase.
    await expect(
      page.getByRole('heading', { name: 'Create the workstation passphrase' }),
    ).toBeVisible({ timeout: 60_000 });
    await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
    await page.getByLabel('Confirm passphrase').fill(E2E_PASSPHRASE);
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByRole('heading', { name: 'Mail queue' })).toBeVisible();

    // The demo data, then the queue shows it.
    await importDataset(page, datasetFile);
    await expect(page.getByText('demo.cwdataset imported')).toBeVisible({ timeout: 60_000 });
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Close', exact: true })
      .last()
      .click();
    await expect(page.locator('.cw-queue-row').first()).toBeVisible({ timeout: 30_000 });

    // Lock and unlock.
    await page.getByRole('button', { name: 'Lock' }).click();
    await expect(page.getByRole('heading', { name: 'Locked' })).toBeVisible();
    await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('heading', { name: 'Mail queue' })).toBeVisible();

    // A supervisor exports the CLAIR CSV: the long form, nothing identifying.
    // A supervisor has their own credential (issue 13 item 5), set when the profile is added.
    await becomeSupervisor(page, 'Sam Supervisor');
    await go(page, 'reports');
    await expect(page.getByTestId('report-table')).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const saved = page.getByText('Saved the report (CSV) to ');
    await expect(saved).toBeVisible({ timeout: 30_000 });
    const csvPath = /to (.+)$/.exec((await saved.textContent()) ?? '')?.[1] ?? '';
    expect(path.dirname(csvPath)).toBe(target.exportsDir);
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('period,measure,category,value');
    expect(forbidden.filter((s) => csv.includes(s))).toEqual([]);

    // The CO view: no name, e-mail, JET number, subject or text anywhere on the page.
    await addProfile(page, 'CO view', 'CO view');
    await switchTo(page, 'CO view', null);
    await expect(page.getByTestId('co-view')).toBeVisible();
    const html = await page.content();
    expect(forbidden.filter((s) => html.includes(s))).toEqual([]);
  } finally {
    await target.close();
  }
});
