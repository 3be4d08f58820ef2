/**
 * Electron's safeStorage as the key store's OS protector: DPAPI on Windows, Keychain on macOS, a
 * secret service on Linux. Linux's `basic_text` backend encrypts with a hard-coded password, which
 * is no protection: there (and wherever safeStorage is unavailable) the app uses the passphrase
 * only. The asynchronous API is used (the synchronous one is deprecated in Electron 45).
 */
import type { SafeStorage } from 'electron';
import type { Logger } from '../services/logger';
import type { OsKeyProtector } from '../services/key-store';

export function osKeyProtector(safeStorage: SafeStorage, log: Logger): OsKeyProtector {
  let checked: Promise<boolean> | null = null;
  const available = () => {
    checked ??= (async () => {
      if (
        process.platform === 'linux' &&
        safeStorage.getSelectedStorageBackend() === 'basic_text'
      ) {
        log.info('keystore.os-store-weak', { backend: 'basic_text' });
        return false;
      }
      return safeStorage.isAsyncEncryptionAvailable();
    })();
    return checked;
  };
  return {
    available,
    seal: (text) => safeStorage.encryptStringAsync(text),
    open: async (sealed) => (await safeStorage.decryptStringAsync(sealed)).result,
  };
}
