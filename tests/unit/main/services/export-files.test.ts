import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createExportFiles,
  exportsFolderDestination,
} from '../../../../src/main/services/export-files';
import { createLogger } from '../../../../src/main/services/logger';

const log = createLogger({ sink: () => undefined });

describe('export files', () => {
  it('writes into the data folder exports/ and never replaces an earlier export', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-exports-'));
    const files = createExportFiles({ chooseDestination: exportsFolderDestination(dataDir), log });
    const first = await files.save({ kind: 'csv', suggestedName: 'sessions.csv', text: 'a,b\n' });
    const second = await files.save({ kind: 'csv', suggestedName: 'sessions.csv', text: 'c,d\n' });
    expect(first).toEqual({
      saved: true,
      path: path.join(dataDir, 'exports', 'sessions.csv'),
      bytes: 4,
    });
    expect(second.saved && second.path).toBe(path.join(dataDir, 'exports', 'sessions (2).csv'));
    expect(await readFile(path.join(dataDir, 'exports', 'sessions.csv'), 'utf8')).toBe('a,b\n');
    expect(await readFile(path.join(dataDir, 'exports', 'sessions (2).csv'), 'utf8')).toBe('c,d\n');
  });

  it('saves bytes as they are, and never over a text export of the same name', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-exports-'));
    const files = createExportFiles({ chooseDestination: exportsFolderDestination(dataDir), log });
    await files.save({ kind: 'csv', suggestedName: 'report.pdf', text: 'first' });
    // A view into a larger buffer: only its own bytes are written.
    const backing = new Uint8Array([0xff, 0x25, 0x50, 0x44, 0x46, 0x00, 0xfe]);
    const saved = await files.save({
      kind: 'pdf',
      suggestedName: 'report.pdf',
      bytes: backing.subarray(1, 6),
    });
    expect(saved).toEqual({
      saved: true,
      path: path.join(dataDir, 'exports', 'report (2).pdf'),
      bytes: 5,
    });
    expect(await readFile(path.join(dataDir, 'exports', 'report.pdf'), 'utf8')).toBe('first');
    expect([...(await readFile(path.join(dataDir, 'exports', 'report (2).pdf')))]).toEqual([
      0x25, 0x50, 0x44, 0x46, 0x00,
    ]);
  });

  it('saves nothing when the person cancels the dialog', async () => {
    const files = createExportFiles({ chooseDestination: async () => null, log });
    expect(await files.save({ kind: 'csv', suggestedName: 'x.csv', text: 'x' })).toEqual({
      saved: false,
    });
  });

  it('keeps a suggested name inside the exports folder', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-exports-'));
    const destination = await exportsFolderDestination(dataDir)('../../etc/passwd');
    expect(destination).toBe(path.join(dataDir, 'exports', 'passwd'));
  });
});
