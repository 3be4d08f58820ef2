/**
 * Encrypted backup and restore (issue 7), the page's half.
 *
 * **Backup**: every data table as stored (sensitive fields still sealed), in one read transaction,
 * written as JSON with a MAC (HMAC-SHA256 under the index key) over the whole payload; the main
 * process adds the key set wrapped under the passphrase and saves the file.
 *
 * **Restore** checks the whole file before it touches anything: its form, the passphrase (the main
 * process opens the file's key set with it), the MAC (a damaged or edited file fails), and that
 * every sealed value opens. Only then is every value sealed again under this workstation's keys
 * (a backup from another workstation, or from before a key rotation, comes in just the same) and
 * the data tables replaced in one transaction: either all of the backup is in, or nothing
 * changed. Profiles and the audit log stay with the workstation and are not replaced; the restore
 * itself is audited by the caller.
 *
 * The outbox comes back with the data it describes: its mutations' sealed arguments are opened
 * with the backup's keys and sealed again like the records' fields. A backup made before the
 * outbox held named mutations (database version 9) brings no outbox: its record-level entries
 * never left the workstation and cannot be turned into mutations (the version 9 upgrade drops them
 * too).
 *
 * On a workstation that syncs (issue 15), the restored tables are an older view of the
 * organisation than its pull cursor says: the restore marks the view as restored, and the next
 * pull starts over from a snapshot. The restored outbox is pushed first: ids the server already
 * applied are skipped, a note or reply it already holds is refused as already there, and a change
 * such as tags or risk that reached the server after the backup was made is made again.
 */
import { z } from 'zod';
import {
  backupKeystoreSectionSchema,
  type BackupKeystoreSectionInput,
} from '../../../bridge/schemas/security';
import type { FieldCipher } from '../crypto/field-cipher';
import { isEnvelope, normaliseJetNumber } from '../crypto/field-cipher';
import { resealArguments } from '../crypto/sealed-mutations';
import { SEALED_FIELDS, type SealedTableName } from '../crypto/sealed-records';
import { OUTBOX_MUTATIONS_VERSION, type WorkstationDatabase } from '../database';
import type { OutboxEntry } from '../records';
import { resealArgument } from './resealing';
import { RESTORED_VIEW, SYNCED_VIEW_KEY } from './sync-engine';

export const BACKUP_FORMAT = 'counsellor-workstation.backup';
export const BACKUP_DATA_FORMAT = 'counsellor-workstation.backup-data';

/** The tables a backup holds and a restore replaces. */
export const BACKUP_TABLES = [
  'participants',
  'counsellors',
  'threads',
  'threadSubjects',
  'messages',
  'notes',
  'drafts',
  'templates',
  'availabilityRules',
  'availabilityExceptions',
  'sessions',
  'sessionNotes',
  'claims',
  'outbox',
  'releases',
] as const;

/**
 * Tables a restore adds to instead of replacing: the register of report releases says what left
 * the workstation, which stays true whatever data is restored.
 */
const MERGED_ON_RESTORE: ReadonlySet<string> = new Set(['releases']);

type Loose = Record<string, unknown>;

/** Byte arrays (IVs and ciphertexts) as `{"$b64": "…"}` in JSON. */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) {
    let binary = '';
    for (let i = 0; i < value.length; i += 0x8000)
      binary += String.fromCharCode(...value.subarray(i, i + 0x8000));
    return { $b64: btoa(binary) };
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.keys(value).length === 1 &&
    typeof (value as { $b64?: unknown }).$b64 === 'string'
  ) {
    return Uint8Array.from(atob((value as { $b64: string }).$b64), (c) => c.charCodeAt(0));
  }
  return value;
}

const presentTables = (db: WorkstationDatabase) =>
  BACKUP_TABLES.filter((name) => db.tables.some((t) => t.name === name));

/** The backup's data part: JSON text of `{format, version, payload, mac}`. */
export async function createBackupData(
  db: WorkstationDatabase,
  cipher: FieldCipher,
  nowMs: number,
): Promise<{ data: string; records: number }> {
  const names = presentTables(db);
  // One read transaction: a consistent picture of every table.
  const rows = await db.transaction(
    'r',
    names.map((n) => db.table(n)),
    () => Promise.all(names.map((n) => db.table(n).toArray())),
  );
  const tables: Record<string, unknown[]> = {};
  names.forEach((name, i) => (tables[name] = rows[i]!));
  const payload = JSON.stringify(
    {
      createdAt: new Date(nowMs).toISOString(),
      schemaVersion: db.verno,
      tables,
    },
    replacer,
  );
  const mac = await cipher.blindIndex(payload);
  return {
    data: JSON.stringify({ format: BACKUP_DATA_FORMAT, version: 1, payload, mac }),
    records: rows.reduce((sum, r) => sum + r.length, 0),
  };
}

