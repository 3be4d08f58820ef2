/**
 * Who sees what (DOMAIN.md section 7), enforced in one place: one function per audience from the
 * stored records to what that audience may see, each with its own type.
 *
 * - Counsellors and supervisors get full rows, but the JET number only masked (`•••••••42`);
 *   revealing it is a separate, audited action elsewhere.
 * - The CO view gets no identifier, name, e-mail, JET number (not even masked), subject or text:
 *   `CoSessionRow` has no field that could hold one. Participants become pseudonyms keyed by a
 *   random per-view secret, dates keep the JST day but not the time, and counts are aggregated by
 *   month and suppressed below the threshold T.
 *
 * The input interfaces are the minimal shapes of the app's stored records (`ParticipantRecord`,
 * `SessionRecord`, `MessageRecord` of the renderer's db), so those records can be passed as they
 * are; whatever else they carry is never copied.
 */
import { formatDate, jstDayOf } from '../calendar/jst';
import { maskJetNumber } from './jet-number';
import { assertPseudonymKey, pseudonymFor } from './pseudonym';
import { SUPPRESSED, assertThreshold, suppressGrid } from './suppression';
import type { RawCell, Suppressed } from './suppression';

export { SUPPRESSED, MIN_THRESHOLD, DEFAULT_THRESHOLD } from './suppression';
export type { Suppressed } from './suppression';

export type SessionOutcome = 'scheduled' | 'completed' | 'cancelled' | 'late-cancelled' | 'no-show';
export const SESSION_OUTCOMES: readonly SessionOutcome[] = [
  'scheduled',
  'completed',
  'cancelled',
  'late-cancelled',
  'no-show',
];

// ---------------------------------------------------------------------------------------------
// Inputs

interface SoftDeletable {
  /** Soft-deleted records (deletedAt set) are left out of every projection. */
  deletedAt?: number | null;
}

export interface ParticipantInput extends SoftDeletable {
  id: string;
  jetNumber: string | null;
  name: string;
  email: string;
  language: 'en' | 'ja';
}

export interface SessionInput extends SoftDeletable {
  id: string;
  participantId: string;
  counsellorId: string;
  startMs: number;
  outcome: SessionOutcome;
}

export interface MessageInput extends SoftDeletable {
  id: string;
  participantId: string;
  /** Participant messages: when it was received; replies have none and are not counted. */
  receivedAtMs: number | null;
  kind?: 'participant-message' | 'reply';
}

export interface StaffInput {
  participants: readonly ParticipantInput[];
  sessions: readonly SessionInput[];
}

const live = <T extends SoftDeletable>(records: readonly T[]): T[] =>
  records.filter((r) => r.deletedAt === undefined || r.deletedAt === null);

// ---------------------------------------------------------------------------------------------
// Counsellor and supervisor

declare const maskedJetNumberBrand: unique symbol;
/** A JET number that has been masked; a full number cannot be given where this is expected. */
export type MaskedJetNumber = string & { readonly [maskedJetNumberBrand]: true };

/** The masked form of a stored JET number, or null when none was given. */
export function maskedJetNumberOf(jetNumber: string | null): MaskedJetNumber | null {
  if (jetNumber === null || jetNumber.trim() === '') return null;
  return maskJetNumber(jetNumber.trim()) as MaskedJetNumber;
}

export interface StaffParticipantRow {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly language: 'en' | 'ja';
  /** Never the full number: the reveal is a separate, audited action. */
  readonly jetNumberMasked: MaskedJetNumber | null;
}

export interface StaffSessionRow {
  readonly id: string;
  readonly participantId: string;
  readonly counsellorId: string;
  readonly startMs: number;
  readonly outcome: SessionOutcome;
}

export interface CounsellorView {
  readonly audience: 'counsellor';
  readonly participants: readonly StaffParticipantRow[];
  readonly sessions: readonly StaffSessionRow[];
}

export interface SupervisorView {
  readonly audience: 'supervisor';
  readonly participants: readonly StaffParticipantRow[];
  readonly sessions: readonly StaffSessionRow[];
}

