/**
 * The sync server the end-to-end sync specs sign in to: a real process (`src/server/main.ts
 * --demo`, as `npm run server` runs it) in a temporary folder, with its demo accounts.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../unit/server/processes';

export interface DemoAccount {
  login: string;
  role: 'counsellor' | 'supervisor';
  counsellorId: string | null;
  name: string;
  password: string;
}

export async function startDemoServer(
  prefix: string,
): Promise<{ server: RunningServer; accounts: DemoAccount[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const server = await startServer(['--demo', '--data-dir', dir]);
  const { accounts } = JSON.parse(readFileSync(path.join(dir, 'demo-accounts.json'), 'utf8')) as {
    accounts: DemoAccount[];
  };
  return { server, accounts };
}
