/**
 * The portal's intake on the server (issue 16, section 1), on PGlite and on a real PostgreSQL: a
 * supervisor publishes the organisation's intake key; the portal, with its API key, delivers
 * registrations and messages; each is checked on its own, sealed on arrival and stored. What is
 * stored opens with the organisation's private key to exactly what was delivered, and the
 * database and the logs hold none of it in clear, nor anything that confirms a guess of it.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/server/app';
import { countDelivery, hashApiKey } from '../../../src/server/intake';
import {
  holderOf,
  newKeyPair,
  openSealed,
  type IntakeResponse,
  type KeyHolder,
  type KeySealed,
  recipientOf,
  sealTo,
  type PendingResponse,
  type PortalAnswersResponse,
} from '../../../src/sync/intake';
import type { MessageWire, ThreadWire } from '../../../src/sync/records';
import { testBackends } from './databases';
import { everyRow, foundIn, needlesOf } from './leak-scan';
import { openWorld, sealed, T0, teamOf, type World } from './world';

const participants = [
  {
    id: 'p-0001',
    jetNumber: '20123456789',
    name: 'Alex Morgan',
    email: 'alex.morgan@example.com',
    language: 'en',
  },
  { id: 'p-0002', name: '佐藤 花子', email: 'hanako.sato@example.jp', language: 'ja' },
];
const message = (n: number, more: Record<string, unknown> = {}) => ({
  id: `m-${String(n).padStart(4, '0')}`,
  participantId: 'p-0001',
  subject: `Cannot sleep before school ${n}`,
  body: `Everything at my school feels too much this week, message ${n}.`,
  receivedAt: '2026-12-07T09:58:00+09:00',
  ...more,
});

describe.each(testBackends())('intake on $name', (backend) => {
  let world: World;
  let app: FastifyInstance;
  let log = '';
  beforeAll(async () => {
    world = await openWorld(await backend.open());
    // A second server on the same database whose logs are kept, as a real one writes them.
    app = await buildServer({
      db: world.db,
      notices: world.notices,
      now: () => world.clock.now,
      logStream: new Writable({
        write(chunk: Buffer, _encoding, done) {
          log += chunk.toString();
          done();
        },
      }),
    });
  });
  afterAll(async () => {
    await app?.close();
    await world?.close();
  });

  /** An organisation with a portal API key and, unless told, its published intake key. */
  async function setUp(options: { publish?: boolean } = {}) {
    const team = await teamOf(world);
    const orgId = (
      await world.db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [
        team.slug,
      ])
    ).rows[0]!.id;
    const apiKey = randomBytes(32).toString('base64url');
    await world.db.query(
      `INSERT INTO portal_keys (id, org_id, key_hash, created_at) VALUES ($1, $2, $3, $4)`,
      [randomUUID(), orgId, hashApiKey(apiKey), world.clock.now],
    );
    const pair = await newKeyPair('intake-1');
    const holder = await holderOf('intake-1', pair.privatePkcs8, pair.publicRaw);
    if (options.publish !== false) {
      const put = await app.inject({
        method: 'POST',
        url: '/v1/intake-key',
        payload: pair.publicKey,
        headers: { authorization: `Bearer ${team.supervisor.tokens.accessToken}` },
      });
      expect(put.statusCode).toBe(200);
    }
    const deliver = (kind: 'participants' | 'messages', items: unknown[], key = apiKey) =>
      app.inject({
        method: 'POST',
        url: `/v1/intake/${kind}`,
        payload: { [kind]: items },
        headers: { authorization: `Bearer ${key}` },
      });
    return { ...team, orgId, apiKey, pair, holder, deliver };
  }

  async function stored(orgId: string, kind: string, id: string) {
    const { rows } = await world.db.query<{
      sealed: Record<string, KeySealed | null>;
      meta: Record<string, unknown>;
      received_at: string;
    }>(
      `SELECT sealed, meta, received_at FROM intake_deliveries
       WHERE org_id = $1 AND kind = $2 AND external_id = $3`,
      [orgId, kind, id],
    );
    return rows[0];
  }

  const open = (
    holder: KeyHolder,
    what: 'participant' | 'message',
    id: string,
    field: string,
    sealed: KeySealed | null | undefined,
  ) => openSealed([holder], sealed!, { what, id, field });

  it('only a supervisor publishes the intake key; a key that is not one is refused on its field', async () => {
    const team = await setUp({ publish: false });
    const put = (token: string, payload: unknown) =>
      app.inject({
        method: 'POST',
        url: '/v1/intake-key',
        payload: payload as object,
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await put(team.alice.tokens.accessToken, team.pair.publicKey)).statusCode).toBe(403);
    const wrong = await put(team.supervisor.tokens.accessToken, {
      kid: 'intake-1',
      publicKey: Buffer.alloc(16).toString('base64'),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: 'invalid-request', path: 'publicKey' });
    const read = await app.inject({
      method: 'POST',
      url: '/v1/intake-key/get',
      payload: {},
      headers: { authorization: `Bearer ${team.alice.tokens.accessToken}` },
    });
    expect(read.json()).toMatchObject({ key: null });

    // No key yet: a delivery is refused as a whole, nothing is stored, the portal tries later.
    const early = await team.deliver('participants', participants);
    expect(early.statusCode).toBe(503);
    expect(early.headers['retry-after']).toBe('60');
    expect(early.json()).toMatchObject({ error: 'unavailable' });
    expect(await stored(team.orgId, 'participant', 'p-0001')).toBeUndefined();

    expect((await put(team.supervisor.tokens.accessToken, team.pair.publicKey)).statusCode).toBe(
      200,
    );
    const again = await app.inject({
      method: 'POST',
      url: '/v1/intake-key/get',
      payload: {},
      headers: { authorization: `Bearer ${team.alice.tokens.accessToken}` },
    });
    expect(again.json()).toMatchObject({ key: team.pair.publicKey });
  });

  it('an unknown or revoked API key delivers nothing', async () => {
    const team = await setUp();
    expect((await team.deliver('participants', participants, 'x'.repeat(43))).statusCode).toBe(401);
    await world.db.query('UPDATE portal_keys SET revoked_at = $1 WHERE key_hash = $2', [
      world.clock.now,
      hashApiKey(team.apiKey),
    ]);
    const revoked = await team.deliver('participants', participants);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toMatchObject({ error: 'unauthenticated' });
    expect(await stored(team.orgId, 'participant', 'p-0001')).toBeUndefined();
    // An account's token is not a portal's key either.
    expect(
      (await team.deliver('participants', participants, team.supervisor.tokens.accessToken))
        .statusCode,
    ).toBe(401);
  });

  it('registrations: each checked on its own, sealed, idempotent, a changed one refused and the first kept', async () => {
    const team = await setUp();
    const first = await team.deliver('participants', [
      participants[0],
      { ...participants[1], id: 'p-0003', jetNumber: '30123456789' },
      { ...participants[1], id: 'hanako.sato@example.jp' },
      participants[1],
      'not a participant',
    ]);
    expect(first.statusCode).toBe(200);
    const results = first.json<IntakeResponse>().results;
    expect(results.map((r) => [r.id, r.status, r.code, r.path])).toEqual([
      ['p-0001', 'delivered', undefined, undefined],
      ['p-0003', 'refused', 'invalid', 'jetNumber'],
      ['hanako.sato@example.jp', 'refused', 'invalid', 'id'],
      ['p-0002', 'delivered', undefined, undefined],
      [null, 'refused', 'invalid', ''],
    ]);
    expect(results[1]!.message).toMatch(/^jetNumber: must be 11 digits beginning with 20/);

    const row = await stored(team.orgId, 'participant', 'p-0001');
    expect(await open(team.holder, 'participant', 'p-0001', 'name', row!.sealed.name)).toBe(
      'Alex Morgan',
    );
    expect(await open(team.holder, 'participant', 'p-0001', 'email', row!.sealed.email)).toBe(
      'alex.morgan@example.com',
    );
    expect(
      await open(team.holder, 'participant', 'p-0001', 'jetNumber', row!.sealed.jetNumber),
    ).toBe('20123456789');
    expect(row!.meta).toEqual({ language: 'en' });
    expect((await stored(team.orgId, 'participant', 'p-0002'))!.sealed.jetNumber).toBeNull();

    // The same again (keys in another order): already there, nothing changed.
    const reordered = Object.fromEntries(Object.entries(participants[0]!).reverse());
    const again = await team.deliver('participants', [reordered]);
    expect(again.json<IntakeResponse>().results).toEqual([
      { id: 'p-0001', status: 'already-there' },
    ]);
    // The same id with another e-mail: refused, and the first kept.
    const changed = await team.deliver('participants', [
      { ...participants[0], email: 'someone.else@example.com' },
    ]);
    expect(changed.json<IntakeResponse>().results[0]).toMatchObject({
      id: 'p-0001',
      status: 'refused',
      code: 'conflict',
    });
    const kept = await stored(team.orgId, 'participant', 'p-0001');
    expect(await open(team.holder, 'participant', 'p-0001', 'email', kept!.sealed.email)).toBe(
      'alex.morgan@example.com',
    );
  });

  it('messages: receipt by the server’s clock, over 1,200 code points kept whole and flagged, a message of an unknown participant refused', async () => {
    const team = await setUp();
    await team.deliver('participants', participants);
    world.clock.now = T0 + 123_456;
    const long = '心'.repeat(1_201);
    const response = await team.deliver('messages', [
      message(1),
      message(2, { body: long, requestedCounsellorId: 'c-02', threadId: 't-0001' }),
      message(3, { participantId: 'p-9999' }),
      message(4, { body: '' }),
    ]);
    const results = response.json<IntakeResponse>().results;
    expect(results[0]).toEqual({
      id: 'm-0001',
      status: 'delivered',
      receivedAtMs: T0 + 123_456,
      overLimit: false,
    });
    expect(results[1]).toMatchObject({ status: 'delivered', overLimit: true });
    expect(results[2]).toMatchObject({
      status: 'refused',
      code: 'unknown-participant',
      path: 'participantId',
    });
    expect(results[3]).toMatchObject({ status: 'refused', code: 'invalid', path: 'body' });

    const row = await stored(team.orgId, 'message', 'm-0002');
    expect(await open(team.holder, 'message', 'm-0002', 'body', row!.sealed.body)).toBe(long);
    expect(row!.meta).toEqual({
      participantId: 'p-0001',
      threadId: 't-0001',
      requestedCounsellorId: 'c-02',
      portalReceivedAtMs: Date.parse('2026-12-07T09:58:00+09:00'),
      overLimit: true,
    });
    expect(Number(row!.received_at)).toBe(T0 + 123_456);
    expect((await stored(team.orgId, 'message', 'm-0001'))!.meta.threadId).toBe('m-0001');

    // Delivered again later (a lost answer): the first receipt instant, nothing new.
    world.clock.now = T0 + 999_999;
    const retry = await team.deliver('messages', [message(1)]);
    expect(retry.json<IntakeResponse>().results).toEqual([
      { id: 'm-0001', status: 'already-there', receivedAtMs: T0 + 123_456, overLimit: false },
    ]);
    world.clock.now = T0;
  });

  it('two deliveries of one id at once: one is stored, the other is told', async () => {
    const team = await setUp();
    await team.deliver('participants', participants);
    const [a, b] = await Promise.all([
      team.deliver('messages', [message(7)]),
      team.deliver('messages', [message(7, { subject: 'Another subject' })]),
    ]);
    const statuses = [a, b].map((r) => r.json<IntakeResponse>().results[0]!.status).sort();
    expect(statuses).toEqual(['delivered', 'refused']);
    const { rowCount } = await world.db.query(
      `SELECT 1 FROM intake_deliveries WHERE org_id = $1 AND external_id = 'm-0007'`,
      [team.orgId],
    );
    expect(rowCount).toBe(1);
  });

  it('a batch past 100 items, or not a list, is refused as a whole', async () => {
    const team = await setUp();
    const big = await team.deliver(
      'participants',
      Array.from({ length: 101 }, (_, i) => ({ ...participants[1], id: `p-${i}` })),
    );
    expect(big.statusCode).toBe(400);
    expect(big.json()).toMatchObject({ error: 'invalid-request', path: 'participants' });
  });

  it('rate-limited per portal key and minute, in the database', async () => {
    const team = await setUp();
    const keyId = (
      await world.db.query<{ id: string }>('SELECT id FROM portal_keys WHERE key_hash = $1', [
        hashApiKey(team.apiKey),
      ])
    ).rows[0]!.id;
    const minute = Date.parse('2026-12-07T01:05:00Z');
    for (let i = 0; i < 3; i += 1)
      expect(await countDelivery(world.db, keyId, minute + i * 1000, 3)).toEqual({ ok: true });
    expect(await countDelivery(world.db, keyId, minute + 20_000, 3)).toEqual({
      ok: false,
      retryAfterSeconds: 40,
    });
    expect(await countDelivery(world.db, keyId, minute + 60_000, 3)).toEqual({ ok: true });
  });

  /** What a workstation pushes for a message it took in (the server cannot tell the sealed values). */
  const acceptMessage = (messageId: string, threadId: string, riskSignal: boolean) => ({
    name: 'intake.accept',
    args: {
      kind: 'message',
      messageId,
      threadId,
      subject: sealed(),
      body: sealed(),
      threadSubject: sealed(),
      riskSignal,
    },
  });

  it('a workstation takes deliveries in: the server builds the records from what it holds, in order, once', async () => {
    const team = await setUp();
    world.clock.now = T0 + 60_000;
    await team.deliver('participants', participants);
    world.clock.now = T0 + 120_000;
    await team.deliver('messages', [
      message(1, { threadId: 't-1' }),
      message(2, { threadId: 't-1' }),
    ]);
    const pending = async (after = 0) => {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/intake/pending',
        payload: { after },
        headers: { authorization: `Bearer ${team.alice.tokens.accessToken}` },
      });
      expect(response.statusCode).toBe(200);
      return response.json<PendingResponse>();
    };
    const page = await pending();
    expect(page.more).toBe(false);
    expect(page.deliveries.map((d) => [d.kind, d.id])).toEqual([
      ['participant', 'p-0001'],
      ['participant', 'p-0002'],
      ['message', 'm-0001'],
      ['message', 'm-0002'],
    ]);
    const first = page.deliveries[2]!;
    expect(first).toMatchObject({
      receivedAtMs: T0 + 120_000,
      participantId: 'p-0001',
      threadId: 't-1',
    });
    // What a workstation opens with the organisation's key.
    if (first.kind !== 'message') throw new Error('a message');
    expect(await open(team.holder, 'message', 'm-0001', 'body', first.sealed.body)).toBe(
      message(1).body,
    );

    // A message before its participant: refused, and it waits.
    const early = await team.alice.push([acceptMessage('m-0001', 't-1', false)]);
    expect(early.refusals[0]).toMatchObject({
      code: 'not-found',
      params: { table: 'participants' },
    });
    // Another conversation than the delivery's: refused (the server holds which it is).
    const moved = await team.alice.push([acceptMessage('m-0001', 't-elsewhere', false)]);
    expect(moved.refusals[0]).toMatchObject({
      code: 'invalid-arguments',
      params: { path: 'threadId' },
    });

    const accepted = await team.alice.push([
      {
        name: 'intake.accept',
        args: {
          kind: 'participant',
          participantId: 'p-0001',
          name: sealed(),
          email: sealed(),
          jetNumber: sealed(),
          jetIndex: null,
        },
      },
      acceptMessage('m-0001', 't-1', true),
      acceptMessage('m-0002', 't-1', false),
    ]);
    expect(accepted.refusals).toEqual([]);
    // Bob's workstation takes the same ones in meanwhile: nothing changes, nothing is refused.
    const twice = await team.bob.push([
      {
        name: 'intake.accept',
        args: {
          kind: 'participant',
          participantId: 'p-0001',
          name: sealed(),
          email: sealed(),
          jetNumber: null,
          jetIndex: null,
        },
      },
    ]);
    expect(twice.refusals).toEqual([]);

    const changes = (await team.bob.pullAll(0)).flatMap((p) => p.changes);
    const record = <T>(table: string, id: string) =>
      changes.find((c) => c.table === table && c.id === id)?.record as T | undefined;
    const thread = record<ThreadWire>('threads', 't-1')!;
    expect(thread).toMatchObject({
      participantId: 'p-0001',
      language: 'en',
      state: 'open',
      openSinceMs: T0 + 120_000,
      lastReceivedMs: T0 + 120_000,
      messageCount: 2,
      assigneeId: null,
      possibleRisk: true,
      risk: 'not-assessed',
    });
    expect(record<MessageWire>('messages', 'm-0002')).toMatchObject({
      kind: 'participant-message',
      receivedAtMs: T0 + 120_000,
      participantId: 'p-0001',
      threadId: 't-1',
    });
    expect(record('threadSubjects', 't-1')).toBeDefined();
    expect(record('participants', 'p-0001')).toMatchObject({
      language: 'en',
      createdAt: T0 + 60_000,
    });

    // Taken in: no longer pending, and the server's sealed copies are gone.
    expect((await pending()).deliveries.map((d) => d.id)).toEqual(['p-0002']);
    const emptied = await stored(team.orgId, 'message', 'm-0001');
    expect(emptied!.sealed).toEqual({});
    // The portal delivering it again: already there.
    const again = await team.deliver('messages', [message(1, { threadId: 't-1' })]);
    expect(again.json<IntakeResponse>().results[0]!.status).toBe('already-there');
    world.clock.now = T0;
  });

  it('answers: a reply to a portal participant is due, sealed for the portal once, and fetched with a cursor', async () => {
    const team = await setUp();
    const portalPair = await newKeyPair('portal-1');
    const portalHolder = await holderOf('portal-1', portalPair.privatePkcs8, portalPair.publicRaw);
    const post = (url: string, token: string, payload: object) =>
      app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}` } });
    // Only a supervisor registers the portal's key.
    expect(
      (await post('/v1/portal-key', team.alice.tokens.accessToken, portalPair.publicKey))
        .statusCode,
    ).toBe(403);
    expect(
      (await post('/v1/portal-key', team.supervisor.tokens.accessToken, portalPair.publicKey))
        .statusCode,
    ).toBe(200);

    await team.deliver('participants', participants);
    await team.deliver('messages', [message(1, { threadId: 't-1' })]);
    await team.alice.push([
      {
        name: 'intake.accept',
        args: {
          kind: 'participant',
          participantId: 'p-0001',
          name: sealed(),
          email: sealed(),
          jetNumber: null,
          jetIndex: null,
        },
      },
      acceptMessage('m-0001', 't-1', false),
      { name: 'thread.take', args: { threadId: 't-1' } },
      {
        name: 'reply.send',
        args: { replyId: 'r-1', threadId: 't-1', subject: sealed(), body: sealed() },
      },
    ]);
    const due = async () =>
      (await post('/v1/portal/answers-due', team.bob.tokens.accessToken, {})).json<{
        portalKey: unknown;
        replies: { replyId: string; threadId: string }[];
      }>();
    expect(await due()).toMatchObject({
      portalKey: portalPair.publicKey,
      replies: [{ replyId: 'r-1', threadId: 't-1' }],
    });

    const answersPage = async (after: number, key = team.apiKey) =>
      app.inject({
        method: 'GET',
        url: `/v1/portal/answers?after=${after}`,
        headers: { authorization: `Bearer ${key}` },
      });
    expect((await answersPage(0)).json<PortalAnswersResponse>().answers).toEqual([]);

    // A workstation that can read the reply seals it to the portal's key.
    const recipient = await recipientOf(portalPair.publicKey);
    const text = 'We read your message. You are not alone in this.';
    const forPortal = async (body: string) => ({
      name: 'reply.forPortal',
      args: {
        replyId: 'r-1',
        subject: await sealTo(
          recipient,
          { what: 'answer', id: 'r-1', field: 'subject' },
          'Re: Cannot sleep',
        ),
        body: await sealTo(recipient, { what: 'answer', id: 'r-1', field: 'body' }, body),
      },
    });
    const first = await forPortal(text);
    const later = await forPortal('Another copy that must not replace the first.');
    expect((await team.alice.push([first])).refusals).toEqual([]);
    expect((await team.bob.push([later])).refusals).toEqual([]);
    expect((await due()).replies).toEqual([]);

    const page = (await answersPage(0)).json<PortalAnswersResponse>();
    expect(page.more).toBe(false);
    expect(page.answers).toHaveLength(1);
    const answer = page.answers[0]!;
    expect(answer).toMatchObject({ replyId: 'r-1', threadId: 't-1', participantId: 'p-0001' });
    expect(
      await openSealed([portalHolder], answer.sealed.body, {
        what: 'answer',
        id: 'r-1',
        field: 'body',
      }),
    ).toBe(text);
    // The organisation's own key does not open what is sealed for the portal.
    await expect(
      openSealed([team.holder], answer.sealed.body, { what: 'answer', id: 'r-1', field: 'body' }),
    ).rejects.toMatchObject({ reason: 'unknown-key' });
    // After the cursor: nothing more; an unknown key: nothing at all; a bad cursor: said.
    expect((await answersPage(answer.seq)).json<PortalAnswersResponse>().answers).toEqual([]);
    expect((await answersPage(0, 'y'.repeat(43))).statusCode).toBe(401);
    const bad = await app.inject({
      method: 'GET',
      url: '/v1/portal/answers?after=-1',
      headers: { authorization: `Bearer ${team.apiKey}` },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ path: 'after' });
  });

  it('the attack: no delivered text in any table or log line, and the stored fingerprints confirm no guess', async () => {
    const team = await setUp();
    log = '';
    await team.deliver('participants', participants);
    const messages = [1, 2, 3].map((n) => message(n));
    await team.deliver('messages', messages);
    await team.deliver('messages', [message(1, { body: 'A changed text that must not be kept.' })]);
    const needles = needlesOf({ participants, messages }, [
      'A changed text that must not be kept',
      team.apiKey,
    ]);
    expect(foundIn(needles, await everyRow(world.db))).toEqual([]);
    expect(log).toContain('/v1/intake/messages');
    expect(foundIn(needles, log)).toEqual([]);

    // Someone holding a copy of the database guesses a registration exactly. With what is stored
    // (the key's hash, the fingerprint), the guess cannot be checked: only the API key itself,
    // which the server does not keep, makes the fingerprint.
    const { rows } = await world.db.query<{ fingerprint: string; key_hash: string }>(
      `SELECT d.fingerprint, k.key_hash FROM intake_deliveries d JOIN portal_keys k ON k.id = d.portal_key_id
       WHERE d.org_id = $1 AND d.kind = 'participant' AND d.external_id = 'p-0001'`,
      [team.orgId],
    );
    const guess = JSON.stringify(participants[0]);
    const sorted = JSON.stringify(
      Object.fromEntries(Object.entries(participants[0]!).sort(([a], [b]) => a.localeCompare(b))),
    );
    const candidates = [guess, sorted, `participant\n${guess}`, `participant\n${sorted}`].flatMap(
      (text) => [
        createHash('sha256').update(text).digest('base64url'),
        createHmac('sha256', rows[0]!.key_hash).update(text).digest('base64url'),
      ],
    );
    expect(candidates).not.toContain(rows[0]!.fingerprint);
    // While the API key itself does (the test knows it; the server's tables do not hold it).
    expect(
      createHmac('sha256', team.apiKey).update(`participant\n${sorted}`).digest('base64url'),
    ).toBe(rows[0]!.fingerprint);
  });
});
