/**
 * The portal's messages reaching the team's queues (issue 16): the portal delivers to a real sync
 * server (PGlite, in this process); a supervisor's workstation has published the organisation's
 * intake key (derived from the organisation's keys, so every workstation holding them has it);
 * a counsellor's workstation takes the deliveries in, and every workstation's queue then holds
 * the thread, its text, and its receipt by the server's clock. A workstation without the
 * organisation's keys cannot open them.
 */
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher, INTAKE_KEY_LABEL } from '../../../src/renderer/db/crypto/field-cipher';
import { sealRecord } from '../../../src/renderer/db/crypto/sealed-records';
import {
  publishIntakeKey,
  sealAnswersForPortal,
  takeInDeliveries,
  type IntakeBridge,
} from '../../../src/renderer/db/repositories/intake';
import { hasRiskSignal } from '../../../src/renderer/app/risk';
import { hashApiKey } from '../../../src/server/intake';
import {
  holderOf,
  newKeyPair,
  openSealed,
  type IntakeResponse,
  type PortalAnswersResponse,
} from '../../../src/sync/intake';
import { organisation, type Person, type World } from '../../unit/server/world';
import { cipher, freshDatabase } from './helpers';
import { openServer, T0, workstation } from './sync-world';

let world: World;
beforeAll(async () => {
  world = await openServer();
});
afterAll(async () => {
  await world?.close();
});

/** What the main process does for `sync.intakeKey` and `sync.intakePending`, for one person. */
function bridgeOf(person: Person): IntakeBridge {
  const once = (url: string, payload: object) =>
    world.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { authorization: `Bearer ${person.tokens.accessToken}` },
    });
  const post = async (url: string, payload: object) => {
    let response = await once(url, payload);
    // The pinned clock moved past the access token's life: refreshed, as the main process does.
    if (
      response.statusCode === 401 &&
      response.json<{ error: string }>().error === 'token-expired'
    ) {
      const refreshed = await world.app.inject({
        method: 'POST',
        url: '/v1/refresh',
        payload: { refreshToken: person.tokens.refreshToken },
      });
      person.tokens = refreshed.json();
      response = await once(url, payload);
    }
    if (response.statusCode !== 200)
      throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  return {
    'sync.intakeKey': ({ publish }) =>
      publish === undefined ? post('/v1/intake-key/get', {}) : post('/v1/intake-key', publish),
    'sync.intakePending': (request) => post('/v1/intake/pending', request),
  };
}

async function portalOf(slug: string) {
  const orgId = (
    await world.db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [slug])
  ).rows[0]!.id;
  const apiKey = randomBytes(32).toString('base64url');
  await world.db.query(
    `INSERT INTO portal_keys (id, org_id, key_hash, created_at) VALUES ($1, $2, $3, $4)`,
    [randomUUID(), orgId, hashApiKey(apiKey), world.clock.now],
  );
  const deliver = async (kind: 'participants' | 'messages', items: unknown[]) => {
    const response = await world.app.inject({
      method: 'POST',
      url: `/v1/intake/${kind}`,
      payload: { [kind]: items },
      headers: { authorization: `Bearer ${apiKey}` },
    });
    return response;
  };
  return { deliver, apiKey };
}

const participant = {
  id: 'p-77',
  jetNumber: '20987654321',
  name: 'Jordan Lee',
  email: 'jordan.lee@example.org',
  language: 'en',
};
const messages = [
  {
    id: 'pm-1',
    threadId: 'pt-1',
    participantId: 'p-77',
    subject: 'Struggling with the winter',
    body: 'The dark evenings make everything harder.',
    receivedAt: '2026-12-07T09:00:00+09:00',
  },
  {
    id: 'pm-2',
    threadId: 'pt-1',
    participantId: 'p-77',
    subject: 'Re: Struggling with the winter',
    body: 'Sometimes I feel like I want to die.',
    receivedAt: '2026-12-07T09:05:00+09:00',
  },
];

