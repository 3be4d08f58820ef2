import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkKeyStorePresent,
  chooseOrigin,
  EMPTY_RECORD,
  FOLDER_RECORD_FILE,
  FolderRefusal,
  readFolderRecord,
  writeFolderRecord,
  type FolderRecord,
} from '../../../src/host/data-folder';

const folder = () => mkdtempSync(path.join(os.tmpdir(), 'cw-folder-'));
const withPort = (port: number | null): FolderRecord => ({ ...EMPTY_RECORD, port });

describe('the data folder remembers its origin', () => {
  it('a first start takes the port asked for, or 5199', () => {
    expect(chooseOrigin(EMPTY_RECORD, null, false).port).toBe(5199);
    expect(chooseOrigin(EMPTY_RECORD, 0, false).port).toBe(0);
    expect(chooseOrigin(EMPTY_RECORD, 6001, false).port).toBe(6001);
  });

  it('a later start reuses the remembered port: no --port, --port 0 or the same port', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), (remembered) => {
        for (const asked of [null, 0, remembered])
          expect(chooseOrigin(withPort(remembered), asked, false).port).toBe(remembered);
      }),
    );
  });

  it('another port is refused, naming the folder port and what to do', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 65535 }),
        fc.integer({ min: 1, max: 65535 }),
        (remembered, asked) => {
          fc.pre(asked !== remembered);
          let refusal: unknown;
          try {
            chooseOrigin(withPort(remembered), asked, false);
          } catch (error) {
            refusal = error;
          }
          expect(refusal).toBeInstanceOf(FolderRefusal);
          const message = (refusal as Error).message;
          expect(message).toContain(`port ${remembered}`);
          expect(message).toContain(`--port ${remembered}`);
          expect(message).toContain('--new-origin');
        },
      ),
    );
  });

  it('--new-origin starts on the port asked (or any free one) and forgets the demo', () => {
    const record = { ...withPort(5199), keys: true, demoSeededAt: '2026-11-30T01:00:00.000Z' };
    expect(chooseOrigin(record, 6002, true)).toEqual({
      port: 6002,
      record: { ...record, port: null, demoSeededAt: null },
    });
    expect(chooseOrigin(record, null, true).port).toBe(0);
    expect(() => chooseOrigin(record, 5199, true)).toThrow(/another --port/);
  });
});

describe('the folder record on disk', () => {
  it('is absent on a new folder, and written whole', () => {
    const dir = folder();
    expect(readFolderRecord(dir)).toEqual(EMPTY_RECORD);
    const record = { ...withPort(6003), keys: true };
    writeFolderRecord(dir, record);
    expect(readFolderRecord(dir)).toEqual(record);
    expect(existsSync(path.join(dir, `${FOLDER_RECORD_FILE}.tmp`))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(dir, FOLDER_RECORD_FILE), 'utf8'))).toMatchObject({
      port: 6003,
    });
  });

  it('a damaged record refuses to start and says what to do', () => {
    const dir = folder();
    writeFileSync(path.join(dir, FOLDER_RECORD_FILE), '{"port": "x"');
    expect(() => readFolderRecord(dir)).toThrow(FolderRefusal);
    expect(() => readFolderRecord(dir)).toThrow(/browser-host\.json is damaged.*restore it/);
  });
});

describe('a folder that had keys and lost its key store', () => {
  it('refuses to start, naming the file to restore', () => {
    const dir = folder();
    const record = { ...withPort(6004), keys: true };
    expect(() => checkKeyStorePresent(dir, record, 'keystore.json', false)).toThrow(
      /keystore\.json is missing.*Restore keystore\.json into/,
    );
  });

  it('starts when the key store is there, when it never had keys, or with --new-origin', () => {
    const dir = folder();
    expect(() => checkKeyStorePresent(dir, withPort(1), 'keystore.json', false)).not.toThrow();
    const record = { ...withPort(6004), keys: true };
    expect(() => checkKeyStorePresent(dir, record, 'keystore.json', true)).not.toThrow();
    writeFileSync(path.join(dir, 'keystore.json'), '{}');
    expect(() => checkKeyStorePresent(dir, record, 'keystore.json', false)).not.toThrow();
  });
});
