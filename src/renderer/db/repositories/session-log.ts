/**
 * The session log (issue 6): every video session with its counsellor, its participant (name, and
 * the JET number only masked), outcome, duration, channel, quota position and notes. The full JET
 * number never leaves this function: rows carry the masked form only.
 *
 * Notes are sensitive text, sealed at rest; they are opened one session at a time and never go
 * into an export. A new note is stored with its `sessionNote.add` mutation in one transaction; the
 * mutation carries the note's text only as the envelope stored here. Participants' names and JET numbers are opened for the rows (the number is
 * masked at once).
 */
import Papa from 'papaparse';
import { quotaPositions, type QuotaPosition } from '../../../domain/booking';
import { formatJstInstant } from '../../../domain/calendar';
import { maskedJetNumberOf, type MaskedJetNumber } from '../../../domain/privacy/projections';
import type { OrganisationSettings } from '../../../domain/settings/organisation-settings';
import type { FieldCipher } from '../crypto/field-cipher';
import { openAll, openReadable, sealRecord } from '../crypto/sealed-records';
import { sealedToWire } from '../crypto/sealed-wire';
import type { WorkstationDatabase } from '../database';
import { newId } from '../ids';
import type { SessionChannel, SessionNoteRecord, SessionRecord } from '../records';
import { created, recordMutation } from './changes';

export const SESSION_NOTE_MAX = 5000;

export interface SessionLogRow {
  readonly session: SessionRecord;
  readonly counsellorName: string;
  readonly participantName: string;
  readonly jetNumberMasked: MaskedJetNumber | null;
  readonly channel: SessionChannel;
  /** Null for sessions that do not count toward the quota (cancelled before the cutoff). */
  readonly quota: QuotaPosition | null;
  readonly noteCount: number;
}

export class SessionNoteError extends Error {
  constructor(readonly code: 'empty' | 'too-long' | 'no-session') {
    super(
      code === 'empty'
        ? 'A note needs some text.'
        : code === 'too-long'
          ? `A note has at most ${SESSION_NOTE_MAX} characters.`
          : 'There is no such session.',
    );
    this.name = 'SessionNoteError';
  }
}

export type SessionLogRepository = ReturnType<typeof createSessionLogRepository>;

export function createSessionLogRepository(
  db: WorkstationDatabase,
  cipher: FieldCipher,
  settings: () => OrganisationSettings,
) {
  return {
    /** Every live session, latest first, with what the log shows. */
    async rows(): Promise<SessionLogRow[]> {
      const [sessions, storedParticipants, counsellors, notes] = await Promise.all([
        db.sessions.toArray(),
        db.participants.toArray(),
        db.counsellors.toArray(),
        db.sessionNotes.toArray(),
      ]);
      const live = sessions.filter((s) => s.deletedAt === null);
      // Only the participants that have sessions are opened.
      const withSessions = new Set(live.map((s) => s.participantId));
      const { records: participants } = await openReadable(
        cipher,
        'participants',
        storedParticipants.filter((p) => withSessions.has(p.id)),
      );
      const positions = quotaPositions(live, settings());
      const people = new Map(
        participants.map((p) => [p.id, { name: p.name, masked: maskedJetNumberOf(p.jetNumber) }]),
      );
      const counsellorNames = new Map(counsellors.map((c) => [c.id, c.name]));
      const noteCounts = new Map<string, number>();
      for (const n of notes)
        if (n.deletedAt === null)
          noteCounts.set(n.sessionId, (noteCounts.get(n.sessionId) ?? 0) + 1);
      return live
        .sort((a, b) => b.startMs - a.startMs || (a.id < b.id ? 1 : -1))
        .map((session) => ({
          session,
          counsellorName: counsellorNames.get(session.counsellorId) ?? '—',
          participantName: people.get(session.participantId)?.name ?? '—',
          jetNumberMasked: people.get(session.participantId)?.masked ?? null,
          channel: session.channel ?? 'video',
          quota: positions.get(session.id) ?? null,
          noteCount: noteCounts.get(session.id) ?? 0,
        }));
    },

    async notes(sessionId: string): Promise<SessionNoteRecord[]> {
      const notes = await db.sessionNotes.where('sessionId').equals(sessionId).toArray();
      const live = notes.filter((n) => n.deletedAt === null);
      return (await openAll(cipher, 'sessionNotes', live)).sort(
        (a, b) => a.createdAt - b.createdAt,
      );
    },

    async addNote(
      sessionId: string,
      body: string,
      authorProfile: string,
      nowMs: number,
    ): Promise<SessionNoteRecord> {
      const text = body.trim();
      if (text === '') throw new SessionNoteError('empty');
      if ([...text].length > SESSION_NOTE_MAX) throw new SessionNoteError('too-long');
      const note: SessionNoteRecord = {
        ...created(newId(), nowMs),
        sessionId,
        authorProfile,
        body: text,
      };
      const sealed = await sealRecord(cipher, 'sessionNotes', note);
      const args = { noteId: note.id, sessionId, body: sealedToWire(sealed.body) };
      await db.transaction(
        'rw',
        [db.sessions, db.sessionNotes, db.outbox, db.serverCopies],
        async () => {
          if (!(await db.sessions.get(sessionId))) throw new SessionNoteError('no-session');
          await db.sessionNotes.add(sealed);
          await recordMutation(db, 'sessionNote.add', args, nowMs);
        },
      );
      return note;
    },
  };
}

/** The columns of the session log export, in order. */
export const SESSION_LOG_CSV_COLUMNS = [
  'date',
  'start_jst',
  'counsellor',
  'participant_jet_number',
  'outcome',
  'duration_minutes',
  'channel',
  'quota_position',
  'quota_limit',
] as const;

/**
 * The session log as CSV for a supervisor: one line per session, the JET number masked, and no
 * participant name, e-mail or note. Cells that a spreadsheet could run as a formula are escaped.
 */
export function sessionLogCsv(rows: readonly SessionLogRow[]): string {
  const data = rows.map((row) => {
    const start = formatJstInstant(row.session.startMs); // 2026-11-30T10:00:00+09:00
    return [
      start.slice(0, 10),
      start.slice(11, 16),
      row.counsellorName,
      row.jetNumberMasked ?? '',
      row.session.outcome,
      row.session.outcome === 'completed' ? String(row.session.durationMinutes ?? '') : '',
      row.channel,
      row.quota ? String(row.quota.position) : '',
      row.quota ? String(row.quota.limit) : '',
    ];
  });
  return `${Papa.unparse(
    { fields: [...SESSION_LOG_CSV_COLUMNS], data },
    { escapeFormulae: true, newline: '\r\n' },
  )}\r\n`;
}
