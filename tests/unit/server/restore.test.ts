/**
 * The server's side of a restore from a backup, on PGlite and on a real PostgreSQL: every pull
 * says the organisation's log id; a pull that brings another one, or a cursor past every version
 * the server ever gave, is answered with a snapshot that says `restored`; `markRestored` (the
 * CLI's `server-restored`) gives every organisation a new log id, audited, and says up to when each
 * one's data goes. An ordinary pull never says `restored`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_NUMBERS_SKIPPED, markRestored } from '../../../src/server/restore';
import { testBackends } from './databases';
import { call, importOf, T0, teamOf, type World, openWorld } from './world';

describe.each(testBackends())('a restore on $name', (backend) => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld(await backend.open());
  });
  afterAll(async () => {
    await world?.close();
  });

  async function imported() {
    const team = await teamOf(world);
    const data = importOf(2);
    await team.supervisor.push([data.mutation]);
    const first = await team.alice.pullAll(0);
    const last = first.at(-1)!;
    return { ...team, data, cursor: last.cursor, log: last.log };
  }

  it('an ordinary pull says the log id, the same each time, and never restored', async () => {
    const { alice, cursor, log } = await imported();
    expect(log).toMatch(/^[0-9a-f-]{36}$/);
    const again = await alice.pull(cursor, { log });
    expect(again).toMatchObject({ reset: false, restored: false, log, changes: [] });
    // A workstation that has no log id yet (it pulled before there was one) is not sent back.
    expect(await alice.pull(cursor)).toMatchObject({ reset: false, restored: false, log });
  });

  it('another log id: a snapshot from nothing that says restored; then ordinary again', async () => {
    const { alice, data, cursor, log } = await imported();
    const page = await alice.pull(cursor, { log: 'a-log-the-server-never-gave' });
    expect(page).toMatchObject({ reset: true, restored: true, log, more: false });
    const threads = page.changes.filter((c) => c.table === 'threads').map((c) => c.id);
    expect(threads.sort()).toEqual([...data.threadIds].sort());
    expect(page.cursor).toBeGreaterThanOrEqual(cursor);
    expect(await alice.pull(page.cursor, { log: page.log })).toMatchObject({
      reset: false,
      restored: false,
    });
    // A snapshot's later page asked with another log id starts again too.
    expect(await alice.pull(cursor, { log: 'x', snapshot: true })).toMatchObject({
      reset: true,
      restored: true,
    });
    // Cursor 0 has nothing to lose: a first pull, not a restore.
    expect(await alice.pull(0, { log: 'x' })).toMatchObject({ reset: false, restored: false });
  });

  it('a cursor past every version the server gave: a snapshot that says restored', async () => {
    const { alice, log } = await imported();
    const { rows } = await world.db.query<{ last_value: string }>(
      `SELECT last_value FROM record_version`,
    );
    const past = Number(rows[0]!.last_value) + 1;
    expect(await alice.pull(past, { log })).toMatchObject({ reset: true, restored: true });
    expect(await alice.pull(past - 1, { log })).toMatchObject({ reset: false, restored: false });
  });

  it('markRestored gives every organisation a new log id, audited, and says how far its data goes', async () => {
    const one = await imported();
    const other = await teamOf(world);
    const otherLog = (await other.alice.pull(0)).log;
    world.clock.now = T0 + 5_000;
    const result = await markRestored(world.db, world.clock.now);
    expect(result.find((r) => r.organisation === one.slug)).toEqual({
      organisation: one.slug,
      newestChangeAt: T0,
      newestDeliveryAt: null,
      newestAnswer: null,
    });
    expect(result.find((r) => r.organisation === other.slug)).toEqual({
      organisation: other.slug,
      newestChangeAt: null,
      newestDeliveryAt: null,
      newestAnswer: null,
    });
    const page = await one.alice.pull(one.cursor, { log: one.log });
    expect(page).toMatchObject({ reset: true, restored: true });
    expect(page.log).not.toBe(one.log);
    expect((await other.alice.pull(0)).log).not.toBe(otherLog);
    const { rows } = await world.db.query<{ action: string; actor: string; at: string }>(
      `SELECT a.action, a.actor, a.at FROM admin_audit a JOIN organisations o ON o.id = a.org_id
       WHERE o.slug = $1 AND a.action = 'server.restored'`,
      [one.slug],
    );
    expect(rows.map((r) => [r.action, r.actor, Number(r.at)])).toEqual([
      ['server.restored', 'cli', T0 + 5_000],
    ]);
    world.clock.now = T0;
  });

  it('markRestored numbers the portal’s answers on past every number given before', async () => {
    const before = await world.db.query<{ n: string }>(`SELECT nextval('portal_answer_seq') AS n`);
    await markRestored(world.db, world.clock.now);
    const after = await world.db.query<{ n: string }>(`SELECT nextval('portal_answer_seq') AS n`);
    expect(Number(after.rows[0]!.n)).toBe(Number(before.rows[0]!.n) + ANSWER_NUMBERS_SKIPPED + 1);
  });

  it('a client the restored server forgot is registered again under its own id; another account’s is refused', async () => {
    const { alice, bob, data } = await imported();
    await world.db.query(`DELETE FROM clients WHERE id = $1`, [alice.clientId]);
    const gone = await call(
      world,
      'POST',
      '/v1/pull',
      { clientId: alice.clientId, cursor: 0 },
      alice.tokens.accessToken,
    );
    expect(gone.json()).toMatchObject({ error: 'unknown-client' });
    const register = (clientId: unknown, token: string) =>
      call(world, 'POST', '/v1/clients', { clientId }, token);
    const again = await register(alice.clientId, alice.tokens.accessToken);
    expect(again.json()).toEqual({ clientId: alice.clientId });
    // It pushes from 1 again; asked once more, it stays as it is, its numbering with it.
    await alice.push([{ name: 'thread.take', args: { threadId: data.threadIds[0]! } }]);
    expect((await register(alice.clientId, alice.tokens.accessToken)).json()).toEqual({
      clientId: alice.clientId,
    });
    expect((await alice.pull(0)).lastMutationId).toBe(1);
    const stolen = await register(alice.clientId, bob.tokens.accessToken);
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json()).toMatchObject({ error: 'unknown-client' });
    const bad = await register('not-a-uuid', bob.tokens.accessToken);
    expect(bad.json()).toMatchObject({ error: 'invalid-request', path: 'clientId' });
  });
});
