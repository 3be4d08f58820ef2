import { request } from 'node:http';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../../src/host/server';
import { createBridgeRouter } from '../../../src/main/services/bridge-router';
import { createAuditAnchorStore } from '../../../src/main/services/audit-anchor';
import { createBridgeHandlers } from '../../../src/main/services/handlers';
import { createLogger } from '../../../src/main/services/logger';
import { createKeyStore } from '../../../src/main/services/key-store';
import { createRoleCredentials } from '../../../src/main/services/role-credentials';
import {
  createExportFiles,
  exportsFolderDestination,
} from '../../../src/main/services/export-files';
import { createSettingsStore } from '../../../src/main/services/settings-store';
import { createHolidaySource } from '../../../src/main/services/holiday-source';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../src/domain/settings/organisation-settings';

const log = createLogger({ sink: () => undefined });
let host: RunningHost;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: pathname,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const bridgeCall = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  call(`/bridge/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CW-Token': host.token, ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  });

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-host-data-'));
  const rendererDir = await mkdtemp(path.join(os.tmpdir(), 'cw-host-renderer-'));
  await mkdir(path.join(rendererDir, 'assets'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'export {}');
  await writeFile(path.join(dataDir, '..', 'outside.txt'), 'secret').catch(() => undefined);
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
      settings: createSettingsStore({ dataDir, log }),
      auditAnchor: createAuditAnchorStore({ dataDir, log }),
      holidays: createHolidaySource({
        bundledFile: path.resolve('resources/holidays/japan.json'),
        dataDir,
        log,
      }),
      keyStore: createKeyStore({ dataDir, log, scryptParameters: { N: 1024, r: 8, p: 1 } }),
      roles: createRoleCredentials({
        dataDir,
        log,
        verifyPassphrase: async () => ({ ok: false, retryAfterMs: null }),
      }),
      exports: createExportFiles({ chooseDestination: exportsFolderDestination(dataDir), log }),
    }),
    log,
  );
  host = await startHost({ port: 0, rendererDir, dispatch, log });
});

afterAll(async () => {
  await host.close();
});

describe('browser host', () => {
  it('listens on 127.0.0.1 and prints a URL that carries the token', () => {
    expect(host.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=${host.token}#/queue$`),
    );
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a call with the token', async () => {
    const reply = await bridgeCall('settings.get', undefined);
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(reply.body)).toMatchObject({
      ok: true,
      value: { settings: DEFAULT_ORGANISATION_SETTINGS },
    });
  });

  it('refuses a call without the token, or with a wrong one', async () => {
    const none = await call('/bridge/settings.get', { method: 'POST', body: '' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    // One character changed (never to itself: a token that already ends in "x" made this flaky).
    const last = host.token.endsWith('x') ? 'y' : 'x';
    const wrong = await bridgeCall('settings.get', undefined, {
      'X-CW-Token': `${host.token.slice(0, -1)}${last}`,
    });
    expect(wrong.status).toBe(401);
  });

  it('refuses a call from another origin even with the token', async () => {
    const reply = await bridgeCall('settings.get', undefined, { Origin: 'http://evil.example' });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-origin' },
    });
    const ok = await bridgeCall('settings.get', undefined, { Origin: host.origin });
    expect(ok.status).toBe(200);
  });

  it('refuses a request addressed to another host name (DNS rebinding)', async () => {
    const reply = await bridgeCall('settings.get', undefined, {
      Host: `attacker.example:${host.port}`,
    });
    expect(reply.status).toBe(403);
  });

  it('answers invalid input with a structured error and changes nothing', async () => {
    const reply = await bridgeCall('settings.update', {
      ...DEFAULT_ORGANISATION_SETTINGS,
      answerDeadlineBusinessDays: 'three',
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', path: ['answerDeadlineBusinessDays'] },
    });
    const after = JSON.parse((await bridgeCall('settings.get', undefined)).body);
    expect(after.value.source).toBe('defaults');
  });

  it('answers a body that is not JSON with a structured error', async () => {
    const reply = await call('/bridge/settings.update', {
      method: 'POST',
      headers: { 'X-CW-Token': host.token },
      body: '{not json',
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('answers an unknown channel with 404 and a GET on a channel with 405', async () => {
    expect((await bridgeCall('files.delete', {})).status).toBe(404);
    expect(
      (await call('/bridge/settings.get', { headers: { 'X-CW-Token': host.token } })).status,
    ).toBe(405);
  });

  it('serves the app with the security headers', async () => {
    const reply = await call('/');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/text\/html/);
    expect(reply.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect((await call('/assets/app.js')).headers['content-type']).toMatch(/javascript/);
  });

  it('refuses paths that leave the app folder', async () => {
    for (const p of ['/../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt']) {
      const reply = await call(p);
      expect(reply.status, p).toBeGreaterThanOrEqual(400);
      expect(reply.body).not.toContain('secret');
    }
  });
});

describe('browser host opened as localhost', () => {
  it('answers calls from its own localhost origin too', async () => {
    const reply = await bridgeCall('settings.get', undefined, {
      Host: `localhost:${host.port}`,
      Origin: `http://localhost:${host.port}`,
    });
    expect(reply.status).toBe(200);
  });
});
