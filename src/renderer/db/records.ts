/**
 * What the workstation stores in IndexedDB. Every record carries what sync needs from day one:
 * a client-generated id (UUIDv7 for our own records; imported records keep the file's ids),
 * `createdAt`, `updatedAt`, a `version` that grows with each change, and soft deletion.
 *
 * Sensitive fields (subjects, bodies, names, e-mail addresses, JET numbers, notes, drafts,
 * templates' text, and the import hashes of participants and messages) are never indexed and are
 * stored sealed (AES-256-GCM envelopes, `./crypto`): the `Stored…` types below are what IndexedDB
 * holds, the plain types what the repositories hand the page after opening them. The list of
 * sealed fields is `SEALED_FIELDS` in `./crypto/sealed-records.ts`.
 */
import type { MutationName } from '../../sync/mutations';
import type { Envelope } from './crypto/field-cipher';

/** `T` as stored: each field in `K` sealed (a string becomes an envelope, null stays null). */
export type Sealed<T, K extends keyof T> = Omit<T, K> & {
  [P in K]: null extends T[P] ? Envelope | null : Envelope;
};
export type Language = 'en' | 'ja';
/** A risk level a counsellor sets (never set by the app: a crisis signal is not a level). */
export type AssessedRiskLevel = 'routine' | 'elevated' | 'urgent';
/** A thread's stored risk: `not-assessed` until a counsellor sets a level (database version 8). */
export type RiskLevel = 'not-assessed' | AssessedRiskLevel;
export const RISK_LEVELS: readonly AssessedRiskLevel[] = ['routine', 'elevated', 'urgent'];

export interface SyncedRecord {
  id: string;
  createdAt: number;
  updatedAt: number;
  version: number;
  /** Soft deletion: the instant it was deleted, or null. */
  deletedAt: number | null;
}

/** Records that can come from an import remember a hash of what the file said (idempotency). */
export interface ImportedRecord {
  sourceHash: string | null;
}

export interface ParticipantRecord extends SyncedRecord, ImportedRecord {
  jetNumber: string | null;
  name: string;
  email: string;
  language: Language;
}

/** A participant as stored: sealed fields, and the JET number's blind index for look-ups. */
export type StoredParticipantRecord = Sealed<
  ParticipantRecord,
  'jetNumber' | 'name' | 'email' | 'sourceHash'
> & {
  /** HMAC-SHA256 of the normalised JET number under the index key, or null when there is none. */
  jetIndex: string | null;
};

export interface CounsellorRecord extends SyncedRecord, ImportedRecord {
  name: string;
  languages: Language[];
}

/** A thread's metadata: everything the queue filters and sorts on, and no text. */
export interface ThreadRecord extends SyncedRecord {
  participantId: string;
  language: Language;
  /** `open` while a participant message waits for its answer. */
  state: 'open' | 'answered';
  /** Receipt instant of the oldest unanswered participant message (its deadline is the thread's). */
  openSinceMs: number | null;
  /** Receipt instant of the thread's latest participant message. */
  lastReceivedMs: number;
  /** When the thread was last answered, for "answered on time / late". */
  lastAnswerMs: number | null;
  /**
   * Receipt instant of the oldest participant message the last answer answered: its deadline says
   * whether the thread was answered on time. Absent on records stored before it existed (then the
   * latest receipt stands in).
   */
  lastAnsweredFromMs?: number | null;
  messageCount: number;
  assigneeId: string | null;
  requestedCounsellorId: string | null;
  risk: RiskLevel;
  riskSetBy: string | null;
  riskSetAtMs: number | null;
  /** A message of the thread matched a crisis expression (a signal, never a risk level). */
  possibleRisk: boolean;
  /** A message of the thread is longer than 1,200 code points. */
  overLimit: boolean;
  tags: string[];
}

/** The subject of a thread, kept apart from its metadata so lists load no text. */
export interface ThreadSubjectRecord {
  threadId: string;
  subject: string;
}

