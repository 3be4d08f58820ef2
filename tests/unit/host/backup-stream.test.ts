/**
 * backup.save through the browser host with its body streamed (issue 12 item 6, "stream large
 * bodies"): the body goes to a file beside the backup as it arrives and is checked and written a
 * chunk at a time in the worker; every refusal of the parsed path is kept, and nothing partial is
 * left behind.
 */
import { request } from 'node:http';
import { mkdtemp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../../src/host/server';
import { createBridgeRouter } from '../../../src/main/services/bridge-router';
import { createBridgeHandlers } from '../../../src/main/services/handlers';
import { createLogger } from '../../../src/main/services/logger';
import { createKeyStore, type KeyStore } from '../../../src/main/services/key-store';
import {
  createExportFiles,
  exportsFolderDestination,
} from '../../../src/main/services/export-files';
import { createSettingsStore } from '../../../src/main/services/settings-store';
import { createAuditAnchorStore } from '../../../src/main/services/audit-anchor';
import { createRoleCredentials } from '../../../src/main/services/role-credentials';
import { createHolidaySource } from '../../../src/main/services/holiday-source';
import { createOffLoopRunner } from '../../../src/main/services/off-loop';
import {
  saveBackup,
  streamedBackupSave,
  sweepPartialFiles,
} from '../../../src/main/services/backup';

const log = createLogger({ sink: () => undefined });
const CAP = 8 * 1024 * 1024;

interface Host {
  host: RunningHost;
  dataDir: string;
  keyStore: KeyStore;
}

async function makeHost(options: { passphrase: boolean }): Promise<Host> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-stream-data-'));
  const rendererDir = await mkdtemp(path.join(os.tmpdir(), 'cw-stream-renderer-'));
  await mkdir(path.join(rendererDir, 'assets'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  const keyStore = createKeyStore({ dataDir, log, scryptParameters: { N: 1024, r: 8, p: 1 } });
  if (options.passphrase) await keyStore.create('correct horse battery staple');
  const exports = createExportFiles({ chooseDestination: exportsFolderDestination(dataDir), log });
  const offLoop = createOffLoopRunner();
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
      roles: createRoleCredentials({ dataDir, log, verifyPassphrase: () => keyStore.verify('') }),
      exports,
      offLoop,
      auditAnchor: createAuditAnchorStore({ dataDir, log }),
    }),
    log,
  );
  const host = await startHost({
    port: 0,
    rendererDir,
    dispatch,
    streamed: streamedBackupSave({ keyStore, exports, offLoop, dataDir, log }),
    bodyLimits: { 'backup.save': CAP },
    log,
  });
  return { host, dataDir, keyStore };
}

let withKeys: Host;
let withoutKeys: Host;

beforeAll(async () => {
  [withKeys, withoutKeys] = await Promise.all([
    makeHost({ passphrase: true }),
    makeHost({ passphrase: false }),
  ]);
});

afterAll(async () => {
  await Promise.all([withKeys.host.close(), withoutKeys.host.close()]);
});

interface Reply {
  status: number;
  body: string;
}

/** Posts `body` to backup.save in pieces (no Content-Length); `between` runs after the first. */
function post(
  host: RunningHost,
  body: string | Buffer,
  options: { between?: () => Promise<void>; abort?: boolean; channel?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: `/bridge/${options.channel ?? 'backup.save'}`,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CW-Token': host.token },
        // A connection per call: a kept-alive one may be closed by the host's idle timeout just
        // as a call is sent on it (a reset that says nothing about the call).
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', (error) => (options.abort ? resolve({ status: 0, body: '' }) : reject(error)));
    const bytes = Buffer.from(body);
    const half = Math.floor(bytes.length / 2);
    req.write(bytes.subarray(0, half));
    void (async () => {
      if (options.between) await options.between();
      if (options.abort) {
        req.destroy();
        resolve({ status: 0, body: '' });
        return;
      }
      const step = 64 * 1024;
      for (let at = half; at < bytes.length; at += step) {
        if (!req.write(bytes.subarray(at, at + step)))
          await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })();
  });
}

const exportsOf = async (h: Host) =>
  (await readdir(path.join(h.dataDir, 'exports')).catch(() => [] as string[])).sort();

const DATA = JSON.stringify({
  format: 'counsellor-workstation.backup-data',
  version: 1,
  payload: '{"tables":{"notes":["é — 日本語 😀 \\" \\\\ \\u2028"]}}',
  mac: 'a'.repeat(64),
});

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 3000; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('never happened');
}

