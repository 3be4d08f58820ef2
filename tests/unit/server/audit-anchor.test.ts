/**
 * The audit log's anchor on the server, on PGlite and on a real PostgreSQL: per client, forward
 * only. A workstation put back to an earlier copy (a lower count) or whose log forked (the same
 * count, another hash) is answered `conflict` with the anchor the server holds, and the
 * workstation's own comparison (src/domain/audit/anchor.ts) then says `rolled-back`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithAnchor, nextEntry, type AuditEntry } from '../../../src/domain/audit';
import {
  auditAnchorSchema,
  errorResponseSchema,
  type AuditAnchor,
  type AuditAnchorResponse,
} from '../../../src/sync/protocol';
import { testBackends } from './databases';
import { call, openWorld, organisation, signIn, T0, type Person, type World } from './world';

const sha256 = async (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** An audit log of `n` entries as the workstation's chain makes it; `variant` forks it. */
async function auditLog(n: number, variant = ''): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < n; i++)
    entries.push(
      await nextEntry(
        entries.at(-1) ?? null,
        {
          atMs: T0 + i * 1000,
          profile: 'profile-1',
          action: 'reveal',
          object: `p-${i}${variant}`,
          reason: 'checking the registration',
        },
        sha256,
      ),
    );
  return entries;
}

const anchorOf = (log: AuditEntry[]): AuditAnchor => ({
  count: log.length,
  hash: log.at(-1)!.hash,
});