export interface MessageRecord extends SyncedRecord, ImportedRecord {
  threadId: string;
  participantId: string;
  kind: 'participant-message' | 'reply';
  subject: string;
  body: string;
  /** Participant messages: when it was received. */
  receivedAtMs: number | null;
  requestedCounsellorId: string | null;
  /** Participant messages: when a reply answered it (the deadline clock stops), or null. */
  answeredAtMs: number | null;
  /** Replies: who wrote it and when it was sent. */
  authorId: string | null;
  sentAtMs: number | null;
  /** Replies: `pending` until the sync server confirms it; imported replies are `confirmed`. */
  delivery: 'pending' | 'confirmed' | null;
  overLimit: boolean;
  /**
   * The subject or text matched a crisis expression when it was stored (a signal, never a risk
   * level), kept beside the sealed text so a thread can be worked out without opening it. Records
   * stored before encryption get it when they are sealed.
   */
  riskSignal?: boolean;
}

export type StoredMessageRecord = Sealed<MessageRecord, 'subject' | 'body' | 'sourceHash'>;
export type StoredThreadSubjectRecord = Sealed<ThreadSubjectRecord, 'subject'>;

/** A counsellor's recurring weekly availability (RFC 5545 rule in JST wall time). */
export interface AvailabilityRuleRecord extends SyncedRecord, ImportedRecord {
  counsellorId: string;
  /** `DTSTART;TZID=Asia/Tokyo:YYYYMMDDTHHMMSS` + newline + `RRULE:...` */
  rule: string;
  durationMinutes: number;
  validFrom: string | null;
  validUntil: string | null;
}

/** A day off, or an extra window, for one counsellor on one JST date. */
export interface AvailabilityExceptionRecord extends SyncedRecord, ImportedRecord {
  counsellorId: string;
  date: string;
  kind: 'day-off' | 'extra-window';
  /** Extra windows: JST `HH:MM`. */
  start: string | null;
  end: string | null;
}

export type SessionOutcome = 'scheduled' | 'completed' | 'cancelled' | 'late-cancelled' | 'no-show';

/** A 40-minute video session booked on a participant's behalf. */
export type SessionChannel = 'video' | 'phone';

export interface SessionRecord extends SyncedRecord, ImportedRecord {
  participantId: string;
  counsellorId: string;
  startMs: number;
  outcome: SessionOutcome;
  cancelledAtMs: number | null;
  /** How the session was held: video, or phone when the video link failed. Older records: video. */
  channel?: SessionChannel;
  /** Minutes actually held, recorded with a completed session; null or absent: not recorded. */
  durationMinutes?: number | null;
}

/** A counsellor's note on one session (sensitive: encrypted at rest with the storage issue). */
export interface SessionNoteRecord extends SyncedRecord {
  sessionId: string;
  authorProfile: string;
  body: string;
}
export type StoredSessionNoteRecord = Sealed<SessionNoteRecord, 'body'>;

