/**
 * A data folder whose data was sealed under keys and that lost its key store (`keystore.json`)
 * must not start: new keys would be made silently, nothing already stored would open again, and
 * whatever is written then would be sealed under the wrong key, so the folder stays broken even
 * after the old key store is put back. Both hosts ask this module: the browser host (which
 * remembers that keys were made in `browser-host.json`) and the Electron main process (which
 * remembers it in `keys-made.json`, written here).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { KEY_STORE_FILE_NAME } from './key-store';

/** The Electron data folder's record that keys were made in it. */
export const KEYS_MADE_FILE = 'keys-made.json';
const KEYS_MADE_FORMAT = 'counsellor-workstation.keys-made';

const keysMadeSchema = z.strictObject({
  format: z.literal(KEYS_MADE_FORMAT),
  version: z.literal(1),
});

export interface KeyStoreLoss {
  /** The data folder. */
  dataDir: string;
  /** The key store's file name (keystore.json). */
  keyStoreFile: string;
  /** Its full path. */
  file: string;
}

/**
 * The loss to refuse, or null to go on: keys were made in `dataDir` and their file is gone.
 * A folder where no keys were ever made starts (and makes them when the passphrase is set).
 */
export function keyStoreLoss(
  dataDir: string,
  keysWereMade: boolean,
  keyStoreFile: string = KEY_STORE_FILE_NAME,
): KeyStoreLoss | null {
  if (!keysWereMade) return null;
  const file = path.join(dataDir, keyStoreFile);
  if (existsSync(file)) return null;
  return { dataDir, keyStoreFile, file };
}

/**
 * Whether `keys-made.json` says keys were made in `dataDir`. A record that is there but cannot
 * be read or is damaged counts as "made": refusing to start is the safe side (the dialog says
 * what to restore), making new keys over sealed data is not.
 */
export function readKeysMade(dataDir: string): boolean {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, KEYS_MADE_FILE), 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  try {
    keysMadeSchema.parse(JSON.parse(text));
  } catch {
    // Damaged: still evidence that keys were made.
  }
  return true;
}

/** Writes `keys-made.json` whole (a temporary file renamed over it). */
export function recordKeysMade(dataDir: string): void {
  const file = path.join(dataDir, KEYS_MADE_FILE);
  const temporary = `${file}.tmp`;
  writeFileSync(
    temporary,
    `${JSON.stringify(keysMadeSchema.parse({ format: KEYS_MADE_FORMAT, version: 1 }))}\n`,
    { mode: 0o600 },
  );
  renameSync(temporary, file);
}

export interface KeyStoreLossDialog {
  title: string;
  message: string;
  detail: string;
}

/** What the Electron app says (in an error dialog) before it quits on a lost key store. */
export function keyStoreLossDialog(loss: KeyStoreLoss, language: 'en' | 'ja'): KeyStoreLossDialog {
  const { dataDir, keyStoreFile } = loss;
  if (language === 'ja')
    return {
      title: '鍵ストアが見つかりません',
      message: `データフォルダーに ${keyStoreFile} がないため、Counsellor Workstation を起動できません。`,
      detail:
        `${dataDir} に保存されているデータは、このファイルに入っていた鍵で暗号化されています。` +
        `新しい鍵を作っても保存済みのデータは開けず、その後に書き込むデータは誤った鍵で暗号化されてしまいます。` +
        `アプリを終了し、データフォルダーの控えから ${keyStoreFile} を ${dataDir} に戻してから、もう一度起動してください。` +
        `控えがなく、バックアップファイル（.cwbackup）がある場合は、フォルダー ${dataDir} を別の場所に移してから起動し、バックアップを復元してください。` +
        `このフォルダーの内容は何も変更していません。`,
    };
  return {
    title: 'The key store is missing',
    message: `Counsellor Workstation cannot start: ${keyStoreFile} is missing from its data folder.`,
    detail:
      `The data stored in ${dataDir} is sealed under the keys that file held: new keys would ` +
      `open nothing already stored, and whatever is written then would be sealed under the wrong ` +
      `key. Quit, restore ${keyStoreFile} into ${dataDir} from your copy of the data folder, and ` +
      `start again. If you have no copy but have a backup file (.cwbackup): move the folder ` +
      `${dataDir} aside, start again, and restore the backup. Nothing in this folder was changed.`,
  };
}
