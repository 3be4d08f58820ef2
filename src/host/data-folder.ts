/**
 * What a browser host's data folder remembers about itself (`browser-host.json`), so that a later
 * start finds the same data, or refuses to start rather than hide or break it:
 *
 * - its origin's port: the page keeps its database in the browser under the page's origin, and the
 *   origin includes the port; started on another port the page would open an empty database;
 * - whether keys were made: a folder whose page stored data under them and that lost
 *   `keystore.json` must not be given new keys silently (nothing stored would open again);
 * - whether the demo is stored: then the host gives the demo dataset out no more.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { keyStoreLoss } from '../main/services/key-store-guard';

export const FOLDER_RECORD_FILE = 'browser-host.json';
export const DEFAULT_PORT = 5199;
const FORMAT = 'counsellor-workstation.browser-host';

const folderRecordSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(1),
  /** The port of the origin the page's data lives under (null before the first start). */
  port: z.number().int().min(1).max(65535).nullable(),
  /** Keys were made in this folder (its page's data is sealed under them). */
  keys: z.boolean(),
  /** When the page recorded the whole demo as stored (ISO instant), or null. */
  demoSeededAt: z.string().nullable(),
});

export type FolderRecord = z.infer<typeof folderRecordSchema>;

/** A reason the host does not start: said on stderr, exit code 2. */
export class FolderRefusal extends Error {}

export const EMPTY_RECORD: FolderRecord = {
  format: FORMAT,
  version: 1,
  port: null,
  keys: false,
  demoSeededAt: null,
};

export function readFolderRecord(dataDir: string): FolderRecord {
  const file = path.join(dataDir, FOLDER_RECORD_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return EMPTY_RECORD;
    throw new FolderRefusal(`${file} cannot be read (${code ?? 'error'}); fix its permissions.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const checked = folderRecordSchema.safeParse(parsed);
  if (!checked.success)
    throw new FolderRefusal(
      `${file} is damaged (not a browser host record). It says which port this folder's data ` +
        `lives under: restore it, or delete it and start with --port set to that port.`,
    );
  return checked.data;
}

/** Written whole (a temporary file renamed over it): never half a record. */
export function writeFolderRecord(dataDir: string, record: FolderRecord): void {
  const file = path.join(dataDir, FOLDER_RECORD_FILE);
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(folderRecordSchema.parse(record), null, 2)}\n`, {
    mode: 0o600,
  });
  renameSync(temporary, file);
}

export interface OriginChoice {
  /** The port to listen on (0: any free port). */
  port: number;
  /** The record for this start: a new origin forgets the demo and the port. */
  record: FolderRecord;
}

/**
 * The port to listen on. `asked` is the --port given (null: none). A folder that remembers its
 * port reuses it (for --port 0 too); another port is refused unless `newOrigin`.
 */
export function chooseOrigin(
  record: FolderRecord,
  asked: number | null,
  newOrigin: boolean,
): OriginChoice {
  if (newOrigin) {
    if (asked !== null && asked === record.port)
      throw new FolderRefusal(
        `port ${asked} is the origin this data folder's data already lives under: for a new ` +
          `origin give --new-origin another --port (or none: any free port).`,
      );
    return { port: asked ?? 0, record: { ...record, port: null, demoSeededAt: null } };
  }
  if (record.port === null) return { port: asked ?? DEFAULT_PORT, record };
  if (asked === null || asked === 0 || asked === record.port) return { port: record.port, record };
  throw new FolderRefusal(
    `this data folder's data lives under port ${record.port} (the page keeps its database under ` +
      `its origin, http://127.0.0.1:${record.port}); on port ${asked} the page would open an ` +
      `empty database. Start without --port (or with --port ${record.port}), or add --new-origin ` +
      `to start on port ${asked} with an empty database.`,
  );
}

/** Said when the remembered port cannot be listened on. */
export function portTakenRefusal(port: number, remembered: boolean): FolderRefusal {
  return new FolderRefusal(
    remembered
      ? `port ${port} is in use, and this data folder's data lives under it (the page keeps its ` +
          `database under its origin, http://127.0.0.1:${port}). Stop what uses port ${port} ` +
          `(another host on this folder?) and start again, or add --new-origin (with --port) to ` +
          `start on another port with an empty database.`
      : `port ${port} is in use: stop what uses it, or choose another with --port (0: any free port).`,
  );
}

/**
 * A folder that had keys and lost its key store refuses to start: new keys would open nothing
 * already stored, and whatever is written then would be sealed under the wrong key.
 */
export function checkKeyStorePresent(
  dataDir: string,
  record: FolderRecord,
  keyStoreFile: string,
  newOrigin: boolean,
): void {
  if (newOrigin) return;
  // The decision is the Electron main process's too (src/main/services/key-store-guard.ts).
  const loss = keyStoreLoss(dataDir, record.keys, keyStoreFile);
  if (loss === null) return;
  throw new FolderRefusal(
    `${loss.file} is missing, and this data folder's data is sealed under the keys it held: new keys ` +
      `would open nothing already stored. Restore ${keyStoreFile} into ${dataDir} (from your copy ` +
      `of the data folder) and start again. To give up that data and start with new keys and an ` +
      `empty database, start with --new-origin.`,
  );
}