describe('backup.save with its body streamed', () => {
  it('the body is spooled to a file beside the backup while it arrives, and removed after', async () => {
    const data = JSON.stringify({
      format: 'counsellor-workstation.backup-data',
      blob: 'x'.repeat(2 * 1024 * 1024),
    });
    let spooled: string[] = [];
    const reply = await post(
      withKeys.host,
      JSON.stringify({ suggestedName: 'spool.cwbackup', data }),
      {
        between: () =>
          until(async () => {
            spooled = (await exportsOf(withKeys)).filter((n) => n.endsWith('.cw-body'));
            if (spooled.length !== 1) return false;
            return (await stat(path.join(withKeys.dataDir, 'exports', spooled[0]!))).size > 0;
          }),
      },
    );
    expect(reply.status).toBe(200);
    expect(spooled).toHaveLength(1);
    expect(await exportsOf(withKeys)).toContain('spool.cwbackup');
    expect((await exportsOf(withKeys)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('writes exactly the file the parsed path writes (escapes, non-ASCII, surrogate pairs)', async () => {
    const reply = await post(
      withKeys.host,
      JSON.stringify({ data: DATA, suggestedName: 'same.cwbackup' }),
    );
    expect(reply.status).toBe(200);
    const value = JSON.parse(reply.body).value;
    const streamedFile = await readFile(value.path);
    expect(value.bytes).toBe(streamedFile.length);
    const viaString = await saveBackup(
      {
        keyStore: withKeys.keyStore,
        exports: createExportFiles({
          chooseDestination: async (name) => path.join(withKeys.dataDir, 'parsed', name),
          log,
        }),
        offLoop: createOffLoopRunner(),
      },
      { suggestedName: 'same.cwbackup', data: DATA },
    );
    expect(viaString.saved).toBe(true);
    expect(streamedFile.equals(await readFile(viaString.saved ? viaString.path : ''))).toBe(true);
    expect(JSON.parse(streamedFile.toString('utf8')).data).toEqual(JSON.parse(DATA));
  });

  it('property: any backup data round-trips byte for byte, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.string({ unit: 'binary' }), async (value, text) => {
        const data = JSON.stringify({
          format: 'counsellor-workstation.backup-data',
          value,
          text,
        });
        const reply = await post(
          withKeys.host,
          JSON.stringify({ suggestedName: 'p.cwbackup', data }),
        );
        expect(reply.status).toBe(200);
        const file = await readFile(JSON.parse(reply.body).value.path, 'utf8');
        expect(file.includes(Buffer.from(data, 'utf8').toString('utf8'))).toBe(true);
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it.each([
    [
      'a body that is not JSON',
      '{"suggestedName": "x.cwbackup", "data": "{}"',
      400,
      [],
      /not valid JSON \(an unexpected end/,
    ],
    [
      'an unknown field',
      '{"suggestedName":"x.cwbackup","data":"{}","more":1}',
      400,
      [],
      /unrecognized key "more"/,
    ],
    [
      'data not a string',
      '{"suggestedName":"x.cwbackup","data":{}}',
      400,
      ['data'],
      /expected a string/,
    ],
    ['data missing', '{"suggestedName":"x.cwbackup"}', 400, ['data'], /required/],
    [
      'a bad file name',
      JSON.stringify({ suggestedName: '../x.txt', data: DATA }),
      400,
      ['suggestedName'],
      /\.cwbackup/,
    ],
    [
      'data that is not JSON',
      JSON.stringify({ suggestedName: 'x.cwbackup', data: '{"format": [1 2]}' }),
      400,
      ['data'],
      /not JSON \(a missing comma or bracket at character 14\)/,
    ],
    [
      'data of another format',
      JSON.stringify({ suggestedName: 'x.cwbackup', data: '{"format":"x"}' }),
      400,
      ['data'],
      /backup-data/,
    ],
  ] as const)(
    'refuses %s, leaving nothing in exports/',
    async (_what, body, status, errorPath, message) => {
      const before = await exportsOf(withKeys);
      const reply = await post(withKeys.host, body);
      expect(reply.status).toBe(status);
      const error = JSON.parse(reply.body).error;
      expect(error.code).toBe('invalid-input');
      expect(error.path).toEqual(errorPath);
      expect(error.message).toMatch(message);
      expect(await exportsOf(withKeys)).toEqual(before);
    },
  );

  it('over the cap: 413 too-large as soon as it passes, the spooled part removed', async () => {
    const reply = await post(
      withKeys.host,
      JSON.stringify({ suggestedName: 'big.cwbackup', data: 'x'.repeat(CAP + 10) }),
    );
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).error.code).toBe('too-large');
    expect((await exportsOf(withKeys)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('a caller that goes away mid-body leaves no spooled file', async () => {
    await post(
      withKeys.host,
      JSON.stringify({ suggestedName: 'gone.cwbackup', data: DATA.repeat(1000) }),
      {
        between: () =>
          until(async () => (await exportsOf(withKeys)).some((n) => n.endsWith('.cw-body'))),
        abort: true,
      },
    );
    await until(async () => !(await exportsOf(withKeys)).some((n) => n.startsWith('.')));
    expect(await exportsOf(withKeys)).not.toContain('gone.cwbackup');
  });

  it('without a passphrase set there is nothing to wrap: refused, nothing written', async () => {
    const reply = await post(
      withoutKeys.host,
      JSON.stringify({ suggestedName: 'n.cwbackup', data: DATA }),
    );
    expect(reply.status).toBe(422);
    expect(JSON.parse(reply.body).error.message).toMatch(/No workstation passphrase/);
    expect(await exportsOf(withoutKeys)).toEqual([]);
  });

  it('what a stopped host left (spooled bodies, partial backups) is swept at start, nothing else', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cw-sweep-'));
    for (const name of [
      '.backup.save-1.cw-body',
      '.backup-2.cw-partial',
      'kept.cwbackup',
      'x.cw-body',
    ])
      await writeFile(path.join(dir, name), 'x');
    expect(await sweepPartialFiles(dir, ['.cw-body', '.cw-partial'])).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(['kept.cwbackup', 'x.cw-body']);
    expect(await sweepPartialFiles(path.join(dir, 'none'), ['.cw-body'])).toBe(0);
  });
});
