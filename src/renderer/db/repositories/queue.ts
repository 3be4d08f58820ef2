/**
 * The mail queue's reads and the counsellors' changes to threads: triage (risk, tags, taking,
 * releasing and reassigning), internal notes, drafts and replies. Each change writes the record and
 * its named mutation (`thread.*`, `note.add`, `reply.send`) in one transaction. Text is sealed
 * before a write transaction opens and opened after a read one closes (issue 7); a mutation carries
 * text only as the envelope stored here. Lists load metadata only, and open the subjects of the
 * rows on screen.
 */
import Dexie from 'dexie';
import { MAX_TAG_LENGTH, MAX_TAGS } from '../../../sync/mutations';
import type { WorkstationDatabase } from '../database';
import type { FieldCipher } from '../crypto/field-cipher';
import { openAll, openRecord, sealRecord } from '../crypto/sealed-records';
import { sealedToWire } from '../crypto/sealed-wire';
import { newId } from '../ids';
import type {
  CounsellorRecord,
  DraftRecord,
  MessageRecord,
  NoteRecord,
  ParticipantRecord,
  AssessedRiskLevel,
  TemplateRecord,
  ThreadRecord,
} from '../records';
import { changed, created, recordMutation } from './changes';
import type { MessageSearchIndex } from './search-index';
import { summariseThread } from './thread-summary';

export interface ThreadDetail {
  thread: ThreadRecord;
  subject: string;
  participant: ParticipantRecord | undefined;
  messages: MessageRecord[];
  notes: NoteRecord[];
}

/** Tags refused before anything is stored: more than a thread carries, or one too long. */
export class TagsError extends Error {
  constructor(readonly code: 'too-many' | 'too-long') {
    super(
      code === 'too-many'
        ? `A thread has at most ${MAX_TAGS} tags.`
        : `A tag has at most ${MAX_TAG_LENGTH} characters.`,
    );
    this.name = 'TagsError';
  }
}

function messageTime(m: MessageRecord): number {
  return (m.kind === 'reply' ? m.sentAtMs : m.receivedAtMs) ?? 0;
}

