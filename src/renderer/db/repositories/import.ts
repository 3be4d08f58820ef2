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
import type { WorkstationDatabase } from '../database';
import type {
  AvailabilityExceptionRecord,
  AvailabilityRuleRecord,
  ImportedRecord,
  Language,
  MessageRecord,
  SessionRecord,
  SyncedRecord,
} from '../records';
import { changed, created } from './changes';
import { summariseThread } from './thread-summary';

export const IMPORT_CHUNK = 2_000;

export interface ImportConflict {
  collection: CollectionName;
  position: string;
  id: string;
}

export interface ImportReport {
  added: Record<CollectionName, number>;
  unchanged: Record<CollectionName, number>;
  conflicts: ImportConflict[];
  invalid: InvalidRecord[];
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
  checked: DatasetChecked,
  options: {
    nowMs: number;
    hasRiskSignal: (text: string) => boolean;
    onProgress?: (p: ImportProgress) => void;
  },
): Promise<ImportReport> {
  const { nowMs } = options;
  const report: ImportReport = {
    added: emptyCounts(),
    unchanged: emptyCounts(),
    conflicts: [],
    invalid: checked.invalid,
    overLimit: 0,
    threadsUpdated: 0,
  };
  const total = COLLECTION_NAMES.reduce(
    (sum, name) => sum + checked.collections[name].valid.length,
    0,
  );
  let done = 0;
  const touchedThreads = new Set<string>();

  async function store<C extends CollectionName, T extends SyncedRecord & ImportedRecord>(
    collection: C,
    table: EntityTable<T, 'id'>,
    toRecord: (
      valid: DatasetChecked['collections'][C]['valid'][number],
      base: SyncedRecord,
      hash: string,
    ) => T,
  ): Promise<void> {
    const valid = checked.collections[collection]
      .valid as DatasetChecked['collections'][C]['valid'];
    for (const chunk of chunks(valid, IMPORT_CHUNK)) {
      await db.transaction('rw', table, async () => {
        const existing = await table.bulkGet(chunk.map((v) => v.id as IDType<T, 'id'>));
        const fresh: T[] = [];
        chunk.forEach((v, i) => {
          const hash = recordContentHash(collection, v.record as DatasetRecords[C]);
          const stored = existing[i];
          if (!stored) {
            fresh.push(toRecord(v, created(v.id, nowMs), hash));
            report.added[collection] += 1;
          } else if (stored.sourceHash === hash) {
            report.unchanged[collection] += 1;
            // Work the thread out again: an earlier import may have stopped between storing its
            // messages and building their threads, and this one must repair that.
            if (collection === 'messages') {
              touchedThreads.add((v.record as DatasetRecords['messages']).threadId);
            }
          } else {
            report.conflicts.push({ collection, position: v.position, id: v.id });
          }
        });
        await table.bulkAdd(fresh);
      });
      done += chunk.length;
      options.onProgress?.({ phase: 'storing', done, total });
      await yieldToPage();
    }
  }

  await store('participants', db.participants, (v, base, hash) => ({
    ...base,
    jetNumber: v.record.jetNumber ?? null,
    name: v.record.name,
    email: v.record.email,
    language: v.record.language,
    sourceHash: hash,
  }));
  await store('counsellors', db.counsellors, (v, base, hash) => ({
    ...base,
    name: v.record.name,
    languages: [...v.record.languages],
    sourceHash: hash,
  }));
  await store('messages', db.messages, (v, base, hash) => {
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
      sourceHash: hash,
    };
    return record;
  });

  await store('availability', db.availabilityRules, (v, base, hash) => {
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
  });
  await store('availabilityExceptions', db.availabilityExceptions, (v, base, hash) => {
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
  });
  await store('sessions', db.sessions, (v, base, hash) => {
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
  });

  // Work out every touched thread again from all its messages.
  const threadIds = [...touchedThreads];
  let threadsDone = 0;
  for (const chunk of chunks(threadIds, 500)) {
    await db.transaction(
      'rw',
      [db.threads, db.threadSubjects, db.messages, db.participants],
      async () => {
        const [threads, subjects, messages] = await Promise.all([
          db.threads.bulkGet(chunk),
          db.threadSubjects.bulkGet(chunk),
          db.messages.where('threadId').anyOf(chunk).toArray(),
        ]);
        const byThread = new Map<string, MessageRecord[]>();
        for (const m of messages)
          byThread.set(m.threadId, [...(byThread.get(m.threadId) ?? []), m]);
        const participants = await db.participants.bulkGet([
          ...new Set(messages.map((m) => m.participantId)),
        ]);
        const language = new Map(
          participants.flatMap((p) => (p ? [[p.id, p.language] as const] : [])),
        );
        const threadRecords = [];
        const subjectRecords = [];
        const answered: MessageRecord[] = [];
        for (const [i, threadId] of chunk.entries()) {
          const threadMessages = byThread.get(threadId) ?? [];
          const existing = threads[i];
          const participantId = existing?.participantId ?? threadMessages[0]?.participantId ?? '';
          const summary = summariseThread({
            threadId,
            existing,
            messages: threadMessages,
            language: (language.get(participantId) ?? 'en') as Language,
            hasRiskSignal: options.hasRiskSignal,
            nowMs,
          });
          if (!existing) threadRecords.push(summary.thread);
          else if (!sameContent(existing, summary.thread))
            threadRecords.push(changed(summary.thread, {}, nowMs));
          if (!subjects[i]) subjectRecords.push({ threadId, subject: summary.subject });
          answered.push(...summary.answered);
        }
        await db.threads.bulkPut(threadRecords);
        await db.threadSubjects.bulkPut(subjectRecords);
        await db.messages.bulkPut(answered);
      },
    );
    threadsDone += chunk.length;
    report.threadsUpdated = threadsDone;
    options.onProgress?.({ phase: 'threads', done: threadsDone, total: threadIds.length });
    await yieldToPage();
  }
  return report;
}
