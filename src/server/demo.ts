/**
 * `--demo`: an organisation `demo` with the demo dataset's counsellors and one supervisor as
 * accounts, their passwords and the portal's API key written to `demo-accounts.json` in the data
 * folder (readable by its owner only), and a demo portal's key pair for answers in
 * `demo-portal-key.json` beside it (its public half registered). A second start finds the organisation and leaves it as it is.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_COUNSELLORS } from '../domain/dataset/demo-text';
import { addAccount, createOrganisation } from './auth/accounts';
import { generatePassword } from './auth/passwords';
import type { Database } from './db/database';
import { setPortalAnswerKey } from './intake';
import { newPortalKeyFile } from '../sync/intake';

export const DEMO_ORGANISATION = 'demo';
export const DEMO_ACCOUNTS_FILE = 'demo-accounts.json';

export interface DemoAccounts {
  organisation: string;
  accounts: {
    login: string;
    role: 'counsellor' | 'supervisor';
    counsellorId: string | null;
    name: string;
    password: string;
  }[];
  portalApiKey: string;
  /** The demo portal's key file (both halves: `cli portal answers --portal-key`). */
  portalKeyFile: string;
}

export const DEMO_PORTAL_KEY_FILE = 'demo-portal-key.json';

/** Creates the demo organisation unless it exists; returns the file written, or null if it existed. */
export async function createDemo(
  db: Database,
  folder: string,
  now: number,
): Promise<string | null> {
  const existing = await db.query(`SELECT 1 FROM organisations WHERE slug = $1`, [
    DEMO_ORGANISATION,
  ]);
  if (existing.rowCount > 0) return null;
  const { id: orgId } = await createOrganisation(
    db,
    { slug: DEMO_ORGANISATION, name: 'Demo counselling service' },
    now,
  );
  const accounts: DemoAccounts['accounts'] = [];
  const add = async (
    login: string,
    role: 'counsellor' | 'supervisor',
    counsellorId: string | null,
    name: string,
  ) => {
    const password = generatePassword();
    await addAccount(
      db,
      { organisation: DEMO_ORGANISATION, login, role, counsellorId, password },
      now,
    );
    accounts.push({ login, role, counsellorId, name, password });
  };
  await add('supervisor', 'supervisor', null, 'Demo supervisor');
  for (const c of DEMO_COUNSELLORS) await add(c.id, 'counsellor', c.id, c.name);
  const portalApiKey = randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO portal_keys (id, org_id, key_hash, created_at) VALUES ($1, $2, $3, $4)`,
    [randomUUID(), orgId, createHash('sha256').update(portalApiKey).digest('base64url'), now],
  );
  // The demo portal's key pair for answers: its public half registered, the file beside.
  const portalKey = await newPortalKeyFile('demo-portal');
  await setPortalAnswerKey(db, orgId, { kid: portalKey.kid, publicKey: portalKey.publicKey }, now);
  fs.mkdirSync(folder, { recursive: true });
  const portalKeyFile = path.join(folder, DEMO_PORTAL_KEY_FILE);
  fs.writeFileSync(portalKeyFile, `${JSON.stringify(portalKey, null, 2)}\n`, { mode: 0o600 });
  const file = path.join(folder, DEMO_ACCOUNTS_FILE);
  const content: DemoAccounts = {
    organisation: DEMO_ORGANISATION,
    accounts,
    portalApiKey,
    portalKeyFile,
  };
  fs.writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  return file;
}
