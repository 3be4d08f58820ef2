/**
 * Japan Standard Time arithmetic without the computer's time zone (DOMAIN.md section 2).
 *
 * JST is a fixed UTC+09:00 offset with no daylight saving, so every rule works on two plain
 * numbers: an instant in epoch milliseconds, and a JST calendar day counted from 1970-01-01
 * ("day number"). Calendar dates are converted with pure integer arithmetic (Howard Hinnant's
 * days-from-civil algorithm): no Date object, and never a local-time getter or setter, so the
 * zone of the computer cannot change a result.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const JST_OFFSET_MS = 9 * HOUR_MS;

/** A JST calendar day: 0 is 1970-01-01, 1 is 1970-01-02, ... */
export type DayNumber = number;

/** 0 Sunday, 1 Monday, ... 6 Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

export interface CivilDate {
  year: number;
  /** 1 to 12 */
  month: number;
  /** 1 to 31 */
  day: number;
}

/** The day number of a proleptic Gregorian date (month 1-12). */
export function dayFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDay(dayNumber: DayNumber): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function weekdayOf(dayNumber: DayNumber): Weekday {
  // 1970-01-01 was a Thursday.
  return ((((dayNumber + 4) % 7) + 7) % 7) as Weekday;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The JST day an instant falls on. */
export function jstDayOf(instantMs: number): DayNumber {
  return Math.floor((instantMs + JST_OFFSET_MS) / DAY_MS);
}

/** Milliseconds since JST midnight of the instant's day (0 to 86,399,999). */
export function jstTimeOfDayMs(instantMs: number): number {
  const shifted = instantMs + JST_OFFSET_MS;
  return shifted - Math.floor(shifted / DAY_MS) * DAY_MS;
}

/** The instant of a JST wall time (minutes after midnight) on a JST day. */
export function jstInstant(dayNumber: DayNumber, minutesAfterMidnight: number): number {
  return dayNumber * DAY_MS + minutesAfterMidnight * MINUTE_MS - JST_OFFSET_MS;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad4 = (n: number) =>
  n < 0 ? '-' + String(-n).padStart(4, '0') : String(n).padStart(4, '0');

/** `YYYY-MM-DD` of a day number. */
export function formatDate(dayNumber: DayNumber): string {
  const { year, month, day } = civilFromDay(dayNumber);
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a `YYYY-MM-DD` date, or null when it is not a real calendar date. */
export function parseDate(text: string): DayNumber | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return dayFromCivil(year, month, day);
}

/** Like parseDate, but throws a RangeError naming the text when it is not a real date. */
export function dateToDay(text: string): DayNumber {
  const day = parseDate(text);
  if (day === null) throw new RangeError(`not a date written YYYY-MM-DD: "${text}"`);
  return day;
}

/** `HH:MM` of minutes after midnight. */
export function formatWallTime(minutesAfterMidnight: number): string {
  return `${pad2(Math.floor(minutesAfterMidnight / 60))}:${pad2(minutesAfterMidnight % 60)}`;
}

/**
 * An instant in ISO 8601 at +09:00, e.g. `2026-11-26T21:30:00+09:00`; milliseconds are shown only
 * when there are any.
 */
export function formatJstInstant(instantMs: number): string {
  if (!Number.isFinite(instantMs)) throw new RangeError(`not an instant: ${instantMs}`);
  const day = jstDayOf(instantMs);
  const t = jstTimeOfDayMs(instantMs);
  const hours = Math.floor(t / HOUR_MS);
  const minutes = Math.floor((t % HOUR_MS) / MINUTE_MS);
  const seconds = Math.floor((t % MINUTE_MS) / 1000);
  const millis = t % 1000;
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  return `${formatDate(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}${fraction}+09:00`;
}

export type InstantParse = { ok: true; instantMs: number } | { ok: false; problem: string };

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Reads an instant written in ISO 8601 with a UTC offset (`2026-11-23T10:00:00+09:00`,
 * `2026-11-23T01:00Z`). An instant without an offset is refused: its meaning would depend on
 * the computer's zone. The problem says what was wrong.
 */
export function parseInstant(text: string): InstantParse {
  const match = INSTANT.exec(text);
  if (!match) {
    return {
      ok: false,
      problem: 'is not an instant in ISO 8601 with an offset (e.g. 2026-11-23T10:00:00+09:00)',
    };
  }
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  if (offset === undefined) {
    return {
      ok: false,
      problem: 'has no UTC offset (add Z or +09:00, e.g. 2026-11-23T10:00:00+09:00)',
    };
  }
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12)
    return { ok: false, problem: `has month ${mo}, which does not exist` };
  if (day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, problem: `has day ${d}, which month ${mo} of ${y} does not have` };
  }
  if (hour > 23) return { ok: false, problem: `has hour ${h} (00 to 23)` };
  if (minute > 59) return { ok: false, problem: `has minute ${mi} (00 to 59)` };
  if (second > 59) return { ok: false, problem: `has second ${s} (00 to 59)` };
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const offsetHours = Number(offset.slice(1, 3));
    const offsetMins = Number(offset.slice(4, 6));
    if (offsetHours > 23 || offsetMins > 59) {
      return { ok: false, problem: `has offset ${offset}, which is not a UTC offset` };
    }
    offsetMinutes = (offset.startsWith('-') ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const instantMs =
    dayFromCivil(year, month, day) * DAY_MS +
    (hour * 60 + minute - offsetMinutes) * MINUTE_MS +
    second * 1000 +
    millis;
  return { ok: true, instantMs };
}
