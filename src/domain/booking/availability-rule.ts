/**
 * A counsellor's recurring availability as an RFC 5545 rule in JST wall time (DOMAIN.md section 5),
 * and its expansion with the `rrule` package.
 *
 * The text is exactly two lines (either order, CRLF or LF, property names in any case):
 *
 *     DTSTART;TZID=Asia/Tokyo:20261201T100000
 *     RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR
 *
 * Allowed RRULE parts: FREQ (WEEKLY or DAILY, required), INTERVAL, BYDAY (MO to SU, no ordinal),
 * BYMONTH, WKST, and at most one of UNTIL (UTC `YYYYMMDDTHHMMSSZ` as RFC 5545 requires with a
 * TZID, or a date `YYYYMMDD`: through the end of that JST date) and COUNT. Anything else (another
 * time zone, EXDATE, RDATE, BYSETPOS, ...) is refused with a message saying what and why: holidays
 * and closures are never written into a rule, the business calendar removes them.
 *
 * The `rrule` package's traps, and how this module avoids them:
 * - Its `tzid` option gives different instants under different computer time zones, an hour off
 *   near the computer's daylight-saving change. It is never used: rules are expanded in
 *   "floating" time (JST wall time stored in the UTC fields of a Date, which rrule reads with
 *   getUTC* only), and converted to instants here, JST being a fixed +09:00.
 * - Numeric weekdays start at Monday there (0 = MO) but at Sunday in ../calendar/jst. Weekdays are
 *   passed as rrule's own weekday objects, looked up by their two-letter code.
 * - A query iterates from DTSTART, so an old DTSTART makes every query slower. The iteration
 *   starts a whole number of periods (INTERVAL weeks or days) after DTSTART, just before the
 *   query, which gives the same occurrences (not done with COUNT, which counts from DTSTART).
 * - Its cache grows without bound: every RRule is built with noCache.
 */
import {
  DAY_MS,
  JST_OFFSET_MS,
  MINUTE_MS,
  civilFromDay,
  formatWallTime,
  parseDate,
  type DayNumber,
  type Weekday,
} from '../calendar/jst';
import { wallTimeToMinutes } from '../settings/organisation-settings';
import { RRule, type RRuleOptions } from './rrule-interop';

/** RFC 5545 weekday codes, indexed like ../calendar/jst's Weekday (0 Sunday). */
export const WEEKDAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

export type AvailabilityFrequency = 'WEEKLY' | 'DAILY';

/** The only time zone a rule may name. */
export const AVAILABILITY_TZID = 'Asia/Tokyo';

/** A rule's window may last from 1 minute to a whole day. */
export const MAX_WINDOW_MINUTES = 24 * 60;

export interface ParsedAvailabilityRule {
  /** JST date of DTSTART. */
  firstDay: DayNumber;
  /** JST wall time of DTSTART, minutes after midnight. */
  startMinutes: number;
  freq: AvailabilityFrequency;
  interval: number;
  /** Weekdays (0 Sunday) the rule is limited to, or null for all (WEEKLY: DTSTART's weekday). */
  byDay: readonly Weekday[] | null;
  /** Months 1 to 12 the rule is limited to, or null. */
  byMonth: readonly number[] | null;
  count: number | null;
  /** The last instant a window may start (UNTIL), or null. */
  untilMs: number | null;
  weekStart: Weekday | null;
}

export type AvailabilityRuleParse =
  { ok: true; rule: ParsedAvailabilityRule } | { ok: false; problem: string };

const ALLOWED_PARTS = ['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTH', 'WKST', 'UNTIL', 'COUNT'];
const RFC_PARTS = [
  'BYSECOND',
  'BYMINUTE',
  'BYHOUR',
  'BYMONTHDAY',
  'BYYEARDAY',
  'BYWEEKNO',
  'BYSETPOS',
];
const DATE_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/;
const DATE_ONLY = /^(\d{4})(\d{2})(\d{2})$/;
const MAX_INTERVAL = 999;
const MAX_COUNT = 100_000;

class RuleProblem extends Error {}

function fail(problem: string): never {
  throw new RuleProblem(problem);
}

function civilDay(y: string, mo: string, d: string): DayNumber | null {
  return parseDate(`${y}-${mo}-${d}`);
}

function weekdayOfCode(code: string, what: string): Weekday {
  const index = (WEEKDAY_CODES as readonly string[]).indexOf(code);
  if (index === -1) {
    fail(
      /^[+-]?\d+[A-Z]{2}$/.test(code)
        ? `${what} "${code}" has an ordinal, which FREQ=WEEKLY or DAILY does not allow`
        : `${what} "${code}" is not a weekday (MO, TU, WE, TH, FR, SA, SU)`,
    );
  }
  return index as Weekday;
}