describe.each(testBackends())('audit anchor on $name', (backend) => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld(await backend.open());
  });
  afterAll(async () => {
    await world?.close();
  });

  const send = (person: Person, anchor: AuditAnchor, clientId = person.clientId) =>
    call(world, 'POST', '/v1/audit-anchor', { clientId, ...anchor }, person.tokens.accessToken);
  const read = (person: Person, clientId = person.clientId) =>
    call(world, 'POST', '/v1/audit-anchor/get', { clientId }, person.tokens.accessToken);

  it("takes the workstation chain's hashes as they are (64 lower-case hex digits)", async () => {
    const log = await auditLog(3);
    for (const entry of log)
      expect(auditAnchorSchema.safeParse({ count: entry.seq, hash: entry.hash }).success).toBe(
        true,
      );
    const slug = await organisation(world);
    const alice = await signIn(world, slug, 'alice');
    const upper = await send(alice, { count: 1, hash: log[0]!.hash.toUpperCase() });
    expect(upper.statusCode).toBe(400);
    expect(upper.json()).toMatchObject({ error: 'invalid-request', path: 'hash' });
    const zero = await send(alice, { count: 0, hash: log[0]!.hash });
    expect(zero.json()).toMatchObject({ error: 'invalid-request', path: 'count' });
  });

  it('moves forward only; a repeat is fine; none until the first', async () => {
    const slug = await organisation(world);
    const alice = await signIn(world, slug, 'alice');
    const log = await auditLog(5);
    expect((await read(alice)).json()).toEqual({ anchor: null, serverTime: T0 });

    for (const n of [1, 3, 3, 5]) {
      const sent = await send(alice, anchorOf(log.slice(0, n)));
      expect(sent.statusCode).toBe(200);
      expect(sent.json()).toEqual({ anchor: anchorOf(log.slice(0, n)), serverTime: T0 });
    }
    expect((await read(alice)).json<AuditAnchorResponse>().anchor).toEqual(anchorOf(log));
  });

  it('a rolled-back workstation (a lower count) is told the anchor the server holds, and its log is found rolled back', async () => {
    const slug = await organisation(world);
    const alice = await signIn(world, slug, 'alice');
    const log = await auditLog(6);
    expect((await send(alice, anchorOf(log))).statusCode).toBe(200);

    // The workstation's data put back to a copy of four entries earlier.
    const restored = log.slice(0, 2);
    const answer = await send(alice, anchorOf(restored));
    expect(answer.statusCode).toBe(409);
    const body = errorResponseSchema.parse(answer.json());
    expect(body).toMatchObject({ error: 'conflict', anchor: anchorOf(log) });
    expect(body.message).toMatch(/rolled back/);
    // Nothing moved.
    expect((await read(alice)).json<AuditAnchorResponse>().anchor).toEqual(anchorOf(log));

    const comparison = await compareWithAnchor(
      {
        count: restored.length,
        hashAt: async (seq) => restored[seq - 1]?.hash ?? null,
      },
      { state: 'set', count: body.anchor!.count, head: body.anchor!.hash },
      true,
    );
    expect(comparison).toEqual({ ok: false, brokenAt: 3, reason: 'rolled-back' });
  });

  it('a forked workstation (the same count, another hash) is refused too', async () => {
    const slug = await organisation(world);
    const bob = await signIn(world, slug, 'bob');
    const log = await auditLog(4);
    const fork = [...log.slice(0, 3), ...(await auditLog(4, '-fork')).slice(3)];
    expect(fork[3]!.hash).not.toBe(log[3]!.hash);
    expect((await send(bob, anchorOf(log))).statusCode).toBe(200);

    const answer = await send(bob, anchorOf(fork));
    expect(answer.statusCode).toBe(409);
    const body = errorResponseSchema.parse(answer.json());
    expect(body).toMatchObject({ error: 'conflict', anchor: anchorOf(log) });
    expect(body.message).toMatch(/another hash/);
    const comparison = await compareWithAnchor(
      { count: fork.length, hashAt: async (seq) => fork[seq - 1]?.hash ?? null },
      { state: 'set', count: body.anchor!.count, head: body.anchor!.hash },
      true,
    );
    expect(comparison).toEqual({ ok: false, brokenAt: 4, reason: 'rolled-back' });
  });

  it("one anchor per client; nobody reads or moves another's client's anchor", async () => {
    const slug = await organisation(world);
    const [alice, bob] = await Promise.all([
      signIn(world, slug, 'alice'),
      signIn(world, slug, 'bob'),
    ]);
    const other = await signIn(world, await organisation(world), 'alice');
    const log = await auditLog(2);
    expect((await send(alice, anchorOf(log))).statusCode).toBe(200);

    for (const [person, clientId] of [
      [bob, alice.clientId],
      [other, alice.clientId],
      [alice, randomUUID()],
    ] as const) {
      const moved = await send(person, anchorOf(log.slice(0, 1)), clientId);
      expect(moved.statusCode).toBe(404);
      expect(moved.json()).toMatchObject({ error: 'unknown-client' });
      const seen = await read(person, clientId);
      expect(seen.statusCode).toBe(404);
      expect(seen.body).not.toContain(log[1]!.hash);
    }
    expect((await read(bob)).json<AuditAnchorResponse>().anchor).toBeNull();
    // Alice's second workstation starts with no anchor of its own.
    const again = await signIn(world, slug, 'alice');
    expect((await read(again)).json<AuditAnchorResponse>().anchor).toBeNull();
    expect((await read(alice)).json<AuditAnchorResponse>().anchor).toEqual(anchorOf(log));
    expect(
      (await call(world, 'POST', '/v1/audit-anchor/get', { clientId: alice.clientId })).statusCode,
    ).toBe(401);
  });

  it('advances sent at once end at the highest, and each is answered by what was held', async () => {
    const slug = await organisation(world);
    const alice = await signIn(world, slug, 'alice');
    const log = await auditLog(12);
    const order = [7, 2, 12, 5, 9, 1, 11, 3, 10, 4, 6, 8];
    const answers = await Promise.all(order.map((n) => send(alice, anchorOf(log.slice(0, n)))));
    expect(answers.every((a) => a.statusCode === 200 || a.statusCode === 409)).toBe(true);
    expect(answers[order.indexOf(12)]!.statusCode).toBe(200);
    // A refused one was behind what was held then, and is told what that was.
    answers.forEach((answer, i) => {
      if (answer.statusCode !== 409) return;
      const held = answer.json<{ anchor: AuditAnchor }>().anchor;
      expect(held.count).toBeGreaterThan(order[i]!);
      expect(held).toEqual(anchorOf(log.slice(0, held.count)));
    });
    expect((await read(alice)).json<AuditAnchorResponse>().anchor).toEqual(anchorOf(log));
    const stored = await world.db.query<{ count: string }>(
      `SELECT count FROM audit_anchors WHERE client_id = $1`,
      [alice.clientId],
    );
    expect(stored.rows).toEqual([{ count: '12' }]);
  });
});
