/**
 * What a report is computed from: the minimal shapes of the records, so that the renderer's
 * stored records (src/renderer/db/records.ts: ParticipantRecord, ThreadRecord, MessageRecord,
 * SessionRecord, CounsellorRecord) can be passed as they are, and a dataset file can be mapped to
 * them (./from-dataset). No field for a name, an e-mail, a JET number, a subject or a text: the
 * report never sees one. Whatever else a record carries is never read.
 */
import type { SessionOutcome } from '../booking/types';
import type { SubsidyClaimInput } from '../subsidy/ledger';

interface SoftDeletable {
  /** Soft-deleted records (deletedAt set) are left out. */
  readonly deletedAt?: number | null;
}

export interface ReportParticipantInput extends SoftDeletable {
  readonly id: string;
  readonly language: 'en' | 'ja';
}

export interface ReportCounsellorInput extends SoftDeletable {
  readonly id: string;
}

export interface ReportThreadInput extends SoftDeletable {
  readonly id: string;
  /** The thread's language; absent: the participant's. */
  readonly language?: 'en' | 'ja';
  /** Triage tags as typed; counted through the topic vocabulary, never published as typed. */
  readonly tags: readonly string[];
}

export interface ReportMessageInput extends SoftDeletable {
  readonly id: string;
  readonly threadId: string;
  readonly participantId: string;
  readonly kind: 'participant-message' | 'reply';
  /** A participant's message: when it was received. */
  readonly receivedAtMs: number | null;
  /** A reply: when it was sent. Replies not sent (drafts) are not passed in. */
  readonly sentAtMs: number | null;
  /** A reply: its author (a counsellor's id). */
  readonly authorId: string | null;
  /** A participant's message longer than 1,200 code points. */
  readonly overLimit: boolean;
  /** When this workstation stored the message (see answersInThread); default: receivedAtMs. */
  readonly seenAtMs?: number;
  /** A reply sent from this workstation answers only the messages seen before it. */
  readonly answersOnlySeenBefore?: boolean;
}

export interface ReportSessionInput extends SoftDeletable {
  readonly id: string;
  readonly participantId: string;
  readonly counsellorId: string;
  readonly startMs: number;
  readonly outcome: SessionOutcome;
}

export interface ReportInput {
  readonly participants: readonly ReportParticipantInput[];
  /** Counsellors known to the workstation (for stable category aliases); optional. */
  readonly counsellors?: readonly ReportCounsellorInput[];
  readonly threads?: readonly ReportThreadInput[];
  readonly messages: readonly ReportMessageInput[];
  readonly sessions: readonly ReportSessionInput[];
  /**
   * Counselling Assistance Programme claims; absent when the source holds none (a dataset file):
   * the report then has no `cap-*` measures rather than zeros.
   */
  readonly claims?: readonly SubsidyClaimInput[];
}

export const isLive = (record: SoftDeletable) =>
  record.deletedAt === undefined || record.deletedAt === null;
