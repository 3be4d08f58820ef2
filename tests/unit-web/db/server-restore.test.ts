/**
 * After the sync server is restored from a backup (docs/operations.md): a workstation that pulled
 * from the state the backup lost starts over from what the server now holds, says so, and gets
 * back as drafts the replies of its person the server lost. Three ways it is found, each tested:
 * the operator's `server-restored` (a new log id), a cursor past every version the restored
 * server gave, and the server having forgotten this workstation's mutations while its versions
 * went on past the cursor (no operator step). The server runs on PGlite in a folder; the backup is
 * a copy of that folder taken with the server stopped, as docs/operations.md says.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRefusalsRepository,
  readServerRestoredNotice,
} from '../../../src/renderer/db/repositories/sync-engine';
import { markRestored } from '../../../src/server/restore';
import { organisation, signIn, type World } from '../../unit/server/world';
import { openServer, restartServer, seed, syncedRows, workstation } from './sync-world';

const folders: string[] = [];
const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close().catch(() => undefined);
  for (const f of folders.splice(0)) fs.rmSync(f, { recursive: true, force: true });
});

function folder(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cw-restore-${name}-`));
  folders.push(dir);
  return dir;
}

/** A team on a server in a folder; everyone has pulled the two seeded threads. */
async function team() {
  const live = folder('live');
  const world = await openServer(live);
  worlds.push(world);
  const slug = await organisation(world);
  const supervisor = await workstation(world, slug, 'super');
  const alice = await workstation(world, slug, 'alice');
  const threads = await seed(await signIn(world, slug, 'super'), 2);
  for (const w of [supervisor, alice]) await w.engine.syncOnce();
  const now = () => world.clock.now;
  /** Stops the server, copies its folder, starts it again; returns the copy. */
  const backUp = async () => {
    const copy = path.join(folder('backup'), 'pglite');
    await restartServer(world, live, () => fs.cpSync(live, copy, { recursive: true }));
    return copy;
  };
  /** Stops the server and starts it on a copy of the backup (the restore). */
  const restore = async (backup: string, mark: boolean) => {
    await restartServer(world, live, () => {
      fs.rmSync(live, { recursive: true, force: true });
      fs.cpSync(backup, live, { recursive: true });
    });
    if (mark) await markRestored(world.db, now());
  };
  return { world, live, slug, supervisor, alice, threads, now, backUp, restore };
}

/** Alice takes the first thread and answers it; the round sends both. */
async function aliceAnswers(t: Awaited<ReturnType<typeof team>>, body: string) {
  const threadId = t.threads[0]!;
  await t.alice.queue.take(threadId, 'c-01', t.now());
  const reply = await t.alice.queue.sendReply({
    threadId,
    body,
    authorId: 'c-01',
    nowMs: t.now(),
  });
  expect(await t.alice.engine.syncOnce()).toMatchObject({ offline: false, pushed: 2 });
  expect((await t.alice.db.messages.get(reply.id))?.delivery).toBe('confirmed');
  return { threadId, reply };
}

/** The supervisor tags the second thread until the server's versions are past `cursor`. */
async function supervisorTagsPast(t: Awaited<ReturnType<typeof team>>, cursor: number) {
  for (let i = 0; (await t.supervisor.engine.state()).cursor <= cursor + 2; i++) {
    await t.supervisor.queue.setTags(t.threads[1]!, [`tag-${i}`], t.now());
    await t.supervisor.engine.syncOnce();
  }
}