/** Why a backup file cannot be restored; nothing was changed. */
export class BackupError extends Error {
  constructor(
    readonly code:
      'not-a-backup' | 'damaged' | 'newer-version' | 'does-not-open' | 'wrong-passphrase',
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

const backupFileSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  keystore: backupKeystoreSectionSchema,
  data: z.strictObject({
    format: z.literal(BACKUP_DATA_FORMAT),
    version: z.literal(1),
    payload: z.string(),
    mac: z.string().regex(/^[0-9a-f]{64}$/),
  }),
});

export interface ParsedBackup {
  keystore: BackupKeystoreSectionInput;
  payload: string;
  mac: string;
}

/** Reads a backup file's form (no key needed yet). */
export function parseBackupFile(text: string): ParsedBackup {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError('not-a-backup', 'The file is not a Counsellor Workstation backup.');
  }
  const parsed = backupFileSchema.safeParse(json);
  if (!parsed.success) {
    const format = (json as { format?: unknown } | null)?.format;
    throw new BackupError(
      format === BACKUP_FORMAT ? 'damaged' : 'not-a-backup',
      format === BACKUP_FORMAT
        ? `The backup file is damaged (${parsed.error.issues[0]?.path.join('.') || 'its form'}).`
        : 'The file is not a Counsellor Workstation backup.',
    );
  }
  return {
    keystore: parsed.data.keystore,
    payload: parsed.data.data.payload,
    mac: parsed.data.data.mac,
  };
}

export interface RestoreProgress {
  phase: 'checking' | 'storing';
  done: number;
  total: number;
}

/**
 * Checks the backup with its own keys (MAC, every sealed value), seals everything again under this
 * workstation's keys, then replaces the data tables in one transaction.
 */
/** The tables a person recognises, counted before a restore replaces them. */
export const RESTORE_SUMMARY_TABLES = [
  'participants',
  'threads',
  'messages',
  'sessions',
  'claims',
] as const;
export type RestoreSummaryCounts = Record<(typeof RESTORE_SUMMARY_TABLES)[number], number>;

export interface BackupSummary {
  /** When the backup was made, or null if the file does not say. */
  createdAtMs: number | null;
  counts: RestoreSummaryCounts;
}

/**
 * What a restore would bring, for the person to confirm before anything changes: the backup's
 * date and its counts. Its check (the MAC under the backup's keys) is verified first, so a damaged
 * or changed file is refused here, before the confirmation.
 */
export async function summariseBackup(
  backupKeys: FieldCipher,
  backup: ParsedBackup,
): Promise<BackupSummary> {
  if ((await backupKeys.blindIndex(backup.payload)) !== backup.mac)
    throw new BackupError('damaged', 'The backup file is damaged or was changed: its check fails.');
  const payload = JSON.parse(backup.payload) as {
    createdAt?: unknown;
    tables?: Record<string, unknown>;
  };
  const counted = (name: string) => {
    const rows = payload.tables?.[name];
    return Array.isArray(rows) ? rows.length : 0;
  };
  const at = typeof payload.createdAt === 'string' ? Date.parse(payload.createdAt) : Number.NaN;
  return {
    createdAtMs: Number.isFinite(at) ? at : null,
    counts: Object.fromEntries(
      RESTORE_SUMMARY_TABLES.map((name) => [name, counted(name)]),
    ) as RestoreSummaryCounts,
  };
}

/** The same counts for the data on this workstation now (what a restore would replace). */
export async function currentRestoreCounts(db: WorkstationDatabase): Promise<RestoreSummaryCounts> {
  const counts = await Promise.all(
    RESTORE_SUMMARY_TABLES.map((name) =>
      db.tables.some((t) => t.name === name) ? db.table(name).count() : 0,
    ),
  );
  return Object.fromEntries(
    RESTORE_SUMMARY_TABLES.map((name, i) => [name, counts[i]!]),
  ) as RestoreSummaryCounts;
}

