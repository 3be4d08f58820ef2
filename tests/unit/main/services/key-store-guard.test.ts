import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  KEYS_MADE_FILE,
  keyStoreLoss,
  keyStoreLossDialog,
  readKeysMade,
  recordKeysMade,
} from '../../../../src/main/services/key-store-guard';

const folder = () => mkdtempSync(path.join(os.tmpdir(), 'cw-guard-'));

describe('the key store guard both hosts ask', () => {
  it('a loss is keys made and keystore.json gone; nothing else is', () => {
    const dir = folder();
    expect(keyStoreLoss(dir, false)).toBeNull();
    expect(keyStoreLoss(dir, true)).toEqual({
      dataDir: dir,
      keyStoreFile: 'keystore.json',
      file: path.join(dir, 'keystore.json'),
    });
    writeFileSync(path.join(dir, 'keystore.json'), '{}');
    expect(keyStoreLoss(dir, true)).toBeNull();
  });

  it('keys-made.json: absent is "never made"; written, or there but damaged, is "made"', () => {
    const dir = folder();
    expect(readKeysMade(dir)).toBe(false);
    recordKeysMade(dir);
    expect(readKeysMade(dir)).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, KEYS_MADE_FILE), 'utf8'))).toEqual({
      format: 'counsellor-workstation.keys-made',
      version: 1,
    });
    writeFileSync(path.join(dir, KEYS_MADE_FILE), 'not json');
    expect(readKeysMade(dir)).toBe(true);
  });

  it('the dialog names the file and the folder, in English and Japanese', () => {
    const loss = { dataDir: '/d/cw', keyStoreFile: 'keystore.json', file: '/d/cw/keystore.json' };
    for (const language of ['en', 'ja'] as const) {
      const text = keyStoreLossDialog(loss, language);
      expect(text.message).toContain('keystore.json');
      expect(text.detail).toContain('/d/cw');
      expect(text.detail).toContain('.cwbackup');
    }
    expect(keyStoreLossDialog(loss, 'ja').detail).toMatch(/[ぁ-ん]/);
  });
});
