/**
 * Checks the booking records (rules, exceptions, sessions, counsellor settings) and indexes them
 * per counsellor and participant. Every problem names the record and field, e.g.
 * `rules[2].rule: RRULE has no FREQ`.
 */
import { parseDate, type DayNumber } from '../calendar/jst';
import {
  durationProblem,
  parseAvailabilityRule,
  type ParsedAvailabilityRule,
} from './availability-rule';
import {
  SESSION_OUTCOMES,
  type AvailabilityException,
  type AvailabilityRule,
  type BookingData,
  type CounsellorBookingSettings,
  type Session,
} from './types';

/** The most a counsellor's buffer may be (the settings schema's limit). */
export const MAX_BUFFER_MINUTES = 240;

export interface BookingDataProblem {
  /** Where, e.g. `rules[2].rule`. */
  path: string;
  problem: string;
}

export interface CompiledRule {
  record: AvailabilityRule;
  parsed: ParsedAvailabilityRule;
  validFrom: DayNumber | null;
  validUntil: DayNumber | null;
}

export interface ExtraWindow {
  day: DayNumber;
  startMinutes: number;
  endMinutes: number;
}

/** The records, checked and indexed. */
export interface CompiledBookingData {
  rulesOf: ReadonlyMap<string, readonly CompiledRule[]>;
  daysOffOf: ReadonlyMap<string, ReadonlySet<DayNumber>>;
  extraWindowsOf: ReadonlyMap<string, readonly ExtraWindow[]>;
  sessions: readonly Session[];
  bufferOf: ReadonlyMap<string, number>;
}

const WALL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isInstant = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);
const show = (value: unknown) =>
  value === undefined
    ? 'missing'
    : typeof value === 'number'
      ? String(value)
      : JSON.stringify(value);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function dateField(
  problems: BookingDataProblem[],
  path: string,
  value: unknown,
  optional: boolean,
): DayNumber | null {
  if (value === undefined && optional) return null;
  const day = typeof value === 'string' ? parseDate(value) : null;
  if (day === null)
    problems.push({ path, problem: `must be a date written YYYY-MM-DD, not ${show(value)}` });
  return day;
}

function textField(problems: BookingDataProblem[], path: string, value: unknown): void {
  if (!isText(value))
    problems.push({ path, problem: `must be non-empty text, not ${show(value)}` });
}

function checkRules(
  rules: readonly AvailabilityRule[],
  problems: BookingDataProblem[],
  rulesOf: Map<string, CompiledRule[]>,
): void {
  if (!Array.isArray(rules)) {
    problems.push({ path: 'rules', problem: 'must be a list' });
    return;
  }
  rules.forEach((record, i) => {
    const at = `rules[${i}]`;
    const before = problems.length;
    textField(problems, `${at}.id`, record?.id);
    textField(problems, `${at}.counsellorId`, record?.counsellorId);
    const parse = parseAvailabilityRule(record?.rule);
    if (!parse.ok) problems.push({ path: `${at}.rule`, problem: parse.problem });
    const duration = durationProblem(record?.durationMinutes);
    if (duration !== null) problems.push({ path: `${at}.durationMinutes`, problem: duration });
    const validFrom = dateField(problems, `${at}.validFrom`, record?.validFrom, true);
    const validUntil = dateField(problems, `${at}.validUntil`, record?.validUntil, true);
    if (validFrom !== null && validUntil !== null && validUntil < validFrom) {
      problems.push({ path: `${at}.validUntil`, problem: 'is before validFrom' });
    }
    if (problems.length === before && parse.ok) {
      push(rulesOf, record.counsellorId, { record, parsed: parse.rule, validFrom, validUntil });
    }
  });
}

function checkExceptions(
  exceptions: readonly AvailabilityException[],
  problems: BookingDataProblem[],
  daysOffOf: Map<string, Set<DayNumber>>,
  extraWindowsOf: Map<string, ExtraWindow[]>,
): void {
  if (!Array.isArray(exceptions)) {
    problems.push({ path: 'exceptions', problem: 'must be a list' });
    return;
  }
  exceptions.forEach((exception, i) => {
    const at = `exceptions[${i}]`;
    const before = problems.length;
    textField(problems, `${at}.counsellorId`, exception?.counsellorId);
    const day = dateField(problems, `${at}.date`, exception?.date, false);
    const record = exception as Partial<{ start: unknown; end: unknown; kind: unknown }>;
    if (exception?.kind === 'day-off') {
      if (record.start !== undefined || record.end !== undefined) {
        problems.push({
          path: `${at}`,
          problem: 'a day off has no start or end (use an extra window)',
        });
      }
      if (problems.length === before) {
        const set = daysOffOf.get(exception.counsellorId) ?? new Set<DayNumber>();
        set.add(day!);
        daysOffOf.set(exception.counsellorId, set);
      }
    } else if (exception?.kind === 'extra-window') {
      const start = WALL_TIME.exec(String(record.start));
      const end = WALL_TIME.exec(String(record.end));
      if (typeof record.start !== 'string' || !start) {
        problems.push({
          path: `${at}.start`,
          problem: `must be a JST time written HH:MM, not ${show(record.start)}`,
        });
      }
      if (typeof record.end !== 'string' || !end) {
        problems.push({
          path: `${at}.end`,
          problem: `must be a JST time written HH:MM, not ${show(record.end)}`,
        });
      }
      const minutes = (m: RegExpExecArray) => Number(m[1]) * 60 + Number(m[2]);
      if (start && end && minutes(end) <= minutes(start)) {
        problems.push({ path: `${at}.end`, problem: 'must be after start on the same date' });
      }
      if (problems.length === before) {
        push(extraWindowsOf, exception.counsellorId, {
          day: day!,
          startMinutes: minutes(start!),
          endMinutes: minutes(end!),
        });
      }
    } else {
      problems.push({
        path: `${at}.kind`,
        problem: `must be "day-off" or "extra-window", not ${show(record.kind)}`,
      });
    }
  });
}

