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

export const BACKUP_FORMAT = 'counsellor-workstation.backup';
export const BACKUP_DATA_FORMAT = 'counsellor-workstation.backup-data';

export async function saveBackup(
  context: { keyStore: KeyStore; exports: ExportFiles },
  input: z.infer<typeof backupSaveInputSchema>,
): Promise<ExportSaveOutput> {
  let data: unknown;
  try {
    data = JSON.parse(input.data);
  } catch {
    throw new BridgeFailure('invalid-input', 'The backup data is not JSON.', ['data']);
  }
  if (
    typeof data !== 'object' ||
    data === null ||
    (data as { format?: unknown }).format !== BACKUP_DATA_FORMAT
  ) {
    throw new BridgeFailure('invalid-input', `The backup data is not ${BACKUP_DATA_FORMAT}.`, [
      'data',
    ]);
  }
  const keystore = await context.keyStore.backupSection();
  // The data is spliced in as it came: it is large, and its MAC covers its own text.
  const text = `{"format":"${BACKUP_FORMAT}","version":1,"keystore":${JSON.stringify(keystore)},"data":${input.data}}\n`;
  return context.exports.save({
    kind: 'backup',
    suggestedName: input.suggestedName,
    bytes: new TextEncoder().encode(text),
  });
}
