/**
 * Calls that would block the host (issue 12 item 6), against a real host in this process: a
 * crafted report export whose cells are all suppressed, bodies over the cap, a malformed escape.
 */
import { request } from 'node:http';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARGE_BODY_BYTES, startHost, type RunningHost } from '../../../src/host/server';
import { createBridgeRouter } from '../../../src/main/services/bridge-router';
import { createBridgeHandlers } from '../../../src/main/services/handlers';
import { createLogger } from '../../../src/main/services/logger';
import { createKeyStore } from '../../../src/main/services/key-store';
import {
  createExportFiles,
  exportsFolderDestination,
} from '../../../src/main/services/export-files';
import { createSettingsStore } from '../../../src/main/services/settings-store';
import { createAuditAnchorStore } from '../../../src/main/services/audit-anchor';
import { createRoleCredentials } from '../../../src/main/services/role-credentials';
import { createHolidaySource } from '../../../src/main/services/holiday-source';
import { loadHolidayData } from '../../../src/cli/commands/shared';
import { createBusinessCalendar } from '../../../src/domain/calendar';
import { generateDemoDataset } from '../../../src/domain/dataset';
import { buildReport, publish, reportInputFromDataset } from '../../../src/domain/reports';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../src/domain/settings/organisation-settings';

const log = createLogger({ sink: () => undefined });
let host: RunningHost;
const TIME_LIMIT_MS = 3_000;

interface Reply {
  status: number;
  body: string;
}

function call(
  pathname: string,
  options: { headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: pathname,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    if (options.chunked && options.body !== undefined) {
      // No Content-Length: the host finds the size while reading.
      const body = Buffer.from(options.body);
      const step = 64 * 1024;
      let at = 0;
      const write = () => {
        while (at < body.length) {
          const ok = req.write(body.subarray(at, at + step));
          at += step;
          if (!ok) return void req.once('drain', write);
        }
        req.end();
      };
      req.on('error', () => undefined);
      write();
    } else req.end(options.body);
  });
}

const withToken = () => ({ 'X-CW-Token': host.token });

/** A real report of 6 months by counsellor with every cell turned into `*`. */
function craftedReport() {
  const calendar = createBusinessCalendar({
    holidays: loadHolidayData(),
    settings: DEFAULT_ORGANISATION_SETTINGS,
  });
  const input = reportInputFromDataset(generateDemoDataset({ calendar, messages: 600 }));
  const report = publish(
    buildReport(input, {
      calendar,
      nowMs: Date.parse('2026-12-31T00:00:00Z'),
      threshold: 10,
      from: '2024-01',
      to: '2024-06',
      byCounsellor: true,
    }),
  );
  return { ...report, rows: report.rows.map((row) => ({ ...row, value: '*' as const })) };
}

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-heavy-data-'));
  const rendererDir = await mkdtemp(path.join(os.tmpdir(), 'cw-heavy-renderer-'));
  await mkdir(path.join(rendererDir, 'assets'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  const keyStore = createKeyStore({ dataDir, log, scryptParameters: { N: 1024, r: 8, p: 1 } });
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
      holidays: createHolidaySource({
        bundledFile: path.resolve('resources/holidays/japan.json'),
        dataDir,
        log,
      }),
      keyStore,
      // As a proven supervisor: exports are theirs (export-authorisation.test.ts).
      roles: {
        ...createRoleCredentials({ dataDir, log, verifyPassphrase: () => keyStore.verify('') }),
        requireCapability: () => undefined,
      },
      exports: createExportFiles({ chooseDestination: exportsFolderDestination(dataDir), log }),
      auditAnchor: createAuditAnchorStore({ dataDir, log }),
      reportExportTimeLimitMs: TIME_LIMIT_MS,
    }),
    log,
  );
  host = await startHost({ port: 0, rendererDir, dispatch, log });
});

afterAll(async () => {
  await host.close();
});

describe('calls that would block the host', () => {
  it('a crafted all-suppressed report export is ended at its time limit, and the host keeps answering meanwhile', async () => {
    const report = craftedReport();
    const started = performance.now();
    const exporting = call('/bridge/report.export', {
      headers: withToken(),
      body: JSON.stringify({ format: 'csv', report, suggestedName: 'crafted.csv' }),
    });
    // Small calls while it runs: each answered quickly.
    const latencies: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const t = performance.now();
      const reply = await call('/bridge/app.info', { headers: withToken(), body: '{}' });
      latencies.push(performance.now() - t);
      expect(reply.status).toBe(200);
    }
    // A second export meanwhile is refused, not queued.
    const second = await call('/bridge/report.export', {
      headers: withToken(),
      body: JSON.stringify({ format: 'csv', report, suggestedName: 'second.csv' }),
    });
    expect(second.status).toBe(422);
    expect(JSON.parse(second.body).error.message).toMatch(/another report is being exported/);
    const reply = await exporting;
    const elapsed = performance.now() - started;
    expect(reply.status).toBe(422);
    expect(JSON.parse(reply.body).error.message).toMatch(/took longer than 3 s/);
    expect(elapsed).toBeLessThan(TIME_LIMIT_MS + 5_000);
    expect(Math.max(...latencies)).toBeLessThan(1_000);
  }, 60_000);

  it('a body over the cap is answered 413 too-large, before it is read (declared size) or as soon as it passes the cap', async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, 0x20);
    for (const chunked of [false, true]) {
      const reply = await call('/bridge/settings.get', {
        headers: withToken(),
        body: big,
        chunked,
      });
      expect(reply.status).toBe(413);
      const error = JSON.parse(reply.body).error;
      expect(error.code).toBe('too-large');
      expect(error.message).toMatch(/larger than 1 MiB, the most settings\.get takes/);
    }
    // Declared over the backup cap: refused without reading a byte.
    const declared = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/bridge/backup.save',
          method: 'POST',
          headers: {
            ...withToken(),
            'Content-Type': 'application/json',
            'Content-Length': String(LARGE_BODY_BYTES['backup.save']! + 1),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(declared).toBe(413);
    // The host still answers.
    expect((await call('/bridge/app.info', { headers: withToken(), body: '{}' })).status).toBe(200);
  });

  it('a malformed % escape in a bridge path is a 400 that says nothing else, token or not', async () => {
    for (const headers of [{}, withToken()]) {
      const reply = await call('/bridge/app%E0%A4%A.info', { headers, body: '{}' });
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body).error).toEqual({
        code: 'invalid-input',
        message: 'The bridge path is not a valid channel name.',
        path: [],
        issues: [],
      });
    }
  });
});