export async function restoreBackup(
  db: WorkstationDatabase,
  current: FieldCipher,
  backupKeys: FieldCipher,
  backup: ParsedBackup,
  onProgress?: (p: RestoreProgress) => void,
): Promise<{ records: number }> {
  if ((await backupKeys.blindIndex(backup.payload)) !== backup.mac)
    throw new BackupError('damaged', 'The backup file is damaged or was changed: its check fails.');
  const payload = JSON.parse(backup.payload, reviver) as {
    schemaVersion: number;
    tables: Record<string, Loose[]>;
  };
  if (payload.schemaVersion > db.verno)
    throw new BackupError(
      'newer-version',
      `The backup was made by a newer version of the app (database ${payload.schemaVersion}).`,
    );
  const names = presentTables(db);
  const total = names.reduce((sum, n) => sum + (payload.tables[n]?.length ?? 0), 0);
  let done = 0;
  const resealed: Record<string, Loose[]> = {};
  for (const name of names) {
    const records = payload.tables[name] ?? [];
    if (!Array.isArray(records))
      throw new BackupError('damaged', `The backup file is damaged (${name}).`);
    const spec = (SEALED_FIELDS as Record<string, { key: string; fields: readonly string[] }>)[
      name
    ];
    const out: Loose[] = [];
    for (const record of records) {
      if (name === 'outbox') {
        if (payload.schemaVersion >= OUTBOX_MUTATIONS_VERSION)
          out.push(await resealMutation(record, backupKeys, current));
      } else if (spec === undefined) {
        out.push(record);
      } else {
        out.push(await reseal(name as SealedTableName, spec, record, backupKeys, current));
      }
      done += 1;
      if (done % 200 === 0) onProgress?.({ phase: 'checking', done, total });
    }
    resealed[name] = out;
  }
  onProgress?.({ phase: 'storing', done: total, total });
  await db.transaction('rw', [...names.map((n) => db.table(n)), db.meta], async () => {
    // A workstation that syncs: the restored tables are older than its cursor says, so its next
    // pull (whoever signs in) starts over from a snapshot, with the restored outbox on top.
    if ((await db.meta.get(SYNCED_VIEW_KEY)) !== undefined)
      await db.meta.put({ key: SYNCED_VIEW_KEY, value: RESTORED_VIEW });
    for (const name of names) {
      if (MERGED_ON_RESTORE.has(name)) {
        await db.table(name).bulkPut(resealed[name]!);
        continue;
      }
      await db.table(name).clear();
      await db.table(name).bulkAdd(resealed[name]!);
    }
  });
  return { records: total };
}

/** An outbox entry of the backup with its sealed arguments sealed again under `to`. */
async function resealMutation(record: Loose, from: FieldCipher, to: FieldCipher): Promise<Loose> {
  const entry = record as unknown as OutboxEntry;
  if (typeof entry.name !== 'string')
    throw new BackupError('damaged', 'The backup file is damaged (outbox).');
  const resealed = await resealArguments(entry, async (value) => {
    try {
      return await resealArgument(from, to, value);
    } catch {
      const { table, id, field } = value.place;
      throw new BackupError(
        'does-not-open',
        `A value in the backup does not open (outbox ${table} ${id} ${field}): the file was changed.`,
      );
    }
  });
  return resealed as unknown as Loose;
}

async function reseal(
  table: SealedTableName,
  spec: { key: string; fields: readonly string[] },
  record: Loose,
  from: FieldCipher,
  to: FieldCipher,
): Promise<Loose> {
  const id = String(record[spec.key]);
  const out: Loose = { ...record };
  for (const field of spec.fields) {
    const value = record[field];
    if (value === undefined || value === null) continue;
    if (!isEnvelope(value))
      throw new BackupError('damaged', `The backup file is damaged (${table} ${id} ${field}).`);
    let text: string;
    try {
      text = await from.open(value, { table, id, field });
    } catch {
      throw new BackupError(
        'does-not-open',
        `A value in the backup does not open (${table} ${id} ${field}): the file was changed.`,
      );
    }
    out[field] = await to.seal(text, { table, id, field });
    if (table === 'participants' && field === 'jetNumber')
      out.jetIndex = await to.blindIndex(normaliseJetNumber(text));
  }
  if (table === 'participants' && record.jetNumber === null) out.jetIndex = null;
  return out;
}
