/**
 * The Dexie database of the workstation. Versions only ever grow; each version that changes the
 * stores says why, and an upgrade function moves the data when a change needs one.
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type {
  AuditEntry,
  AvailabilityExceptionRecord,
  AvailabilityRuleRecord,
  ClaimRecord,
  SessionRecord,
  ProfileRecord,
  CounsellorRecord,
  ReleaseRecord,
  StoredAuditReasonRecord,
  MetaRecord,
  OutboxEntry,
  ServerCopyRecord,
  StoredRefusalRecord,
  SyncStateRecord,
  StoredDraftRecord,
  StoredMessageRecord,
  StoredNoteRecord,
  StoredParticipantRecord,
  StoredSessionNoteRecord,
  StoredTemplateRecord,
  StoredThreadSubjectRecord,
  ThreadRecord,
} from './records';
import { MUTATIONS } from '../../sync/mutations';
import { sealedFieldGuard } from './crypto/sealed-records';
import { releaseToWire } from './release-wire';

export const DATABASE_NAME = 'counsellor-workstation';
/** The database version from which the outbox holds named mutations (before: record-level entries). */
export const OUTBOX_MUTATIONS_VERSION = 9;
/** The database version from which the workstation syncs (sync state, server copies, refusals). */
export const SYNC_ENGINE_VERSION = 10;
/** The register of releases syncs: earlier releases go to the outbox (issue 15). */
export const RELEASES_SYNC_VERSION = 11;
/** Set in `meta` while records written before encryption may still hold plaintext. */
export const LEGACY_PLAINTEXT_KEY = 'sealing.legacy-plaintext';

export class WorkstationDatabase extends Dexie {
  participants!: EntityTable<StoredParticipantRecord, 'id'>;
  counsellors!: EntityTable<CounsellorRecord, 'id'>;
  threads!: EntityTable<ThreadRecord, 'id'>;
  threadSubjects!: Table<StoredThreadSubjectRecord, string>;
  messages!: EntityTable<StoredMessageRecord, 'id'>;
  notes!: EntityTable<StoredNoteRecord, 'id'>;
  drafts!: Table<StoredDraftRecord, string>;
  templates!: EntityTable<StoredTemplateRecord, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  audit!: EntityTable<AuditEntry, 'seq'>;
  meta!: Table<MetaRecord, string>;
  availabilityRules!: EntityTable<AvailabilityRuleRecord, 'id'>;
  availabilityExceptions!: EntityTable<AvailabilityExceptionRecord, 'id'>;
  sessions!: EntityTable<SessionRecord, 'id'>;
  sessionNotes!: EntityTable<StoredSessionNoteRecord, 'id'>;
  profiles!: EntityTable<ProfileRecord, 'id'>;
  claims!: EntityTable<ClaimRecord, 'id'>;
  releases!: EntityTable<ReleaseRecord, 'id'>;
  auditReasons!: Table<StoredAuditReasonRecord, string>;
  syncState!: Table<SyncStateRecord, string>;
  serverCopies!: Table<ServerCopyRecord, [string, string]>;
  refusals!: Table<StoredRefusalRecord, [string, number]>;

  constructor(
    name: string = DATABASE_NAME,
    options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {},
  ) {
    super(name, {
      // Chromium's default durability is relaxed: a write could be lost after "saved" on a crash.
      chromeTransactionDurability: 'strict',
      // Every read goes to IndexedDB: a screen shows what is stored, even after a change that
      // did not go through this page's Dexie (the raw API, a rolled-back database). Dexie's
      // shared query cache would serve the earlier result to a screen opened again. No two
      // screens here run the same large query, so the cache would buy little.
      cache: 'disabled',
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
    // Version 4: sensitive fields sealed at rest (issue 7). Participants gain a blind index of the
    // JET number. Records written before this version hold plaintext: the upgrade (which cannot
    // encrypt: WebCrypto is asynchronous) only marks them, and the first unlock seals them all
    // before the app shows anything (`sealLegacyPlaintext`).
    this.version(4)
      .stores({ participants: 'id, updatedAt, jetIndex' })
      .upgrade(async (tx) => {
        await tx.table('meta').put({ key: LEGACY_PLAINTEXT_KEY, value: 'pending' });
      });
    // Version 5: claims of the Counselling Assistance Programme (issue 8). A new store only; the
    // provider is sealed, so only the participant and the counselling date are indexed.
    this.version(5).stores({
      claims: 'id, participantId, counsellingDate',
    });
    // Version 6: the register of report releases (issue 8: successive releases are suppressed
    // together). A new store only; nothing in it is sealed (it is what was published).
    this.version(6).stores({
      releases: 'id, releasedAtMs',
    });
    // Version 7: audit reasons sealed (issue 7), in a store of their own keyed by the entry's
    // hash; entries written before keep their reason as they were (the chain covers it).
    this.version(7).stores({
      auditReasons: 'entryHash',
    });
    // Version 8: a thread's risk can say "not assessed" (issue 14). Before, a new thread was
    // stored as `routine` though nobody chose it; a thread still `routine` with nobody recorded as
    // having set it becomes `not-assessed`. No index changes; a level a counsellor set is kept.
    this.version(8)
      .stores({})
      .upgrade(async (tx) => {
        await tx
          .table('threads')
          .filter(
            (thread: { risk: string; riskSetBy: string | null }) =>
              thread.risk === 'routine' && thread.riskSetBy === null,
          )
          .modify({ risk: 'not-assessed' });
      });
    // Version 9: the outbox holds named mutations (issue 15, `src/sync/mutations.ts`), in their
    // local order, instead of entries naming a changed record. The old record-level entries are
    // cleared: no sync server has ever taken them (they never left the workstation), and they
    // cannot be turned into mutations (an entry says which record changed, not what the person
    // did). The records themselves are untouched. The `recordId` index goes with them.
    this.version(OUTBOX_MUTATIONS_VERSION)
      .stores({ outbox: '++seq' })
      .upgrade(async (tx) => {
        await tx.table('outbox').clear();
      });
    // Version 10: the page's sync engine (issue 15). New stores only, nothing moves: where each
    // sync client stands (cursor, mutation numbering), the server's copies of records a waiting
    // mutation changed here, and the refusals the person has not dismissed. Outbox entries gain a
    // mutation id when first pushed (no index: the outbox is read in order, whole).
    this.version(SYNC_ENGINE_VERSION).stores({
      syncState: 'clientId',
      serverCopies: '[table+id], threadId',
      refusals: '[clientId+mutationId]',
    });
    // Version 11: the register of report releases is the organisation's (issue 15). Releases
    // recorded before this version go to the outbox as `release.record`, oldest first, so that
    // the server's register holds them too once the workstation syncs; one that does not fit the
    // contract stays here only (it still counts for this workstation's reports).
    this.version(RELEASES_SYNC_VERSION)
      .stores({})
      .upgrade(async (tx) => {
        const releases = (await tx.table('releases').toArray()) as ReleaseRecord[];
        releases.sort((a, b) => a.releasedAtMs - b.releasedAtMs);
        const { v, args } = MUTATIONS['release.record'];
        for (const release of releases) {
          const parsed = args.safeParse({ release: releaseToWire(release) });
          if (!parsed.success) continue;
          await tx.table('outbox').add({
            name: 'release.record',
            v,
            args: parsed.data,
            at: release.releasedAtMs,
          });
        }
      });
    // Refuses any write that would put plaintext in a sealed field.
    this.use(sealedFieldGuard);
  }
}
