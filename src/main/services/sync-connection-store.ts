/**
 * Where the workstation keeps its sync connection (issue 15): the server's address, the
 * organisation, and for each account signed in here its client id (the unit that numbers its
 * mutations) and, while it is signed in, its refresh token. The access token is never written:
 * it lives in the transport's memory only.
 *
 * The whole document is sealed (AES-256-GCM, `sealing.ts`, as the key store wraps its keys)
 * under a key derived with HKDF from the workstation's index key, which the main process holds
 * only between an unlock and the next lock. So nothing of it is on disk in the clear, and no new
 * secret has to be kept: the key store's passphrase (and, under Electron, the operating system's
 * store) protects it as it protects the data keys.
 *
 * A file that does not open under this workstation's keys (keys restored from another backup, a
 * damaged copy) is reported as `unreadable` and left as it is; a new sign-in moves it aside
 * (`.unreadable`) before writing its own, so nothing is destroyed without a person acting.
 */
import { hkdfSync, timingSafeEqual } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { accountSchema, organisationSlugSchema } from '../../sync/protocol';
import type { Logger } from './logger';
import { openBytes, sealBytes, wrappedSchema } from './sealing';
import { writeFileAtomically } from './settings-store';

export const SYNC_CONNECTION_FILE_NAME = 'sync-connection.json';
const FORMAT = 'counsellor-workstation.sync-connection';
const AAD = Buffer.from('counsellor-workstation.sync-connection.v1', 'utf8');
const HKDF_INFO = 'counsellor-workstation.sync-connection/1';

const accountEntrySchema = z.strictObject({
  /** The server's base URL the account belongs to (an account id is unique per server). */
  serverUrl: z.string().min(1).max(2000),
  account: accountSchema,
  /** Registered once per account (POST /v1/clients), kept across sign-outs. */
  clientId: z.uuid(),
  /** While signed in; null after a sign-out or when the server ended the session. */
  refreshToken: z.string().min(1).max(200).nullable(),
});
export type SyncAccountEntry = z.infer<typeof accountEntrySchema>;

export const syncConnectionSchema = z.strictObject({
  /** The server last signed in to (the sign-in form offers it again). */
  serverUrl: z.string().min(1).max(2000).nullable(),
  organisation: organisationSlugSchema.nullable(),
  /** The account signed in now, or null. */
  signedIn: z.strictObject({ serverUrl: z.string(), accountId: z.uuid() }).nullable(),
  accounts: z.array(accountEntrySchema).max(200),
});
export type SyncConnection = z.infer<typeof syncConnectionSchema>;

export const EMPTY_CONNECTION: SyncConnection = {
  serverUrl: null,
  organisation: null,
  signedIn: null,
  accounts: [],
};

const fileSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(1),
  wrapped: wrappedSchema,
});

export type SyncConnectionRead =
  | { state: 'locked' }
  | { state: 'none' }
  | { state: 'unreadable'; problem: string }
  | { state: 'set'; connection: SyncConnection };

export interface SyncConnectionStore {
  /**
   * Derives the sealing key from the index key of an unlock (base64). False when it is the key
   * already held (a page reload unlocking again), true when it changed.
   */
  useKey(indexKeyBase64: string): boolean;
  /** Zeroes the key (at lock). */
  forgetKey(): void;
  read(): Promise<SyncConnectionRead>;
  /** Seals and writes the connection (the writes in the order asked for). */
  write(connection: SyncConnection): Promise<void>;
  /**
   * A write to come, with the key taken now: it lands even when the workstation is locked
   * meanwhile (a refresh token the server rotated must not be lost). Discarded when unused.
   */
  writer(): ConnectionWriter;
}

export interface ConnectionWriter {
  write(connection: SyncConnection): Promise<void>;
  discard(): void;
}

