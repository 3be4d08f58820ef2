/**
 * The workstation's whole-data operations, as one repository built where the database is opened
 * (app/database.tsx): importing a dataset and finishing one cut short, backing up and restoring,
 * rotating the data key, and the masked JET numbers the audit log names participants by. Screens
 * call these; they never hold the database itself (DESIGN.md, "The renderer's data layer").
 */
import type { DatasetChecked, KnownRecords } from '../../../domain/dataset/validate';
import { maskJetNumber } from '../../../domain/privacy/jet-number';
import { openReadable } from '../crypto/sealed-records';
import type { FieldCipher } from '../crypto/field-cipher';
import type { WorkstationDatabase } from '../database';
import {
  createBackupData,
  currentRestoreCounts,
  restoreBackup,
  type ParsedBackup,
  type RestoreProgress,
  type RestoreSummaryCounts,
} from './backup';
import {
  finishInterruptedImport,
  importCheckedDataset,
  knownRecords,
  type ImportReport,
  type InterruptedImport,
} from './import';
import { rotateDataKey, rotationPending, type RotationKeyStore } from './rotation';
import { SYNCED_TABLES } from '../../../sync/records';
import { LOCAL_SYNCED_TABLES } from './changes';

type ImportOptions = Parameters<typeof importCheckedDataset>[3];
type RotationOptions<Keys> = Parameters<typeof rotateDataKey<Keys>>[3];

export interface MaintenanceRepository {
  /** The ids and content marks of what is stored, for checking a file against (import). */
  knownRecords(): Promise<KnownRecords>;
  /** Stores a checked dataset (the valid records), journalled when `onStart` is given. */
  importChecked(checked: DatasetChecked, options: ImportOptions): Promise<ImportReport>;
  /**
   * Finishes an import cut short, from the records it stored; null when none was pending. One
   * finishing runs at a time: a call made while one runs gets its promise, and only the first
   * call's `onFinished` (the audit entry) runs, before the promise settles.
   */
  finishInterruptedImport(
    nowMs: number,
    onFinished: (finished: InterruptedImport) => Promise<void>,
  ): Promise<InterruptedImport | null>;
  /** The backup's data (sealed as stored) and how many records it holds. */
  createBackup(nowMs: number): ReturnType<typeof createBackupData>;
  /** What a restore would replace: the counts of the data here now. */
  restoreCounts(): Promise<RestoreSummaryCounts>;
  /**
   * Records of the tables that sync that only this workstation can open: a sealed field under one
   * of its own keys (records pulled from the organisation are under keys it does not hold until it
   * joins). Joining the organisation's keys is refused while there are any (EnrolmentPanel).
   */
  ownSyncedRecords(): Promise<number>;
  /** Replaces all data with the backup's (opened with its keys, sealed again with the current). */
  restore(
    backupKeys: FieldCipher,
    backup: ParsedBackup,
    onProgress?: (p: RestoreProgress) => void,
  ): Promise<{ records: number }>;
  /** A key rotation was started and not finished. */
  rotationPending(): Promise<boolean>;
  rotateDataKey<Keys>(
    keyStore: RotationKeyStore<Keys>,
    passphrase: string,
    options: RotationOptions<Keys>,
  ): ReturnType<typeof rotateDataKey<Keys>>;
  /** Participants' masked JET numbers by id (null: none on file); unknown ids are left out. */
  jetNumberMasks(ids: readonly string[]): Promise<Map<string, string | null>>;
}

export function createMaintenanceRepository(
  db: WorkstationDatabase,
  cipher: FieldCipher,
): MaintenanceRepository {
  let finishing: Promise<InterruptedImport | null> | null = null;
  return {
    knownRecords: () => knownRecords(db),
    importChecked: (checked, options) => importCheckedDataset(db, cipher, checked, options),
    finishInterruptedImport(nowMs, onFinished) {
      // One finishing at a time (React may run the effect that asks for it twice).
      finishing ??= finishInterruptedImport(db, cipher, nowMs)
        .then(async (finished) => {
          if (finished !== null) await onFinished(finished);
          return finished;
        })
        .finally(() => {
          finishing = null;
        });
      return finishing;
    },
    createBackup: (nowMs) => createBackupData(db, cipher, nowMs),
    restoreCounts: () => currentRestoreCounts(db),
    async ownSyncedRecords() {
      let own = 0;
      for (const table of LOCAL_SYNCED_TABLES) {
        const sealed = SYNCED_TABLES[table].sealed as readonly string[];
        // A table with nothing sealed holds nothing the organisation could not read.
        if (sealed.length === 0) continue;
        await db.table(table).each((record: Record<string, unknown>) => {
          const field = table === 'threadSubjects' ? ['subject'] : sealed;
          if (
            field.some((name) => {
              const value = record[name] as { kid?: unknown } | null | undefined;
              return typeof value?.kid === 'string' && cipher.hasKey(value.kid);
            })
          )
            own += 1;
        });
      }
      return own;
    },
    restore: (backupKeys, backup, onProgress) =>
      restoreBackup(db, cipher, backupKeys, backup, onProgress),
    rotationPending: () => rotationPending(db),
    rotateDataKey: (keyStore, passphrase, options) =>
      rotateDataKey(db, keyStore, passphrase, options),
    async jetNumberMasks(ids) {
      const stored = (await db.participants.bulkGet([...ids])).filter((p) => p !== undefined);
      const { records } = await Promise.resolve(openReadable(cipher, 'participants', stored));
      return new Map(records.map((p) => [p.id, p.jetNumber ? maskJetNumber(p.jetNumber) : null]));
    },
  };
}