function positiveInteger(name: string, value: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    fail(`RRULE ${name}=${value} must be a whole number from 1 to ${max}`);
  }
  return Number(value);
}

function parseDtstart(line: string): { day: DayNumber; minutes: number } {
  const colon = line.indexOf(':');
  if (colon === -1)
    fail(`DTSTART has no value: write DTSTART;TZID=${AVAILABILITY_TZID}:YYYYMMDDTHHMMSS`);
  const params = line.slice(0, colon).split(';').slice(1);
  const value = line.slice(colon + 1).trim();
  let tzid: string | undefined;
  for (const param of params) {
    const eq = param.indexOf('=');
    const name = (eq === -1 ? param : param.slice(0, eq)).trim().toUpperCase();
    const paramValue = (eq === -1 ? '' : param.slice(eq + 1).trim()).replace(/^"(.*)"$/, '$1');
    if (name === 'TZID') tzid = paramValue;
    else if (name === 'VALUE' && paramValue.toUpperCase() === 'DATE') {
      fail(
        'DTSTART must be a date-time (VALUE=DATE is not allowed): the window needs a start time',
      );
    } else if (name !== 'VALUE' || paramValue.toUpperCase() !== 'DATE-TIME') {
      fail(
        `DTSTART has a parameter "${param}" that is not allowed (only TZID=${AVAILABILITY_TZID})`,
      );
    }
  }
  const match = DATE_TIME.exec(value);
  if (tzid === undefined) {
    if (match?.[7] === 'Z') {
      fail(
        `DTSTART is in UTC; write it in JST wall time: DTSTART;TZID=${AVAILABILITY_TZID}:YYYYMMDDTHHMMSS`,
      );
    }
    fail(`DTSTART has no TZID; write DTSTART;TZID=${AVAILABILITY_TZID}:YYYYMMDDTHHMMSS`);
  }
  if (tzid !== AVAILABILITY_TZID) {
    fail(
      `DTSTART has TZID=${tzid}; only TZID=${AVAILABILITY_TZID} is allowed (availability is in JST)`,
    );
  }
  if (!match) fail(`DTSTART "${value}" is not a date-time written YYYYMMDDTHHMMSS`);
  const [, y, mo, d, h, mi, s, z] = match!;
  if (z === 'Z') fail(`DTSTART "${value}" ends in Z, which contradicts TZID=${AVAILABILITY_TZID}`);
  const day = civilDay(y!, mo!, d!);
  if (day === null || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    fail(`DTSTART "${value}" is not a real date and time`);
  }
  if (s !== '00') fail(`DTSTART "${value}" must start on a whole minute (seconds 00)`);
  return { day: day!, minutes: Number(h) * 60 + Number(mi) };
}

function parseUntil(value: string): number {
  const dateOnly = DATE_ONLY.exec(value);
  if (dateOnly) {
    const day = civilDay(dateOnly[1]!, dateOnly[2]!, dateOnly[3]!);
    if (day === null) fail(`RRULE UNTIL=${value} is not a real date`);
    // Through the end of that JST date.
    return (day! + 1) * DAY_MS - JST_OFFSET_MS - 1;
  }
  const match = DATE_TIME.exec(value);
  if (!match) fail(`RRULE UNTIL=${value} is not written YYYYMMDDTHHMMSSZ (UTC) or YYYYMMDD`);
  const [, y, mo, d, h, mi, s, z] = match!;
  if (z !== 'Z') {
    fail(
      `RRULE UNTIL=${value} must be in UTC (ending in Z) or a date YYYYMMDD, because DTSTART has a TZID (RFC 5545)`,
    );
  }
  const day = civilDay(y!, mo!, d!);
  if (day === null || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    fail(`RRULE UNTIL=${value} is not a real date and time`);
  }
  return day! * DAY_MS + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000;
}

