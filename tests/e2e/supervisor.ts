/**
 * Supervisors in the end-to-end tests (issue 13 item 5): a supervisor profile has its own
 * credential, set when it is added (the first one with the workstation passphrase), and switching
 * to it asks for that credential, never the workstation passphrase.
 */
import type { Page } from '@playwright/test';
import { E2E_PASSPHRASE, expect } from './host';

/** The e2e supervisor's own credential (not the workstation passphrase). */
export const SUPERVISOR_CREDENTIAL = 'only sam types this one';

/** Fills the credential dialog that opens after a supervisor profile is added. */
export async function setSupervisorCredential(
  page: Page,
  name: string,
  credential = SUPERVISOR_CREDENTIAL,
) {
  const dialog = page.getByRole('dialog', { name: `Own credential for ${name}` });
  await dialog.getByLabel('Supervisor credential').fill(credential);
  await dialog.getByLabel('Repeat the credential').fill(credential);
  const passphrase = dialog.getByLabel('Workstation passphrase');
  if ((await passphrase.count()) > 0) await passphrase.fill(E2E_PASSPHRASE);
  await dialog.getByRole('button', { name: 'Set credential' }).click();
  // scrypt (N = 2^17) in the host: seconds on a busy machine.
  await expect(page.getByText(`The credential of ${name} is set.`)).toBeVisible({
    timeout: 60_000,
  });
  await expect(dialog).toHaveCount(0);
}

/** Adds a supervisor profile in Settings → Profiles, with its own credential. */
export async function addSupervisor(page: Page, name: string, credential = SUPERVISOR_CREDENTIAL) {
  await page.getByTestId('profile-menu').click();
  await page.getByRole('menuitem', { name: 'Manage profiles…' }).click();
  const profiles = page.getByRole('region', { name: 'Profiles' });
  await profiles.getByLabel('Name').fill(name);
  await profiles.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'Supervisor' }).click();
  await profiles.getByRole('button', { name: 'Add profile' }).click();
  await setSupervisorCredential(page, name, credential);
  await expect(page.getByTestId('profiles-table')).toContainText(name);
}

/** Switches to a supervisor profile with its own credential. */
export async function switchToSupervisor(
  page: Page,
  name: string,
  credential = SUPERVISOR_CREDENTIAL,
) {
  await page.getByTestId('profile-menu').click();
  await page.getByRole('menuitem', { name: new RegExp(name) }).click();
  const dialog = page.getByRole('dialog', { name: `Switch to ${name}` });
  await dialog.getByLabel('Supervisor credential').fill(credential);
  await dialog.getByRole('button', { name: 'Switch profile' }).click();
  await expect(dialog).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('profile-menu')).toContainText(name);
}

/** A supervisor signed in and proven: adds one and switches to it. */
export async function becomeSupervisor(page: Page, name = 'Sam Supervisor') {
  await addSupervisor(page, name);
  await switchToSupervisor(page, name);
}
