import { describe, expect, it } from 'vitest';
import { sealedFromWire } from '../../../src/renderer/db/crypto/sealed-wire';
import { importCheckedDataset } from '../../../src/renderer/db/repositories/import';
import { createQueueRepository, TagsError } from '../../../src/renderer/db/repositories/queue';
import type { Sealed } from '../../../src/sync/sealed';
import { MAX_TAG_LENGTH } from '../../../src/sync/records';
import { MessageSearchIndex } from '../../../src/renderer/db/repositories/search-index';
import {
  BASE_DATASET,
  checked,
  forgetImportForTeam,
  freshDatabase,
  noRisk,
  cipher,
} from './helpers';

const NOW = Date.parse('2026-12-02T12:00:00+09:00');

async function seeded() {
  const db = freshDatabase();
  await importCheckedDataset(db, cipher, checked(BASE_DATASET), {
    nowMs: NOW,
    hasRiskSignal: noRisk,
  });
  await forgetImportForTeam(db);
  return { db, queue: createQueueRepository(db, cipher, new MessageSearchIndex(db, cipher)) };
}

describe('queue repository', () => {
  it('lists open threads in deadline order, with subjects for the rows asked for only', async () => {
    const { queue } = await seeded();
    const open = await queue.openThreads();
    expect(open.map((t) => t.id)).toEqual(['t2', 't1']); // t2 waits since 1 Dec 20:00, t1 since 2 Dec 09:00
    expect(await queue.firstOpenThreads(1)).toHaveLength(1);
    expect(await queue.subjects(['t2'])).toEqual(new Map([['t2', '職場のこと']]));
  });

  it("reads a participant's other threads with their subjects, never the thread open", async () => {
    const { queue } = await seeded();
    expect(await queue.participantThreads('p1', 't1')).toEqual([]);
    const others = await queue.participantThreads('p2', 't1');
    expect(others.map((o) => [o.thread.id, o.subject])).toEqual([['t2', '職場のこと']]);
  });

  it('records triage with a new version and its named mutation in the same change', async () => {
    const { db, queue } = await seeded();
    const before = await db.threads.get('t1');
    const after = await queue.setRisk('t1', 'urgent', 'c1', NOW);
    expect(after).toMatchObject({
      risk: 'urgent',
      riskSetBy: 'c1',
      riskSetAtMs: NOW,
      version: before!.version + 1,
    });
    await queue.setTags('t1', [' visa ', 'work', 'visa'], NOW);
    await queue.take('t1', 'c1', NOW);
    expect(await db.threads.get('t1')).toMatchObject({ tags: ['visa', 'work'], assigneeId: 'c1' });
    await queue.reassign('t1', 'c2', NOW + 1);
    expect((await db.threads.get('t1'))?.assigneeId).toBe('c2');
    await queue.release('t1', NOW + 2);
    expect(await db.threads.get('t1')).toMatchObject({ assigneeId: null, version: 6 });
    const outbox = await db.outbox.toArray();
    expect(outbox.map(({ name, v, args, at }) => ({ name, v, args, at }))).toEqual([
      { name: 'thread.setRisk', v: 1, args: { threadId: 't1', level: 'urgent' }, at: NOW },
      { name: 'thread.setTags', v: 1, args: { threadId: 't1', tags: ['visa', 'work'] }, at: NOW },
      { name: 'thread.take', v: 1, args: { threadId: 't1' }, at: NOW },
      { name: 'thread.reassign', v: 1, args: { threadId: 't1', counsellorId: 'c2' }, at: NOW + 1 },
      { name: 'thread.release', v: 1, args: { threadId: 't1' }, at: NOW + 2 },
    ]);
  });

  it('refuses tags the sync contract cannot carry, and stores nothing', async () => {
    const { db, queue } = await seeded();
    await expect(queue.setTags('t1', ['x'.repeat(MAX_TAG_LENGTH + 1)], NOW)).rejects.toMatchObject({
      code: 'too-long',
    });
    const many = Array.from({ length: 21 }, (_, i) => `tag-${i}`);
    await expect(queue.setTags('t1', many, NOW)).rejects.toBeInstanceOf(TagsError);
    await queue.setTags('t1', [...many.slice(0, 20), 'x'.repeat(MAX_TAG_LENGTH)].slice(1), NOW);
    expect((await db.threads.get('t1'))?.tags).toHaveLength(20);
    expect(await db.outbox.count()).toBe(1);
  });

  it('a change and its mutation commit together: a thread that is gone records nothing', async () => {
    const { db, queue } = await seeded();
    await expect(queue.take('no-such-thread', 'c1', NOW)).rejects.toThrow('thread not found');
    expect(await db.outbox.count()).toBe(0);
  });

  it('sends a reply: the deadline clock stops, the reply waits in the outbox, the draft is gone', async () => {
    const { db, queue } = await seeded();
    await queue.saveDraft('t1', 'Thank you for telling me.', NOW);
    expect((await queue.draft('t1'))?.body).toBe('Thank you for telling me.');
    const sentAt = NOW + 60_000;
    const reply = await queue.sendReply({
      threadId: 't1',
      body: 'Thank you for telling me.',
      authorId: 'c1',
      nowMs: sentAt,
    });
    expect(reply).toMatchObject({
      kind: 'reply',
      delivery: 'pending',
      sentAtMs: sentAt,
      subject: 'Re: Feeling isolated',
    });
    expect((await db.messages.get('m3'))?.answeredAtMs).toBe(sentAt);
    expect(await db.threads.get('t1')).toMatchObject({
      state: 'answered',
      openSinceMs: null,
      lastAnswerMs: sentAt,
    });
    expect(await queue.draft('t1')).toBeUndefined();
    expect((await queue.openThreads()).map((t) => t.id)).toEqual(['t2']);
    // One mutation; the reply's subject and text travel as the envelopes stored here.
    const outbox = await db.outbox.toArray();
    expect(outbox).toEqual([
      {
        seq: expect.any(Number),
        name: 'reply.send',
        v: 1,
        args: {
          replyId: reply.id,
          threadId: 't1',
          subject: expect.any(Object),
          body: expect.any(Object),
        },
        at: sentAt,
      },
    ]);
    const stored = await db.messages.get(reply.id);
    const args = outbox[0]!.args as { subject: Sealed; body: Sealed };
    expect(sealedFromWire(args.subject)).toEqual(stored!.subject);
    expect(sealedFromWire(args.body)).toEqual(stored!.body);
    expect(JSON.stringify(outbox)).not.toContain('Thank you for telling me.');
  });

  it('lists answered threads, last answered first, with the receipt their last answer answered', async () => {
    const { queue } = await seeded();
    expect(await queue.answeredThreads()).toEqual([]);
    const first = NOW + 60_000;
    await queue.sendReply({ threadId: 't2', body: 'どうぞ。', authorId: 'c1', nowMs: first });
    await queue.sendReply({ threadId: 't1', body: 'I am here.', authorId: 'c1', nowMs: first + 1 });
    const answered = await queue.answeredThreads();
    expect(answered.map((t) => t.id)).toEqual(['t1', 't2']);
    // t1's m1 was answered by m2 before; the last answer answered m3 only.
    expect(answered[0]).toMatchObject({
      lastAnswerMs: first + 1,
      lastAnsweredFromMs: Date.parse('2026-12-02T09:00:00+09:00'),
    });
    expect(answered[1]).toMatchObject({
      lastAnswerMs: first,
      lastAnsweredFromMs: Date.parse('2026-12-01T20:00:00+09:00'),
    });
    expect(await queue.openThreads()).toEqual([]);
    // Search covers answered threads (the queue shows them when asked).
    expect(await queue.searchThreads('相談')).toEqual(new Set(['t2']));
  });

  it('refuses an empty reply and changes nothing', async () => {
    const { db, queue } = await seeded();
    await expect(
      queue.sendReply({ threadId: 't1', body: '   ', authorId: 'c1', nowMs: NOW }),
    ).rejects.toThrow();
    expect(await db.outbox.count()).toBe(0);
    expect((await db.threads.get('t1'))?.state).toBe('open');
  });

  it('keeps internal notes with the thread', async () => {
    const { db, queue } = await seeded();
    const note = await queue.addNote('t1', 'Check in again on Friday.', 'c1', NOW);
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ name: 'note.add', args: { noteId: note.id, threadId: 't1' } });
    const body = sealedFromWire((entry!.args as { body: Sealed }).body);
    expect(body).toEqual((await db.notes.get(note.id))!.body);
    expect(await cipher.open(body, { table: 'notes', id: note.id, field: 'body' })).toBe(
      'Check in again on Friday.',
    );
    const detail = await queue.threadDetail('t1');
    expect(detail?.notes.map((n) => n.body)).toEqual(['Check in again on Friday.']);
    expect(detail?.messages.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    expect(detail?.participant?.name).toBe('Alex Morgan');
  });
});