function staffParticipants(participants: readonly ParticipantInput[]): StaffParticipantRow[] {
  return live(participants).map((p) => ({
    id: p.id,
    name: p.name,
    email: p.email,
    language: p.language,
    jetNumberMasked: maskedJetNumberOf(p.jetNumber),
  }));
}

function staffSessions(sessions: readonly SessionInput[]): StaffSessionRow[] {
  return live(sessions).map((s) => ({
    id: s.id,
    participantId: s.participantId,
    counsellorId: s.counsellorId,
    startMs: s.startMs,
    outcome: s.outcome,
  }));
}

/** What a counsellor may see: full rows, JET numbers masked. */
export function projectForCounsellor(input: StaffInput): CounsellorView {
  return {
    audience: 'counsellor',
    participants: staffParticipants(input.participants),
    sessions: staffSessions(input.sessions),
  };
}

/** What a supervisor may see: full rows, JET numbers masked. */
export function projectForSupervisor(input: StaffInput): SupervisorView {
  return {
    audience: 'supervisor',
    participants: staffParticipants(input.participants),
    sessions: staffSessions(input.sessions),
  };
}

// ---------------------------------------------------------------------------------------------
// CO view

/** A published count, or the neutral marker of a suppressed cell. */
export type CoCell = number | Suppressed;

/** One de-identified session: a per-view pseudonym, the JST date (no time) and the outcome. */
export interface CoSessionRow {
  readonly pseudonym: string;
  /** JST `YYYY-MM-DD`. */
  readonly date: string;
  readonly outcome: SessionOutcome;
}

export interface CoSessionCountRow {
  /** JST `YYYY-MM`. */
  readonly month: string;
  readonly byOutcome: Readonly<Record<SessionOutcome, CoCell>>;
  readonly total: CoCell;
}

export interface CoSessionCounts {
  readonly outcomes: readonly SessionOutcome[];
  readonly rows: readonly CoSessionCountRow[];
  /** The total line: each outcome over all months, and the grand total. */
  readonly totals: {
    readonly byOutcome: Readonly<Record<SessionOutcome, CoCell>>;
    readonly total: CoCell;
  };
}

export interface CoMessageCountRow {
  /** JST `YYYY-MM`. */
  readonly month: string;
  readonly received: CoCell;
}

export interface CoMessageCounts {
  readonly rows: readonly CoMessageCountRow[];
  readonly total: CoCell;
}

export interface CoCounts {
  readonly threshold: number;
  readonly sessions: CoSessionCounts;
  readonly messages: CoMessageCounts;
}

export interface CoView {
  readonly audience: 'co';
  readonly sessionRows: readonly CoSessionRow[];
  readonly counts: CoCounts;
}