describe('the portal’s messages reach the queues', () => {
  it('the intake key is the same on every workstation of the organisation, and opens only there', async () => {
    // Derived from the index key: here computed again from its bytes, outside the page.
    const indexKey = globalThis.crypto.getRandomValues(new Uint8Array(32));
    const material = () => ({
      currentKid: 'k1',
      keys: [{ kid: 'k1', key: globalThis.crypto.getRandomValues(new Uint8Array(32)) }],
      indexKey: Uint8Array.from(indexKey),
    });
    const one = await (await FieldCipher.fromKeyMaterial(material())).intakeKey();
    const two = await (await FieldCipher.fromKeyMaterial(material())).intakeKey();
    expect(two.publicKey).toEqual(one.publicKey);
    const scalar = createHmac('sha256', Buffer.from(indexKey)).update(INTAKE_KEY_LABEL).digest();
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), scalar]);
    const expected = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }))
      .export({ format: 'der', type: 'spki' })
      .subarray(-32);
    expect(Buffer.from(one.publicKey.publicKey, 'base64')).toEqual(expected);
    // Another organisation's keys: another intake key.
    const other = await (
      await FieldCipher.fromKeyMaterial({
        ...material(),
        indexKey: globalThis.crypto.getRandomValues(new Uint8Array(32)),
      })
    ).intakeKey();
    expect(other.publicKey.publicKey).not.toBe(one.publicKey.publicKey);
  });

  it('delivered, taken in by one workstation, then in every queue with the server’s receipt instant', async () => {
    const slug = await organisation(world);
    const supervisor = await workstation(world, slug, 'super');
    const alice = await workstation(world, slug, 'alice');
    const bob = await workstation(world, slug, 'bob');
    const { deliver, apiKey } = await portalOf(slug);

    // Before a key is published the portal is told to come back; the supervisor's workstation
    // publishes it, and never replaces one the server holds.
    expect((await deliver('participants', [participant])).statusCode).toBe(503);
    // A supervisor's workstation that has not joined (other keys) holding the team's records does
    // not publish its own key.
    const notJoined = await FieldCipher.fromKeyMaterial({
      currentKid: 'k-elsewhere',
      keys: [{ kid: 'k-elsewhere', key: globalThis.crypto.getRandomValues(new Uint8Array(32)) }],
      indexKey: globalThis.crypto.getRandomValues(new Uint8Array(32)),
    });
    const held = freshDatabase();
    await held.messages.add({
      ...(await sealRecord(cipher, 'messages', {
        id: 'm-held',
        createdAt: T0,
        updatedAt: T0,
        version: 1,
        deletedAt: null,
        threadId: 't-held',
        participantId: 'p-held',
        kind: 'participant-message',
        subject: 'Held',
        body: 'Held by the team',
        receivedAtMs: T0,
        requestedCounsellorId: null,
        answeredAtMs: null,
        authorId: null,
        sentAtMs: null,
        delivery: null,
        overLimit: false,
        sourceHash: null,
      })),
    });
    expect(await publishIntakeKey(notJoined, bridgeOf(supervisor.person), held)).toEqual({
      key: null,
      published: false,
    });
    // The organisation's own (its records open with its keys) does.
    const published = await publishIntakeKey(cipher, bridgeOf(supervisor.person), held);
    expect(published.published).toBe(true);
    expect(published.key).toEqual((await cipher.intakeKey()).publicKey);
    expect((await publishIntakeKey(cipher, bridgeOf(alice.person))).published).toBe(false);

    world.clock.now = T0 + 30_000;
    expect(
      (await deliver('participants', [participant])).json<IntakeResponse>().results[0]!.status,
    ).toBe('delivered');
    world.clock.now = T0 + 90_000;
    const delivered = (await deliver('messages', messages)).json<IntakeResponse>().results;
    expect(delivered.map((r) => r.status)).toEqual(['delivered', 'delivered']);

    // Bob's workstation has not joined the organisation (other keys): it opens nothing.
    const stranger = await FieldCipher.fromKeyMaterial({
      currentKid: 'k-other',
      keys: [{ kid: 'k-other', key: globalThis.crypto.getRandomValues(new Uint8Array(32)) }],
      indexKey: globalThis.crypto.getRandomValues(new Uint8Array(32)),
    });
    const outsider = freshDatabase();
    expect(
      await takeInDeliveries({
        db: outsider,
        cipher: stranger,
        sync: bridgeOf(bob.person),
        nowMs: () => world.clock.now,
        hasRiskSignal,
      }),
    ).toEqual({ accepted: 0, unopened: 3 });
    expect(await outsider.outbox.count()).toBe(0);

    // Alice's workstation takes them in; asked again before its push, it adds nothing twice.
    const take = () =>
      takeInDeliveries({
        db: alice.db,
        cipher,
        sync: bridgeOf(alice.person),
        nowMs: () => world.clock.now,
        hasRiskSignal,
      });
    expect(await take()).toEqual({ accepted: 3, unopened: 0 });
    expect(await take()).toEqual({ accepted: 0, unopened: 0 });
    const round = await alice.engine.syncOnce();
    expect(round.pushed).toBe(3);
    expect(await take()).toEqual({ accepted: 0, unopened: 0 });

    for (const w of [alice, bob, supervisor]) {
      if (w !== alice) await w.engine.syncOnce();
      const detail = await w.queue.threadDetail('pt-1');
      expect(detail?.subject).toBe('Struggling with the winter');
      expect(detail?.messages.map((m) => m.body)).toEqual(messages.map((m) => m.body));
      expect(detail?.thread).toMatchObject({
        state: 'open',
        openSinceMs: T0 + 90_000,
        lastReceivedMs: T0 + 90_000,
        assigneeId: null,
        possibleRisk: true,
      });
      const person = await w.db.participants.get('p-77');
      expect(person).toBeDefined();
    }
    // Nothing waits in any outbox, and nothing was refused.
    expect(await alice.db.refusals.count()).toBe(0);

    // The answer goes back to the portal, sealed to the portal's key (registered by a supervisor).
    const portalPair = await newKeyPair('portal-1');
    const registered = await world.app.inject({
      method: 'POST',
      url: '/v1/portal-key',
      payload: portalPair.publicKey,
      headers: { authorization: `Bearer ${supervisor.person.tokens.accessToken}` },
    });
    expect(registered.statusCode).toBe(200);
    await alice.queue.take('pt-1', 'c-01', world.clock.now);
    const text = 'Thank you for writing to us. Winter can feel very long; let us talk.';
    await alice.queue.sendReply({
      threadId: 'pt-1',
      body: text,
      authorId: 'c-01',
      nowMs: world.clock.now,
    });
    await alice.engine.syncOnce();
    // Bob's workstation cannot read a reply in Alice's thread: it leaves it; Alice's seals it.
    const bridge = (w: typeof alice) => ({
      'sync.portalAnswersDue': async () =>
        (
          await world.app.inject({
            method: 'POST',
            url: '/v1/portal/answers-due',
            payload: {},
            headers: { authorization: `Bearer ${w.person.tokens.accessToken}` },
          })
        ).json(),
    });
    const sealFor = (w: typeof alice) =>
      sealAnswersForPortal({ db: w.db, cipher, sync: bridge(w), nowMs: () => world.clock.now });
    await bob.engine.syncOnce();
    expect(await sealFor(bob)).toBe(0);
    expect(await sealFor(alice)).toBe(1);
    expect(await sealFor(alice)).toBe(0);
    await alice.engine.syncOnce();
    const answers = (
      await world.app.inject({
        method: 'GET',
        url: '/v1/portal/answers',
        headers: { authorization: `Bearer ${apiKey}` },
      })
    ).json<PortalAnswersResponse>().answers;
    expect(answers).toHaveLength(1);
    const portal = await holderOf('portal-1', portalPair.privatePkcs8, portalPair.publicRaw);
    const replyId = answers[0]!.replyId;
    expect(
      await openSealed([portal], answers[0]!.sealed.body, {
        what: 'answer',
        id: replyId,
        field: 'body',
      }),
    ).toBe(text);
    expect(answers[0]).toMatchObject({ threadId: 'pt-1', participantId: 'p-77' });
  });

  it('delivered while nobody is online, and to a workstation away for a week: every message, in order of receipt', async () => {
    const slug = await organisation(world);
    const supervisor = await workstation(world, slug, 'super');
    const alice = await workstation(world, slug, 'alice');
    const bob = await workstation(world, slug, 'bob');
    const { deliver } = await portalOf(slug);
    await publishIntakeKey(cipher, bridgeOf(supervisor.person));
    for (const w of [alice, bob]) await w.engine.syncOnce();
    alice.network.offline = true;

    // A week of deliveries, one every few hours, while no workstation takes anything in.
    const DAY = 86_400_000;
    const start = T0 + 1_000;
    world.clock.now = start;
    await deliver('participants', [participant]);
    const sent: { id: string; at: number }[] = [];
    for (let i = 0; i < 21; i += 1) {
      world.clock.now = start + i * (DAY / 3) + (i % 5) * 60_000;
      const id = `wk-${String(i).padStart(2, '0')}`;
      const response = await deliver('messages', [
        {
          ...messages[0],
          id,
          threadId: `wt-${i % 4}`,
          subject: `Week message ${i}`,
          body: `Day ${Math.floor(i / 3)}, message ${i}.`,
        },
      ]);
      expect(response.json<IntakeResponse>().results[0]!.status).toBe('delivered');
      sent.push({ id, at: world.clock.now });
    }
    // Waiting safely: all of it on the server, sealed, in order.
    const waiting = await bridgeOf(bob.person)['sync.intakePending']({});
    expect(waiting.deliveries.map((d) => d.id)).toEqual(['p-77', ...sent.map((m) => m.id)]);

    // Bob's workstation comes online and takes them in; Alice's comes back a week later.
    world.clock.now = start + 7 * DAY;
    const taken = await takeInDeliveries({
      db: bob.db,
      cipher,
      sync: bridgeOf(bob.person),
      nowMs: () => world.clock.now,
      hasRiskSignal,
    });
    expect(taken).toEqual({ accepted: 22, unopened: 0 });
    await bob.engine.syncOnce();
    alice.network.offline = false;
    await alice.engine.syncOnce();
    const held = await alice.db.messages.where('participantId').equals('p-77').toArray();
    const byReceipt = [...held].sort(
      (a, b) => (a.receivedAtMs ?? 0) - (b.receivedAtMs ?? 0) || a.id.localeCompare(b.id),
    );
    expect(byReceipt.map((m) => [m.id, m.receivedAtMs])).toEqual(sent.map((m) => [m.id, m.at]));
    // Each conversation's thread counts its messages and is open since its oldest.
    for (let t = 0; t < 4; t += 1) {
      const mine = sent.filter((_, i) => i % 4 === t);
      expect(await alice.db.threads.get(`wt-${t}`)).toMatchObject({
        messageCount: mine.length,
        openSinceMs: mine[0]!.at,
        lastReceivedMs: mine.at(-1)!.at,
        state: 'open',
      });
    }
    world.clock.now = T0;
  });
});
