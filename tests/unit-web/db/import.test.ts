import { describe, expect, it } from 'vitest';
import { openRecord } from '../../../src/renderer/db/crypto/sealed-records';
import { importCheckedDataset } from '../../../src/renderer/db/repositories/import';
import { BASE_DATASET, checked, freshDatabase, noRisk, cipher } from './helpers';

const NOW = Date.parse('2026-12-02T12:00:00+09:00');

describe('dataset import', () => {
  it('stores the records and works out each thread from its messages', async () => {
    const db = freshDatabase();
    const report = await importCheckedDataset(db, cipher, checked(BASE_DATASET), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    expect(report.added).toEqual({
      participants: 2,
      counsellors: 1,
      messages: 4,
      availability: 0,
      availabilityExceptions: 0,
      sessions: 0,
    });
    expect(report.conflicts).toEqual([]);

    const t1 = await db.threads.get('t1');
    // m1 was answered by m2; m3 (a follow-up) waits for its own answer.
    expect(t1).toMatchObject({
      state: 'open',
      openSinceMs: Date.parse('2026-12-02T09:00:00+09:00'),
      messageCount: 3,
      language: 'en',
      risk: 'not-assessed', // nobody has assessed it yet
    });
    expect((await db.messages.get('m1'))?.answeredAtMs).toBe(
      Date.parse('2026-12-01T11:00:00+09:00'),
    );
    expect((await db.messages.get('m3'))?.answeredAtMs).toBeNull();
    const subject = await db.threadSubjects.get('t1');
    expect(await openRecord(cipher, 'threadSubjects', subject!)).toEqual({
      threadId: 't1',
      subject: 'Feeling isolated',
    });
    // Stored sealed: no text, name, e-mail or JET number in any stored record.
    const stored = JSON.stringify([
      await db.messages.toArray(),
      await db.participants.toArray(),
      await db.threadSubjects.toArray(),
    ]);
    for (const secret of [
      'Feeling isolated',
      'spoken to anyone',
      'Alex Morgan',
      'alex@example.com',
      '20123456789',
    ])
      expect(stored).not.toContain(secret);
    // The JET number is found through its blind index only.
    const index = await cipher.blindIndex('20123456789');
    expect(await db.participants.where('jetIndex').equals(index).primaryKeys()).toEqual(['p1']);
    expect((await db.threads.get('t2'))?.language).toBe('ja');
    // Imports come from the service's data: nothing waits for the sync server.
    // What it stored goes to the outbox for the team, as records.import only (share.test.ts).
    expect(new Set((await db.outbox.toArray()).map((e) => e.name))).toEqual(
      new Set(['records.import']),
    );
  });

  it('is idempotent: the same file twice changes nothing', async () => {
    const db = freshDatabase();
    await importCheckedDataset(db, cipher, checked(BASE_DATASET), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    const before = await db.messages.toArray();
    const threadsBefore = await db.threads.toArray();
    const again = await importCheckedDataset(db, cipher, checked(BASE_DATASET), {
      nowMs: NOW + 1000,
      hasRiskSignal: noRisk,
    });
    expect(again.added).toEqual({
      participants: 0,
      counsellors: 0,
      messages: 0,
      availability: 0,
      availabilityExceptions: 0,
      sessions: 0,
    });
    expect(again.unchanged).toEqual({
      participants: 2,
      counsellors: 1,
      messages: 4,
      availability: 0,
      availabilityExceptions: 0,
      sessions: 0,
    });
    expect(await db.messages.toArray()).toEqual(before);
    expect(await db.threads.toArray()).toEqual(threadsBefore);
  });

  it('reports a stored id with other content as a conflict and keeps what is stored', async () => {
    const db = freshDatabase();
    await importCheckedDataset(db, cipher, checked(BASE_DATASET), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    const changedDataset = {
      ...BASE_DATASET,
      messages: BASE_DATASET.messages.map((m) =>
        m.id === 'm4' ? { ...m, body: 'Something else' } : m,
      ),
    };
    const report = await importCheckedDataset(db, cipher, checked(changedDataset), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    expect(report.conflicts).toEqual([
      { collection: 'messages', position: 'messages[3]', id: 'm4' },
    ]);
    const m4 = await openRecord(cipher, 'messages', (await db.messages.get('m4'))!);
    expect(m4.body).toBe('相談したいことがあります。');
  });

  it('keeps counsellors’ triage when a later import adds messages to a thread', async () => {
    const db = freshDatabase();
    await importCheckedDataset(db, cipher, checked(BASE_DATASET), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    await db.threads.update('t2', { risk: 'urgent', assigneeId: 'c1', tags: ['work'] });
    const more = {
      ...BASE_DATASET,
      messages: [
        ...BASE_DATASET.messages,
        {
          id: 'm5',
          threadId: 't2',
          participantId: 'p2',
          subject: '追記',
          body: 'もう一つあります。',
          receivedAt: '2026-12-02T10:00:00+09:00',
        },
      ],
    };
    await importCheckedDataset(db, cipher, checked(more), { nowMs: NOW, hasRiskSignal: noRisk });
    expect(await db.threads.get('t2')).toMatchObject({
      risk: 'urgent',
      assigneeId: 'c1',
      tags: ['work'],
      messageCount: 2,
      openSinceMs: Date.parse('2026-12-01T20:00:00+09:00'),
    });
  });

  it('adds the file’s topic tags to their threads, keeping the tags counsellors set', async () => {
    const db = freshDatabase();
    const tagged = (topics: Record<string, string[] | null>) => ({
      ...BASE_DATASET,
      messages: BASE_DATASET.messages.map((m) =>
        m.id in topics ? { ...m, topics: topics[m.id] } : m,
      ),
    });
    await importCheckedDataset(db, cipher, checked(tagged({ m1: ['isolation', ' work '] })), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    expect((await db.threads.get('t1'))?.tags).toEqual(['isolation', 'work']);
    expect((await db.threads.get('t2'))?.tags).toEqual([]);

    // A counsellor's tag stays; topics are not part of a message's identity, so the same
    // messages with more topics are unchanged records whose topics are still added.
    await db.threads.update('t1', { tags: ['isolation', 'sleep', 'work'] });
    const again = await importCheckedDataset(
      db,
      cipher,
      checked(tagged({ m1: ['isolation'], m3: ['housing'], m4: null })),
      { nowMs: NOW + 1000, hasRiskSignal: noRisk },
    );
    expect(again.conflicts).toEqual([]);
    expect(again.added.messages).toBe(0);
    expect((await db.threads.get('t1'))?.tags).toEqual(['housing', 'isolation', 'sleep', 'work']);

    // A message reported as a conflict adds nothing.
    const conflicting = {
      ...BASE_DATASET,
      messages: BASE_DATASET.messages.map((m) =>
        m.id === 'm4' ? { ...m, body: 'Something else', topics: ['family'] } : m,
      ),
    };
    const report = await importCheckedDataset(db, cipher, checked(conflicting), {
      nowMs: NOW + 2000,
      hasRiskSignal: noRisk,
    });
    expect(report.conflicts.map((c) => c.id)).toEqual(['m4']);
    expect((await db.threads.get('t2'))?.tags).toEqual([]);
  });

  it('flags threads whose messages match a crisis expression, and over-long messages', async () => {
    const db = freshDatabase();
    const long = 'あ'.repeat(1201);
    const dataset = {
      ...BASE_DATASET,
      messages: [
        ...BASE_DATASET.messages.slice(0, 3),
        { ...BASE_DATASET.messages[3]!, body: long },
      ],
    };
    const report = await importCheckedDataset(db, cipher, checked(dataset), {
      nowMs: NOW,
      hasRiskSignal: (text) => text.includes('hard'),
    });
    expect(report.overLimit).toBe(1);
    expect((await openRecord(cipher, 'messages', (await db.messages.get('m4'))!)).body).toBe(long);
    expect(await db.threads.get('t2')).toMatchObject({ overLimit: true, possibleRisk: false });
    expect(await db.threads.get('t1')).toMatchObject({ overLimit: false, possibleRisk: true });
  });
});

describe('dataset import after an interruption', () => {
  it('builds the threads of messages an interrupted import stored, when the file comes again', async () => {
    const db = freshDatabase();
    await importCheckedDataset(db, cipher, checked(BASE_DATASET), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    // As if the window closed after the messages were stored and before their threads were built.
    await db.threads.clear();
    await db.threadSubjects.clear();
    const again = await importCheckedDataset(db, cipher, checked(BASE_DATASET), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    expect(again.added.messages).toBe(0);
    expect((await db.threads.toArray()).map((t) => t.id).sort()).toEqual(['t1', 't2']);
    expect(await db.threads.get('t1')).toMatchObject({ state: 'open', messageCount: 3 });
  });
});