describe('after the server is restored from a backup', () => {
  it('with the operator’s server-restored: starts over, says so, and the lost reply is a draft again', async () => {
    const t = await team();
    const backup = await t.backUp();
    t.world.clock.now += 60_000;
    const { threadId, reply } = await aliceAnswers(t, 'We can talk on Thursday.');
    t.world.clock.now += 60_000;
    await t.restore(backup, true);

    const round = await t.alice.engine.syncOnce();
    expect(round).toMatchObject({ offline: false, messagesChanged: null });
    const notice = await readServerRestoredNotice(t.alice.db);
    expect(notice).toMatchObject({ repliesKept: 1, threadsMissing: 0 });
    // What the workstation holds is what the restored server holds: the thread open, unheld.
    expect(await t.alice.db.messages.get(reply.id)).toBeUndefined();
    const thread = await t.alice.db.threads.get(threadId);
    expect(thread).toMatchObject({ state: 'open', assigneeId: null });
    expect((await t.alice.queue.draft(threadId))?.body).toBe('We can talk on Thursday.');

    // A supervisor's workstation, also restored-from, holds the same synced rows as Alice's.
    await t.supervisor.engine.syncOnce();
    expect(await readServerRestoredNotice(t.supervisor.db)).toMatchObject({ repliesKept: 0 });
    const rowsOf = async (db: typeof t.alice.db) => {
      const rows = await syncedRows(db);
      return { threads: rows.threads, participants: rows.participants };
    };
    expect(await rowsOf(t.alice.db)).toEqual(await rowsOf(t.supervisor.db));

    // The next round is an ordinary one; the draft is sent again and reaches the server.
    expect(await t.alice.engine.syncOnce()).toMatchObject({ messagesChanged: [] });
    await t.alice.queue.take(threadId, 'c-01', t.now());
    await t.alice.queue.sendReply({
      threadId,
      body: (await t.alice.queue.draft(threadId))!.body,
      authorId: 'c-01',
      nowMs: t.now(),
    });
    await t.alice.engine.syncOnce();
    await t.supervisor.engine.syncOnce();
    const seen = await t.supervisor.queue.threadDetail(threadId);
    expect(seen?.thread.state).toBe('answered');
    expect(seen?.messages.map((m) => m.body)).toEqual(['Message 1', 'We can talk on Thursday.']);

    // Dismissed, the notice goes; a later round does not put it up again.
    await createRefusalsRepository(t.alice.db).dismissServerRestored();
    await t.alice.engine.syncOnce();
    expect(await readServerRestoredNotice(t.alice.db)).toBeNull();
  });

  it('without the operator’s step: a cursor past every version the server gave starts over', async () => {
    const t = await team();
    const backup = await t.backUp();
    const { threadId } = await aliceAnswers(t, 'A reply the restore loses.');
    await t.restore(backup, false);

    await t.alice.engine.syncOnce();
    expect(await readServerRestoredNotice(t.alice.db)).toMatchObject({ repliesKept: 1 });
    expect(await t.alice.db.threads.get(threadId)).toMatchObject({ state: 'open' });
    expect((await t.alice.queue.draft(threadId))?.body).toBe('A reply the restore loses.');
  });

  it('without the operator’s step, the server’s versions past the cursor: found by the forgotten mutations', async () => {
    const t = await team();
    const backup = await t.backUp();
    const { threadId } = await aliceAnswers(t, 'Forgotten by the server.');
    const cursor = (await t.alice.engine.state()).cursor;
    await t.restore(backup, false);
    // After the restore, the supervisor's tags take the server's versions past Alice's cursor:
    // the cursor alone no longer tells.
    await supervisorTagsPast(t, cursor);

    await t.alice.engine.syncOnce();
    expect(await readServerRestoredNotice(t.alice.db)).toMatchObject({ repliesKept: 1 });
    expect(await t.alice.db.threads.get(threadId)).toMatchObject({ state: 'open' });
    expect((await t.alice.queue.draft(threadId))?.body).toBe('Forgotten by the server.');
    // What the supervisor did after the restore reached her.
    const tags = (await t.alice.db.threads.get(t.threads[1]!))?.tags;
    expect(tags).toEqual((await t.supervisor.db.threads.get(t.threads[1]!))?.tags);
  });

  it('only the operator’s step can tell: a workstation that only pulled, the versions past its cursor', async () => {
    const t = await team();
    const backup = await t.backUp();
    // After the backup, the supervisor tags the first thread; Alice pulls it and pushes nothing.
    await t.supervisor.queue.setTags(t.threads[0]!, ['lost'], t.now());
    await t.supervisor.engine.syncOnce();
    await t.alice.engine.syncOnce();
    expect((await t.alice.db.threads.get(t.threads[0]!))?.tags).toEqual(['lost']);
    const cursor = (await t.alice.engine.state()).cursor;
    await t.restore(backup, true);
    // The supervisor's own workstation finds the restore by its forgotten mutation; its tags
    // after the restore take the server's versions past Alice's cursor.
    await supervisorTagsPast(t, cursor);

    await t.alice.engine.syncOnce();
    expect(await readServerRestoredNotice(t.alice.db)).toMatchObject({ repliesKept: 0 });
    expect((await t.alice.db.threads.get(t.threads[0]!))?.tags).toEqual([]);
    const rows = async (db: typeof t.alice.db) => (await syncedRows(db)).threads;
    expect(await rows(t.alice.db)).toEqual(await rows(t.supervisor.db));
  });

  it('a reply in a thread someone else holds now is out of sight, not lost: no draft', async () => {
    const t = await team();
    const { threadId } = await aliceAnswers(t, 'Answered before the backup.');
    // The supervisor gives the thread to Bob; the backup holds that; then gives it back to Alice.
    await t.supervisor.engine.syncOnce();
    await t.supervisor.queue.reassign(threadId, 'c-02', t.now());
    await t.supervisor.engine.syncOnce();
    const backup = await t.backUp();
    await t.supervisor.queue.reassign(threadId, 'c-01', t.now());
    await t.supervisor.engine.syncOnce();
    await t.alice.engine.syncOnce();
    expect(await t.alice.db.messages.where('threadId').equals(threadId).count()).toBe(2);
    await t.restore(backup, true);

    await t.alice.engine.syncOnce();
    // Bob's again: the reply is hidden from Alice, and still on the server.
    expect((await t.alice.db.threads.get(threadId))?.assigneeId).toBe('c-02');
    expect(await readServerRestoredNotice(t.alice.db)).toMatchObject({ repliesKept: 0 });
    expect(await t.alice.queue.draft(threadId)).toBeUndefined();
    await t.supervisor.engine.syncOnce();
    const seen = await t.supervisor.queue.threadDetail(threadId);
    expect(seen?.messages.map((m) => m.body)).toContain('Answered before the backup.');
  });

  it('refusals kept from before the restore stay shown beside new ones of the same numbers', async () => {
    const t = await team();
    const bob = await signIn(t.world, t.slug, 'bob');
    const backup = await t.backUp();
    const [first, second] = t.threads as [string, string];
    // After the backup: Bob takes the second thread; Alice tags the first and takes the second,
    // which is refused (Bob holds it) as her mutation 2.
    await bob.push([{ name: 'thread.take', args: { threadId: second } }]);
    await t.alice.queue.setTags(first, ['before'], t.now());
    await t.alice.queue.take(second, 'c-01', t.now());
    await t.alice.engine.syncOnce();
    const refused = await createRefusalsRepository(t.alice.db).list();
    expect(refused.map((r) => [r.mutationId, r.code])).toEqual([[2, 'thread-held']]);

    // Restored: the server knows none of it. Bob takes the thread again; Alice, before she
    // syncs, does the same two things: her mutations are numbered 1 and 2 again.
    await t.restore(backup, false);
    bob.nextId = 1;
    await bob.push([{ name: 'thread.take', args: { threadId: second } }]);
    t.world.clock.now += 60_000;
    await t.alice.queue.setTags(first, ['after'], t.now());
    await t.alice.queue.take(second, 'c-01', t.now());
    await t.alice.engine.syncOnce();

    const list = await createRefusalsRepository(t.alice.db).list();
    expect(list.map((r) => [r.mutationId, r.code, r.at])).toEqual([
      [2, 'thread-held', t.now()],
      [2, 'thread-held', refused[0]!.at],
    ]);
    expect(list[0]!.clientId).toBe(t.alice.person.clientId);
    expect(list[1]!.clientId).not.toBe(t.alice.person.clientId);
    // Each is dismissed on its own.
    await createRefusalsRepository(t.alice.db).dismiss(list[1]!);
    expect((await createRefusalsRepository(t.alice.db).list()).map((r) => r.at)).toEqual([t.now()]);
  });

  it('a change waiting in the outbox is sent to the restored server, numbered again', async () => {
    const t = await team();
    const backup = await t.backUp();
    await aliceAnswers(t, 'Lost with the restore.');
    await t.restore(backup, true);
    // Written after the restore, before the workstation heard of it.
    await t.alice.queue.setRisk(t.threads[1]!, 'urgent', 'c-01', t.now());
    await t.alice.engine.syncOnce();
    expect(await t.alice.db.outbox.count()).toBe(0);
    await t.supervisor.engine.syncOnce();
    expect((await t.supervisor.db.threads.get(t.threads[1]!))?.risk).toBe('urgent');
    expect((await t.alice.db.threads.get(t.threads[1]!))?.risk).toBe('urgent');
  });

  it('a server that was not restored never says so, across restarts', async () => {
    const t = await team();
    await t.backUp();
    await aliceAnswers(t, 'Kept.');
    await restartServer(t.world, t.live);
    expect(await t.alice.engine.syncOnce()).toMatchObject({ messagesChanged: [] });
    expect(await readServerRestoredNotice(t.alice.db)).toBeNull();
  });
});