export function createQueueRepository(
  db: WorkstationDatabase,
  cipher: FieldCipher,
  search: MessageSearchIndex,
) {
  const openRange = () =>
    db.threads.where('[state+openSinceMs]').between(['open', Dexie.minKey], ['open', Dexie.maxKey]);

  /** Changes a thread and records the mutation that says what the person did, in one transaction. */
  async function updateThread(
    threadId: string,
    change: Partial<ThreadRecord>,
    nowMs: number,
    record: () => Promise<void>,
  ): Promise<ThreadRecord> {
    return db.transaction('rw', db.threads, db.outbox, db.serverCopies, async () => {
      const thread = await db.threads.get(threadId);
      if (!thread) throw new Error('thread not found');
      const next = changed(thread, change, nowMs);
      // Recorded first: the server's copy of the thread is kept as it was before the change.
      await record();
      await db.threads.put(next);
      return next;
    });
  }

  async function subjects(threadIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await db.threadSubjects.bulkGet([...threadIds]);
    const map = new Map<string, string>();
    for (const row of rows) {
      if (row) map.set(row.threadId, (await openRecord(cipher, 'threadSubjects', row)).subject);
    }
    return map;
  }

  return {
    /** The first open threads in deadline order (for the first screen while the rest loads). */
    firstOpenThreads(limit: number): Promise<ThreadRecord[]> {
      return openRange().limit(limit).toArray();
    },

    /** Every open thread's metadata (no text), in deadline order. */
    openThreads(): Promise<ThreadRecord[]> {
      return openRange().toArray();
    },

    /**
     * Every answered thread's metadata (no text), last answered first. Read only when a person
     * asks for answered threads (the status filter, a search).
     */
    async answeredThreads(): Promise<ThreadRecord[]> {
      const answered = await db.threads.filter((t) => t.state === 'answered').toArray();
      return answered.sort((a, b) => (b.lastAnswerMs ?? 0) - (a.lastAnswerMs ?? 0));
    },

    /**
     * The participant's other threads (metadata and subject), latest received first: the history a
     * counsellor reads before answering.
     */
    async participantThreads(
      participantId: string,
      exceptThreadId: string,
    ): Promise<{ thread: ThreadRecord; subject: string }[]> {
      const threads = (await db.threads.where('participantId').equals(participantId).toArray())
        .filter((t) => t.id !== exceptThreadId)
        .sort((a, b) => b.lastReceivedMs - a.lastReceivedMs || a.id.localeCompare(b.id));
      const subjectOf = await subjects(threads.map((t) => t.id));
      return threads.map((thread) => ({ thread, subject: subjectOf.get(thread.id) ?? '' }));
    },

    /** Subjects of the given threads only (the rows on screen). */
    subjects,

    async threadDetail(threadId: string): Promise<ThreadDetail | null> {
      const thread = await db.threads.get(threadId);
      if (!thread) return null;
      const [subject, participant, messages, notes] = await Promise.all([
        db.threadSubjects.get(threadId),
        db.participants.get(thread.participantId),
        db.messages.where('threadId').equals(threadId).toArray(),
        db.notes.where('threadId').equals(threadId).toArray(),
      ]);
      const [openSubject, openParticipant, openMessages, openNotes] = await Promise.all([
        subject ? openRecord(cipher, 'threadSubjects', subject) : null,
        participant ? openRecord(cipher, 'participants', participant) : undefined,
        openAll(cipher, 'messages', messages),
        openAll(cipher, 'notes', notes),
      ]);
      openMessages.sort((a, b) => messageTime(a) - messageTime(b) || a.id.localeCompare(b.id));
      openNotes.sort((a, b) => a.createdAt - b.createdAt);
      return {
        thread,
        subject: openSubject?.subject ?? '',
        participant: openParticipant,
        messages: openMessages,
        notes: openNotes,
      };
    },

    counsellors(): Promise<CounsellorRecord[]> {
      return db.counsellors.toArray();
    },

    async templates(): Promise<TemplateRecord[]> {
      return openAll(cipher, 'templates', await db.templates.toArray());
    },

    /**
     * Threads with a message whose subject or text contains `query` (case-insensitive), or whose
     * participant has the JET number `query`; through the in-memory index built after unlock.
     */
    searchThreads(query: string): Promise<Set<string>> {
      return search.search(query);
    },

    outboxCount(): Promise<number> {
      return db.outbox.count();
    },

    setRisk(threadId: string, risk: AssessedRiskLevel, by: string, nowMs: number) {
      return updateThread(threadId, { risk, riskSetBy: by, riskSetAtMs: nowMs }, nowMs, () =>
        recordMutation(db, 'thread.setRisk', { threadId, level: risk }, nowMs),
      );
    },

    /** Sets the thread's tags (trimmed, unique, sorted); TagsError past the contract's limits. */
    setTags(threadId: string, tags: string[], nowMs: number) {
      const clean = [...new Set(tags.map((t) => t.trim()).filter(Boolean))].sort();
      if (clean.length > MAX_TAGS) return Promise.reject(new TagsError('too-many'));
      if (clean.some((t) => t.length > MAX_TAG_LENGTH))
        return Promise.reject(new TagsError('too-long'));
      return updateThread(threadId, { tags: clean }, nowMs, () =>
        recordMutation(db, 'thread.setTags', { threadId, tags: clean }, nowMs),
      );
    },

    /**
     * A counsellor takes the thread (`counsellorId` is their own). The sync server decides first
     * come, first served: taking a thread someone else holds is refused there, with the holder.
     */
    take(threadId: string, counsellorId: string, nowMs: number) {
      return updateThread(threadId, { assigneeId: counsellorId }, nowMs, () =>
        recordMutation(db, 'thread.take', { threadId }, nowMs),
      );
    },

    /** Gives the thread back to the shared queue (its holder, or a supervisor). */
    release(threadId: string, nowMs: number) {
      return updateThread(threadId, { assigneeId: null }, nowMs, () =>
        recordMutation(db, 'thread.release', { threadId }, nowMs),
      );
    },

    /** Gives the thread to a counsellor, or back to the queue (null): a supervisor's decision. */
    reassign(threadId: string, counsellorId: string | null, nowMs: number) {
      return updateThread(threadId, { assigneeId: counsellorId }, nowMs, () =>
        recordMutation(db, 'thread.reassign', { threadId, counsellorId }, nowMs),
      );
    },

    async addNote(
      threadId: string,
      body: string,
      authorId: string | null,
      nowMs: number,
    ): Promise<NoteRecord> {
      const note: NoteRecord = { ...created(newId(), nowMs), threadId, authorId, body };
      const sealed = await sealRecord(cipher, 'notes', note);
      const args = { noteId: note.id, threadId, body: sealedToWire(sealed.body) };
      await db.transaction('rw', db.notes, db.outbox, db.serverCopies, async () => {
        await recordMutation(db, 'note.add', args, nowMs);
        await db.notes.add(sealed);
      });
      return note;
    },

    async draft(threadId: string): Promise<DraftRecord | undefined> {
      const stored = await db.drafts.get(threadId);
      return stored ? openRecord(cipher, 'drafts', stored) : undefined;
    },

    async saveDraft(threadId: string, body: string, nowMs: number): Promise<void> {
      if (body.trim() === '') await db.drafts.delete(threadId);
      else
        await db.drafts.put(
          await sealRecord(cipher, 'drafts', { threadId, body, updatedAt: nowMs }),
        );
    },

    /**
     * Sends a reply: the reply is stored as `pending` and goes to the outbox as `reply.send` (with
     * its sealed subject and text), and every participant message it answers records the answer
     * time (the deadline clock stops). The draft is removed.
     */
    async sendReply(input: {
      threadId: string;
      body: string;
      authorId: string;
      nowMs: number;
    }): Promise<MessageRecord> {
      const { threadId, body, authorId, nowMs } = input;
      if (body.trim() === '') throw new Error('A reply needs text.');
      // The reply is written and sealed before the write transaction opens.
      const [thread, storedSubject] = await Promise.all([
        db.threads.get(threadId),
        db.threadSubjects.get(threadId),
      ]);
      if (!thread) throw new Error('thread not found');
      const subject = storedSubject
        ? (await openRecord(cipher, 'threadSubjects', storedSubject)).subject
        : '';
      const reply: MessageRecord = {
        ...created(newId(), nowMs),
        threadId,
        participantId: thread.participantId,
        kind: 'reply',
        subject: `Re: ${subject}`,
        body,
        receivedAtMs: null,
        requestedCounsellorId: null,
        answeredAtMs: null,
        authorId,
        sentAtMs: nowMs,
        delivery: 'pending',
        overLimit: false,
        riskSignal: false,
        sourceHash: null,
      };
      const sealedReply = await sealRecord(cipher, 'messages', reply);
      const args = {
        replyId: reply.id,
        threadId,
        subject: sealedToWire(sealedReply.subject),
        body: sealedToWire(sealedReply.body),
      };
      const tables = [db.threads, db.messages, db.outbox, db.drafts, db.serverCopies];
      await db.transaction('rw', tables, async () => {
        const current = await db.threads.get(threadId);
        if (!current) throw new Error('thread not found');
        const messages = await db.messages.where('threadId').equals(threadId).toArray();
        const summary = summariseThread({
          threadId,
          existing: current,
          messages: [...messages, sealedReply],
          language: current.language,
          nowMs,
        });
        const answered = summary.answered.map((m) => changed(m, {}, nowMs));
        const nextThread = changed(summary.thread, {}, nowMs);
        // One mutation: the server works out what it answers, as summariseThread did here.
        // Recorded before the writes, so the server's copies are the records as they were.
        await recordMutation(db, 'reply.send', args, nowMs);
        await db.messages.bulkPut([sealedReply, ...answered]);
        await db.threads.put(nextThread);
        await db.drafts.delete(threadId);
      });
      search.add(reply);
      return reply;
    },
  };
}

export type QueueRepository = ReturnType<typeof createQueueRepository>;
