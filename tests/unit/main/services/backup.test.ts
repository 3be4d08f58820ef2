import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOffLoopRunner } from '../../../../src/main/services/off-loop';
import { saveBackup } from '../../../../src/main/services/backup';
import {
  createExportFiles,
  exportsFolderDestination,
} from '../../../../src/main/services/export-files';
import { createKeyStore } from '../../../../src/main/services/key-store';
import { createLogger } from '../../../../src/main/services/logger';

async function setUp() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-backup-'));
  const log = createLogger({ sink: () => undefined });
  const keyStore = createKeyStore({ dataDir, log, scryptParameters: { N: 1024, r: 8, p: 1 } });
  const exports = createExportFiles({ chooseDestination: exportsFolderDestination(dataDir), log });
  return { dataDir, keyStore, exports };
}

const DATA = JSON.stringify({
  format: 'counsellor-workstation.backup-data',
  version: 1,
  payload: '{"tables":{}}',
  mac: 'a'.repeat(64),
});

const offLoop = createOffLoopRunner();

describe('backup files', () => {
  it('adds the wrapped key set (never the OS copy) to the sealed data, and never overwrites', async () => {
    const { dataDir, keyStore, exports } = await setUp();
    await keyStore.create('correct horse battery staple');
    const input = { suggestedName: 'cw.cwbackup', data: DATA };
    const first = await saveBackup({ keyStore, exports, offLoop }, input);
    const second = await saveBackup({ keyStore, exports, offLoop }, input);
    expect(first.saved && second.saved && first.path !== second.path).toBe(true);
    expect(await readdir(path.join(dataDir, 'exports'))).toHaveLength(2);
    const file = JSON.parse(await readFile(first.saved ? first.path : '', 'utf8'));
    expect(file.format).toBe('counsellor-workstation.backup');
    expect(Object.keys(file.keystore).sort()).toEqual(['kdf', 'wrapped']);
    expect(file.data).toEqual(JSON.parse(DATA));
  });

  it('refuses data that is not a backup, and without a passphrase set there is nothing to wrap', async () => {
    const { keyStore, exports } = await setUp();
    await expect(
      saveBackup({ keyStore, exports, offLoop }, { suggestedName: 'x.cwbackup', data: 'not json' }),
    ).rejects.toThrow(/not JSON/);
    await expect(
      saveBackup(
        { keyStore, exports, offLoop },
        { suggestedName: 'x.cwbackup', data: '{"format":"x"}' },
      ),
    ).rejects.toThrow(/backup-data/);
    await expect(
      saveBackup({ keyStore, exports, offLoop }, { suggestedName: 'x.cwbackup', data: DATA }),
    ).rejects.toThrow(/No workstation passphrase/);
  });
});
