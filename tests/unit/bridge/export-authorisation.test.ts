/**
 * Exports are the main process's decision (issue 13, follow-up): the session log and the reports
 * for CLAIR leave the workstation only when the role the main process recorded may export them
 * (src/domain/privacy/roles: a supervisor proven with their own credential), never because the
 * page shows the button. Real services over a temporary data folder, through the router and
 * through the browser host (403 `forbidden-role`); nothing is written when refused.
 */
import { request } from 'node:http';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../../src/host/server';
import { createAuditAnchorStore } from '../../../src/main/services/audit-anchor';
import { createBridgeRouter } from '../../../src/main/services/bridge-router';
import {
  createExportFiles,
  exportsFolderDestination,
} from '../../../src/main/services/export-files';
import { createBridgeHandlers } from '../../../src/main/services/handlers';
import { createHolidaySource } from '../../../src/main/services/holiday-source';
import { createKeyStore } from '../../../src/main/services/key-store';
import { createLogger } from '../../../src/main/services/logger';
import { createRoleCredentials } from '../../../src/main/services/role-credentials';
import { createSettingsStore } from '../../../src/main/services/settings-store';

const FAST = { N: 1024, r: 8, p: 1 };
const TEAM = 'the whole team types this';
const SUPERVISOR = 'only the supervisor knows';
const quiet = createLogger({ sink: () => undefined });

async function setUp() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-export-roles-'));
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
      exports: createExportFiles({
        chooseDestination: exportsFolderDestination(dataDir),
        log: quiet,
      }),
    }),
    quiet,
  );
  const written = async () => readdir(path.join(dataDir, 'exports')).catch(() => [] as string[]);
  return { dispatch, written };
}

const sessionLog = {
  kind: 'csv' as const,
  suggestedName: 'sessions-2026-11.csv',
  text: 'date,outcome\n2026-11,completed\n',
};
const report = {
  format: 'csv' as const,
  suggestedName: 'report-2026-11.csv',
  report: {
    format: 'counsellor-workstation.report',
    version: 1,
    from: '2026-11',
    to: '2026-11',
    threshold: 10,
    rows: [{ period: '2026-11', measure: 'sessions', category: 'all', value: 12 }],
  },
};

describe('export authorisation (router)', () => {
  it('refuses a counsellor and a CO view both exports with forbidden-role, writing nothing', async () => {
    const { dispatch, written } = await setUp();
    expect(await dispatch('export.save', sessionLog)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-role' },
    });
    expect(await dispatch('report.export', report)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-role' },
    });
    // Down to the CO view (no secret needed): still refused.
    expect(
      await dispatch('role.switch', { profileId: 'co1', role: 'co', secret: null }),
    ).toMatchObject({ ok: true, value: { ok: true, active: { role: 'co' } } });
    expect(await dispatch('export.save', sessionLog)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-role' },
    });
    expect(await dispatch('report.export', report)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-role' },
    });
    expect(await written()).toEqual([]);
  });

  it('lets a proven supervisor export both, and refuses again after a lock', async () => {
    const { dispatch, written } = await setUp();
    await dispatch('credential.set', {
      profileId: 'sup1',
      credential: SUPERVISOR,
      passphrase: TEAM,
    });
    // The workstation passphrase proves nothing.
    await dispatch('role.switch', { profileId: 'sup1', role: 'supervisor', secret: TEAM });
    expect(await dispatch('export.save', sessionLog)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-role' },
    });
    expect(
      await dispatch('role.switch', { profileId: 'sup1', role: 'supervisor', secret: SUPERVISOR }),
    ).toMatchObject({ ok: true, value: { ok: true } });
    expect(await dispatch('export.save', sessionLog)).toMatchObject({
      ok: true,
      value: { saved: true },
    });
    expect(await dispatch('report.export', report)).toMatchObject({
      ok: true,
      value: { saved: true },
    });
    expect((await written()).sort()).toEqual(['report-2026-11.csv', 'sessions-2026-11.csv']);
    await dispatch('vault.lock', undefined);
    expect(await dispatch('export.save', sessionLog)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-role' },
    });
  });
});

describe('export authorisation (browser host)', () => {
  let host: RunningHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  const post = (pathname: string, body: unknown) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host!.port,
          path: pathname,
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CW-Token': host!.token },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });

  it('answers 403 forbidden-role to a counsellor page asking for either export', async () => {
    const { dispatch, written } = await setUp();
    const rendererDir = await mkdtemp(path.join(os.tmpdir(), 'cw-export-roles-renderer-'));
    host = await startHost({ port: 0, rendererDir, dispatch, log: quiet });
    for (const [channel, body] of [
      ['export.save', sessionLog],
      ['report.export', report],
    ] as const) {
      const reply = await post(`/bridge/${channel}`, body);
      expect(reply.status).toBe(403);
      expect(JSON.parse(reply.body)).toMatchObject({
        ok: false,
        error: { code: 'forbidden-role' },
      });
    }
    expect(await written()).toEqual([]);
  });
});
