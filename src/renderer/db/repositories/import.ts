/**
 * Stores the valid records of a checked dataset. Idempotent: a record already stored with the same
 * content is left alone; one stored with the same id and other content is a conflict, reported and
 * not overwritten; nothing already stored is harmed. Writes go in chunks, each its own
 * transaction, so a large file keeps the page responsive and reports progress. Threads touched by
 * new messages are worked out again from all their messages, keeping the counsellors' triage.
 *
 * Collections are stored in the dataset's dependency order (participants, counsellors, messages,
 * availability rules, availability exceptions, sessions); `ImportReport.added` and `unchanged`
 * have one count per collection.
 *
 * Imported records are not queued for the sync server: they come from the service's own data.
 *
 * Sensitive fields are sealed before each write transaction (never inside one: WebCrypto would let
 * it commit early); the import hash of a participant or a message is sealed too, since it is a
 * hash of private text. A record's crisis-expression signal is noted from its plaintext before it
 * is sealed, so threads are worked out from metadata only.
 */
import type { EntityTable, IDType } from 'dexie';
import { recordContentHash } from '../../../domain/dataset/fingerprint';
import {
  COLLECTION_NAMES,
  isReply,
  type CollectionName,
  type DatasetRecords,
} from '../../../domain/dataset/schema';
import type { DatasetChecked, InvalidRecord, KnownRecords } from '../../../domain/dataset/validate';
import type { FieldCipher } from '../crypto/field-cipher';
import { sealRecord } from '../crypto/sealed-records';
import type { WorkstationDatabase } from '../database';
import type {
  AvailabilityExceptionRecord,
  AvailabilityRuleRecord,
  Language,
  MessageRecord,
  SessionRecord,
  StoredThreadSubjectRecord,
  SyncedRecord,
} from '../records';
import { changed, created } from './changes';
import { summariseThread } from './thread-summary';
import { recordImportForTeam } from './share';

export const IMPORT_CHUNK = 2_000;

/**
 * An import in progress (issue 12.4), in `meta`: written before the first record is stored, gone
 * once its threads are built. Found at the next unlock, it says an import was cut short (the page
 * closed, the computer stopped), and holds what is needed to finish it from the stored records
 * alone: which threads its messages belong to, and the topic tags the file gave them.
 */
export const IMPORT_PENDING_KEY = 'import.pending';
/** How many of the file's valid records were stored, updated in each chunk's own transaction. */
export const IMPORT_STORED_KEY = 'import.pending.stored';

interface PendingImport {
  startedAtMs: number;
  /** The file's valid records, all collections. */
  total: number;
  threadIds: string[];
  topics: Record<string, string[]>;
}

/** What an import cut short had done, as finished at the next unlock. */
export interface InterruptedImport {
  startedAtMs: number;
  /** Valid records in the file. */
  total: number;
  /** Of them, looked at and stored (or found already stored) before the interruption. */
  stored: number;
  /** Threads worked out again from the messages stored. */
  threadsUpdated: number;
}

export interface ImportConflict {
  collection: CollectionName;
  position: string;
  id: string;
}

export interface ImportReport {
  added: Record<CollectionName, number>;
  unchanged: Record<CollectionName, number>;
  conflicts: ImportConflict[];
  /** The first invalid records of the file (MAX_INVALID_KEPT at most)… */
  invalid: InvalidRecord[];
  /** …and how many there are in all. */
  invalidCount: number;
  overLimit: number;
  threadsUpdated: number;
}

export interface ImportProgress {
  phase: 'storing' | 'threads';
  done: number;
  total: number;
}