function parseRrule(line: string, start: { day: DayNumber; minutes: number }) {
  const colon = line.indexOf(':');
  const head = line.slice(0, colon === -1 ? line.length : colon);
  if (head.includes(';')) fail(`RRULE takes no parameters: write RRULE:FREQ=...`);
  if (colon === -1 || line.slice(colon + 1).trim() === '') fail('RRULE is empty');
  const parts = new Map<string, string>();
  const texts = line
    .slice(colon + 1)
    .trim()
    .split(';');
  if (texts[texts.length - 1] === '') texts.pop();
  for (const text of texts) {
    const eq = text.indexOf('=');
    if (eq <= 0) fail(`RRULE part "${text}" is not written NAME=VALUE`);
    const name = text.slice(0, eq).trim().toUpperCase();
    const value = text
      .slice(eq + 1)
      .trim()
      .toUpperCase();
    if (parts.has(name)) fail(`RRULE has ${name} more than once`);
    if (!ALLOWED_PARTS.includes(name)) {
      fail(
        RFC_PARTS.includes(name)
          ? `RRULE ${name} is not supported for availability (allowed: ${ALLOWED_PARTS.join(', ')})`
          : `RRULE has an unknown part ${name} (allowed: ${ALLOWED_PARTS.join(', ')})`,
      );
    }
    if (value === '') fail(`RRULE ${name} has no value`);
    parts.set(name, value);
  }
  const freq = parts.get('FREQ');
  if (freq === undefined) fail('RRULE has no FREQ');
  if (freq !== 'WEEKLY' && freq !== 'DAILY') {
    fail(`RRULE FREQ=${freq} is not supported: availability repeats WEEKLY or DAILY`);
  }
  const interval = parts.has('INTERVAL')
    ? positiveInteger('INTERVAL', parts.get('INTERVAL')!, MAX_INTERVAL)
    : 1;
  const byDayText = parts.get('BYDAY');
  const byDay =
    byDayText === undefined
      ? null
      : [...new Set(byDayText.split(',').map((code) => weekdayOfCode(code.trim(), 'RRULE BYDAY')))];
  const byMonthText = parts.get('BYMONTH');
  const byMonth =
    byMonthText === undefined
      ? null
      : [
          ...new Set(
            byMonthText.split(',').map((m) => {
              if (!/^\d{1,2}$/.test(m.trim()) || Number(m) < 1 || Number(m) > 12) {
                fail(`RRULE BYMONTH "${m}" is not a month from 1 to 12`);
              }
              return Number(m);
            }),
          ),
        ];
  const weekStart = parts.has('WKST') ? weekdayOfCode(parts.get('WKST')!, 'RRULE WKST') : null;
  if (parts.has('UNTIL') && parts.has('COUNT')) fail('RRULE has both UNTIL and COUNT; keep one');
  const count = parts.has('COUNT')
    ? positiveInteger('COUNT', parts.get('COUNT')!, MAX_COUNT)
    : null;
  const untilMs = parts.has('UNTIL') ? parseUntil(parts.get('UNTIL')!) : null;
  if (
    untilMs !== null &&
    untilMs < start.day * DAY_MS + start.minutes * MINUTE_MS - JST_OFFSET_MS
  ) {
    fail(`RRULE UNTIL=${parts.get('UNTIL')} is before DTSTART`);
  }
  return {
    freq: freq as AvailabilityFrequency,
    interval,
    byDay,
    byMonth,
    weekStart,
    count,
    untilMs,
  };
}

/**
 * Reads and checks the text of an availability rule. The problem names the line or part that is
 * wrong, e.g. `RRULE has no FREQ`, `DTSTART has TZID=Europe/London; only TZID=Asia/Tokyo is allowed`.
 */
