/**
 * The Dexie database of the workstation. Versions only ever grow; each version that changes the
 * stores says why, and an upgrade function moves the data when a change needs one.
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type {
  AuditEntry,
  AvailabilityExceptionRecord,
  AvailabilityRuleRecord,
  SessionRecord,
  SessionNoteRecord,
  ProfileRecord,
  CounsellorRecord,
  DraftRecord,
  MessageRecord,
  MetaRecord,
  NoteRecord,
  OutboxEntry,
  ParticipantRecord,
  TemplateRecord,
  ThreadRecord,
  ThreadSubjectRecord,
} from './records';

export const DATABASE_NAME = 'counsellor-workstation';

export class WorkstationDatabase extends Dexie {
  participants!: EntityTable<ParticipantRecord, 'id'>;
  counsellors!: EntityTable<CounsellorRecord, 'id'>;
  threads!: EntityTable<ThreadRecord, 'id'>;
  threadSubjects!: Table<ThreadSubjectRecord, string>;
  messages!: EntityTable<MessageRecord, 'id'>;
  notes!: EntityTable<NoteRecord, 'id'>;
  drafts!: Table<DraftRecord, string>;
  templates!: EntityTable<TemplateRecord, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  audit!: EntityTable<AuditEntry, 'seq'>;
  meta!: Table<MetaRecord, string>;
  availabilityRules!: EntityTable<AvailabilityRuleRecord, 'id'>;
  availabilityExceptions!: EntityTable<AvailabilityExceptionRecord, 'id'>;
  sessions!: EntityTable<SessionRecord, 'id'>;
  sessionNotes!: EntityTable<SessionNoteRecord, 'id'>;
  profiles!: EntityTable<ProfileRecord, 'id'>;

  constructor(
    name: string = DATABASE_NAME,
    options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {},
  ) {
    super(name, {
      // Chromium's default durability is relaxed: a write could be lost after "saved" on a crash.
      chromeTransactionDurability: 'strict',
      ...(options.indexedDB
        ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange }
        : {}),
    });
    // Version 1: the first release. Only ids and non-sensitive metadata are indexed.
    this.version(1).stores({
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
    // Version 2: video sessions and counsellors' availability (issue 5). New stores only: no data
    // moves, so no upgrade function.
    this.version(2).stores({
      availabilityRules: 'id, counsellorId',
      availabilityExceptions: 'id, counsellorId, date',
      sessions: 'id, participantId, counsellorId, startMs',
    });
    // Version 3: local profiles with roles, and notes on sessions (issue 6). New stores only.
    this.version(3).stores({
      profiles: 'id',
      sessionNotes: 'id, sessionId',
    });
  }
}