describe('a reply sent here answers only what the counsellor could read', () => {
  it('leaves a follow-up that arrives later (though written earlier) open, with its own deadline', async () => {
    const { db, queue } = await seeded();
    const sentAt = Date.parse('2026-12-02T12:00:00+09:00');
    await queue.sendReply({ threadId: 't1', body: 'Thank you.', authorId: 'c1', nowMs: sentAt });
    expect((await db.threads.get('t1'))?.state).toBe('answered');
    // The participant wrote at 11:00, but the message reaches this workstation only at 15:00.
    const followUp = {
      id: 'm-late',
      threadId: 't1',
      participantId: 'p1',
      subject: 'Re: Feeling isolated',
      body: 'One more thing I did not say.',
      receivedAt: '2026-12-02T11:00:00+09:00',
    };
    await importCheckedDataset(
      db,
      cipher,
      checked({ ...BASE_DATASET, messages: [...BASE_DATASET.messages, followUp] }),
      {
        nowMs: Date.parse('2026-12-02T15:00:00+09:00'),
        hasRiskSignal: noRisk,
      },
    );
    expect(await db.threads.get('t1')).toMatchObject({
      state: 'open',
      openSinceMs: Date.parse('2026-12-02T11:00:00+09:00'),
    });
    expect((await db.messages.get('m-late'))?.answeredAtMs).toBeNull();
    // m3, which the counsellor could read, stays answered by the reply.
    expect((await db.messages.get('m3'))?.answeredAtMs).toBe(sentAt);
  });
});
