/** What the report tests share: a calendar, record builders and a look-up of published values. */
import {
  buildReport,
  publish,
  type PublishedReport,
  type Report,
  type ReportInput,
  type ReportMessageInput,
  type ReportOptions,
  type ReportSessionInput,
} from '../../../../src/domain/reports';
import { at, calendarWith } from '../calendar/helpers';

export { at, calendarWith };

export const calendar = calendarWith();

let seq = 0;
const nextId = (prefix: string) => `${prefix}-${(seq += 1)}`;

/** A participant's message received at `receivedAt` (ISO with offset), in its own thread. */
export function message(
  participantId: string,
  receivedAt: string,
  extra: Partial<ReportMessageInput> = {},
): ReportMessageInput {
  const id = extra.id ?? nextId('m');
  return {
    id,
    threadId: extra.threadId ?? `t-${id}`,
    participantId,
    kind: 'participant-message',
    receivedAtMs: at(receivedAt),
    sentAtMs: null,
    authorId: null,
    overLimit: false,
    ...extra,
  };
}

/** The reply to `to`, sent at `sentAt` by `authorId`. */
export function reply(
  to: ReportMessageInput,
  sentAt: string,
  authorId = 'c-1',
): ReportMessageInput {
  return {
    id: nextId('r'),
    threadId: to.threadId,
    participantId: to.participantId,
    kind: 'reply',
    receivedAtMs: null,
    sentAtMs: at(sentAt),
    authorId,
    overLimit: false,
  };
}

export function session(
  participantId: string,
  start: string,
  outcome: ReportSessionInput['outcome'],
  counsellorId = 'c-1',
): ReportSessionInput {
  return { id: nextId('s'), participantId, counsellorId, startMs: at(start), outcome };
}

export const people = (n: number, language: 'en' | 'ja' = 'en', prefix = 'p') =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${language}-${i + 1}`, language }));

export function emptyInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return { participants: [], messages: [], sessions: [], ...overrides };
}

export function build(
  input: ReportInput,
  options: Partial<ReportOptions> & Pick<ReportOptions, 'from' | 'to'>,
): { report: Report; published: PublishedReport } {
  const report = buildReport(input, {
    calendar,
    nowMs: at('2030-01-01T00:00:00Z'),
    ...options,
  });
  return { report, published: publish(report) };
}

/** The published value of one cell (throws when the report has no such row). */
export function valueOf(
  published: PublishedReport,
  period: string,
  measure: string,
  category = 'all',
): number | '*' {
  const row = published.rows.find(
    (r) => r.period === period && r.measure === measure && r.category === category,
  );
  if (row === undefined) throw new Error(`no row ${period} ${measure} ${category}`);
  return row.value;
}

/** The counted (raw) figure of one cell, before suppression (throws when there is no such cell). */
export function rawOf(
  report: Report,
  period: string,
  measure: string,
  category = 'all',
): number | null {
  const cell = report.cells.find(
    (c) => c.period === period && c.measure === measure && c.category === category,
  );
  if (cell === undefined) throw new Error(`no cell ${period} ${measure} ${category}`);
  return cell.raw;
}
