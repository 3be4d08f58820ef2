/**
 * The mail queue's reads and the counsellors' changes to threads: triage (risk, tags, assignment),
 * internal notes, drafts and replies. Each change writes the record and its outbox entry in one
 * transaction.
 */
import Dexie from 'dexie';
import type { WorkstationDatabase } from '../database';
import { newId } from '../ids';
import type {
  CounsellorRecord,
  DraftRecord,
  MessageRecord,
  NoteRecord,
  ParticipantRecord,
  RiskLevel,
  TemplateRecord,
  ThreadRecord,
} from '../records';
import { changed, created, queueForSync } from './changes';
import { summariseThread } from './thread-summary';

export interface ThreadDetail {
  thread: ThreadRecord;
  subject: string;
  participant: ParticipantRecord | undefined;
  messages: MessageRecord[];
  notes: NoteRecord[];
}

function messageTime(m: MessageRecord): number {
  return (m.kind === 'reply' ? m.sentAtMs : m.receivedAtMs) ?? 0;
}

export function createQueueRepository(
  db: WorkstationDatabase,
  hasRiskSignal: (text: string) => boolean,
) {
  const openRange = () =>
    db.threads.where('[state+openSinceMs]').between(['open', Dexie.minKey], ['open', Dexie.maxKey]);

  async function updateThread(
    threadId: string,
    change: Partial<ThreadRecord>,
    nowMs: number,
  ): Promise<ThreadRecord> {
    return db.transaction('rw', db.threads, db.outbox, async () => {
      const thread = await db.threads.get(threadId);
      if (!thread) throw new Error('thread not found');
      const next = changed(thread, change, nowMs);
      await db.threads.put(next);
      await queueForSync(db, 'threads', [next], nowMs);
      return next;
    });
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

    /** Subjects of the given threads only (the rows on screen). */
    async subjects(threadIds: readonly string[]): Promise<Map<string, string>> {
      const rows = await db.threadSubjects.bulkGet([...threadIds]);
      const map = new Map<string, string>();
      rows.forEach((row, i) => {
        if (row) map.set(threadIds[i]!, row.subject);
      });
      return map;
    },

    async threadDetail(threadId: string): Promise<ThreadDetail | null> {
      const thread = await db.threads.get(threadId);
      if (!thread) return null;
      const [subject, participant, messages, notes] = await Promise.all([
        db.threadSubjects.get(threadId),
        db.participants.get(thread.participantId),
        db.messages.where('threadId').equals(threadId).toArray(),
        db.notes.where('threadId').equals(threadId).toArray(),
      ]);
      messages.sort((a, b) => messageTime(a) - messageTime(b) || a.id.localeCompare(b.id));
      notes.sort((a, b) => a.createdAt - b.createdAt);
      return { thread, subject: subject?.subject ?? '', participant, messages, notes };
    },

    counsellors(): Promise<CounsellorRecord[]> {
      return db.counsellors.toArray();
    },

    templates(): Promise<TemplateRecord[]> {
      return db.templates.toArray();
    },

    /** Threads with a message whose subject or text contains `query` (case-insensitive). */
    async searchThreads(query: string): Promise<Set<string>> {
      const needle = query.trim().toLocaleLowerCase();
      const found = new Set<string>();
      if (needle === '') return found;
      await db.messages.each((m) => {
        if (found.has(m.threadId)) return;
        if (
          m.subject.toLocaleLowerCase().includes(needle) ||
          m.body.toLocaleLowerCase().includes(needle)
        ) {
          found.add(m.threadId);
        }
      });
      return found;
    },

    outboxCount(): Promise<number> {
      return db.outbox.count();
    },

    setRisk(threadId: string, risk: RiskLevel, by: string, nowMs: number) {
      return updateThread(threadId, { risk, riskSetBy: by, riskSetAtMs: nowMs }, nowMs);
    },

    setTags(threadId: string, tags: string[], nowMs: number) {
      const clean = [...new Set(tags.map((t) => t.trim()).filter(Boolean))].sort();
      return updateThread(threadId, { tags: clean }, nowMs);
    },

    assign(threadId: string, counsellorId: string | null, nowMs: number) {
      return updateThread(threadId, { assigneeId: counsellorId }, nowMs);
    },

    async addNote(
      threadId: string,
      body: string,
      authorId: string | null,
      nowMs: number,
    ): Promise<NoteRecord> {
      const note: NoteRecord = { ...created(newId(), nowMs), threadId, authorId, body };
      await db.transaction('rw', db.notes, db.outbox, async () => {
        await db.notes.add(note);
        await queueForSync(db, 'notes', [note], nowMs);
      });
      return note;
    },

    draft(threadId: string): Promise<DraftRecord | undefined> {
      return db.drafts.get(threadId);
    },

    async saveDraft(threadId: string, body: string, nowMs: number): Promise<void> {
      if (body.trim() === '') await db.drafts.delete(threadId);
      else await db.drafts.put({ threadId, body, updatedAt: nowMs });
    },

    /**
     * Sends a reply: the reply goes to the outbox as `pending`, and every participant message it
     * answers records the answer time (the deadline clock stops). The draft is removed.
     */
    async sendReply(input: {
      threadId: string;
      body: string;
      authorId: string;
      nowMs: number;
    }): Promise<MessageRecord> {
      const { threadId, body, authorId, nowMs } = input;
      if (body.trim() === '') throw new Error('A reply needs text.');
      return db.transaction(
        'rw',
        [db.threads, db.threadSubjects, db.messages, db.outbox, db.drafts],
        async () => {
          const thread = await db.threads.get(threadId);
          if (!thread) throw new Error('thread not found');
          const [messages, subject] = await Promise.all([
            db.messages.where('threadId').equals(threadId).toArray(),
            db.threadSubjects.get(threadId),
          ]);
          const reply: MessageRecord = {
            ...created(newId(), nowMs),
            threadId,
            participantId: thread.participantId,
            kind: 'reply',
            subject: `Re: ${subject?.subject ?? ''}`,
            body,
            receivedAtMs: null,
            requestedCounsellorId: null,
            answeredAtMs: null,
            authorId,
            sentAtMs: nowMs,
            delivery: 'pending',
            overLimit: false,
            sourceHash: null,
          };
          const summary = summariseThread({
            threadId,
            existing: thread,
            messages: [...messages, reply],
            language: thread.language,
            hasRiskSignal,
            nowMs,
          });
          const answered = summary.answered.map((m) => changed(m, {}, nowMs));
          const nextThread = changed(summary.thread, {}, nowMs);
          await db.messages.bulkPut([reply, ...answered]);
          await db.threads.put(nextThread);
          await db.drafts.delete(threadId);
          await queueForSync(db, 'messages', [reply, ...answered], nowMs);
          await queueForSync(db, 'threads', [nextThread], nowMs);
          return reply;
        },
      );
    },
  };
}

export type QueueRepository = ReturnType<typeof createQueueRepository>;
