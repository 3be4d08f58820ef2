import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import {
  LEGACY_PLAINTEXT_KEY,
  RELEASES_SYNC_VERSION,
  SYNC_ENGINE_VERSION,
  WorkstationDatabase,
} from '../../../src/renderer/db/database';
import { isEnvelope } from '../../../src/renderer/db/crypto/field-cipher';
import { openRecord } from '../../../src/renderer/db/crypto/sealed-records';
import {
  legacyPlaintextPending,
  sealLegacyPlaintext,
} from '../../../src/renderer/db/repositories/resealing';
import { cipher } from './helpers';

/** The first release's schema, as it shipped (everything in the clear). */
function firstRelease(indexedDB: IDBFactory): Dexie {
  const v1 = new Dexie('upgrade-test', { indexedDB, IDBKeyRange });
  v1.version(1).stores({
    participants: 'id, updatedAt',
    counsellors: 'id',
    threads: 'id, [state+openSinceMs], participantId, assigneeId, updatedAt',
    threadSubjects: 'threadId',
    messages: 'id, threadId, participantId, updatedAt',
    notes: 'id, threadId',
    drafts: 'threadId',
    templates: 'id, language',
    outbox: '++seq, recordId',
    audit: '++seq',
    meta: 'key',
  });
  return v1;
}

const synced = { createdAt: 1, updatedAt: 1, version: 1, deletedAt: null };

