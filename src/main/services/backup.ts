/**
 * Encrypted backups (issue 7). The page hands over its data exactly as stored, still sealed field
 * by field, with a MAC under its index key; this adds the key set wrapped under the workstation
 * passphrase (never the copy sealed by the operating system's store, which only opens on this
 * computer) and saves the file like an export: where the person chooses (Electron), or in the
 * data folder's `exports/` (browser host). The file therefore opens with the passphrase alone, on
 * this or another workstation, and is useless without it.
 *
 * Restoring happens in the page, which checks the whole file before it touches anything.
 */
import type { z } from 'zod';
import type { ExportSaveOutput } from '../../bridge/schemas/exports';
import type { backupSaveInputSchema } from '../../bridge/schemas/security';
import { BridgeFailure } from '../../bridge/errors';
import type { ExportFiles } from './export-files';
import type { KeyStore } from './key-store';
import type { OffLoopRunner } from './off-loop';

export const BACKUP_FORMAT = 'counsellor-workstation.backup';
export const BACKUP_DATA_FORMAT = 'counsellor-workstation.backup-data';

/** How long checking and writing a backup may take (in a worker). */
export const BACKUP_TIME_LIMIT_MS = 120_000;

export async function saveBackup(
  context: { keyStore: KeyStore; exports: ExportFiles; offLoop: OffLoopRunner },
  input: z.infer<typeof backupSaveInputSchema>,
): Promise<ExportSaveOutput> {
  // Asked first, thrown after the data's own problems (those are said first).
  const keystore = await context.keyStore.backupSection().then(
    (section) => ({ ok: true as const, section }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  // Checked (one JSON value, never built into records) and put together in a worker: a backup of
  // hundreds of megabytes neither holds the event loop nor takes its size many times over.
  const result = await context.offLoop.run(
    { kind: 'backup-file', data: input.data, keystore: keystore.ok ? keystore.section : null },
    { timeoutMs: BACKUP_TIME_LIMIT_MS },
  );
  if (!result.ok) {
    switch (result.reason) {
      case 'not-json':
        throw new BridgeFailure(
          'invalid-input',
          `The backup data is not JSON (${result.detail ?? 'damaged'}).`,
          ['data'],
        );
      case 'not-backup':
        throw new BridgeFailure('invalid-input', `The backup data is not ${BACKUP_DATA_FORMAT}.`, [
          'data',
        ]);
      case 'busy':
        throw new BridgeFailure(
          'failed',
          'The backup was not saved: another large file is being written. Try again when it is done.',
        );
      case 'timeout':
        throw new BridgeFailure(
          'failed',
          `The backup was not saved: writing it took longer than ${BACKUP_TIME_LIMIT_MS / 1000} s.`,
        );
      default:
        throw new BridgeFailure('failed', 'The backup was not saved: making the file failed.');
    }
  }
  if (!keystore.ok) throw keystore.error;
  if (!('bytes' in result)) throw new BridgeFailure('failed', 'The backup was not saved.');
  return context.exports.save({
    kind: 'backup',
    suggestedName: input.suggestedName,
    bytes: result.bytes,
  });
}
