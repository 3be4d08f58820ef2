import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../../src/domain/settings/organisation-settings';
import { createLogger } from '../../../../src/main/services/logger';
import { createSettingsStore, SETTINGS_FORMAT } from '../../../../src/main/services/settings-store';

const log = createLogger({ sink: () => undefined });
const fixedNow = () => new Date('2026-11-25T03:00:00Z');
const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'cw-settings-'));

describe('settings store', () => {
  it('starts from the defaults when there is no file, and writes none until a save', async () => {
    const dir = await tempDir();
    const state = await createSettingsStore({ dataDir: dir, log }).load();
    expect(state).toMatchObject({
      source: 'defaults',
      problem: null,
      settings: DEFAULT_ORGANISATION_SETTINGS,
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps saved settings across a restart (a new store on the same folder)', async () => {
    const dir = await tempDir();
    const changed = {
      ...DEFAULT_ORGANISATION_SETTINGS,
      answerDeadlineBusinessDays: 5,
      closures: [{ from: '2026-12-29', to: '2027-01-03', label: 'Year-end closure' }],
    };
    await createSettingsStore({ dataDir: dir, log }).save(changed);
    const reloaded = await createSettingsStore({ dataDir: dir, log }).load();
    expect(reloaded).toMatchObject({ source: 'file', problem: null, settings: changed });
    expect(await readdir(dir)).toEqual(['settings.json']); // no temporary file left behind
  });

  it('refuses invalid settings on save and leaves the stored file as it was', async () => {
    const dir = await tempDir();
    const store = createSettingsStore({ dataDir: dir, log });
    await store.save(DEFAULT_ORGANISATION_SETTINGS);
    const before = await readFile(path.join(dir, 'settings.json'), 'utf8');
    await expect(
      store.save({ ...DEFAULT_ORGANISATION_SETTINGS, sessionBufferMinutes: -5 }),
    ).rejects.toThrow();
    expect(await readFile(path.join(dir, 'settings.json'), 'utf8')).toBe(before);
  });

  it('keeps a backup of a file that is not JSON, says where it broke, and does not overwrite it', async () => {
    const dir = await tempDir();
    const bad = '{\n  "format": "counsellor-workstation.settings",\n  "version": 1,\n  oops\n}\n';
    await writeFile(path.join(dir, 'settings.json'), bad);
    const state = await createSettingsStore({ dataDir: dir, log, now: fixedNow }).load();
    expect(state.source).toBe('defaults');
    expect(state.settings).toEqual(DEFAULT_ORGANISATION_SETTINGS);
    expect(state.problem?.kind).toBe('unreadable');
    expect(state.problem?.message).toMatch(/settings\.json: not valid JSON \(line 4/);
    expect(await readFile(state.problem!.backupFile, 'utf8')).toBe(bad);
    expect(await readFile(path.join(dir, 'settings.json'), 'utf8')).toBe(bad);
  });

  it('keeps a backup of a file that breaks the rules and names the field', async () => {
    const dir = await tempDir();
    const bad = JSON.stringify({
      format: SETTINGS_FORMAT,
      version: 1,
      settings: { ...DEFAULT_ORGANISATION_SETTINGS, reportSuppressionThreshold: 2 },
    });
    await writeFile(path.join(dir, 'settings.json'), bad);
    const store = createSettingsStore({ dataDir: dir, log, now: fixedNow });
    const state = await store.load();
    expect(state.problem).toMatchObject({ kind: 'invalid' });
    expect(state.problem?.message).toContain(
      'settings.reportSuppressionThreshold: must be at least 5',
    );
    expect(await readFile(state.problem!.backupFile, 'utf8')).toBe(bad);
    // A save afterwards replaces the bad file; the backup stays.
    await store.save(DEFAULT_ORGANISATION_SETTINGS);
    expect((await store.load()).problem).toBeNull();
    expect(await readFile(state.problem!.backupFile, 'utf8')).toBe(bad);
  });

  it('reports a document of another format or version instead of guessing', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'settings.json'),
      JSON.stringify({ format: SETTINGS_FORMAT, version: 99, settings: {} }),
    );
    const state = await createSettingsStore({ dataDir: dir, log, now: fixedNow }).load();
    expect(state.problem?.message).toMatch(/"version" 99 is not one this app reads/);
  });
});
