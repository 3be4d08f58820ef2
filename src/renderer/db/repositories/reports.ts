/**
 * What the anonymised report (issue 8; src/domain/reports) is computed from, read from the stored
 * records as metadata only: ids, languages, instants, kinds, outcomes, the over-limit flag, thread
 * tags (the domain maps them to its topic vocabulary) and the claims' dates and costs. No sealed
 * field is opened: a message's subject and body, a participant's name, e-mail and JET number and a
 * claim's provider stay sealed and are not copied. Only the domain's `ReportInput` leaves
 * `loadReportInput`; the records it read stay in its local variables.
 *
 * `computeReport` is the pure step after it (the page runs it in a worker): the domain's
 * `buildReport`, then `publish`, which gives exactly what an export holds.
 */
import {
  buildReport,
  publish,
  type PublishedReport,
  type Report,
  type ReportCounsellorInput,
  type ReportInput,
  type ReportMessageInput,
  type ReportOptions,
  type ReportParticipantInput,
  type ReportSessionInput,
  type ReportThreadInput,
} from '../../../domain/reports';
import type { SubsidyClaimInput } from '../../../domain/subsidy';
import type { FieldCipher } from '../crypto/field-cipher';
import type { WorkstationDatabase } from '../database';
import { createClaimsRepository } from './claims';

/**
 * The domain's claim input needs a provider (its checks refuse a blank one), but a report never
 * reads it and the claims repository's aggregate rows rightly have none: this fixed word stands in.
 */
export const PROVIDER_NOT_READ = 'not-read';

/** Reads the report's input in one read transaction (a consistent snapshot). */
export async function loadReportInput(
  db: WorkstationDatabase,
  cipher: FieldCipher,
): Promise<ReportInput> {
  const claimsRepository = createClaimsRepository(db, cipher);
  const participants: ReportParticipantInput[] = [];
  const counsellors: ReportCounsellorInput[] = [];
  const threads: ReportThreadInput[] = [];
  const messages: ReportMessageInput[] = [];
  const sessions: ReportSessionInput[] = [];
  const claims: SubsidyClaimInput[] = [];
  await db.transaction(
    'r',
    [db.participants, db.counsellors, db.threads, db.messages, db.sessions, db.claims],
    async () => {
      // One record at a time, and only the fields a report reads are copied out of it.
      await db.participants.each((p) => {
        participants.push({ id: p.id, language: p.language, deletedAt: p.deletedAt });
      });
      await db.counsellors.each((c) => {
        counsellors.push({ id: c.id, deletedAt: c.deletedAt });
      });
      await db.threads.each((t) => {
        threads.push({ id: t.id, language: t.language, tags: [...t.tags], deletedAt: t.deletedAt });
      });
      await db.messages.each((m) => {
        if (m.kind === 'participant-message') {
          messages.push({
            id: m.id,
            threadId: m.threadId,
            participantId: m.participantId,
            kind: 'participant-message',
            receivedAtMs: m.receivedAtMs,
            sentAtMs: null,
            authorId: null,
            overLimit: m.overLimit,
            // When this workstation stored it: a reply written here answers only what was seen.
            seenAtMs: m.createdAt,
            deletedAt: m.deletedAt,
          });
        } else if (m.sentAtMs !== null) {
          messages.push({
            id: m.id,
            threadId: m.threadId,
            participantId: m.participantId,
            kind: 'reply',
            receivedAtMs: null,
            sentAtMs: m.sentAtMs,
            authorId: m.authorId,
            overLimit: false,
            // A reply written here has no import hash (only whether it is null is looked at).
            answersOnlySeenBefore: m.sourceHash === null,
            deletedAt: m.deletedAt,
          });
        }
      });
      await db.sessions.each((s) => {
        sessions.push({
          id: s.id,
          participantId: s.participantId,
          counsellorId: s.counsellorId,
          startMs: s.startMs,
          outcome: s.outcome,
          deletedAt: s.deletedAt,
        });
      });
      for (const c of await claimsRepository.aggregateInput()) {
        claims.push({
          id: c.id,
          participantId: c.participantId,
          counsellingDate: c.counsellingDate,
          provider: PROVIDER_NOT_READ,
          costYen: c.costYen,
          createdAtMs: c.createdAt,
        });
      }
    },
  );
  return { participants, counsellors, threads, messages, sessions, claims };
}

export interface ComputedReport {
  /** The tables as computed, with each cell's status (for the page). */
  report: Report;
  /** Exactly what an export holds: `period, measure, category, value` rows. */
  published: PublishedReport;
}

/** The report and its published form (pure; throws RangeError on a bad period or claim). */
export function computeReport(input: ReportInput, options: ReportOptions): ComputedReport {
  const report = buildReport(input, options);
  return { report, published: publish(report) };
}
