/**
 * Who sees what (DOMAIN.md section 7), enforced in one place: one function per audience from the
 * stored records to what that audience may see, each with its own type.
 *
 * - Counsellors and supervisors get full rows, but the JET number only masked (`•••••••42`);
 *   revealing it is a separate, audited action elsewhere.
 * - The CO view gets only counts: the sessions and messages-received rows of a CLAIR release
 *   built, suppressed and audited by the reports engine (src/domain/reports) together with the
 *   register of releases. No per-session row, no pseudonym, nothing finer than a month: `CoRow`
 *   has no field that could hold an identifier, a name, a date or a text.
 *
 * The input interfaces are the minimal shapes of the app's stored records (`ParticipantRecord`,
 * `SessionRecord`, `MessageRecord` of the renderer's db), so those records can be passed as they
 * are; whatever else they carry is never copied.
 */
import type { BusinessCalendar } from '../calendar/business-calendar';
import { auditPublishedReport } from '../reports/audit';
import type { ReportInput } from '../reports/input';
import {
  FISCAL_YEAR_START_MONTH,
  jstMonthOf as reportMonthOf,
  monthIndex,
  monthOfIndex,
} from '../reports/periods';
import type { EarlierRelease, ReleaseRow } from '../reports/releases';
import {
  REPORT_FORMAT,
  REPORT_FORMAT_VERSION,
  buildReport,
  publish,
  type PublishedReport,
  type ReportPeriodToken,
} from '../reports/report';
import {
  ALL,
  REPORTED_OUTCOMES,
  REPORT_PERIOD_PATTERN,
  SUPPRESSED_MARKER,
  type ReportedOutcome,
  type SuppressedMarker,
} from '../reports/tokens';
import { maskJetNumber } from './jet-number';

export { MIN_THRESHOLD, DEFAULT_THRESHOLD } from './suppression';

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

/** The measures a CO view shows. */
export const CO_MEASURES = ['sessions', 'messages-received'] as const;
export type CoMeasure = (typeof CO_MEASURES)[number];

/** Its categories: all sessions and each reported outcome; all messages received. */
export const CO_CATEGORIES: Readonly<Record<CoMeasure, readonly CoCategory[]>> = {
  sessions: [ALL as 'all', ...REPORTED_OUTCOMES.map((o) => `outcome:${o}` as const)],
  'messages-received': [ALL as 'all'],
};
export type CoCategory = 'all' | `outcome:${ReportedOutcome}`;

/** A published figure, or the neutral marker of a suppressed one. */
export type CoCell = number | SuppressedMarker;

/**
 * One published cell: a month (`YYYY-MM`) or a span of months (`YYYY-MM..YYYY-MM`), a measure and
 * category of a closed list, and a number or the marker. Nothing finer than a month, and no field
 * that could hold an identifier, a name or a date.
 */
export interface CoRow {
  readonly period: ReportPeriodToken;
  readonly measure: CoMeasure;
  readonly category: CoCategory;
  readonly value: CoCell;
}

/**
 * What a CO may see: the rows of a CLAIR release (same format, so the audit and the register read
 * it as one) limited to sessions (all and by outcome) and messages received (all).
 */
export interface CoView {
  readonly audience: 'co';
  readonly format: typeof REPORT_FORMAT;
  readonly version: typeof REPORT_FORMAT_VERSION;
  readonly from: string;
  readonly to: string;
  readonly threshold: number;
  readonly rows: readonly CoRow[];
}

const isCoRow = (row: {
  period: string;
  measure: string;
  category: string;
}): row is CoRow & { period: ReportPeriodToken } =>
  (CO_MEASURES as readonly string[]).includes(row.measure) &&
  (CO_CATEGORIES[row.measure as CoMeasure] as readonly string[]).includes(row.category);

/**
 * The CO view of a published release (`publish(buildReport(...))`): only its sessions and
 * messages-received rows, copied field by field. Dropping published rows hides nothing that was
 * hidden, so the release's audit still holds for what is kept; `buildCoView` audits it again with
 * the register anyway.
 */
export function projectForCo(published: PublishedReport): CoView {
  const rows: CoRow[] = [];
  for (const row of published.rows) {
    if (!isCoRow(row)) continue;
    if (!REPORT_PERIOD_PATTERN.test(row.period)) throw new Error('a period is not a period token');
    if (row.value !== SUPPRESSED_MARKER && !Number.isFinite(row.value)) {
      throw new Error('a published value is not a finite number');
    }
    rows.push({
      period: row.period,
      measure: row.measure,
      category: row.category,
      value: row.value,
    });
  }
  return {
    audience: 'co',
    format: REPORT_FORMAT,
    version: REPORT_FORMAT_VERSION,
    from: published.from,
    to: published.to,
    threshold: published.threshold,
    rows,
  };
}

/** The months of the CO view: the fiscal year (April to March, JST) to the month of `nowMs`. */
export function coViewMonths(nowMs: number): { from: string; to: string } {
  const to = reportMonthOf(nowMs);
  const now = monthIndex(to);
  const fyStart = FISCAL_YEAR_START_MONTH - 1;
  const from = now - ((((now - fyStart) % 12) + 12) % 12);
  return { from: monthOfIndex(from), to };
}

export interface CoViewOptions {
  /** T: an integer, at least 5 (the settings' reportSuppressionThreshold). */
  readonly threshold: number;
  readonly calendar: BusinessCalendar;
  readonly nowMs: number;
  /** The register of releases (CLAIR releases and earlier CO views), oldest first. */
  readonly earlier: readonly EarlierRelease[];
}

/**
 * Builds the CO view with the reports engine: the fiscal year to date by month, suppressed
 * together with every release of the register it is linked to, published, projected, and audited
 * jointly with those releases (`auditPublishedReport`). Throws when the audit finds a problem:
 * then nothing is shown.
 */
export function buildCoView(input: ReportInput, options: CoViewOptions): CoView {
  const { from, to } = coViewMonths(options.nowMs);
  const report = buildReport(input, {
    from,
    to,
    threshold: options.threshold,
    byCounsellor: false,
    calendar: options.calendar,
    nowMs: options.nowMs,
    earlier: options.earlier,
  });
  const view = projectForCo(publish(report));
  const audit = auditPublishedReport(view, report.earlier);
  if (!audit.ok) {
    // Tokens only: measures, categories and periods, never a person's data.
    throw new Error(`The CO view did not pass the audit: ${audit.problems.join('; ')}`);
  }
  return view;
}

/** Two CO views (or a view and a recorded release) that publish exactly the same. */
export function sameCoRelease(
  a: Pick<CoView, 'from' | 'to' | 'threshold' | 'rows'>,
  b: {
    from: string;
    to: string;
    threshold: number;
    rows: readonly CoRow[] | readonly ReleaseRow[];
  },
): boolean {
  if (a.from !== b.from || a.to !== b.to || a.threshold !== b.threshold) return false;
  if (a.rows.length !== b.rows.length) return false;
  const key = (r: ReleaseRow) => `${r.period}|${r.measure}|${r.category}|${r.value}`;
  const theirs = new Set((b.rows as readonly ReleaseRow[]).map(key));
  return a.rows.every((r) => theirs.has(key(r)));
}

/** The marker, for components that render a cell. */
export const isSuppressed = (cell: CoCell): cell is SuppressedMarker => cell === SUPPRESSED_MARKER;
