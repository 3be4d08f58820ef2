/**
 * The portal simulator (`cli portal`) against a real sync server on a port: it delivers a
 * dataset's participants and participants' messages, says what was delivered, already there and
 * refused (with the field and reason), changes nothing when run again, and what the server keeps
 * opens with the organisation's private key to exactly the dataset's text.
 */
import { readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseServerArgs } from '../../../src/server/args';
import { DEMO_ACCOUNTS_FILE } from '../../../src/server/demo';
import { startServer, type RunningServer } from '../../../src/server/start';
import {
  holderOf,
  newKeyPair,
  openSealed,
  type KeyHolder,
  type KeySealed,
} from '../../../src/sync/intake';
import { json, run, tempDir, writeInput } from './helpers';

const dir = tempDir('cw-portal-cli-');

const dataset = {
  format: 'counsellor-workstation.dataset',
  version: 1,
  participants: [
    {
      id: 'p1',
      jetNumber: '20123456789',
      name: 'Alex Morgan',
      email: 'alex@example.com',
      language: 'en',
    },
    { id: 'p2', jetNumber: null, name: '佐藤 花子', email: 'hanako@example.jp', language: 'ja' },
  ],
  counsellors: [{ id: 'c-01', name: 'Dr Kim', languages: ['en', 'ja'] }],
  messages: [
    {
      id: 'm1',
      threadId: 't1',
      participantId: 'p1',
      subject: 'Feeling isolated',
      body: 'I have not spoken to anyone in days.',
      receivedAt: '2026-12-07T09:00:00+09:00',
      topics: ['isolation'],
    },
    {
      id: 'm2',
      threadId: 't1',
      participantId: 'p1',
      subject: 'Re: Feeling isolated',
      body: 'Thank you for writing.',
      author: 'c-01',
      sentAt: '2026-12-07T11:00:00+09:00',
    },
    {
      id: 'm3',
      threadId: 't2',
      participantId: 'p2',
      subject: '学校のこと',
      body: '毎日とても疲れています。',
      receivedAt: '2026-12-07T09:30:00+09:00',
    },
    {
      id: 'm4',
      threadId: 't3',
      participantId: 'p2',
      subject: 'No time given',
      body: 'This one has no receipt time.',
      receivedAt: 'yesterday',
    },
  ],
};

let server: RunningServer;
let apiKey: string;
let holder: KeyHolder;
let supervisorToken: string;

async function publishIntakeKey() {
  const pair = await newKeyPair('intake-cli');
  holder = await holderOf('intake-cli', pair.privatePkcs8, pair.publicRaw);
  const put = await fetch(`${server.url}/v1/intake-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisorToken}` },
    body: JSON.stringify(pair.publicKey),
  });
  expect(put.status).toBe(200);
}