export function parseAvailabilityRule(text: string): AvailabilityRuleParse {
  if (typeof text !== 'string') return { ok: false, problem: 'is not text' };
  try {
    const lines = text
      .split(/\r\n|\n|\r/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (lines.length === 0) fail('is empty: write a DTSTART line and an RRULE line');
    let dtstartLine: string | undefined;
    let rruleLine: string | undefined;
    for (const line of lines) {
      const name = /^[A-Za-z-]*/.exec(line)![0].toUpperCase();
      if (name === 'DTSTART') {
        if (dtstartLine !== undefined) fail('has more than one DTSTART line');
        dtstartLine = line;
      } else if (name === 'RRULE') {
        if (rruleLine !== undefined)
          fail('has more than one RRULE line; write one rule per window');
        rruleLine = line;
      } else if (name === 'EXDATE') {
        fail(
          'EXDATE is not allowed: holidays and closures are removed by the business calendar; record a day off as an exception',
        );
      } else if (name === 'RDATE' || name === 'EXRULE') {
        fail(`${name} is not allowed: record an extra window or a day off as an exception`);
      } else {
        fail(`has a line "${line}" that is neither DTSTART nor RRULE`);
      }
    }
    if (dtstartLine === undefined) {
      fail(`has no DTSTART line (DTSTART;TZID=${AVAILABILITY_TZID}:YYYYMMDDTHHMMSS)`);
    }
    if (rruleLine === undefined) fail('has no RRULE line (e.g. RRULE:FREQ=WEEKLY;BYDAY=MO)');
    const start = parseDtstart(dtstartLine!);
    const parts = parseRrule(rruleLine!, start);
    return {
      ok: true,
      rule: { firstDay: start.day, startMinutes: start.minutes, ...parts },
    };
  } catch (error) {
    if (error instanceof RuleProblem) return { ok: false, problem: error.message };
    throw error;
  }
}

/** A problem with a window length, or null when it is a whole number from 1 to 1440. */
export function durationProblem(durationMinutes: unknown): string | null {
  if (
    typeof durationMinutes !== 'number' ||
    !Number.isInteger(durationMinutes) ||
    durationMinutes < 1 ||
    durationMinutes > MAX_WINDOW_MINUTES
  ) {
    return `must be a whole number of minutes from 1 to ${MAX_WINDOW_MINUTES}, not ${JSON.stringify(durationMinutes)}`;
  }
  return null;
}

export interface AvailabilityRuleFields {
  /** JST date of the first window `YYYY-MM-DD`. */
  firstDate: string;
  /** JST wall time `HH:MM` each window starts. */
  start: string;
  /** Default WEEKLY. */
  freq?: AvailabilityFrequency;
  /** Default 1. */
  interval?: number;
  /** Weekdays, 0 Sunday to 6 Saturday; default: DTSTART's weekday for WEEKLY, every day for DAILY. */
  days?: readonly Weekday[];
  /** Last JST date with a window (inclusive). */
  lastDate?: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function compactDate(day: DayNumber): string {
  const { year, month, day: d } = civilFromDay(day);
  return `${String(year).padStart(4, '0')}${pad2(month)}${pad2(d)}`;
}

/** Writes the text of an availability rule (what an availability form saves). */
export function formatAvailabilityRule(fields: AvailabilityRuleFields): string {
  const first = parseDate(fields.firstDate);
  if (first === null)
    throw new RangeError(`firstDate: not a date written YYYY-MM-DD: "${fields.firstDate}"`);
  const minutes = wallTimeToMinutes(fields.start);
  const parts = [`FREQ=${fields.freq ?? 'WEEKLY'}`];
  if (fields.interval !== undefined && fields.interval !== 1)
    parts.push(`INTERVAL=${fields.interval}`);
  if (fields.days !== undefined && fields.days.length > 0) {
    parts.push(
      `BYDAY=${[...new Set(fields.days)]
        .sort()
        .map((d) => WEEKDAY_CODES[d])
        .join(',')}`,
    );
  }
  if (fields.lastDate !== undefined) {
    const last = parseDate(fields.lastDate);
    if (last === null)
      throw new RangeError(`lastDate: not a date written YYYY-MM-DD: "${fields.lastDate}"`);
    // 23:59:59 JST on the last date, in UTC as RFC 5545 requires with a TZID.
    parts.push(`UNTIL=${compactDate(last)}T145959Z`);
  }
  const time = formatWallTime(minutes).replace(':', '');
  const text = `DTSTART;TZID=${AVAILABILITY_TZID}:${compactDate(first)}T${time}00\nRRULE:${parts.join(';')}`;
  const check = parseAvailabilityRule(text);
  if (!check.ok) throw new RangeError(check.problem);
  return text;
}

const RRULE_WEEKDAYS = [RRule.SU, RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA];

/**
 * The instants at which the rule's windows start, for windows whose JST start date is from
 * `fromDay` to `toDay` (inclusive), in time order.
 */
export function ruleStartsBetween(
  rule: ParsedAvailabilityRule,
  fromDay: DayNumber,
  toDay: DayNumber,
): number[] {
  if (toDay < fromDay) return [];
  let startDay = rule.firstDay;
  if (rule.count === null && startDay < fromDay) {
    // Start the iteration a whole number of periods after DTSTART, at least one period before
    // the query: rrule then produces the same occurrences without walking the years before.
    const periodDays = rule.interval * (rule.freq === 'WEEKLY' ? 7 : 1);
    const periods = Math.floor((fromDay - startDay) / periodDays) - 1;
    if (periods > 0) startDay += periods * periodDays;
  }
  const floating = (day: DayNumber, minutes: number) =>
    new Date(day * DAY_MS + minutes * MINUTE_MS);
  const options: Partial<RRuleOptions> = {
    freq: rule.freq === 'WEEKLY' ? RRule.WEEKLY : RRule.DAILY,
    interval: rule.interval,
    dtstart: floating(startDay, rule.startMinutes),
  };
  if (rule.byDay !== null) options.byweekday = rule.byDay.map((d) => RRULE_WEEKDAYS[d]!);
  if (rule.byMonth !== null) options.bymonth = [...rule.byMonth];
  if (rule.weekStart !== null) options.wkst = RRULE_WEEKDAYS[rule.weekStart]!;
  if (rule.count !== null) options.count = rule.count;
  if (rule.untilMs !== null) options.until = new Date(rule.untilMs + JST_OFFSET_MS);
  const recurrence = new RRule(options, true);
  const occurrences = recurrence.between(
    floating(fromDay, 0),
    new Date((toDay + 1) * DAY_MS - 1), // the last millisecond of toDay, floating
    true,
  );
  return occurrences.map((date) => date.getTime() - JST_OFFSET_MS);
}
