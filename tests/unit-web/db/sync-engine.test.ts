/**
 * The page's sync engine against a real sync server (PGlite, in this process): two or three
 * workstations with one shared cipher take threads, reply, lose answers and pull; what each holds
 * afterwards is what the server decided, and nothing the person wrote is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBackupData,
  parseBackupFile,
  restoreBackup,
} from '../../../src/renderer/db/repositories/backup';
import {
  createReleasesRepository,
  releaseHistory,
} from '../../../src/renderer/db/repositories/releases';
import {
  createRefusalsRepository,
  RESTORED_VIEW,
  SYNCED_VIEW_KEY,
} from '../../../src/renderer/db/repositories/sync-engine';
import type { ReleaseRecord } from '../../../src/renderer/db/records';
import { PulledRecordError } from '../../../src/renderer/db/repositories/sync-records';
import { DEFAULT_TOMBSTONE_DAYS, purgeExpiredTombstones } from '../../../src/server/housekeeping';
import { purgeTombstones } from '../../../src/server/sync/store';
import { organisation, signIn, type World } from '../../unit/server/world';
import { cipher } from './helpers';
import { openServer, seed, syncedRows, T0, workstation } from './sync-world';

let world: World;
beforeAll(async () => {
  world = await openServer();
});
afterAll(async () => {
  await world?.close();
});

async function team() {
  const slug = await organisation(world);
  const supervisor = await workstation(world, slug, 'super');
  const alice = await workstation(world, slug, 'alice');
  const bob = await workstation(world, slug, 'bob');
  const threads = await seed(await signIn(world, slug, 'super'), 2);
  for (const w of [supervisor, alice, bob]) await w.engine.syncOnce();
  return { slug, supervisor, alice, bob, threads };
}

const now = () => world.clock.now;

describe('the sync engine', () => {
  it('pulls the organisation, then a taken thread and its reply reach the others', async () => {
    const { supervisor, alice, bob, threads } = await team();
    const t = threads[0]!;
    expect(await bob.db.threads.count()).toBe(2);
    expect((await bob.queue.threadDetail(t))?.subject).toBe('Subject 1');

    await alice.queue.take(t, 'c-01', now());
    const reply = await alice.queue.sendReply({
      threadId: t,
      body: 'Thank you for writing.',
      authorId: 'c-01',
      nowMs: now(),
    });
    expect(await alice.db.outbox.count()).toBe(2);
    const round = await alice.engine.syncOnce();
    expect(round).toMatchObject({ offline: false, pushed: 2 });
    expect(await alice.db.outbox.count()).toBe(0);
    expect(await alice.db.serverCopies.count()).toBe(0);
    // Alice's reply is now the server's: confirmed.
    expect((await alice.db.messages.get(reply.id))?.delivery).toBe('confirmed');

    await supervisor.engine.syncOnce();
    const seen = await supervisor.queue.threadDetail(t);
    expect(seen?.thread.assigneeId).toBe('c-01');
    expect(seen?.thread.state).toBe('answered');
    expect(seen?.messages.map((m) => m.body)).toEqual(['Message 1', 'Thank you for writing.']);

    // Bob sees who holds it; its messages left his sight.
    await bob.engine.syncOnce();
    expect((await bob.db.threads.get(t))?.assigneeId).toBe('c-01');
    expect(await bob.db.messages.where('threadId').equals(t).count()).toBe(0);
  });

  it('two take the same thread offline: the first to push holds it, the other is told who', async () => {
    const { alice, bob, threads } = await team();
    const t = threads[0]!;
    await alice.queue.take(t, 'c-01', now());
    await bob.queue.take(t, 'c-02', now());
    await alice.engine.syncOnce();
    await bob.engine.syncOnce();
    expect((await bob.db.threads.get(t))?.assigneeId).toBe('c-01');
    expect((await alice.db.threads.get(t))?.assigneeId).toBe('c-01');
    const refusals = await createRefusalsRepository(bob.db).list();
    expect(refusals).toEqual([
      expect.objectContaining({
        name: 'thread.take',
        code: 'thread-held',
        params: { holderId: 'c-01' },
      }),
    ]);
    expect(await bob.db.outbox.count()).toBe(0);
    expect((await bob.engine.state()).refusalsSeenThrough).toBe(1);
    // Dismissed, it is gone, and the server does not send it again.
    await createRefusalsRepository(bob.db).dismiss(refusals[0]!);
    await bob.engine.syncOnce();
    expect(await createRefusalsRepository(bob.db).list()).toEqual([]);
  });

  it('a refused change gives way to the server even when the server had nothing newer to send', async () => {
    const { alice, bob, threads } = await team();
    const t = threads[0]!;
    await alice.queue.take(t, 'c-01', now());
    await alice.engine.syncOnce();
    await bob.engine.syncOnce();
    // Bob already knows Alice holds it, and sets its risk anyway.
    await bob.queue.setRisk(t, 'urgent', 'c-02', now());
    await bob.engine.syncOnce();
    expect((await bob.db.threads.get(t))?.risk).toBe('not-assessed');
    expect((await createRefusalsRepository(bob.db).list())[0]?.code).toBe('thread-held');
  });

  it('a push whose answer was lost is sent again with the same ids and applied once', async () => {
    const { alice, supervisor, threads } = await team();
    const t = threads[1]!;
    await alice.queue.addNote(t, 'Called the participant back.', 'c-01', now());
    alice.network.losePushAnswers = 1;
    expect((await alice.engine.syncOnce()).offline).toBe(true);
    expect(await alice.db.outbox.count()).toBe(1);
    await alice.queue.setRisk(t, 'elevated', 'c-01', now());
    expect((await alice.engine.syncOnce()).offline).toBe(false);
    expect(alice.network.sent).toEqual([[1], [1, 2]]);
    expect(await alice.db.outbox.count()).toBe(0);
    await supervisor.engine.syncOnce();
    const detail = await supervisor.queue.threadDetail(t);
    expect(detail?.notes.map((n) => n.body)).toEqual(['Called the participant back.']);
    expect(detail?.thread.risk).toBe('elevated');
  });

  it('a reply refused because someone else holds the thread comes back as its draft', async () => {
    const { alice, bob, threads } = await team();
    const t = threads[0]!;
    await bob.queue.take(t, 'c-02', now());
    await bob.engine.syncOnce();
    // Alice has not pulled since: she answers the thread she believes is free.
    await alice.queue.saveDraft(t, 'A second thought.', now());
    await alice.queue.sendReply({
      threadId: t,
      body: 'Dear Alex,',
      authorId: 'c-01',
      nowMs: now(),
    });
    expect(await alice.queue.draft(t)).toBeUndefined();
    await alice.queue.saveDraft(t, 'A second thought.', now());
    await alice.engine.syncOnce();
    expect((await alice.queue.draft(t))?.body).toBe('Dear Alex,\n\nA second thought.');
    expect((await alice.db.threads.get(t))?.assigneeId).toBe('c-02');
    expect(await alice.db.messages.where('threadId').equals(t).count()).toBe(0);
    const [refusal] = await createRefusalsRepository(alice.db).list();
    expect(refusal).toMatchObject({ name: 'reply.send', code: 'thread-held' });
    expect(refusal?.params).toEqual({ holderId: 'c-02' });
  });

  it('a change waiting to be pushed stays on top of a pull, then takes the server’s answer', async () => {
    const { alice, supervisor, threads } = await team();
    const t = threads[0]!;
    await alice.queue.setRisk(t, 'urgent', 'c-01', now());
    await supervisor.queue.setTags(t, ['housing'], now());
    await supervisor.engine.syncOnce();
    await alice.engine.pull();
    const held = await alice.db.threads.get(t);
    expect(held?.risk).toBe('urgent');
    expect(held?.tags).toEqual([]);
    expect(await alice.db.serverCopies.get(['threads', t])).toMatchObject({
      record: expect.objectContaining({ tags: ['housing'] }),
    });
    await alice.engine.syncOnce();
    const settled = await alice.db.threads.get(t);
    expect(settled?.risk).toBe('urgent');
    expect(settled?.tags).toEqual(['housing']);
    expect(settled?.riskSetBy).toBe('c-01');
    expect(await alice.db.serverCopies.count()).toBe(0);
  });

  it('a cursor older than the tombstone horizon starts over from a snapshot', async () => {
    const { slug, alice } = await team();
    const rule = {
      id: 'r-1',
      createdAt: T0,
      counsellorId: 'c-01',
      rule: 'DTSTART;TZID=Asia/Tokyo:20261201T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO',
      durationMinutes: 360,
      validFrom: null,
      validUntil: null,
      sourceHash: null,
    };
    const admin = await signIn(world, slug, 'super');
    await admin.push([{ name: 'availability.putRule', args: { rule } }]);
    await alice.engine.syncOnce();
    expect(await alice.db.availabilityRules.count()).toBe(1);
    await admin.push([{ name: 'availability.removeRule', args: { ruleId: 'r-1' } }]);
    world.clock.now += 1;
    const orgId = (
      await world.db.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = $1`, [slug])
    ).rows[0]!.id;
    expect(await world.db.transaction((tx) => purgeTombstones(tx, orgId, world.clock.now))).toBe(1);
    // Something only this workstation holds, and something it wrote and has not pushed.
    await alice.queue.saveDraft('t-2', 'kept here', now());
    await alice.queue.setTags('t-2', ['mine'], now());
    const pages: boolean[] = [];
    alice.network.tamper = (page) => {
      pages.push(page.reset);
      return page;
    };
    await alice.engine.pull();
    expect(pages[0]).toBe(true);
    expect(await alice.db.availabilityRules.count()).toBe(0);
    expect(await alice.db.threads.count()).toBe(2);
    expect((await alice.queue.draft('t-2'))?.body).toBe('kept here');
    expect((await alice.db.threads.get('t-2'))?.tags).toEqual(['mine']);
    await alice.engine.syncOnce();
    expect((await alice.db.threads.get('t-2'))?.tags).toEqual(['mine']);
    expect(await alice.db.serverCopies.count()).toBe(0);
  });

  it('a workstation offline for ten days catches up change by change, losing nothing it wrote', async () => {
    const { supervisor, alice, bob, threads } = await team();
    const [t1, t2] = threads as [string, string];
    alice.network.offline = true;
    const start = world.clock.now;
    const day = 86_400_000;
    const rule = (id: string) => ({
      id,
      createdAt: start,
      counsellorId: 'c-01',
      rule: 'DTSTART;TZID=Asia/Tokyo:20261207T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO',
      durationMinutes: 60,
      validFrom: null,
      validUntil: null,
      sourceHash: null,
    });
    for (let d = 1; d <= 10; d++) {
      world.clock.now = start + d * day;
      // The server's hourly housekeeping, with its default retention.
      await purgeExpiredTombstones(world.db, world.clock.now, DEFAULT_TOMBSTONE_DAYS);
      if (d === 1) {
        await bob.queue.take(t1, 'c-02', now());
        await bob.queue.sendReply({
          threadId: t1,
          body: 'Bob answers.',
          authorId: 'c-02',
          nowMs: now(),
        });
      }
      if (d === 2) {
        // Alice, offline, answers the thread she believes is free.
        await alice.queue.take(t1, 'c-01', now());
        await alice.queue.sendReply({
          threadId: t1,
          body: 'Alice answers.',
          authorId: 'c-01',
          nowMs: now(),
        });
      }
      if (d === 3) await bob.queue.setRisk(t2, 'elevated', 'c-02', now());
      if (d === 4) await alice.queue.setTags(t2, ['visa'], now());
      if (d === 5) {
        await supervisor.engine.syncOnce();
        await supervisor.person.push([
          { name: 'availability.putRule', args: { rule: rule('r-away') } },
        ]);
      }
      if (d === 6)
        await supervisor.person.push([
          { name: 'availability.removeRule', args: { ruleId: 'r-away' } },
        ]);
      for (const w of [supervisor, bob]) expect((await w.engine.syncOnce()).offline).toBe(false);
      // Every day Alice's workstation tries, and keeps what waits.
      expect((await alice.engine.syncOnce()).offline).toBe(true);
    }
    expect(await alice.db.outbox.count()).toBe(3);

    alice.network.offline = false;
    const resets: boolean[] = [];
    alice.network.tamper = (page) => {
      resets.push(page.reset);
      return page;
    };
    await alice.engine.syncOnce();
    await alice.engine.syncOnce();
    // Change by change, not a snapshot: nothing older than 30 days was purged.
    expect(resets.length).toBeGreaterThan(0);
    expect(resets.every((reset) => !reset)).toBe(true);
    expect(await alice.db.outbox.count()).toBe(0);
    // Bob took the thread first: Alice is told who, and her reply is her draft again.
    expect((await alice.db.threads.get(t1))?.assigneeId).toBe('c-02');
    expect((await alice.queue.draft(t1))?.body).toBe('Alice answers.');
    const refused = (await createRefusalsRepository(alice.db).list()).map((r) => r.name).sort();
    expect(refused).toEqual(['reply.send', 'thread.take']);
    // What the others did while she was away reached her; what she did reached them.
    const second = await alice.db.threads.get(t2);
    expect(second).toMatchObject({ risk: 'elevated', tags: ['visa'] });
    expect(await alice.db.availabilityRules.get('r-away')).toBeUndefined();
    await supervisor.engine.syncOnce();
    expect((await supervisor.db.threads.get(t2))?.tags).toEqual(['visa']);
    const seen = await supervisor.queue.threadDetail(t1);
    expect(seen?.messages.map((m) => m.body)).toEqual(['Message 1', 'Bob answers.']);
    // And the threads they both hold agree, record for record.
    expect((await syncedRows(alice.db)).threads).toEqual((await syncedRows(supervisor.db)).threads);
  });

  it('a restored backup starts the view over: what the team did since comes back, nothing twice', async () => {
    const { alice, bob, threads } = await team();
    const [t1, t2] = threads as [string, string];
    // Offline, Alice tags a thread; the round that failed numbered it. Then she backs up.
    alice.network.offline = true;
    await alice.queue.setTags(t2, ['visa'], now());
    expect((await alice.engine.syncOnce()).offline).toBe(true);
    const { data } = await createBackupData(alice.db, cipher, now());
    alice.network.offline = false;
    await alice.engine.syncOnce();
    // Since the backup: Bob takes one thread and changes the other's tags; Alice pulls it all.
    await bob.queue.take(t1, 'c-02', now());
    await bob.queue.setTags(t2, ['work'], now());
    await bob.engine.syncOnce();
    await alice.engine.syncOnce();
    expect((await alice.db.threads.get(t1))?.assigneeId).toBe('c-02');

    const file = `{"format":"counsellor-workstation.backup","version":1,"keystore":${JSON.stringify(
      {
        kdf: { name: 'scrypt', N: 1024, r: 8, p: 1, salt: 'c2FsdA==' },
        wrapped: { alg: 'A256GCM', iv: 'aXY=', ct: 'Y3Q=', tag: 'dGFn' },
      },
    )},"data":${data}}`;
    await restoreBackup(alice.db, cipher, cipher, parseBackupFile(file));
    // The restored view is the backup's, with its change waiting to be sent.
    expect((await alice.db.threads.get(t1))?.assigneeId).toBeNull();
    expect((await alice.db.threads.get(t2))?.tags).toEqual(['visa']);
    expect(await alice.db.outbox.count()).toBe(1);

    const sent = alice.network.sent.length;
    await alice.engine.syncOnce();
    // The waiting change went with its id, which the server had applied: skipped, not made again.
    expect(alice.network.sent.slice(sent)).toEqual([[1]]);
    expect(await alice.db.outbox.count()).toBe(0);
    expect(await createRefusalsRepository(alice.db).list()).toEqual([]);
    // And the pull started over: the workstation holds the server's view again.
    expect((await alice.db.threads.get(t1))?.assigneeId).toBe('c-02');
    expect((await alice.db.threads.get(t2))?.tags).toEqual(['work']);
    expect((await syncedRows(alice.db)).threads).toEqual((await syncedRows(bob.db)).threads);
  });

  it('the register of releases is the organisation’s: one recorded anywhere counts everywhere, and a start over keeps this one’s', async () => {
    const { supervisor, alice, threads } = await team();
    const release = (from: string, profile: string): Omit<ReleaseRecord, 'id'> => ({
      releasedAtMs: now(),
      profile,
      format: 'csv',
      from,
      to: from,
      threshold: 10,
      byCounsellor: false,
      rows: [{ period: from, measure: 'sessions', category: 'all', value: '*' }],
      counsellorAliases: {},
    });
    const published = await createReleasesRepository(supervisor.db).record(
      release('2026-04', 'supervisor'),
    );
    await supervisor.engine.syncOnce();
    await alice.engine.syncOnce();
    const register = createReleasesRepository(alice.db);
    expect((await register.list()).map((r) => [r.id, r.profile, r.from])).toEqual([
      [published, 'supervisor', '2026-04'],
    ]);
    // A report built on Alice's workstation is suppressed together with it.
    expect(releaseHistory(await register.list()).earlier).toEqual([
      { from: '2026-04', to: '2026-04', rows: release('2026-04', 'x').rows },
    ]);

    // One only this workstation holds (recorded before the register synced, and not taken by the
    // server): a start over does not take it off.
    await alice.db.releases.add({ ...release('2026-05', 'counsellor'), id: 'r-local' });
    await alice.db.meta.put({ key: SYNCED_VIEW_KEY, value: RESTORED_VIEW });
    const stray = { ...(await alice.db.threads.get(threads[0]!))!, id: 't-stray' };
    await alice.db.threads.add(stray);
    await alice.engine.syncOnce();
    // It started over (a thread the server never had is gone), and the register kept both.
    expect(await alice.db.threads.get('t-stray')).toBeUndefined();
    expect((await register.list()).map((r) => r.id).sort()).toEqual([published, 'r-local'].sort());

    // Withdrawn by the supervisor (the export failed), it leaves Alice's register too.
    await createReleasesRepository(supervisor.db).withdraw(published, now());
    await supervisor.engine.syncOnce();
    await alice.engine.syncOnce();
    expect((await register.list()).map((r) => r.id)).toEqual(['r-local']);
    expect(await createRefusalsRepository(supervisor.db).list()).toEqual([]);
  });

  it('refuses a pulled page with a record that does not fit the contract, writing none of it', async () => {
    const slug = await organisation(world);
    const alice = await workstation(world, slug, 'alice');
    await seed(await signIn(world, slug, 'super'), 2);
    alice.network.tamper = (page) => ({
      ...page,
      changes: page.changes.map((c, i) =>
        i === 3 && c.record ? { ...c, record: { ...c.record, bodyText: 'in clear' } } : c,
      ),
    });
    const error = await alice.engine.syncOnce().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PulledRecordError);
    expect((error as Error).message).not.toContain('in clear');
    expect(Object.values(await syncedRows(alice.db)).flat()).toEqual([]);
    expect((await alice.engine.state()).cursor).toBe(0);
    alice.network.tamper = null;
    await alice.engine.syncOnce();
    expect(await alice.db.threads.count()).toBe(2);
  });

  it('runs one round at a time: calls made meanwhile share the next round', async () => {
    const { alice, threads } = await team();
    await alice.queue.setRisk(threads[0]!, 'routine', 'c-01', now());
    const rounds = await Promise.all([
      alice.engine.syncOnce(),
      alice.engine.syncOnce(),
      alice.engine.syncOnce(),
    ]);
    expect(rounds[0]!.pushed).toBe(1);
    expect(rounds[1]).toBe(rounds[2]);
    expect(alice.network.sent).toEqual([[1]]);
  });
});