/** Every problem with one session record, its fields named under `path`. */
export function sessionProblems(session: Session, path: string): BookingDataProblem[] {
  const problems: BookingDataProblem[] = [];
  const record = session as Partial<Record<keyof Session, unknown>> | null | undefined;
  if (typeof record !== 'object' || record === null) {
    return [{ path, problem: 'must be a session record' }];
  }
  textField(problems, `${path}.id`, record.id);
  textField(problems, `${path}.participantId`, record.participantId);
  textField(problems, `${path}.counsellorId`, record.counsellorId);
  if (!isInstant(record.startMs)) {
    problems.push({
      path: `${path}.startMs`,
      problem: `must be an instant in epoch milliseconds, not ${show(record.startMs)}`,
    });
  }
  if (!(SESSION_OUTCOMES as readonly unknown[]).includes(record.outcome)) {
    problems.push({
      path: `${path}.outcome`,
      problem: `must be one of ${SESSION_OUTCOMES.join(', ')}, not ${show(record.outcome)}`,
    });
  }
  if (record.cancelledAtMs !== undefined && !isInstant(record.cancelledAtMs)) {
    problems.push({
      path: `${path}.cancelledAtMs`,
      problem: `must be an instant in epoch milliseconds, not ${show(record.cancelledAtMs)}`,
    });
  }
  return problems;
}

function checkSessions(sessions: readonly Session[], problems: BookingDataProblem[]): void {
  if (!Array.isArray(sessions)) {
    problems.push({ path: 'sessions', problem: 'must be a list' });
    return;
  }
  sessions.forEach((session, i) => problems.push(...sessionProblems(session, `sessions[${i}]`)));
}

/** A problem with a buffer length, or null when it is a whole number from 0 to 240. */
export function bufferProblem(minutes: unknown): string | null {
  if (
    typeof minutes !== 'number' ||
    !Number.isInteger(minutes) ||
    minutes < 0 ||
    minutes > MAX_BUFFER_MINUTES
  ) {
    return `must be a whole number of minutes from 0 to ${MAX_BUFFER_MINUTES}, not ${show(minutes)}`;
  }
  return null;
}

function checkCounsellors(
  counsellors: readonly CounsellorBookingSettings[],
  problems: BookingDataProblem[],
  bufferOf: Map<string, number>,
): void {
  if (!Array.isArray(counsellors)) {
    problems.push({ path: 'counsellors', problem: 'must be a list' });
    return;
  }
  counsellors.forEach((counsellor, i) => {
    const at = `counsellors[${i}]`;
    textField(problems, `${at}.counsellorId`, counsellor?.counsellorId);
    const minutes = counsellor?.sessionBufferMinutes;
    if (minutes === undefined) return;
    const problem = bufferProblem(minutes);
    if (problem !== null) problems.push({ path: `${at}.sessionBufferMinutes`, problem });
    else if (bufferOf.has(counsellor.counsellorId)) {
      problems.push({
        path: `${at}.counsellorId`,
        problem: `"${counsellor.counsellorId}" has settings twice`,
      });
    } else bufferOf.set(counsellor.counsellorId, minutes);
  });
}

/** Every problem with the records, in order; empty when they can be used. */
export function bookingDataProblems(data: BookingData): BookingDataProblem[] {
  return compile(data).problems;
}

function compile(data: BookingData): {
  compiled: CompiledBookingData;
  problems: BookingDataProblem[];
} {
  const problems: BookingDataProblem[] = [];
  const rulesOf = new Map<string, CompiledRule[]>();
  const daysOffOf = new Map<string, Set<DayNumber>>();
  const extraWindowsOf = new Map<string, ExtraWindow[]>();
  const bufferOf = new Map<string, number>();
  checkRules(data.rules, problems, rulesOf);
  checkExceptions(data.exceptions ?? [], problems, daysOffOf, extraWindowsOf);
  const sessions = data.sessions ?? [];
  checkSessions(sessions, problems);
  checkCounsellors(data.counsellors ?? [], problems, bufferOf);
  return { compiled: { rulesOf, daysOffOf, extraWindowsOf, sessions, bufferOf }, problems };
}

/** Checks and indexes the records; throws a RangeError naming the first problem. */
export function compileBookingData(data: BookingData): CompiledBookingData {
  const { compiled, problems } = compile(data);
  const first = problems[0];
  if (first !== undefined) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new RangeError(`${first.path}: ${first.problem}${more}`);
  }
  return compiled;
}