describe('database versions', () => {
  it('opens a version-1 database, keeps its data, and seals its plaintext at the first unlock', async () => {
    const indexedDB = new IDBFactory();
    const v1 = firstRelease(indexedDB);
    await v1.table('drafts').put({ threadId: 't1', body: 'kept', updatedAt: 1 });
    await v1.table('participants').put({
      ...synced,
      id: 'p1',
      jetNumber: '20123456789',
      name: 'Alex Morgan',
      email: 'alex@example.com',
      language: 'en',
      sourceHash: 'abc',
    });
    await v1.table('messages').put({
      ...synced,
      id: 'm1',
      threadId: 't1',
      participantId: 'p1',
      kind: 'participant-message',
      subject: 'Feeling isolated',
      body: 'I want to die some days',
      receivedAtMs: 1,
      requestedCounsellorId: null,
      answeredAtMs: null,
      authorId: null,
      sentAtMs: null,
      delivery: null,
      overLimit: false,
      sourceHash: 'def',
    });
    v1.close();

    const current = new WorkstationDatabase('upgrade-test', { indexedDB, IDBKeyRange });
    await current.open();
    expect(current.verno).toBeGreaterThanOrEqual(4);
    expect(await current.sessions.count()).toBe(0);
    expect(await current.profiles.count()).toBe(0);
    // The upgrade cannot encrypt: it marks the database, and plaintext is still there…
    expect(await current.meta.get(LEGACY_PLAINTEXT_KEY)).toBeDefined();
    expect(await legacyPlaintextPending(current)).toBe(true);
    // …until the first unlock seals it all.
    await sealLegacyPlaintext(current, cipher, (text) => text.includes('die'));
    expect(await legacyPlaintextPending(current)).toBe(false);
    const raw = JSON.stringify([
      await current.drafts.toArray(),
      await current.participants.toArray(),
      await current.messages.toArray(),
    ]);
    for (const secret of ['kept', 'Alex Morgan', 'alex@example.com', '20123456789', 'isolated'])
      expect(raw).not.toContain(secret);
    const draft = await current.drafts.get('t1');
    expect(isEnvelope(draft!.body)).toBe(true);
    expect(await openRecord(cipher, 'drafts', draft!)).toMatchObject({ body: 'kept' });
    const participant = await current.participants.get('p1');
    expect(await openRecord(cipher, 'participants', participant!)).toMatchObject({
      name: 'Alex Morgan',
      jetNumber: '20123456789',
      sourceHash: 'abc',
    });
    expect(participant!.jetIndex).toBe(await cipher.blindIndex('20123456789'));
    // The crisis signal is noted from the text as it is sealed.
    expect((await current.messages.get('m1'))?.riskSignal).toBe(true);
    current.close();
  });

  it('version 8: a risk nobody set becomes "not assessed"; a level a counsellor set is kept', async () => {
    const indexedDB = new IDBFactory();
    const v7 = new Dexie('risk-upgrade-test', { indexedDB, IDBKeyRange });
    // A version-7 database's threads (that store's indexes have not changed since version 1).
    v7.version(7).stores({
      threads: 'id, [state+openSinceMs], participantId, assigneeId, updatedAt',
    });
    const thread = (id: string, risk: string, riskSetBy: string | null) => ({
      ...synced,
      id,
      participantId: 'p1',
      language: 'en',
      state: 'open',
      openSinceMs: 1,
      lastReceivedMs: 1,
      lastAnswerMs: null,
      messageCount: 1,
      assigneeId: null,
      requestedCounsellorId: null,
      risk,
      riskSetBy,
      riskSetAtMs: riskSetBy === null ? null : 5,
      possibleRisk: true,
      overLimit: false,
      tags: [],
    });
    await v7
      .table('threads')
      .bulkPut([
        thread('never-set', 'routine', null),
        thread('chosen-routine', 'routine', 'c1'),
        thread('chosen-urgent', 'urgent', 'c1'),
        thread('elevated-unknown', 'elevated', null),
      ]);
    v7.close();

    const current = new WorkstationDatabase('risk-upgrade-test', { indexedDB, IDBKeyRange });
    await current.open();
    const risks = Object.fromEntries(
      (await current.threads.toArray()).map((t) => [t.id, [t.risk, t.riskSetBy]]),
    );
    expect(risks).toEqual({
      'never-set': ['not-assessed', null],
      'chosen-routine': ['routine', 'c1'],
      'chosen-urgent': ['urgent', 'c1'],
      'elevated-unknown': ['elevated', null],
    });
    current.close();
  });

  it('version 9: the outbox holds named mutations; old record-level entries go, records stay', async () => {
    const indexedDB = new IDBFactory();
    const v8 = new Dexie('outbox-upgrade-test', { indexedDB, IDBKeyRange });
    // A version-8 database's outbox (unchanged since version 1) and two of its record stores.
    v8.version(8).stores({
      threads: 'id, [state+openSinceMs], participantId, assigneeId, updatedAt',
      sessions: 'id, participantId, counsellorId, startMs',
      outbox: '++seq, recordId',
    });
    const thread = {
      ...synced,
      id: 't1',
      version: 2,
      participantId: 'p1',
      language: 'en',
      state: 'open',
      openSinceMs: 1,
      lastReceivedMs: 1,
      lastAnswerMs: null,
      messageCount: 1,
      assigneeId: 'c1',
      requestedCounsellorId: null,
      risk: 'urgent',
      riskSetBy: 'c1',
      riskSetAtMs: 5,
      possibleRisk: false,
      overLimit: false,
      tags: ['visa'],
    };
    const session = {
      ...synced,
      id: 's1',
      participantId: 'p1',
      counsellorId: 'c1',
      startMs: 10,
      outcome: 'scheduled',
      cancelledAtMs: null,
      sourceHash: null,
    };
    await v8.table('threads').put(thread);
    await v8.table('sessions').put(session);
    await v8.table('outbox').bulkAdd([
      { table: 'threads', recordId: 't1', op: 'put', version: 2, at: 5 },
      { table: 'sessions', recordId: 's1', op: 'put', version: 1, at: 6 },
    ]);
    v8.close();

    const current = new WorkstationDatabase('outbox-upgrade-test', { indexedDB, IDBKeyRange });
    await current.open();
    expect(current.verno).toBeGreaterThanOrEqual(9);
    expect(await current.outbox.count()).toBe(0);
    expect(current.outbox.schema.indexes.map((i) => i.name)).toEqual([]);
    expect(await current.threads.toArray()).toEqual([thread]);
    expect(await current.sessions.toArray()).toEqual([session]);
    // New mutations are written after the upgrade, in their local order.
    await current.outbox.bulkAdd([
      { name: 'thread.take', v: 1, args: { threadId: 't1' }, at: 7 },
      { name: 'session.cancel', v: 1, args: { sessionId: 's1' }, at: 8 },
    ]);
    expect((await current.outbox.orderBy('seq').toArray()).map((e) => e.name)).toEqual([
      'thread.take',
      'session.cancel',
    ]);
    current.close();
  });

  it("version 10: the sync engine's stores are added; the outbox and its order are kept, nothing renumbered", async () => {
    const indexedDB = new IDBFactory();
    const v9 = new Dexie('sync-upgrade-test', { indexedDB, IDBKeyRange });
    v9.version(9).stores({
      threads: 'id, [state+openSinceMs], participantId, assigneeId, updatedAt',
      outbox: '++seq',
      drafts: 'threadId',
    });
    const entries = [
      { name: 'thread.take', v: 1, args: { threadId: 't1' }, at: 7 },
      { name: 'thread.setRisk', v: 1, args: { threadId: 't1', level: 'urgent' }, at: 8 },
    ];
    await v9.table('outbox').bulkAdd(entries);
    await v9.table('threads').put({ ...synced, id: 't1', state: 'open', openSinceMs: 1 });
    v9.close();

    const current = new WorkstationDatabase('sync-upgrade-test', { indexedDB, IDBKeyRange });
    await current.open();
    expect(current.verno).toBeGreaterThanOrEqual(SYNC_ENGINE_VERSION);
    // The waiting mutations stay, in order, with their local numbers and no mutation id yet.
    expect(await current.outbox.orderBy('seq').toArray()).toEqual([
      { ...entries[0], seq: 1 },
      { ...entries[1], seq: 2 },
    ]);
    expect(await current.threads.count()).toBe(1);
    expect(await current.syncState.count()).toBe(0);
    expect(await current.serverCopies.count()).toBe(0);
    expect(await current.refusals.count()).toBe(0);
    current.close();
  });

  it('version 11: earlier releases go to the outbox as release.record, oldest first; one that does not fit stays here only', async () => {
    const indexedDB = new IDBFactory();
    const v10 = new Dexie('releases-upgrade-test', { indexedDB, IDBKeyRange });
    v10.version(10).stores({ releases: 'id, releasedAtMs', outbox: '++seq' });
    const release = (id: string, releasedAtMs: number, category: string) => ({
      id,
      releasedAtMs,
      profile: 'supervisor',
      format: 'csv',
      from: '2026-04',
      to: '2026-06',
      threshold: 10,
      byCounsellor: false,
      rows: [
        { period: '2026-04', measure: 'sessions', category, value: 12 },
        { period: '2026-04..2026-06', measure: 'sessions', category, value: '*' },
      ],
      counsellorAliases: {},
    });
    await v10.table('outbox').add({ name: 'thread.take', v: 1, args: { threadId: 't1' }, at: 5 });
    await v10
      .table('releases')
      .bulkAdd([
        release('r-late', 3_000, 'all'),
        release('r-early', 1_000, 'language:en'),
        release('r-odd', 2_000, 'Not A Token'),
      ]);
    v10.close();

    const current = new WorkstationDatabase('releases-upgrade-test', { indexedDB, IDBKeyRange });
    await current.open();
    expect(current.verno).toBeGreaterThanOrEqual(RELEASES_SYNC_VERSION);
    const outbox = await current.outbox.orderBy('seq').toArray();
    expect(outbox.map((e) => e.name)).toEqual(['thread.take', 'release.record', 'release.record']);
    const sent = outbox.slice(1).map((e) => (e.args as { release: { id: string } }).release);
    expect(sent.map((r) => r.id)).toEqual(['r-early', 'r-late']);
    expect(sent[0]).toMatchObject({ createdAt: 1_000, profile: 'supervisor', from: '2026-04' });
    // Every release stays on this workstation's register, the odd one too.
    expect(await current.releases.count()).toBe(3);
    current.close();
  });

  it('a new database has nothing to seal', async () => {
    const current = new WorkstationDatabase('fresh-test', {
      indexedDB: new IDBFactory(),
      IDBKeyRange,
    });
    await current.open();
    expect(await legacyPlaintextPending(current)).toBe(false);
    current.close();
  });
});
