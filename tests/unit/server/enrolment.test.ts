/**
 * Enrolment on the server, on PGlite and on a real PostgreSQL: a supervisor's workstation leaves
 * the organisation's keys wrapped under a one-time secret (shown as words), an account of the same
 * organisation claims them once and unwraps them with the words; nobody else, not twice, not after
 * they expire. And the server's tables, before and after the claim, hold only the opaque blob:
 * neither the words, nor the secret, nor the wrapping key, nor the organisation's key.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/server/db/database';
import { MIGRATIONS, migrate } from '../../../src/server/db/migrations';
import {
  enrolmentIdOf,
  MAX_ENROLMENT_SECONDS,
  MAX_WRAPPED_BYTES,
  newEnrolmentSecret,
  type ClaimEnrolmentResponse,
  type WrappedKeys,
} from '../../../src/sync/enrolment';
import { secretToWords, wordsToSecret } from '../../../src/sync/words';
import { testBackends } from './databases';
import { call, openWorld, T0, type World, teamOf } from './world';

const SCRYPT = { N: 2 ** 14, r: 8, p: 1 };

/** What the supervisor's workstation does: derive a wrapping key from the secret, seal the keys. */
function wrap(secret: Uint8Array, enrolmentId: string, orgKey: Buffer) {
  const salt = randomBytes(16);
  const wrappingKey = scryptSync(secret, salt, 32, SCRYPT);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey, iv);
  cipher.setAAD(Buffer.from(`enrolment:${enrolmentId}`));
  const ct = Buffer.concat([cipher.update(orgKey), cipher.final(), cipher.getAuthTag()]);
  const wrapped: WrappedKeys = {
    v: 1,
    kdf: { name: 'scrypt', params: SCRYPT },
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
  };
  return { wrapped, wrappingKey };
}

