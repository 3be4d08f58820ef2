/**
 * The portal simulator (`cli portal`) against a real sync server on a port: it delivers a
 * dataset's participants and participants' messages, says what was delivered, already there and
 * refused (with the field and reason), changes nothing when run again, and what the server keeps
 * opens with the organisation's private key to exactly the dataset's text.
 */
import { readFileSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseServerArgs } from '../../../src/server/args';
import { startFaultProxy } from '../server/processes';
import { DEMO_ACCOUNTS_FILE } from '../../../src/server/demo';
import { startServer, type RunningServer } from '../../../src/server/start';
import {
  holderOf,
  newKeyPair,
  openSealed,
  recipientOf,
  sealTo,
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
    expect(first.out[1]).toBe(
      "4 delivered, 0 already there, 1 refused (1 reply left out: replies are the service's)",
    );

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

  it('an answer lost on the way back: the delivery is sent once more, and nothing is stored twice', async () => {
    const proxy = await startFaultProxy(server.url);
    try {
      const file = writeInput(dir, 'lost.json', {
        ...dataset,
        participants: [
          { id: 'p9', name: 'Sam Reed', email: 'sam.reed@example.org', language: 'en' },
        ],
        messages: [],
      });
      proxy.dropResponseOf((method, url) => method === 'POST' && url === '/v1/intake/participants');
      const result = await run([
        'portal',
        'send',
        '--server',
        proxy.url,
        '--api-key',
        apiKey,
        '--dataset',
        file,
        '--json',
      ]);
      expect(result.code).toBe(0);
      // The server stored it the first time (its answer was dropped); the second says so.
      expect(proxy.dropped).toHaveLength(1);
      expect(proxy.dropped[0]!.status).toBe(200);
      const lines = result.out.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines[0]).toMatchObject({ kind: 'participant', id: 'p9', status: 'already-there' });
      const { rowCount } = await server.db.query(
        `SELECT 1 FROM intake_deliveries WHERE external_id = 'p9'`,
      );
      expect(rowCount).toBe(1);
      // Lost twice: the simulator gives up and says so (a portal retries later).
      proxy.cut();
      const cut = await run([
        'portal',
        'send',
        '--server',
        proxy.url,
        '--api-key',
        apiKey,
        '--dataset',
        file,
      ]);
      expect(cut.code).toBe(1);
      expect(cut.err[0]).toMatch(/could not be reached/);
    } finally {
      await proxy.close();
    }
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

describe('cli portal answers and register-key', () => {
  it('a reply sealed for the portal is fetched and opened with the demo portal key; a new key registered opens only what comes after', async () => {
    const demo = JSON.parse(readFileSync(path.join(dir, 'server', DEMO_ACCOUNTS_FILE), 'utf8')) as {
      organisation: string;
      portalKeyFile: string;
      accounts: { login: string; role: string; password: string; counsellorId: string | null }[];
    };
    const counsellor = demo.accounts.find((a) => a.role === 'counsellor')!;
    const post = async (url: string, body: object, token?: string) => {
      const response = await fetch(`${server.url}${url}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      expect(response.status, url).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    };
    // A counsellor's workstation, by hand: takes the delivery in, takes the thread, answers, and
    // seals the answer for the portal (the server cannot tell the sealed values from real ones).
    const tokens = await post('/v1/login', {
      organisation: demo.organisation,
      login: counsellor.login,
      password: counsellor.password,
    });
    const token = String(tokens.accessToken);
    const { clientId } = await post('/v1/clients', {}, token);
    const fake = () => ({
      v: 1,
      kid: 'k-org',
      iv: randomBytes(12).toString('base64'),
      ct: randomBytes(40).toString('base64'),
    });
    const portalKey = JSON.parse(readFileSync(demo.portalKeyFile, 'utf8')) as {
      kid: string;
      publicKey: string;
    };
    const recipient = await recipientOf({ kid: portalKey.kid, publicKey: portalKey.publicKey });
    const text = 'Thank you for writing. Let us find a time to talk.';
    const at = { what: 'answer' as const, id: 'r-1' };
    const mutations = [
      {
        name: 'intake.accept',
        args: {
          kind: 'participant',
          participantId: 'p1',
          name: fake(),
          email: fake(),
          jetNumber: null,
          jetIndex: null,
        },
      },
      {
        name: 'intake.accept',
        args: {
          kind: 'message',
          messageId: 'm1',
          threadId: 't1',
          subject: fake(),
          body: fake(),
          threadSubject: fake(),
          riskSignal: false,
        },
      },
      { name: 'thread.take', args: { threadId: 't1' } },
      {
        name: 'reply.send',
        args: { replyId: 'r-1', threadId: 't1', subject: fake(), body: fake() },
      },
      {
        name: 'reply.forPortal',
        args: {
          replyId: 'r-1',
          subject: await sealTo(recipient, { ...at, field: 'subject' }, 'Re: Feeling isolated'),
          body: await sealTo(recipient, { ...at, field: 'body' }, text),
        },
      },
    ].map((m, i) => ({ ...m, id: i + 1, v: 1, at: Date.now() }));
    const pushed = await post('/v1/push', { clientId, mutations }, token);
    expect(pushed.refusals).toEqual([]);

    const argv = [
      'portal',
      'answers',
      '--server',
      server.url,
      '--api-key',
      apiKey,
      '--portal-key',
      demo.portalKeyFile,
    ];
    const [line] = await json(argv);
    expect(line).toMatchObject({
      replyId: 'r-1',
      threadId: 't1',
      participantId: 'p1',
      subject: 'Re: Feeling isolated',
      text,
    });
    const plain = await run(argv);
    expect(plain.out.at(-1)).toBe(`1 answer; next time: --after ${String(line!.seq)}`);
    expect((await run([...argv, '--after', String(line!.seq)])).out).toEqual([
      `0 answers; next time: --after ${String(line!.seq)}`,
    ]);

    // A supervisor registers a new portal key: what was sealed before does not open with it.
    const newKey = path.join(dir, 'portal-key-2.json');
    expect((await run(['portal', 'keys', '--out', newKey, '--kid', 'portal-2'])).code).toBe(0);
    const supervisor = demo.accounts.find((a) => a.role === 'supervisor')!;
    const passwordFile = writeInput(dir, 'password.txt', `${supervisor.password}\n`);
    const registered = await run([
      'portal',
      'register-key',
      '--server',
      server.url,
      '--organisation',
      demo.organisation,
      '--login',
      supervisor.login,
      '--password-file',
      passwordFile,
      '--key-file',
      newKey,
    ]);
    expect(registered).toMatchObject({ code: 0, err: [] });
    expect(registered.out[0]).toMatch(/key portal-2 is registered for demo/);
    const withNew = await run([
      'portal',
      'answers',
      '--server',
      server.url,
      '--api-key',
      apiKey,
      '--portal-key',
      newKey,
    ]);
    expect(withNew.code).toBe(1);
    expect(withNew.err[0]).toMatch(/answer r-1 does not open with portal-2/);
    // A counsellor cannot register one.
    const counsellorPassword = writeInput(dir, 'password-c.txt', counsellor.password);
    const refused = await run([
      'portal',
      'register-key',
      '--server',
      server.url,
      '--organisation',
      demo.organisation,
      '--login',
      counsellor.login,
      '--password-file',
      counsellorPassword,
      '--key-file',
      newKey,
    ]);
    expect(refused.code).toBe(1);
    expect(refused.err[0]).toMatch(/only a supervisor can register the portal's key/);
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