/** What is stored already, for the validator's reference checks. */
export async function knownRecords(db: WorkstationDatabase): Promise<KnownRecords> {
  const [participantIds, counsellorIds, messageIds, ruleIds, exceptionIds, sessionIds, threads] =
    await Promise.all([
      db.participants.toCollection().primaryKeys(),
      db.counsellors.toCollection().primaryKeys(),
      db.messages.toCollection().primaryKeys(),
      db.availabilityRules.toCollection().primaryKeys(),
      db.availabilityExceptions.toCollection().primaryKeys(),
      db.sessions.toCollection().primaryKeys(),
      db.threads.toArray(),
    ]);
  return {
    participants: new Set(participantIds),
    counsellors: new Set(counsellorIds),
    messages: new Set(messageIds),
    availability: new Set(ruleIds),
    availabilityExceptions: new Set(exceptionIds),
    sessions: new Set(sessionIds),
    threads: new Map(threads.map((t) => [t.id, t.participantId])),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Two versions of a record say the same (bookkeeping fields aside). */
function sameContent<T extends SyncedRecord>(a: T, b: T): boolean {
  const strip = (r: T) => ({ ...r, updatedAt: 0, version: 0 });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

const emptyCounts = (): Record<CollectionName, number> =>
  Object.fromEntries(COLLECTION_NAMES.map((name) => [name, 0])) as Record<CollectionName, number>;

/** Lets the page paint between chunks. */
const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function importCheckedDataset(
  db: WorkstationDatabase,
  cipher: FieldCipher,
  checked: DatasetChecked,
  options: {
    nowMs: number;
    hasRiskSignal: (text: string) => boolean;
    onProgress?: (p: ImportProgress) => void;
    /**
     * Journals the import (issue 12.4): called before anything is stored (the caller audits the
     * import there); an import mark is then kept in `meta` until the import is whole, so that one
     * cut short is found and finished at the next unlock (`finishInterruptedImport`).
     */
    onStart?: (plan: { total: number }) => Promise<void>;
    /** Records per write transaction (smaller only in tests). */
    chunkSize?: number;
  },
): Promise<ImportReport> {
  const { nowMs } = options;
  const journal = options.onStart !== undefined;
  const report: ImportReport = {
    added: emptyCounts(),
    unchanged: emptyCounts(),
    conflicts: [],
    invalid: checked.invalid,
    invalidCount: checked.counts.invalid,
    overLimit: 0,
    threadsUpdated: 0,
  };
  const total = COLLECTION_NAMES.reduce(
    (sum, name) => sum + checked.collections[name].valid.length,
    0,
  );
  let done = 0;
  const touchedThreads = new Set<string>();
  const topicsOfThread = fileTopics(checked);
  if (options.onStart) {
    await options.onStart({ total });
    const plan: PendingImport = {
      startedAtMs: nowMs,
      total,
      threadIds: [...new Set(checked.collections.messages.valid.map((v) => v.record.threadId))],
      topics: Object.fromEntries([...topicsOfThread].map(([id, set]) => [id, [...set]])),
    };
    await db.transaction('rw', db.meta, async () => {
      await db.meta.put({ key: IMPORT_PENDING_KEY, value: JSON.stringify(plan) });
      await db.meta.put({ key: IMPORT_STORED_KEY, value: '0' });
    });
  }

  /**
   * Stores one collection in chunks: read what is stored (one transaction), work out and seal the
   * new records (no transaction open), then add those still absent (one transaction).
   */
  async function store<C extends CollectionName, T extends SyncedRecord>(
    collection: C,
    table: EntityTable<T, 'id'>,
    toRecord: (
      valid: DatasetChecked['collections'][C]['valid'][number],
      base: SyncedRecord,
      hash: string,
    ) => T | Promise<T>,
    storedHash: (stored: T) => Promise<string | null> | string | null,
  ): Promise<void> {
    const valid = checked.collections[collection]
      .valid as DatasetChecked['collections'][C]['valid'];
    for (const chunk of chunks(valid, options.chunkSize ?? IMPORT_CHUNK)) {
      const ids = chunk.map((v) => v.id as IDType<T, 'id'>);
      const existing = await table.bulkGet(ids);
      const fresh: T[] = [];
      for (const [i, v] of chunk.entries()) {
        const hash = recordContentHash(collection, v.record as DatasetRecords[C]);
        const stored = existing[i];
        if (!stored) {
          fresh.push(await toRecord(v, created(v.id, nowMs), hash));
        } else if ((await storedHash(stored)) === hash) {
          report.unchanged[collection] += 1;
          // Work the thread out again: an earlier import may have stopped between storing its
          // messages and building their threads, and this one must repair that.
          if (collection === 'messages') {
            touchedThreads.add((v.record as DatasetRecords['messages']).threadId);
          }
        } else {
          report.conflicts.push({ collection, position: v.position, id: v.id });
        }
      }
      await db.transaction('rw', [table, db.meta], async () => {
        // The journal's count moves with the records, in the same transaction.
        if (journal)
          await db.meta.put({ key: IMPORT_STORED_KEY, value: String(done + chunk.length) });
        // Another writer may have stored one of these meanwhile: it is never overwritten.
        const now = await table.bulkGet(fresh.map((r) => r.id as IDType<T, 'id'>));
        const absent = fresh.filter((_, i) => now[i] === undefined);
        await table.bulkAdd(absent as Parameters<typeof table.bulkAdd>[0]);
        report.added[collection] += absent.length;
        for (const [i, record] of fresh.entries()) {
          if (now[i] === undefined) continue;
          const v = chunk.find((x) => x.id === record.id)!;
          report.conflicts.push({ collection, position: v.position, id: v.id });
        }
      });
      done += chunk.length;
      options.onProgress?.({ phase: 'storing', done, total });
      await yieldToPage();
    }
  }

  const plainHash = (stored: { sourceHash: string | null }) => stored.sourceHash;

  await store(
    'participants',
    db.participants,
    (v, base, hash) =>
      sealRecord(cipher, 'participants', {
        ...base,
        jetNumber: v.record.jetNumber ?? null,
        name: v.record.name,
        email: v.record.email,
        language: v.record.language,
        sourceHash: hash,
      }),
    (stored) =>
      cipher.openNullable(stored.sourceHash, {
        table: 'participants',
        id: stored.id,
        field: 'sourceHash',
      }),
  );
  await store(
    'counsellors',
    db.counsellors,
    (v, base, hash) => ({
      ...base,
      name: v.record.name,
      languages: [...v.record.languages],
      sourceHash: hash,
    }),
    plainHash,
  );
  await store(
    'messages',
    db.messages,
    (v, base, hash) => {
      const m = v.record;
      touchedThreads.add(m.threadId);
      if (v.overLimit) report.overLimit += 1;
      const record: MessageRecord = {
        ...base,
        threadId: m.threadId,
        participantId: m.participantId,
        kind: v.kind,
        subject: m.subject,
        body: m.body,
        receivedAtMs: isReply(m) ? null : v.atMs,
        requestedCounsellorId: isReply(m) ? null : (m.requestedCounsellorId ?? null),
        answeredAtMs: null,
        authorId: isReply(m) ? m.author : null,
        sentAtMs: isReply(m) ? v.atMs : null,
        delivery: isReply(m) ? 'confirmed' : null,
        overLimit: v.overLimit,
        riskSignal: !isReply(m) && options.hasRiskSignal(`${m.subject}\n${m.body}`),
        sourceHash: hash,
      };
      return sealRecord(cipher, 'messages', record);
    },
    (stored) =>
      cipher.openNullable(stored.sourceHash, {
        table: 'messages',
        id: stored.id,
        field: 'sourceHash',
      }),
  );

  await store(
    'availability',
    db.availabilityRules,
    (v, base, hash) => {
      const record: AvailabilityRuleRecord = {
        ...base,
        counsellorId: v.record.counsellorId,
        rule: v.record.rule,
        durationMinutes: v.record.durationMinutes,
        validFrom: v.record.validFrom ?? null,
        validUntil: v.record.validUntil ?? null,
        sourceHash: hash,
      };
      return record;
    },
    plainHash,
  );
  await store(
    'availabilityExceptions',
    db.availabilityExceptions,
    (v, base, hash) => {
      const x = v.record;
      const record: AvailabilityExceptionRecord = {
        ...base,
        counsellorId: x.counsellorId,
        date: x.date,
        kind: x.kind,
        start: x.kind === 'extra-window' ? x.start : null,
        end: x.kind === 'extra-window' ? x.end : null,
        sourceHash: hash,
      };
      return record;
    },
    plainHash,
  );
  await store(
    'sessions',
    db.sessions,
    (v, base, hash) => {
      const record: SessionRecord = {
        ...base,
        participantId: v.record.participantId,
        counsellorId: v.record.counsellorId,
        startMs: v.startMs,
        outcome: v.record.outcome,
        cancelledAtMs: v.cancelledAtMs,
        channel: v.record.channel ?? 'video',
        durationMinutes: v.record.durationMinutes ?? null,
        sourceHash: hash,
      };
      return record;
    },
    plainHash,
  );

  // A message reported as a conflict adds no topic tags.
  const conflicting = new Set(
    report.conflicts.filter((c) => c.collection === 'messages').map((c) => c.id),
  );
  report.threadsUpdated = await rebuildThreads(
    db,
    cipher,
    [...touchedThreads],
    conflicting.size === 0 ? topicsOfThread : fileTopics(checked, conflicting),
    nowMs,
    (threadsDone, threadsTotal) =>
      options.onProgress?.({ phase: 'threads', done: threadsDone, total: threadsTotal }),
  );
  // For the team: what this import stored or changed goes to the outbox (records.import).
  await recordImportForTeam(db, nowMs, nowMs);
  if (journal) await db.meta.bulkDelete([IMPORT_PENDING_KEY, IMPORT_STORED_KEY]);
  return report;
}

/**
 * Topic tags as triage set them in the file, by thread: added to their threads' tags (never
 * removing a tag a counsellor set here).
 */
function fileTopics(
  checked: DatasetChecked,
  leaveOut: ReadonlySet<string> = new Set(),
): Map<string, Set<string>> {
  const topicsOfThread = new Map<string, Set<string>>();
  for (const v of checked.collections.messages.valid) {
    const m = v.record;
    if (isReply(m) || !m.topics || leaveOut.has(v.id)) continue;
    const set = topicsOfThread.get(m.threadId) ?? new Set<string>();
    for (const topic of m.topics) if (topic.trim()) set.add(topic.trim());
    topicsOfThread.set(m.threadId, set);
  }
  return topicsOfThread;
}

/**
 * An import cut short (issue 12.4) is finished from what it stored, without the file: every
 * thread its messages belong to is worked out again from the messages stored, so that none of
 * them is hidden from the queue; records it had not reached stay out (importing the file again
 * adds them: an import is idempotent). Returns what it had done, or null when no import was
 * pending.
 */
export async function finishInterruptedImport(
  db: WorkstationDatabase,
  cipher: FieldCipher,
  nowMs: number,
): Promise<InterruptedImport | null> {
  const [mark, count] = await db.meta.bulkGet([IMPORT_PENDING_KEY, IMPORT_STORED_KEY]);
  if (mark === undefined) return null;
  let plan: PendingImport;
  try {
    plan = JSON.parse(mark.value) as PendingImport;
  } catch {
    plan = { startedAtMs: 0, total: 0, threadIds: [], topics: {} };
  }
  // A mark that does not parse still names no thread: every message's thread is checked then.
  const threadIds =
    plan.threadIds.length > 0
      ? plan.threadIds
      : [...new Set((await db.messages.toArray()).map((m) => m.threadId))];
  const topics = new Map(Object.entries(plan.topics).map(([id, list]) => [id, new Set(list)]));
  const threadsUpdated = await rebuildThreads(db, cipher, threadIds, topics, nowMs);
  await recordImportForTeam(db, plan.startedAtMs, nowMs);
  await db.meta.bulkDelete([IMPORT_PENDING_KEY, IMPORT_STORED_KEY]);
  return {
    startedAtMs: plan.startedAtMs,
    total: plan.total,
    stored: Number(count?.value ?? 0),
    threadsUpdated,
  };
}

/** Works out the threads again from all their messages (metadata only, in chunks). */
async function rebuildThreads(
  db: WorkstationDatabase,
  cipher: FieldCipher,
  threadIds: readonly string[],
  topicsOfThread: ReadonlyMap<string, ReadonlySet<string>>,
  nowMs: number,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  let threadsDone = 0;
  let rebuilt = 0;
  for (const chunk of chunks(threadIds, 500)) {
    const needSubject = await db.transaction(
      'rw',
      [db.threads, db.threadSubjects, db.messages, db.participants],
      async () => {
        const [threads, subjects, messages] = await Promise.all([
          db.threads.bulkGet(chunk),
          db.threadSubjects.bulkGet(chunk),
          db.messages.where('threadId').anyOf(chunk).toArray(),
        ]);
        const byThread = new Map<string, typeof messages>();
        for (const m of messages) {
          const list = byThread.get(m.threadId);
          if (list) list.push(m);
          else byThread.set(m.threadId, [m]);
        }
        const participants = await db.participants.bulkGet([
          ...new Set(messages.map((m) => m.participantId)),
        ]);
        const language = new Map(
          participants.flatMap((p) => (p ? [[p.id, p.language] as const] : [])),
        );
        const threadRecords = [];
        const answered: typeof messages = [];
        const missing: { threadId: string; messageId: string }[] = [];
        for (const [i, threadId] of chunk.entries()) {
          const threadMessages = byThread.get(threadId) ?? [];
          const existing = threads[i];
          // A thread of the file none of whose messages got stored (an import cut short).
          if (!existing && threadMessages.length === 0) continue;
          rebuilt += 1;
          const participantId = existing?.participantId ?? threadMessages[0]?.participantId ?? '';
          const summary = summariseThread({
            threadId,
            existing,
            messages: threadMessages,
            language: (language.get(participantId) ?? 'en') as Language,
            nowMs,
          });
          const topics = topicsOfThread.get(threadId);
          if (topics) {
            summary.thread.tags = [...new Set([...summary.thread.tags, ...topics])].sort();
          }
          if (!existing) threadRecords.push(summary.thread);
          else if (!sameContent(existing, summary.thread))
            threadRecords.push(changed(summary.thread, {}, nowMs));
          if (!subjects[i] && summary.subjectMessageId !== null)
            missing.push({ threadId, messageId: summary.subjectMessageId });
          answered.push(...summary.answered);
        }
        await db.threads.bulkPut(threadRecords);
        await db.messages.bulkPut(answered);
        return missing;
      },
    );
    await storeThreadSubjects(db, cipher, needSubject);
    threadsDone += chunk.length;
    onProgress?.(threadsDone, threadIds.length);
    await yieldToPage();
  }
  return rebuilt;
}

/**
 * Gives threads their subject: the subject of the message named, opened and sealed again for the
 * thread (a sealed value is bound to its place). A thread that has one meanwhile keeps it.
 */
async function storeThreadSubjects(
  db: WorkstationDatabase,
  cipher: FieldCipher,
  wanted: readonly { threadId: string; messageId: string }[],
): Promise<void> {
  if (wanted.length === 0) return;
  const messages = await db.messages.bulkGet(wanted.map((w) => w.messageId));
  const records: StoredThreadSubjectRecord[] = [];
  for (const [i, { threadId, messageId }] of wanted.entries()) {
    const message = messages[i];
    const subject = message
      ? await cipher.open(message.subject, { table: 'messages', id: messageId, field: 'subject' })
      : '';
    records.push(await sealRecord(cipher, 'threadSubjects', { threadId, subject }));
  }
  await db.transaction('rw', db.threadSubjects, async () => {
    const now = await db.threadSubjects.bulkGet(records.map((r) => r.threadId));
    await db.threadSubjects.bulkAdd(records.filter((_, i) => now[i] === undefined));
  });
}