beforeAll(async () => {
  vi.stubEnv('PORTAL_API_KEY', '');
  const args = parseServerArgs(
    ['--port', '0', '--data-dir', path.join(dir, 'server'), '--demo'],
    {},
  );
  if (args === 'help') throw new Error('unexpected');
  server = await startServer(args);
  const demo = JSON.parse(readFileSync(path.join(dir, 'server', DEMO_ACCOUNTS_FILE), 'utf8')) as {
    organisation: string;
    portalApiKey: string;
    accounts: { login: string; role: string; password: string }[];
  };
  apiKey = demo.portalApiKey;
  const supervisor = demo.accounts.find((a) => a.role === 'supervisor')!;
  const login = await fetch(`${server.url}/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      organisation: demo.organisation,
      login: supervisor.login,
      password: supervisor.password,
    }),
  });
  supervisorToken = ((await login.json()) as { accessToken: string }).accessToken;
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
});

describe('cli portal send', () => {
  it('before the organisation publishes its intake key: refused, nothing delivered', async () => {
    const file = writeInput(dir, 'early.json', dataset);
    const result = await run([
      'portal',
      'send',
      '--server',
      server.url,
      '--api-key',
      apiKey,
      '--dataset',
      file,
    ]);
    expect(result.code).toBe(1);
    expect(result.err.join('\n')).toMatch(/has not published its intake key yet/);
  });

  it('delivers, says what was refused and where, and a second run changes nothing', async () => {
    await publishIntakeKey();
    const file = writeInput(dir, 'dataset.json', dataset);
    const argv = ['portal', 'send', '--server', server.url, '--api-key', apiKey, '--dataset', file];
    const first = await run(argv);
    expect(first.code).toBe(1);
    expect(first.out[0]).toBe(
      'refused message m4: receivedAt: must be a date and time with its offset from UTC, e.g. 2026-11-23T10:00:00+09:00',
    );
    expect(first.out[1]).toMatch(/^4 delivered, 0 already there, 1 refused \(1 replies left out/);

    const again = await run([...argv, '--json']);
    const lines = again.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.slice(0, -1).map((l) => [l.kind, l.id, l.status])).toEqual([
      ['participant', 'p1', 'already-there'],
      ['participant', 'p2', 'already-there'],
      ['message', 'm1', 'already-there'],
      ['message', 'm3', 'already-there'],
      ['message', 'm4', 'refused'],
    ]);
    expect(lines.at(-1)).toEqual({ delivered: 0, alreadyThere: 4, refused: 1, skippedReplies: 1 });

    // What the server keeps opens to the dataset's text, with the organisation's key only.
    const { rows } = await server.db.query<{
      external_id: string;
      sealed: Record<string, KeySealed>;
    }>(
      `SELECT external_id, sealed FROM intake_deliveries WHERE kind = 'message' ORDER BY external_id`,
    );
    expect(rows.map((r) => r.external_id)).toEqual(['m1', 'm3']);
    expect(
      await openSealed([holder], rows[1]!.sealed.body!, {
        what: 'message',
        id: 'm3',
        field: 'body',
      }),
    ).toBe('毎日とても疲れています。');
  });

  it('a wrong key, an unreachable server, a file that is not a dataset: each said plainly', async () => {
    const file = writeInput(dir, 'd.json', dataset);
    const wrongKey = await run([
      'portal',
      'send',
      '--server',
      server.url,
      '--api-key',
      'not-the-portal-key-at-all',
      '--dataset',
      file,
    ]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.err[0]).toMatch(/this API key is not known/);

    // A port nobody listens on: taken, then let go.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const freePort = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const unreachable = await run([
      'portal',
      'send',
      '--server',
      `http://127.0.0.1:${freePort}`,
      '--api-key',
      apiKey,
      '--dataset',
      file,
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.err[0]).toMatch(/could not be reached \(ECONNREFUSED\)/);

    const notDataset = writeInput(dir, 'n.json', { participants: [] });
    const refused = await run([
      'portal',
      'send',
      '--server',
      server.url,
      '--api-key',
      apiKey,
      '--dataset',
      notDataset,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.err[0]).toMatch(/is not a dataset: its "format" is not/);

    const plain = await run([
      'portal',
      'send',
      '--server',
      'http://sync.example.org',
      '--api-key',
      apiKey,
      '--dataset',
      file,
    ]);
    expect(plain.code).toBe(2);
    expect(plain.err[0]).toMatch(/--server "http:\/\/sync.example.org" must start with https:\/\//);
    expect(
      (await run(['portal', 'send', '--server', server.url, '--dataset', file])).err[0],
    ).toMatch(/--api-key KEY is required/);
  });
});

describe('cli portal keys', () => {
  it('writes a key pair readable only by its owner, prints the public half, never overwrites', async () => {
    const out = path.join(dir, 'portal-key.json');
    const [line] = await json(['portal', 'keys', '--out', out, '--kid', 'portal-1']);
    expect(line).toMatchObject({ file: out, kid: 'portal-1' });
    expect(String(line!.publicKey)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const written = JSON.parse(readFileSync(out, 'utf8')) as Record<string, string>;
    expect(written).toMatchObject({
      format: 'counsellor-workstation.portal-key',
      kid: 'portal-1',
      publicKey: line!.publicKey,
    });
    // The private half opens what is sealed to the public half.
    const { recipientOf, sealTo } = await import('../../../src/sync/intake');
    const sealed = await sealTo(
      await recipientOf({ kid: 'portal-1', publicKey: written.publicKey! }),
      { what: 'answer', id: 'a1', field: 'body' },
      'Your answer is ready.',
    );
    const portal = await holderOf(
      'portal-1',
      Buffer.from(written.privateKey!, 'base64'),
      Buffer.from(written.publicKey!, 'base64'),
    );
    expect(await openSealed([portal], sealed, { what: 'answer', id: 'a1', field: 'body' })).toBe(
      'Your answer is ready.',
    );
    const again = await run(['portal', 'keys', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.err[0]).toMatch(/exists already: a key file is never overwritten/);
    expect(
      (await run(['portal', 'keys', '--out', path.join(dir, 'k2.json'), '--kid', 'a b'])).code,
    ).toBe(2);
  });
});