/** A local profile: who uses the workstation, and in which role. Never synced. */
export interface ProfileRecord {
  id: string;
  name: string;
  role: 'co' | 'counsellor' | 'supervisor';
  /** The counsellor whose cases are "mine" for this profile, when it is a counsellor's. */
  counsellorId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NoteRecord extends SyncedRecord {
  threadId: string;
  authorId: string | null;
  body: string;
}
export type StoredNoteRecord = Sealed<NoteRecord, 'body'>;

export interface DraftRecord {
  threadId: string;
  body: string;
  updatedAt: number;
}
export type StoredDraftRecord = Sealed<DraftRecord, 'body'>;

export interface TemplateRecord extends SyncedRecord {
  language: Language;
  title: string;
  body: string;
}
export type StoredTemplateRecord = Sealed<TemplateRecord, 'title' | 'body'>;

/**
 * A claim of the Counselling Assistance Programme (DOMAIN.md section 6): a participant's
 * out-of-pocket cost for counselling with a professional in Japan. The provider is free text and
 * stored sealed; the rest is what the subsidy arithmetic and the anonymised reports need.
 */
export interface ClaimRecord extends SyncedRecord {
  participantId: string;
  /** The JST date of the counselling, `YYYY-MM-DD` (it decides the coverage period). */
  counsellingDate: string;
  /** Who gave the counselling (free text), sealed: bound to `claims`, the id and `provider`. */
  provider: Envelope;
  /** What the participant paid, in whole yen. */
  costYen: number;
}

/**
 * A named mutation (`src/sync/mutations.ts`) applied on this workstation and not yet acknowledged by
 * the sync server, written in the same transaction as the change it made (DESIGN.md "Sync"). Its
 * arguments are what the push carries: ids and metadata in clear, text only as the sealed envelope
 * stored here (in the wire's base64 form). Database version 9; before, entries named a changed
 * record (`{table, recordId, op, version}`).
 */
export interface OutboxEntry {
  /** The local order (auto-increment): mutations are pushed in this order. */
  seq?: number;
  name: MutationName;
  /** The version of its argument shape (`MUTATIONS[name].v` when it was written). */
  v: number;
  /** The arguments, as `MUTATIONS[name].args` parsed them. */
  args: unknown;
  /** When the person did it, by this workstation's clock. */
  at: number;
  /**
   * The client mutation id it was pushed with, given the first time it is pushed (database
   * version 10) and kept, so that a push retried after a lost response sends the same ids.
   */
  mutationId?: number;
  /** The sync client (`SyncStateRecord.clientId`) that numbered it. */
  clientId?: string;
}

/**
 * Where this workstation stands with the sync server, per sync client (an account signed in on
 * this workstation: the transport keeps one client id per account). Database version 10.
 */
export interface SyncStateRecord {
  clientId: string;
  /** The server version everything is pulled up to (0: nothing yet). */
  cursor: number;
  /** True while a snapshot (a reset, or the first pull) is pulled in several pages. */
  snapshot: boolean;
  /** The id the next numbered outbox entry gets. */
  nextMutationId: number;
  /** The highest mutation id the server has dealt with (applied, refused or skipped). */
  lastMutationId: number;
  /** Refusals up to this mutation id are stored here: the server need not send them again. */
  refusalsSeenThrough: number;
  /** When a push or a pull last had an answer (this workstation's clock), or null. */
  lastSyncAt: number | null;
  /**
   * The organisation's log id the last pull gave (sent with the next one: another one on the
   * server means it was restored from a backup). Absent before the first pull that gave one.
   */
  log?: string;
}

/**
 * The server's copy of a synced record that a mutation still waiting in the outbox has changed
 * here (database version 10): taken from the record as it was before the first such change (null
 * when the change created it), then replaced by every version a pull brings. When no mutation in
 * the outbox touches the record any more, this copy is written over the record: the person's
 * change stays on top until the server has dealt with it, and then gives way to what the server
 * decided (their change as applied, or the state that refused it).
 */
export interface ServerCopyRecord {
  table: string;
  id: string;
  /** The record as stored (sealed fields as envelopes), or null when the server has none. */
  record: Record<string, unknown> | null;
  /** A message's thread (a pending reply covers every message of its thread). */
  threadId: string | null;
}

/** A mutation the server refused, kept until the person dismisses it (database version 10). */
export interface StoredRefusalRecord {
  clientId: string;
  mutationId: number;
  /** The mutation's name (`thread.take`). */
  name: string;
  /** A refusal code of the contract (`thread-held`). */
  code: string;
  /** What the words need (`holderId`…): never text or a participant's identifiers. */
  params: Record<string, string | number | null>;
  /** When the server refused it (the server's clock). */
  at: number;
}

/**
 * The stated reason of an audit entry, sealed (issue 7: a typed reason can name someone). The
 * entry's own `reason` is then `sealed:<mark>`, the mark an HMAC of the text under the index key,
 * which the hash chain covers; the text is bound to the entry's hash.
 */
export interface StoredAuditReasonRecord {
  entryHash: string;
  reason: Envelope;
}

/** The append-only audit log (used by the privacy issue). */
export interface AuditEntry {
  seq?: number;
  atMs: number;
  profile: string;
  action: string;
  object: string;
  reason: string;
  prevHash: string;
  hash: string;
}

export interface MetaRecord {
  key: string;
  value: string;
}

/**
 * One anonymised report released to CLAIR (an export), kept so that every later report is
 * suppressed and audited together with the releases it overlaps (docs/reports.md, "Successive
 * releases"). The rows are exactly what was exported (slugs, months, numbers or `*`), public by
 * design; the counsellor aliases (id to `counsellor:N`) stay on this workstation so that an alias
 * means the same counsellor in every release. Never edited; kept across a restore.
 */
export interface ReleaseRecord {
  id: string;
  releasedAtMs: number;
  /** The profile that exported it. */
  profile: string;
  /** A file exported for CLAIR, or `co-view`: figures shown on the CO view (issue 13.1). */
  format: 'csv' | 'xlsx' | 'pdf' | 'co-view';
  from: string;
  to: string;
  threshold: number;
  byCounsellor: boolean;
  rows: { period: string; measure: string; category: string; value: number | '*' }[];
  counsellorAliases: Record<string, string>;
}
