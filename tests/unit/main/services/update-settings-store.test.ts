/**
 * The update settings (issue 17 §3): off by default, an https feed with no credentials, written
 * atomically, never turned on by a damaged file; at the bridge readable by anyone and writable only
 * by a supervisor the main process proved, nothing written on a refusal.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { updateSettingsSchema } from '../../../../src/bridge/schemas/updates';
import { createBridgeRouter } from '../../../../src/main/services/bridge-router';
import { createBridgeHandlers } from '../../../../src/main/services/handlers';
import { createKeyStore } from '../../../../src/main/services/key-store';
import { createLogger } from '../../../../src/main/services/logger';
import { createRoleCredentials } from '../../../../src/main/services/role-credentials';
import {
  UPDATE_SETTINGS_FILE_NAME,
  createUpdateSettingsStore,
} from '../../../../src/main/services/update-settings-store';

const FAST = { N: 1024, r: 8, p: 1 };
const TEAM = 'the whole team types this';
const SUPERVISOR = 'only the supervisor knows';
const FEED = 'https://updates.example.org/counsellor-workstation';
const quiet = createLogger({ sink: () => undefined });

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'cw-updates-'));
const fileIn = async (dataDir: string) =>
  (await readdir(dataDir)).includes(UPDATE_SETTINGS_FILE_NAME)
    ? await readFile(path.join(dataDir, UPDATE_SETTINGS_FILE_NAME), 'utf8')
    : null;

describe('update settings validation', () => {
  it.each([
    [{ enabled: true, feedUrl: 'http://updates.example.org/' }, 'must be an https:// URL'],
    [{ enabled: true, feedUrl: 'https://user:secret@updates.example.org/' }, 'user name'],
    [{ enabled: true, feedUrl: 'https://token@updates.example.org/' }, 'user name'],
    [{ enabled: true, feedUrl: 'not a url' }, 'must be an https:// URL'],
    [{ enabled: true, feedUrl: null }, 'without a feed URL'],
    [{ enabled: false, feedUrl: FEED, extra: 1 }, 'extra'],
  ])('refuses %j', (input, message) => {
    const result = updateSettingsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message);
  });

  it('accepts off without a feed, and on with an https feed', () => {
    expect(updateSettingsSchema.parse({ enabled: false, feedUrl: null })).toEqual({
      enabled: false,
      feedUrl: null,
    });
    expect(updateSettingsSchema.parse({ enabled: true, feedUrl: ` ${FEED} ` }).feedUrl).toBe(FEED);
  });

  it('never accepts a feed that is not https or holds credentials (property)', () => {
    fc.assert(
      fc.property(
        fc.webUrl({
          validSchemes: ['http', 'https'],
          authoritySettings: { withUserInfo: true },
        }),
        fc.boolean(),
        (url, enabled) => {
          const parsed = new URL(url);
          const result = updateSettingsSchema.safeParse({ enabled, feedUrl: url });
          if (result.success) {
            expect(parsed.protocol).toBe('https:');
            expect(parsed.username + parsed.password).toBe('');
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('update settings store', () => {
  it('is off by default and writes nothing until a save', async () => {
    const dataDir = await tempDir();
    const store = createUpdateSettingsStore({ dataDir, log: quiet });
    expect(store.current()).toEqual({ enabled: false, feedUrl: null });
    expect(await store.load()).toEqual({
      settings: { enabled: false, feedUrl: null },
      source: 'defaults',
      problem: null,
    });
    expect(await fileIn(dataDir)).toBeNull();
  });

  it('saves atomically and reads the file back in a new store', async () => {
    const dataDir = await tempDir();
    const store = createUpdateSettingsStore({ dataDir, log: quiet });
    await store.save({ enabled: true, feedUrl: FEED });
    expect(store.current()).toEqual({ enabled: true, feedUrl: FEED });
    expect(await readdir(dataDir)).toEqual([UPDATE_SETTINGS_FILE_NAME]);
    const again = createUpdateSettingsStore({ dataDir, log: quiet });
    expect(await again.load()).toMatchObject({
      source: 'file',
      settings: { enabled: true, feedUrl: FEED },
    });
  });

  it('refuses invalid settings and keeps the file as it was', async () => {
    const dataDir = await tempDir();
    const store = createUpdateSettingsStore({ dataDir, log: quiet });
    await store.save({ enabled: false, feedUrl: FEED });
    const before = await fileIn(dataDir);
    await expect(
      store.save({ enabled: true, feedUrl: 'http://plain.example.org/' }),
    ).rejects.toThrow(/https/);
    expect(await fileIn(dataDir)).toBe(before);
    expect(store.current()).toEqual({ enabled: false, feedUrl: FEED });
  });

  it.each([
    ['not JSON', '{ "format": '],
    [
      'an http feed',
      JSON.stringify({
        format: 'counsellor-workstation.updates',
        version: 1,
        savedAt: '2026-12-01T00:00:00.000Z',
        settings: { enabled: true, feedUrl: 'http://plain.example.org/' },
      }),
    ],
  ])(
    'a damaged file (%s) keeps updates off, is reported, and is left as it is',
    async (_, text) => {
      const dataDir = await tempDir();
      await writeFile(path.join(dataDir, UPDATE_SETTINGS_FILE_NAME), text);
      const store = createUpdateSettingsStore({ dataDir, log: quiet });
      const state = await store.load();
      expect(state.settings).toEqual({ enabled: false, feedUrl: null });
      expect(state.problem).toContain(UPDATE_SETTINGS_FILE_NAME);
      expect(await fileIn(dataDir)).toBe(text);
    },
  );
});

async function bridge() {
  const dataDir = await tempDir();
  const keyStore = createKeyStore({ dataDir, log: quiet, scryptParameters: FAST });
  await keyStore.create(TEAM);
  const dispatch = createBridgeRouter(
    createBridgeHandlers({
      appInfo: {
        name: 'Counsellor Workstation',
        version: '0.1.0',
        host: 'electron',
        os: 'linux',
        dataDir,
        pinnedNow: null,
      },
      settings: {} as never,
      updateSettings: createUpdateSettingsStore({ dataDir, log: quiet }),
      holidays: {} as never,
      keyStore,
      auditAnchor: { forgetKey: () => undefined } as never,
      roles: createRoleCredentials({
        dataDir,
        log: quiet,
        verifyPassphrase: (p) => keyStore.verify(p),
        scryptParameters: FAST,
      }),
      exports: {} as never,
    }),
    quiet,
  );
  await dispatch('credential.set', { profileId: 'sup1', credential: SUPERVISOR, passphrase: TEAM });
  const becomeSupervisor = () =>
    dispatch('role.switch', { profileId: 'sup1', role: 'supervisor', secret: SUPERVISOR });
  return { dispatch, dataDir, becomeSupervisor };
}

describe('updates.get / updates.set at the bridge', () => {
  it('lets a counsellor read and refuses a counsellor save, writing nothing', async () => {
    const { dispatch, dataDir } = await bridge();
    expect(await dispatch('updates.get', undefined)).toMatchObject({
      ok: true,
      value: { settings: { enabled: false, feedUrl: null }, source: 'defaults' },
    });
    expect(await dispatch('updates.set', { enabled: true, feedUrl: FEED })).toMatchObject({
      ok: false,
      error: { code: 'forbidden-role' },
    });
    expect(await fileIn(dataDir)).toBeNull();
    expect(await dispatch('updates.get', undefined)).toMatchObject({
      value: { settings: { enabled: false } },
    });
  });

  it('lets a proven supervisor save, refuses a bad feed with its field named, and forgets the role at a lock', async () => {
    const { dispatch, dataDir, becomeSupervisor } = await bridge();
    expect(await becomeSupervisor()).toMatchObject({ ok: true, value: { ok: true } });
    expect(
      await dispatch('updates.set', { enabled: true, feedUrl: 'https://u:p@example.org/' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input', path: ['feedUrl'] } });
    expect(await fileIn(dataDir)).toBeNull();

    expect(await dispatch('updates.set', { enabled: true, feedUrl: FEED })).toMatchObject({
      ok: true,
      value: { settings: { enabled: true, feedUrl: FEED }, source: 'file' },
    });
    const saved = await fileIn(dataDir);
    expect(JSON.parse(saved ?? '{}')).toMatchObject({ settings: { enabled: true, feedUrl: FEED } });

    await dispatch('vault.lock', undefined);
    expect(await dispatch('updates.set', { enabled: false, feedUrl: null })).toMatchObject({
      ok: false,
      error: { code: 'forbidden-role' },
    });
    expect(await fileIn(dataDir)).toBe(saved);
  });
});
