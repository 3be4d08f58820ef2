/**
 * Accounts on the sync server: one answer for every wrong credential, a throttle that holds in the
 * database, short-lived access tokens, refresh tokens that rotate and whose reuse ends the session,
 * disabled accounts locked out at once. And the schema's migrations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  disableAccount,
  LOGIN_FAILURES_ALLOWED,
  LOGIN_WINDOW_MS,
} from '../../../src/server/auth/accounts';
import {
  MIGRATIONS,
  migrate,
  SCHEMA_VERSION,
  SchemaTooNewError,
} from '../../../src/server/db/migrations';
import type { Tokens } from '../../../src/sync/protocol';
import { testBackends } from './databases';
import { call, openWorld, organisation, PASSWORD, signIn, T0, type World } from './world';

describe.each(testBackends())('accounts on $name', (backend) => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld(await backend.open());
  });
  afterAll(async () => {
    await world?.close();
  });

  const login = (organisation: string, name: string, password: string) =>
    call(world, 'POST', '/v1/login', { organisation, login: name, password });

  it('answers every wrong credential alike, and says nothing of which part was wrong', async () => {
    const slug = await organisation(world);
    const answers = await Promise.all([
      login(slug, 'alice', 'wrong password here'),
      login(slug, 'nobody', PASSWORD),
      login('no-such-org', 'alice', PASSWORD),
    ]);
    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.json()).toEqual({
        error: 'unauthenticated',
        message: 'the organisation, name or password is wrong',
      });
    }
    const ok = await login(slug, 'alice', PASSWORD);
    expect(ok.statusCode).toBe(200);
    expect(ok.json<Tokens>().account).toMatchObject({
      login: 'alice',
      role: 'counsellor',
      counsellorId: 'c-01',
      organisation: slug,
    });
    expect(ok.body).not.toContain('password');
  });

  it('throttles a person after repeated failures, even with the right password, until the window passes', async () => {
    const slug = await organisation(world);
    for (let i = 0; i < LOGIN_FAILURES_ALLOWED; i++)
      expect((await login(slug, 'bob', `wrong ${i} password`)).statusCode).toBe(401);
    const refused = await login(slug, 'bob', PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: 'too-many-attempts' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Others in the organisation are not held up.
    expect((await login(slug, 'alice', PASSWORD)).statusCode).toBe(200);
    world.clock.now = T0 + LOGIN_WINDOW_MS + 1000;
    try {
      expect((await login(slug, 'bob', PASSWORD)).statusCode).toBe(200);
    } finally {
      world.clock.now = T0;
    }
  });

  it('access tokens expire; a forged one is refused; refresh tokens rotate and a reused one ends the session', async () => {
    const slug = await organisation(world);
    const alice = await signIn(world, slug, 'alice');
    const pull = (token: string) =>
      call(world, 'POST', '/v1/pull', { clientId: alice.clientId, cursor: 0 }, token);
    expect((await pull(alice.tokens.accessToken)).statusCode).toBe(200);
    const [v, payload, mac] = alice.tokens.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forged = `${v}.${Buffer.from(JSON.stringify({ ...claims, r: 'supervisor' })).toString('base64url')}.${mac}`;
    expect((await pull(forged)).json()).toMatchObject({ error: 'unauthenticated' });
    expect((await pull('')).statusCode).toBe(401);

    world.clock.now = T0 + alice.tokens.expiresIn * 1000;
    try {
      expect((await pull(alice.tokens.accessToken)).json()).toMatchObject({
        error: 'token-expired',
      });
      const refreshed = await call(world, 'POST', '/v1/refresh', {
        refreshToken: alice.tokens.refreshToken,
      });
      expect(refreshed.statusCode).toBe(200);
      const next = refreshed.json<Tokens>();
      expect(next.refreshToken).not.toBe(alice.tokens.refreshToken);
      expect((await pull(next.accessToken)).statusCode).toBe(200);
      // The old refresh token again: someone else has it. The whole session ends.
      expect(
        (await call(world, 'POST', '/v1/refresh', { refreshToken: alice.tokens.refreshToken }))
          .statusCode,
      ).toBe(401);
      expect(
        (await call(world, 'POST', '/v1/refresh', { refreshToken: next.refreshToken })).statusCode,
      ).toBe(401);
    } finally {
      world.clock.now = T0;
    }
  });

  it('signing out ends the refresh token; disabling an account locks it out at once', async () => {
    const slug = await organisation(world);
    const bob = await signIn(world, slug, 'bob');
    expect(
      (await call(world, 'POST', '/v1/logout', { refreshToken: bob.tokens.refreshToken }))
        .statusCode,
    ).toBe(200);
    expect(
      (await call(world, 'POST', '/v1/refresh', { refreshToken: bob.tokens.refreshToken }))
        .statusCode,
    ).toBe(401);

    const alice = await signIn(world, slug, 'alice');
    await disableAccount(world.db, { organisation: slug, login: 'alice' }, T0);
    const push = await alice.pushRaw([
      { id: 1, name: 'thread.take', v: 1, args: { threadId: 't' }, at: T0 },
    ]);
    expect(push.statusCode).toBe(401);
    expect(
      (await call(world, 'POST', '/v1/refresh', { refreshToken: alice.tokens.refreshToken }))
        .statusCode,
    ).toBe(401);
    expect((await login(slug, 'alice', PASSWORD)).statusCode).toBe(401);
    const audit = await world.db.query<{ action: string }>(
      `SELECT action FROM admin_audit a JOIN organisations o ON o.id = a.org_id WHERE o.slug = $1 ORDER BY a.id`,
      [slug],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'organisation.create',
      'account.add:supervisor',
      'account.add:counsellor',
      'account.add:counsellor',
      'account.disable',
    ]);
  });

  it('checks every request body and says which field is wrong', async () => {
    const slug = await organisation(world);
    const alice = await signIn(world, slug, 'alice');
    const bad = await call(
      world,
      'POST',
      '/v1/push',
      { clientId: alice.clientId, mutations: [{ id: 0, name: 'x', v: 1, args: {}, at: 0 }] },
      alice.tokens.accessToken,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'invalid-request', path: 'mutations.0.id' });
    const notJson = await world.app.inject({
      method: 'POST',
      url: '/v1/login',
      payload: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ error: 'invalid-request' });
  });

  it('migrations run once, and a database newer than the code is refused', async () => {
    expect(await migrate(world.db, T0)).toEqual([]);
    const newer = [...MIGRATIONS, { version: 999, name: 'from the future', sql: 'SELECT 1' }];
    expect(await migrate(world.db, T0, newer)).toEqual([999]);
    await expect(migrate(world.db, T0)).rejects.toBeInstanceOf(SchemaTooNewError);
    await expect(migrate(world.db, T0)).rejects.toThrow(
      new RegExp(`version 999, newer than this server's ${SCHEMA_VERSION}`),
    );
    await world.db.query('DELETE FROM schema_migrations WHERE version = 999');
  });
});
