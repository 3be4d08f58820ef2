/**
 * Issue 12.5: bad files and full disks. An unreadable settings.json is set aside (or the problem
 * says what to fix) and the defaults are used; a full disk or a read-only folder gives an error
 * naming the file and why, logs a code, and leaves no empty, cut or temporary file behind. Faults
 * are injected through node:fs/promises, the interface the services use (the tests run as root
 * here, where a chmod-ed folder is still writable).
 */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import type * as FsPromises from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../../src/domain/settings/organisation-settings';
import {
  createExportFiles,
  exportsFolderDestination,
} from '../../../../src/main/services/export-files';
import { createLogger } from '../../../../src/main/services/logger';
import { createSettingsStore } from '../../../../src/main/services/settings-store';

const faults = vi.hoisted(() => ({
  /** Error code for the next readFile / rename / open / write, or null. */
  readFile: null as string | null,
  rename: null as string | null,
  open: null as string | null,
  write: null as string | null,
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const fail = (code: string) => Object.assign(new Error(`${code}: injected`), { code });
  return {
    ...real,
    readFile: ((...args: Parameters<typeof real.readFile>) =>
      faults.readFile
        ? Promise.reject(fail(faults.readFile))
        : real.readFile(...args)) as typeof real.readFile,
    rename: ((...args: Parameters<typeof real.rename>) =>
      faults.rename
        ? Promise.reject(fail(faults.rename))
        : real.rename(...args)) as typeof real.rename,
    open: (async (...args: Parameters<typeof real.open>) => {
      if (faults.open) throw fail(faults.open);
      const handle = await real.open(...args);
      const code = faults.write;
      if (code === null) return handle;
      // The disk fills up part way: some bytes are written, then the write fails.
      return new Proxy(handle, {
        get(target, key) {
          if (key === 'writeFile')
            return async (data: string | Uint8Array) => {
              await target.writeFile(
                typeof data === 'string' ? data.slice(0, 3) : data.subarray(0, 3),
              );
              throw fail(code);
            };
          const value = Reflect.get(target, key) as unknown;
          return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
        },
      });
    }) as typeof real.open,
  };
});

afterEach(() => {
  faults.readFile = faults.rename = faults.open = faults.write = null;
});

function recordingLog() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { log, lines };
}
const now = () => new Date('2026-11-25T03:00:00Z');
const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'cw-disk-'));

describe('an unreadable settings.json (issue 12.5)', () => {
  it('a folder where the file should be: set aside, defaults used, an error code logged', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'settings.json'));
    const { log, lines } = recordingLog();
    const store = createSettingsStore({ dataDir: dir, log, now });
    const state = await store.load();
    expect(state.settings).toEqual(DEFAULT_ORGANISATION_SETTINGS);
    expect(state.source).toBe('defaults');
    expect(state.problem?.kind).toBe('unreadable');
    expect(state.problem?.message).toContain('settings.json cannot be read (EISDIR');
    expect(state.problem?.backupFile).toMatch(/settings\.json\.unusable-/);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        event: 'settings.unreadable-file-set-aside',
        code: 'EISDIR',
      }),
    );
    // The place is free again: a save works.
    await store.save(DEFAULT_ORGANISATION_SETTINGS);
    expect(JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'))).toHaveProperty(
      'settings',
    );
  });

  it('permission denied: moved aside; if it cannot be moved either, says exactly what to fix', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), '{}');
    faults.readFile = 'EACCES';
    const first = await createSettingsStore({ dataDir: dir, log: recordingLog().log, now }).load();
    expect(first.problem?.message).toContain('permission denied');
    expect((await readdir(dir)).sort()).toEqual([
      'settings.json.unusable-2026-11-25T03-00-00-000Z',
    ]);

    await writeFile(path.join(dir, 'settings.json'), '{}');
    faults.rename = 'EACCES';
    const { log, lines } = recordingLog();
    const second = await createSettingsStore({ dataDir: dir, log, now }).load();
    expect(second.settings).toEqual(DEFAULT_ORGANISATION_SETTINGS);
    expect(second.problem?.message).toContain(
      `To fix: give this account read and write access to ${path.join(dir, 'settings.json')}`,
    );
    expect(lines.map((l) => [l.event, l.code])).toEqual([
      ['settings.unreadable-file', 'EACCES'],
      ['settings.set-aside-failed', 'EACCES'],
    ]);
  });
});

describe('a full disk or a read-only folder (issue 12.5)', () => {
  it('saving settings on a full disk: which file and why, the old file kept, no *.tmp left', async () => {
    const dir = await tempDir();
    const { log, lines } = recordingLog();
    const store = createSettingsStore({ dataDir: dir, log, now });
    await store.save(DEFAULT_ORGANISATION_SETTINGS);
    const before = await readFile(path.join(dir, 'settings.json'), 'utf8');
    faults.write = 'ENOSPC';
    await expect(
      store.save({ ...DEFAULT_ORGANISATION_SETTINGS, lockAfterIdleMinutes: 5 }),
    ).rejects.toThrow(
      `${path.join(dir, 'settings.json')} could not be written (ENOSPC: the disk is full)`,
    );
    expect(await readdir(dir)).toEqual(['settings.json']);
    expect(await readFile(path.join(dir, 'settings.json'), 'utf8')).toBe(before);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'error', event: 'settings.save-failed', code: 'ENOSPC' }),
    );
  });

  it('an export or backup on a full disk leaves no empty or cut file, and names it', async () => {
    const dir = await tempDir();
    const { log, lines } = recordingLog();
    const files = createExportFiles({ chooseDestination: exportsFolderDestination(dir), log });
    faults.write = 'ENOSPC';
    await expect(
      files.save({ kind: 'backup', suggestedName: 'b.cwbackup', bytes: new Uint8Array(1000) }),
    ).rejects.toThrow(`${path.join(dir, 'exports', 'b.cwbackup')} could not be written (ENOSPC`);
    expect(await readdir(path.join(dir, 'exports'))).toEqual([]);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'error', event: 'export.save-failed', code: 'ENOSPC' }),
    );
  });

  it('a read-only folder: the export names the file and the reason; nothing is left', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'exports'));
    const { log, lines } = recordingLog();
    const files = createExportFiles({ chooseDestination: exportsFolderDestination(dir), log });
    faults.open = 'EROFS';
    await expect(files.save({ kind: 'csv', suggestedName: 's.csv', text: 'a\n' })).rejects.toThrow(
      'could not be written (EROFS: the disk is read-only)',
    );
    faults.open = 'EACCES';
    await expect(
      createSettingsStore({ dataDir: dir, log, now }).save(DEFAULT_ORGANISATION_SETTINGS),
    ).rejects.toThrow(
      `${path.join(dir, 'settings.json')} could not be written (EACCES: permission denied)`,
    );
    expect((await readdir(dir)).sort()).toEqual(['exports']);
    expect(await readdir(path.join(dir, 'exports'))).toEqual([]);
    expect(lines.filter((l) => l.level === 'error').map((l) => l.code)).toEqual([
      'EROFS',
      'EACCES',
    ]);
  });
});