export interface CoOptions {
  /** A random per-view secret, never stored, so that two views cannot be linked. */
  pseudonymKey: string;
  /** T: an integer, at least 5 (MIN_THRESHOLD). */
  threshold: number;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const jstMonthOf = (instantMs: number) => formatDate(jstDayOf(instantMs)).slice(0, 7);

/** Accumulates events and distinct participants for one cell. */
class Tally {
  events = 0;
  readonly people = new Set<string>();
  add(participantId: string): void {
    this.events += 1;
    this.people.add(participantId);
  }
  merge(other: Tally): void {
    this.events += other.events;
    for (const p of other.people) this.people.add(p);
  }
  raw(): RawCell {
    return { events: this.events, participants: this.people.size };
  }
}

function byOutcome<T>(values: readonly T[]): Record<SessionOutcome, T> {
  const out = {} as Record<SessionOutcome, T>;
  SESSION_OUTCOMES.forEach((o, i) => {
    out[o] = values[i]!;
  });
  return out;
}

/**
 * What a CO may see: de-identified session rows and suppressed counts by month. When fewer than
 * T distinct participants have sessions in the view, no session row is given at all; otherwise
 * only the rows of published (not suppressed) month-and-outcome cells, so that counting rows never
 * recovers a suppressed count.
 */
export function projectForCo(
  sessions: readonly SessionInput[],
  messages: readonly MessageInput[],
  options: CoOptions,
): CoView {
  const { pseudonymKey, threshold } = options;
  assertThreshold(threshold);
  assertPseudonymKey(pseudonymKey);
  const liveSessions = live(sessions);
  const received = live(messages).filter(
    (m): m is MessageInput & { receivedAtMs: number } =>
      m.receivedAtMs !== null && m.kind !== 'reply',
  );

  const months = [
    ...new Set([
      ...liveSessions.map((s) => jstMonthOf(s.startMs)),
      ...received.map((m) => jstMonthOf(m.receivedAtMs)),
    ]),
  ].sort();
  const monthIndex = new Map(months.map((m, i) => [m, i]));

  // Sessions: months × outcomes, with a total column and a total line.
  const k = SESSION_OUTCOMES.length;
  const sessionTallies = Array.from({ length: months.length + 1 }, () =>
    Array.from({ length: k + 1 }, () => new Tally()),
  );
  for (const s of liveSessions) {
    const r = monthIndex.get(jstMonthOf(s.startMs))!;
    const c = SESSION_OUTCOMES.indexOf(s.outcome);
    for (const [rr, cc] of [
      [r, c],
      [r, k],
      [months.length, c],
      [months.length, k],
    ] as const) {
      sessionTallies[rr]![cc]!.add(s.participantId);
    }
  }
  const sessionGrid = suppressGrid(
    sessionTallies.map((row) => row.map((t) => t.raw())),
    threshold,
  );
  const lineOf = (row: readonly CoCell[]) => ({
    byOutcome: byOutcome(row.slice(0, k)),
    total: row[k]!,
  });

  // Messages received: one column of months, with the total below.
  const messageTallies = Array.from({ length: months.length }, () => new Tally());
  for (const m of received)
    messageTallies[monthIndex.get(jstMonthOf(m.receivedAtMs))!]!.add(m.participantId);
  const messageTotal = new Tally();
  for (const t of messageTallies) messageTotal.merge(t);
  const messageGrid = suppressGrid(
    [...messageTallies, messageTotal].map((t) => [t.raw()]),
    threshold,
  );

  // Rows are published only where their month-and-outcome cell is: rows can be counted, so a row
  // of a suppressed cell would give the suppressed count away. What the rows tell about counts is
  // then exactly what the table already publishes.
  const publishedCell = (s: SessionInput) =>
    !isSuppressed(
      sessionGrid[monthIndex.get(jstMonthOf(s.startMs))!]![SESSION_OUTCOMES.indexOf(s.outcome)]!,
    );
  const distinctParticipants = new Set(liveSessions.map((s) => s.participantId)).size;
  const sessionRows: CoSessionRow[] =
    distinctParticipants < threshold
      ? []
      : liveSessions
          .filter(publishedCell)
          .map((s) => ({
            pseudonym: pseudonymFor(pseudonymKey, s.participantId),
            date: formatDate(jstDayOf(s.startMs)),
            outcome: s.outcome,
          }))
          .sort(
            (a, b) =>
              cmp(a.date, b.date) || cmp(a.outcome, b.outcome) || cmp(a.pseudonym, b.pseudonym),
          );

  return {
    audience: 'co',
    sessionRows,
    counts: {
      threshold,
      sessions: {
        outcomes: SESSION_OUTCOMES,
        rows: months.map((month, i) => ({ month, ...lineOf(sessionGrid[i]!) })),
        totals: lineOf(sessionGrid[months.length]!),
      },
      messages: {
        rows: months.map((month, i) => ({ month, received: messageGrid[i]![0]! })),
        total: messageGrid[months.length]![0]!,
      },
    },
  };
}

/** The marker, for components that render a cell. */
export const isSuppressed = (cell: CoCell): cell is Suppressed => cell === SUPPRESSED;
