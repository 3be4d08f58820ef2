/**
 * The organisation's rules at the bridge (issue 13 item 5): the main process refuses a save unless
 * the role IT proved is supervisor, and refuses out-of-range values, writing nothing either way.
 * Real services over a temporary data folder, through the same router as Electron and the host.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../src/domain/settings/organisation-settings';
import { createBridgeRouter } from '../../../src/main/services/bridge-router';
import { createBridgeHandlers } from '../../../src/main/services/handlers';
import { createHolidaySource } from '../../../src/main/services/holiday-source';
import { createKeyStore } from '../../../src/main/services/key-store';
import { createLogger } from '../../../src/main/services/logger';
import { createRoleCredentials } from '../../../src/main/services/role-credentials';
import { createAuditAnchorStore } from '../../../src/main/services/audit-anchor';
import { SETTINGS_FILE_NAME, createSettingsStore } from '../../../src/main/services/settings-store';

const FAST = { N: 1024, r: 8, p: 1 };
const TEAM = 'the whole team types this';
const SUPERVISOR = 'only the supervisor knows';
const quiet = createLogger({ sink: () => undefined });

async function setUp() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-settings-roles-'));
  const keyStore = createKeyStore({ dataDir, log: quiet, scryptParameters: FAST });
  await keyStore.create(TEAM);
  const dispatch = createBridgeRouter(
    createBridgeHandlers({
      appInfo: {
        name: 'Counsellor Workstation',
        version: '0.1.0',
        host: 'browser-host',
        os: 'linux',
        dataDir,
        pinnedNow: null,
      },
      settings: createSettingsStore({ dataDir, log: quiet }),
      holidays: createHolidaySource({
        bundledFile: path.resolve('resources/holidays/japan.json'),
        dataDir,
        log: quiet,
      }),
      keyStore,
      auditAnchor: createAuditAnchorStore({ dataDir, log: quiet }),
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
  const settingsFile = async () =>
    (await readdir(dataDir)).includes(SETTINGS_FILE_NAME)
      ? await readFile(path.join(dataDir, SETTINGS_FILE_NAME), 'utf8')
      : null;
  return { dispatch, settingsFile };
}

const changed = { ...DEFAULT_ORGANISATION_SETTINGS, answerDeadlineBusinessDays: 4 };

describe('settings.update authorisation', () => {
  it('refuses a counsellor session with a coded error and writes nothing', async () => {
    const { dispatch, settingsFile } = await setUp();
    const result = await dispatch('settings.update', changed);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-role' } });
    expect(await settingsFile()).toBeNull();
    expect(await dispatch('settings.get', undefined)).toMatchObject({
      ok: true,
      value: { source: 'defaults', settings: { answerDeadlineBusinessDays: 3 } },
    });
  });

  it('refuses the workstation passphrase as a supervisor credential', async () => {
    const { dispatch, settingsFile } = await setUp();
    await dispatch('credential.set', {
      profileId: 'sup1',
      credential: SUPERVISOR,
      passphrase: TEAM,
    });
    const switched = await dispatch('role.switch', {
      profileId: 'sup1',
      role: 'supervisor',
      secret: TEAM,
    });
    expect(switched).toMatchObject({ ok: true, value: { ok: false, reason: 'wrong-secret' } });
    expect(await dispatch('settings.update', changed)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-role' },
    });
    expect(await settingsFile()).toBeNull();
  });

  it('lets a proven supervisor save, refuses out-of-range values, and forgets the role at a lock', async () => {
    const { dispatch, settingsFile } = await setUp();
    await dispatch('credential.set', {
      profileId: 'sup1',
      credential: SUPERVISOR,
      passphrase: TEAM,
    });
    expect(
      await dispatch('role.switch', { profileId: 'sup1', role: 'supervisor', secret: SUPERVISOR }),
    ).toMatchObject({ ok: true, value: { ok: true, active: { role: 'supervisor' } } });

    // Out of range: refused with the field named, never changed into the nearest value.
    for (const [field, value] of [
      ['answerDeadlineBusinessDays', 0],
      ['reportSuppressionThreshold', 3],
      ['lockAfterIdleMinutes', 500],
    ] as const) {
      const result = await dispatch('settings.update', {
        ...DEFAULT_ORGANISATION_SETTINGS,
        [field]: value,
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', path: [field] } });
      expect(await settingsFile()).toBeNull();
    }

    expect(await dispatch('settings.update', changed)).toMatchObject({ ok: true });
    expect(JSON.parse((await settingsFile()) ?? '{}').settings.answerDeadlineBusinessDays).toBe(4);

    await dispatch('vault.lock', undefined);
    expect(await dispatch('role.status', undefined)).toMatchObject({
      ok: true,
      value: { active: { role: 'counsellor', profileId: null }, credentials: ['sup1'] },
    });
    const before = await settingsFile();
    expect(
      await dispatch('settings.update', { ...changed, answerDeadlineBusinessDays: 5 }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden-role' } });
    expect(await settingsFile()).toBe(before);
  });
});