/** What the new workstation does with the words typed and the blob claimed. */
function unwrap(secret: Uint8Array, enrolmentId: string, wrapped: WrappedKeys): Buffer {
  const wrappingKey = scryptSync(secret, Buffer.from(wrapped.salt, 'base64'), 32, {
    N: wrapped.kdf.params.N,
    r: wrapped.kdf.params.r,
    p: wrapped.kdf.params.p,
  });
  const ct = Buffer.from(wrapped.ct, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', wrappingKey, Buffer.from(wrapped.iv, 'base64'));
  decipher.setAAD(Buffer.from(`enrolment:${enrolmentId}`));
  decipher.setAuthTag(ct.subarray(ct.length - 16));
  return Buffer.concat([decipher.update(ct.subarray(0, ct.length - 16)), decipher.final()]);
}

/** Every row of every table of the public schema, as JSON text. */
async function everyRow(db: Database): Promise<string> {
  const tables = await db.query<{ name: string }>(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  expect(tables.rows.map((t) => t.name)).toEqual(
    expect.arrayContaining(['enrolments', 'accounts', 'server_secrets']),
  );
  let text = '';
  for (const { name } of tables.rows) {
    const rows = await db.query<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM ${name} t`,
    );
    text += rows.rows.map((r) => r.row).join('\n') + '\n';
  }
  return text;
}

const encodings = (bytes: Uint8Array) => {
  const b = Buffer.from(bytes);
  return [b.toString('hex'), b.toString('base64'), b.toString('base64url')];
};

describe.each(testBackends())('enrolment on $name', (backend) => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld(await backend.open());
  });
  afterAll(async () => {
    await world?.close();
  });

  const team = () => teamOf(world);

  const issue = (token: string, body: unknown) =>
    call(world, 'POST', '/v1/enrolments', body, token);
  const claim = (token: string, enrolmentId: string) =>
    call(world, 'POST', '/v1/enrolments/claim', { enrolmentId }, token);

  /** A supervisor's workstation enrolling another: the secret, its words, the blob. */
  async function prepare(expiresInSeconds = 3600) {
    const secret = newEnrolmentSecret();
    const words = secretToWords(secret);
    const enrolmentId = await enrolmentIdOf(secret);
    const orgKey = randomBytes(32);
    const { wrapped, wrappingKey } = wrap(secret, enrolmentId, orgKey);
    return {
      secret,
      words,
      enrolmentId,
      orgKey,
      wrappingKey,
      wrapped,
      body: { enrolmentId, wrapped, expiresInSeconds },
    };
  }

  it('a supervisor issues; a counsellor of the organisation claims once, types the words and unwraps the keys; a second claim is refused', async () => {
    const { supervisor, alice, bob } = await team();
    const e = await prepare(3600);
    const issued = await issue(supervisor.tokens.accessToken, e.body);
    expect(issued.statusCode).toBe(200);
    expect(issued.json()).toEqual({ expiresAt: T0 + 3600 * 1000, serverTime: T0 });

    // The new workstation: the words as typed, the id and the wrapping key from them alone.
    const typed = e.words.join(' ');
    const decoded = wordsToSecret(typed);
    if (!decoded.ok) throw new Error('the words did not decode');
    const enrolmentId = await enrolmentIdOf(decoded.secret);
    expect(enrolmentId).toBe(e.enrolmentId);
    const claimed = await claim(alice.tokens.accessToken, enrolmentId);
    expect(claimed.statusCode).toBe(200);
    const body = claimed.json<ClaimEnrolmentResponse>();
    expect(body.wrapped).toEqual(e.wrapped);
    expect(unwrap(decoded.secret, enrolmentId, body.wrapped).equals(e.orgKey)).toBe(true);

    for (const person of [alice, bob, supervisor]) {
      const again = await claim(person.tokens.accessToken, enrolmentId);
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ error: 'conflict' });
      expect(again.body).not.toContain(e.wrapped.ct);
    }
    const { rows } = await world.db.query<{
      created_by: string;
      claimed_by: string;
      claimed_at: string;
      wrapped: unknown;
    }>(`SELECT created_by, claimed_by, claimed_at, wrapped FROM enrolments WHERE id = $1`, [
      enrolmentId,
    ]);
    expect(rows[0]).toEqual({
      created_by: supervisor.tokens.account.id,
      claimed_by: alice.tokens.account.id,
      claimed_at: String(T0),
      wrapped: null,
    });
  });

  it('two claims at once: exactly one gets the keys', async () => {
    const { supervisor, alice, bob } = await team();
    const e = await prepare();
    expect((await issue(supervisor.tokens.accessToken, e.body)).statusCode).toBe(200);
    const answers = await Promise.all([
      claim(alice.tokens.accessToken, e.enrolmentId),
      claim(bob.tokens.accessToken, e.enrolmentId),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
  });

  it("another organisation's account cannot claim it, and is told no more than for an id that never was", async () => {
    const { supervisor, alice } = await team();
    const other = await team();
    const e = await prepare();
    expect((await issue(supervisor.tokens.accessToken, e.body)).statusCode).toBe(200);
    for (const person of [other.supervisor, other.alice]) {
      const refused = await claim(person.tokens.accessToken, e.enrolmentId);
      expect(refused.statusCode).toBe(404);
      expect(refused.json()).toMatchObject({ error: 'not-found' });
    }
    const never = await claim(other.alice.tokens.accessToken, randomUUID());
    expect(never.json()).toEqual(
      (await claim(other.alice.tokens.accessToken, e.enrolmentId)).json(),
    );
    // Still there for its own organisation.
    expect((await claim(alice.tokens.accessToken, e.enrolmentId)).statusCode).toBe(200);
  });

  it('counsellors cannot issue one; nobody signed out can issue or claim', async () => {
    const { supervisor, alice } = await team();
    const e = await prepare();
    const refused = await issue(alice.tokens.accessToken, e.body);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: 'forbidden' });
    const none = await world.db.query(`SELECT 1 FROM enrolments WHERE id = $1`, [e.enrolmentId]);
    expect(none.rowCount).toBe(0);
    expect((await call(world, 'POST', '/v1/enrolments', e.body)).statusCode).toBe(401);
    expect((await issue(supervisor.tokens.accessToken, e.body)).statusCode).toBe(200);
    expect(
      (await call(world, 'POST', '/v1/enrolments/claim', { enrolmentId: e.enrolmentId }))
        .statusCode,
    ).toBe(401);
  });

  it("expires by the server's clock: claimable until then, after it not-found and the row purged", async () => {
    const { supervisor, alice } = await team();
    // Shorter than an access token lives (10 min), so the same tokens serve throughout.
    const early = await prepare(300);
    const late = await prepare(300);
    expect((await issue(supervisor.tokens.accessToken, early.body)).statusCode).toBe(200);
    expect((await issue(supervisor.tokens.accessToken, late.body)).statusCode).toBe(200);
    const purgeable = await prepare(60);
    expect((await issue(supervisor.tokens.accessToken, purgeable.body)).statusCode).toBe(200);
    try {
      world.clock.now = T0 + 300 * 1000 - 1;
      expect((await claim(alice.tokens.accessToken, early.enrolmentId)).statusCode).toBe(200);
      world.clock.now = T0 + 300 * 1000;
      const expired = await claim(alice.tokens.accessToken, late.enrolmentId);
      expect(expired.statusCode).toBe(404);
      expect(expired.json()).toMatchObject({ error: 'not-found' });
      expect(expired.body).not.toContain(late.wrapped.ct);
      const left = await world.db.query(`SELECT 1 FROM enrolments WHERE id = $1`, [
        late.enrolmentId,
      ]);
      expect(left.rowCount).toBe(0);
      // Expired enrolments nobody asked for go at the next issue; claimed ones stay as a record.
      const next = await prepare();
      expect((await issue(supervisor.tokens.accessToken, next.body)).statusCode).toBe(200);
      const rows = await world.db.query<{ id: string }>(
        `SELECT id FROM enrolments WHERE id = ANY($1::uuid[])`,
        [[early.enrolmentId, purgeable.enrolmentId, next.enrolmentId]],
      );
      expect(rows.rows.map((r) => r.id).sort()).toEqual(
        [early.enrolmentId, next.enrolmentId].sort(),
      );
    } finally {
      world.clock.now = T0;
    }
  });

  it('an enrolment id is used once; bodies are checked (at most 24 h, at most 64 KiB, nothing more)', async () => {
    const { supervisor } = await team();
    const e = await prepare();
    expect((await issue(supervisor.tokens.accessToken, e.body)).statusCode).toBe(200);
    const again = await issue(supervisor.tokens.accessToken, e.body);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'conflict', path: 'enrolmentId' });

    const fresh = await prepare();
    const bad = async (body: unknown, path: string) => {
      const answer = await issue(supervisor.tokens.accessToken, body);
      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toMatchObject({ error: 'invalid-request', path });
    };
    await bad({ ...fresh.body, expiresInSeconds: MAX_ENROLMENT_SECONDS + 1 }, 'expiresInSeconds');
    await bad({ ...fresh.body, expiresInSeconds: 0 }, 'expiresInSeconds');
    await bad(
      {
        ...fresh.body,
        wrapped: {
          ...fresh.wrapped,
          ct: randomBytes(MAX_WRAPPED_BYTES + 1).toString('base64'),
        },
      },
      'wrapped.ct',
    );
    await bad({ ...fresh.body, wrapped: { ...fresh.wrapped, words: fresh.words } }, 'wrapped');
    await bad({ ...fresh.body, secret: fresh.words.join(' ') }, '');
    await bad({ ...fresh.body, enrolmentId: 'not-a-uuid' }, 'enrolmentId');
    const largest = {
      ...fresh.body,
      expiresInSeconds: MAX_ENROLMENT_SECONDS,
      wrapped: { ...fresh.wrapped, ct: randomBytes(MAX_WRAPPED_BYTES).toString('base64') },
    };
    const ok = await issue(supervisor.tokens.accessToken, largest);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ expiresAt: T0 + MAX_ENROLMENT_SECONDS * 1000 });
  });

  it('there is nothing to GET: no listing, no enrolment by its id', async () => {
    const { supervisor } = await team();
    const e = await prepare();
    expect((await issue(supervisor.tokens.accessToken, e.body)).statusCode).toBe(200);
    for (const url of [
      '/v1/enrolments',
      `/v1/enrolments/${e.enrolmentId}`,
      `/v1/enrolments/claim`,
      `/v1/enrolments/claim?enrolmentId=${e.enrolmentId}`,
    ]) {
      const answer = await call(world, 'GET', url, undefined, supervisor.tokens.accessToken);
      expect(answer.statusCode).toBe(404);
      expect(answer.json()).toEqual({ error: 'not-found', message: 'there is nothing here' });
    }
  });

  it("the server's tables hold only the opaque blob: no word, no secret, no wrapping key, no organisation key", async () => {
    const { supervisor, alice } = await team();
    const before = (await everyRow(world.db)).toLowerCase();
    // Words that cannot be mistaken for something already there (a login, a table's text, hex).
    let e = await prepare();
    const clear = (words: string[]) =>
      words.every((w) => w.length >= 5 && !/^[a-f]+$/.test(w) && !before.includes(w));
    for (let tries = 0; !clear(e.words); tries++) {
      if (tries > 10_000) throw new Error('no phrase of clear words found');
      e = await prepare();
    }
    const needles = [
      e.words.join(' '),
      e.words.join(''),
      ...e.words,
      ...encodings(e.secret),
      ...encodings(e.wrappingKey),
      ...encodings(e.orgKey),
    ];
    const found = (haystack: string) => needles.filter((n) => haystack.includes(n));
    // The needles are real: a text holding them is caught.
    expect(found(`${e.words.join(' ')} ${encodings(e.orgKey).join(' ')}`).length).toBeGreaterThan(
      e.words.length,
    );

    expect((await issue(supervisor.tokens.accessToken, e.body)).statusCode).toBe(200);
    const waiting = await everyRow(world.db);
    expect(waiting).toContain(e.wrapped.ct); // the scan sees the enrolment's row
    expect(found(waiting)).toEqual([]);
    expect(found(waiting.toLowerCase())).toEqual([]);

    const claimed = await claim(alice.tokens.accessToken, e.enrolmentId);
    expect(claimed.statusCode).toBe(200);
    const after = await everyRow(world.db);
    expect(after).not.toContain(e.wrapped.ct); // emptied once claimed
    expect(found(after)).toEqual([]);
    expect(found(after.toLowerCase())).toEqual([]);

    // And the keys did travel: the words open what was claimed.
    const decoded = wordsToSecret(e.words.join(' '));
    if (!decoded.ok) throw new Error('the words did not decode');
    const wrapped = claimed.json<ClaimEnrolmentResponse>().wrapped;
    expect(unwrap(decoded.secret, e.enrolmentId, wrapped)).toEqual(e.orgKey);
  });

  it('the later migrations come on top of a database of version 1', async () => {
    const db = await backend.open();
    try {
      expect(await migrate(db, T0, MIGRATIONS.slice(0, 1))).toEqual([1]);
      await db.query(
        `INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, 'old', 'Old', $2)`,
        [randomUUID(), T0],
      );
      expect(await migrate(db, T0)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
      expect(MIGRATIONS.slice(1).map((m) => m.version)).toEqual([2, 3, 4]);
      expect((await db.query(`SELECT count(*)::int AS n FROM enrolments`)).rows).toEqual([
        { n: 0 },
      ]);
      expect((await db.query(`SELECT slug FROM organisations`)).rows).toEqual([{ slug: 'old' }]);
      // An organisation that existed before version 4 has a log id of its own.
      const logs = await db.query<{ log_id: string }>(`SELECT log_id FROM organisations`);
      expect(logs.rows[0]!.log_id).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await db.close();
    }
  });
});