/** The account entry signed in now, if any. */
export function signedInEntry(connection: SyncConnection | null): SyncAccountEntry | null {
  const signedIn = connection?.signedIn;
  if (!connection || !signedIn) return null;
  return (
    connection.accounts.find(
      (entry) =>
        entry.serverUrl === signedIn.serverUrl &&
        entry.account.id === signedIn.accountId &&
        entry.refreshToken !== null,
    ) ?? null
  );
}

export function createSyncConnectionStore(options: {
  dataDir: string;
  log: Logger;
}): SyncConnectionStore {
  const file = path.join(options.dataDir, SYNC_CONNECTION_FILE_NAME);
  let key: Buffer | null = null;
  let lastReadUnreadable = false;
  // Writes one after another, in the order they were asked for.
  let queue: Promise<unknown> = Promise.resolve();

  async function read(): Promise<SyncConnectionRead> {
    if (key === null) return { state: 'locked' };
    const held = key;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      if (code === 'ENOENT') return { state: 'none' };
      return unreadable(`${SYNC_CONNECTION_FILE_NAME} cannot be read (${code})`);
    }
    let document: z.infer<typeof fileSchema>;
    try {
      document = fileSchema.parse(JSON.parse(text));
    } catch {
      return unreadable(`${SYNC_CONNECTION_FILE_NAME} is not a sealed sync connection`);
    }
    const plain = openBytes(held, document.wrapped, AAD);
    if (plain === null)
      return unreadable(`${SYNC_CONNECTION_FILE_NAME} does not open with this workstation's keys`);
    try {
      const parsed = syncConnectionSchema.safeParse(JSON.parse(plain.toString('utf8')));
      if (!parsed.success)
        return unreadable(`${SYNC_CONNECTION_FILE_NAME} holds no sync connection this app reads`);
      lastReadUnreadable = false;
      return { state: 'set', connection: parsed.data };
    } catch {
      return unreadable(`${SYNC_CONNECTION_FILE_NAME} holds no sync connection this app reads`);
    } finally {
      plain.fill(0);
    }
  }

  function unreadable(problem: string): SyncConnectionRead {
    lastReadUnreadable = true;
    options.log.warn('sync.connection-unreadable');
    return { state: 'unreadable', problem };
  }

  async function writeNow(held: Buffer, connection: SyncConnection): Promise<void> {
    if (lastReadUnreadable) {
      await rename(file, `${file}.unreadable`).catch(() => undefined);
      lastReadUnreadable = false;
    }
    const plain = Buffer.from(JSON.stringify(syncConnectionSchema.parse(connection)), 'utf8');
    try {
      const document = { format: FORMAT, version: 1, wrapped: sealBytes(held, plain, AAD) };
      await writeFileAtomically(file, `${JSON.stringify(document, null, 2)}\n`);
    } finally {
      plain.fill(0);
      held.fill(0);
    }
  }

  return {
    useKey(indexKeyBase64) {
      const ikm = Buffer.from(indexKeyBase64, 'base64');
      const derived = Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), HKDF_INFO, 32));
      ikm.fill(0);
      if (key !== null && timingSafeEqual(key, derived)) {
        derived.fill(0);
        return false;
      }
      key?.fill(0);
      key = derived;
      lastReadUnreadable = false;
      return true;
    },
    forgetKey() {
      key?.fill(0);
      key = null;
    },
    read,
    write(connection) {
      return writer().write(connection);
    },
    writer,
  };

  function writer(): ConnectionWriter {
    // A copy, zeroed after its write: a lock meanwhile zeroes only the store's own.
    let held: Buffer | null = key === null ? null : Buffer.from(key);
    return {
      write(connection) {
        const mine = held;
        held = null;
        if (mine === null)
          return Promise.reject(new Error('the sync connection cannot be sealed while locked'));
        const run = queue.then(() => writeNow(mine, connection));
        queue = run.catch(() => undefined);
        return run;
      },
      discard() {
        held?.fill(0);
        held = null;
      },
    };
  }
}
