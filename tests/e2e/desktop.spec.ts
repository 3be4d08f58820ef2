/**
 * The page's side of the desktop conventions (issue 17 §1), through the browser host with a
 * stand-in for the preload's desktop side channel: what the menu, a file opened on the desktop
 * and a notification click ask of the page. (The main process's side is unit-tested.)
 */
import type { Page } from '@playwright/test';
import { DESKTOP_GLOBAL } from '../../src/bridge/desktop';
import { E2E_PASSPHRASE, expect, startHost, test } from './host';

/** Installs the stand-in before the app starts; `send` then fires a command as the main process would. */
async function withDesktop(page: Page) {
  await page.addInitScript((name) => {
    const state = { listener: null as ((c: string) => void) | null, languages: [] as string[] };
    Object.assign(globalThis, { __desktop: state });
    Object.assign(globalThis, {
      [name]: Object.freeze({
        onCommand(listener: (c: string) => void) {
          state.listener = listener;
          return () => undefined;
        },
        setLanguage(language: string) {
          state.languages.push(language);
        },
      }),
    });
  }, DESKTOP_GLOBAL);
  return {
    send: (command: string) =>
      page.evaluate((c) => {
        (
          globalThis as unknown as { __desktop: { listener: (c: string) => void } }
        ).__desktop.listener(c);
      }, command),
    languages: () =>
      page.evaluate(
        () => (globalThis as unknown as { __desktop: { languages: string[] } }).__desktop.languages,
      ),
  };
}

test('menu commands and opened files reach the right screen; a backup opened while locked waits for the unlock', async ({
  page,
  pageErrors,
}) => {
  const host = await startHost({ demo: true });
  try {
    const desktop = await withDesktop(page);
    await page.goto(host.url);
    await expect(page.getByRole('heading', { name: 'Mail queue' })).toBeVisible({
      timeout: 60_000,
    });
    // The menu follows the page's language.
    expect(await desktop.languages()).toContain('en');

    // Search the Queue… (⌘/Ctrl+F) from another page: back to the queue, the search focused.
    await page.getByRole('link', { name: 'Settings' }).click();
    await desktop.send('find-in-queue');
    await expect(page.getByRole('textbox', { name: 'Search subject and text' })).toBeFocused();

    // A dataset opened on the desktop: the import dialog opens, and nothing is imported by itself.
    await desktop.send('import-dataset');
    const dialog = page.getByRole('dialog', { name: 'Import a dataset' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Choose file' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).first().click();

    // Lock from the menu; a backup opened while locked opens the restore section after the unlock.
    await desktop.send('lock');
    await expect(page.getByRole('heading', { name: 'Locked' })).toBeVisible();
    await desktop.send('restore-backup');
    await desktop.send('lock');
    await expect(page.getByRole('heading', { name: 'Locked' })).toBeVisible();
    await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page).toHaveURL(/#\/settings\/security$/);
    await expect(page.getByRole('button', { name: 'Backup file' })).toBeFocused();
    // The lock sent while locked did not wait: the app stays unlocked.
    await expect(page.getByRole('heading', { name: 'Locked' })).toHaveCount(0);

    // A notification click: the queue.
    await desktop.send('open-queue');
    await expect(page.getByRole('heading', { name: 'Mail queue' })).toBeVisible();
    expect(pageErrors).toEqual([]);
  } finally {
    await page.close();
    await host.stop();
  }
});
