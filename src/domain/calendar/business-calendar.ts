/**
 * The business calendar (DOMAIN.md sections 3 to 5): business days, service hours, the answer
 * deadline of a web-mail message and the booking cutoff of a video session.
 *
 * Everything is computed on epoch milliseconds and JST day numbers (see ./jst), so the computer's
 * time zone never changes a result. Each year is built once per calendar, on first use, into a
 * small table (status of each day, service time before each day), so that a deadline or a status
 * costs a few array reads.
 *
 * Choices where DOMAIN.md leaves room:
 * - A day that is both a holiday and a weekend (or closure) gives the holiday as the reason; a
 *   weekend day inside a closure gives `weekend`. Precedence: holiday, weekend, closure.
 * - "Before the close" is strictly before the close (21:30:00.000 is after it). A receipt before
 *   the opening on a business day keeps that day as its receipt day.
 * - A deadline or a cutoff is itself still in time: an answer sent at the deadline is on time,
 *   a message is overdue only after its deadline, a booking cutoff has passed only after it.
 * - Service time left is counted in whole minutes, rounded down; `due-soon` compares that figure
 *   with the threshold, so what is shown and the status always agree.
 * - An answer sent after `now` does not count at `now` (the status is the status at that moment).
 */
import {
  DEFAULT_ORGANISATION_SETTINGS,
  wallTimeToMinutes,
  type OrganisationSettings,
} from '../settings/organisation-settings';
import {
  LAST_SUPPORTED_YEAR,
  describeHolidayDataProblems,
  validateHolidayData,
  type Holiday,
  type HolidayData,
} from './holiday-data';
import { holidaysByRule } from './holiday-rules';
import {
  DAY_MS,
  JST_OFFSET_MS,
  MINUTE_MS,
  civilFromDay,
  dateToDay,
  dayFromCivil,
  formatDate,
  formatWallTime,
  jstDayOf,
  jstInstant,
  parseDate,
  weekdayOf,
  type DayNumber,
} from './jst';

/** A video session lasts 40 minutes (DOMAIN.md section 5). */
export const SESSION_MINUTES = 40;
/** Bookings close at 17:00 JST on the business day before the session's date. */
export const BOOKING_CUTOFF_WALL_TIME = '17:00';

/** Why a day is not a business day. */
export type NonBusinessDayReason =
  | { kind: 'weekend' }
  | { kind: 'holiday'; name: string; nameJa: string; provisional: boolean }
  | { kind: 'closure'; label: string };

export interface BusinessDayAnswer {
  date: string;
  businessDay: boolean;
  /** Null on a business day. */
  reason: NonBusinessDayReason | null;
}

export interface AnswerDeadline {
  /** JST date `YYYY-MM-DD` the message counts as received on. */
  receiptDay: string;
  /** The close of service hours on the Nth business day after the receipt day. */
  deadlineMs: number;
}

export type DeadlineStatusKind =
  'on-track' | 'due-soon' | 'overdue' | 'answered-on-time' | 'answered-late';

export interface DeadlineStatusInput {
  receivedAtMs: number;
  /** When the answer was sent; absent or null while unanswered. */
  answeredAtMs?: number | null;
  nowMs: number;
}

export interface DeadlineStatus extends AnswerDeadline {
  status: DeadlineStatusKind;
  /**
   * Whole minutes of service time from `now` (or from the answer, which stops the timer) to the
   * deadline; zero once the deadline has passed.
   */
  serviceMinutesLeft: number;
}

/** Why a proposed session start cannot be booked. */
export type SessionStartProblem =
  | { kind: 'not-business-day'; date: string; because: NonBusinessDayReason }
  | { kind: 'starts-before-service-hours'; opensAt: string }
  | { kind: 'ends-after-service-hours'; closesAt: string; latestStart: string }
  | { kind: 'booking-cutoff-passed' };

export interface SessionStartCheck {
  valid: boolean;
  reason: SessionStartProblem | null;
  /** 17:00 JST on the business day before the session's date. */
  bookingCutoffMs: number;
}

export interface BusinessCalendarOptions {
  /** The official holiday list (resources/holidays/japan.json, validated). */
  holidays: HolidayData;
  settings?: OrganisationSettings;
}

/** The one entry point the UI and the CLI use for business days, deadlines and cutoffs. */
export interface BusinessCalendar {
  /** First year the calendar answers for (the first year of the holiday list). */
  readonly firstYear: number;
  /** Last year of the official list; later years are provisional. */
  readonly officialThrough: number;
  /** Last year the calendar answers for. */
  readonly lastYear: number;
  readonly serviceHours: { open: string; close: string };
  /** True for a year whose holidays are computed by rule (past the official list). */
  isProvisionalYear(year: number): boolean;
  /** The year's holidays in date order (official, or computed and provisional). */
  holidaysInYear(year: number): Holiday[];
  /** The holiday on a JST date, or null. */
  holiday(date: string): Holiday | null;
  businessDay(date: string): BusinessDayAnswer;
  isBusinessDay(date: string): boolean;
  /** The first business day strictly after `date`. */
  nextBusinessDay(date: string): string;
  /** The last business day strictly before `date`. */
  previousBusinessDay(date: string): string;
  /** Whole minutes of service hours on business days between two instants (0 if `to` is not after `from`). */
  serviceMinutesBetween(fromMs: number, toMs: number): number;
  receiptDay(receivedAtMs: number): string;
  answerDeadline(receivedAtMs: number): AnswerDeadline;
  deadlineStatus(input: DeadlineStatusInput): DeadlineStatus;
  /** 17:00 JST on the business day before the session's (JST) date. */
  bookingCutoff(sessionStartMs: number): number;
  /**
   * Whether a session may start then: on a business day, its 40 minutes inside service hours, and,
   * when `nowMs` is given, its booking cutoff not yet passed.
   */
  checkSessionStart(sessionStartMs: number, options?: { nowMs?: number }): SessionStartCheck;
}

const OPEN = 0;
const WEEKEND = 1;
const HOLIDAY = 2;
const CLOSURE = 3;

interface YearTable {
  year: number;
  start: DayNumber;
  length: number;
  /** OPEN, WEEKEND, HOLIDAY or CLOSURE per day of the year. */
  status: Uint8Array;
  holidays: readonly Holiday[];
  holidayAt: Map<number, Holiday>;
  /** Index into the closures, per day with status CLOSURE. */
  closureAt: Map<number, number>;
  /** serviceBefore[i]: service milliseconds on the days of the year before day i. */
  serviceBefore: Float64Array;
  /** `YYYY-MM-DD` of each day, filled on first use. */
  dates: (string | undefined)[];
}

interface ParsedClosure {
  from: DayNumber;
  to: DayNumber;
  label: string;
}

function checkInstant(value: number, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${what} must be an instant in epoch milliseconds, not ${String(value)}`);
  }
}

export function createBusinessCalendar({
  holidays: holidayData,
  settings = DEFAULT_ORGANISATION_SETTINGS,
}: BusinessCalendarOptions): BusinessCalendar {
  const validation = validateHolidayData(holidayData);
  if (!validation.ok) {
    throw new RangeError(
      `invalid holiday data: ${describeHolidayDataProblems(validation.problems)}`,
    );
  }
  const officialThrough = holidayData.officialThrough;
  const officialByYear = new Map<number, Holiday[]>();
  for (const record of holidayData.holidays) {
    const year = Number(record.date.slice(0, 4));
    const list = officialByYear.get(year) ?? [];
    list.push(Object.freeze({ ...record, provisional: false }));
    officialByYear.set(year, list);
  }
  const firstYear = Math.min(...officialByYear.keys());

  const openMinutes = wallTimeToMinutes(settings.serviceHours.open);
  const closeMinutes = wallTimeToMinutes(settings.serviceHours.close);
  if (closeMinutes <= openMinutes) {
    throw new RangeError('service hours must close after they open');
  }
  const openMs = openMinutes * MINUTE_MS;
  const closeMs = closeMinutes * MINUTE_MS;
  const serviceDayMs = closeMs - openMs;
  const deadlineBusinessDays = settings.answerDeadlineBusinessDays;
  if (!Number.isInteger(deadlineBusinessDays) || deadlineBusinessDays < 0) {
    throw new RangeError('answerDeadlineBusinessDays must be a whole number');
  }
  const dueSoonMinutes = settings.dueSoonServiceMinutes;
  const cutoffMinutes = wallTimeToMinutes(BOOKING_CUTOFF_WALL_TIME);

  const closures: ParsedClosure[] = settings.closures.map((closure, index) => {
    const from = parseDate(closure.from);
    const to = parseDate(closure.to);
    if (from === null || to === null || to < from) {
      throw new RangeError(`closures[${index}] is not a range of dates YYYY-MM-DD`);
    }
    return { from, to, label: closure.label };
  });

  const tables = new Map<number, YearTable>();
  let lastTable: YearTable | null = null;

  function checkYear(year: number): void {
    if (!Number.isInteger(year)) throw new RangeError(`not a year: ${year}`);
    if (year < firstYear) {
      throw new RangeError(
        `no business calendar for ${year}: the holiday list starts in ${firstYear}`,
      );
    }
    if (year > LAST_SUPPORTED_YEAR) {
      throw new RangeError(
        `no business calendar for ${year}: the holiday rules are approximated to ${LAST_SUPPORTED_YEAR} only`,
      );
    }
  }

  function holidaysOf(year: number): readonly Holiday[] {
    if (year <= officialThrough) return officialByYear.get(year) ?? [];
    return holidaysByRule(year).map((h) =>
      Object.freeze({
        date: formatDate(h.day),
        name: h.name,
        nameJa: h.nameJa,
        kind: h.kind,
        provisional: true,
      }),
    );
  }

  function buildYear(year: number): YearTable {
    checkYear(year);
    const start = dayFromCivil(year, 1, 1);
    const length = dayFromCivil(year + 1, 1, 1) - start;
    const status = new Uint8Array(length);
    const holidays = holidaysOf(year);
    const holidayAt = new Map<number, Holiday>();
    for (const holiday of holidays) {
      const i = dateToDay(holiday.date) - start;
      status[i] = HOLIDAY;
      holidayAt.set(i, holiday);
    }
    for (let i = 0; i < length; i += 1) {
      const weekday = weekdayOf(start + i);
      if (status[i] === OPEN && (weekday === 0 || weekday === 6)) status[i] = WEEKEND;
    }
    const closureAt = new Map<number, number>();
    closures.forEach((closure, index) => {
      const from = Math.max(closure.from, start);
      const to = Math.min(closure.to, start + length - 1);
      for (let day = from; day <= to; day += 1) {
        const i = day - start;
        if (status[i] === OPEN) {
          status[i] = CLOSURE;
          closureAt.set(i, index);
        }
      }
    });
    const serviceBefore = new Float64Array(length + 1);
    for (let i = 0; i < length; i += 1) {
      serviceBefore[i + 1] = serviceBefore[i]! + (status[i] === OPEN ? serviceDayMs : 0);
    }
    const dates = new Array<string | undefined>(length);
    return { year, start, length, status, holidays, holidayAt, closureAt, serviceBefore, dates };
  }

  function tableOfYear(year: number): YearTable {
    let table = tables.get(year);
    if (table === undefined) {
      table = buildYear(year);
      tables.set(year, table);
    }
    return table;
  }

  function tableOfDay(day: DayNumber): YearTable {
    const last = lastTable;
    if (last !== null && day >= last.start && day < last.start + last.length) return last;
    const table = tableOfYear(civilFromDay(day).year);
    lastTable = table;
    return table;
  }

  function statusOf(day: DayNumber): number {
    const table = tableOfDay(day);
    return table.status[day - table.start]!;
  }

  const isOpen = (day: DayNumber) => statusOf(day) === OPEN;

  /** formatDate, memoised per day. */
  function dateOf(day: DayNumber): string {
    const table = tableOfDay(day);
    const i = day - table.start;
    return (table.dates[i] ??= formatDate(day));
  }

  function nextOpen(day: DayNumber): DayNumber {
    let next = day + 1;
    while (!isOpen(next)) next += 1;
    return next;
  }

  function previousOpen(day: DayNumber): DayNumber {
    let previous = day - 1;
    while (!isOpen(previous)) previous -= 1;
    return previous;
  }

  function reasonOf(day: DayNumber): NonBusinessDayReason | null {
    const table = tableOfDay(day);
    const i = day - table.start;
    switch (table.status[i]) {
      case WEEKEND:
        return { kind: 'weekend' };
      case HOLIDAY: {
        const holiday = table.holidayAt.get(i)!;
        return {
          kind: 'holiday',
          name: holiday.name,
          nameJa: holiday.nameJa,
          provisional: holiday.provisional,
        };
      }
      case CLOSURE:
        return { kind: 'closure', label: closures[table.closureAt.get(i)!]!.label };
      default:
        return null;
    }
  }

  /** Service milliseconds from the start of the instant's year to the instant. */
  function serviceBeforeInYear(table: YearTable, day: DayNumber, instantMs: number): number {
    const i = day - table.start;
    const before = table.serviceBefore[i]!;
    if (table.status[i] !== OPEN) return before;
    const intoService = instantMs + JST_OFFSET_MS - day * DAY_MS - openMs;
    if (intoService <= 0) return before;
    return before + (intoService >= serviceDayMs ? serviceDayMs : intoService);
  }

  function serviceMsBetween(fromMs: number, toMs: number): number {
    if (!(toMs > fromMs)) return 0;
    const fromDay = jstDayOf(fromMs);
    const toDay = jstDayOf(toMs);
    const fromTable = tableOfDay(fromDay);
    const fromPart = serviceBeforeInYear(fromTable, fromDay, fromMs);
    const toTable = tableOfDay(toDay);
    let total = serviceBeforeInYear(toTable, toDay, toMs) - fromPart;
    for (let year = fromTable.year; year < toTable.year; year += 1) {
      const table = tableOfYear(year);
      total += table.serviceBefore[table.length]!;
    }
    return total;
  }

  function receiptDayOf(receivedAtMs: number): DayNumber {
    const day = jstDayOf(receivedAtMs);
    const timeOfDay = receivedAtMs + JST_OFFSET_MS - day * DAY_MS;
    return isOpen(day) && timeOfDay < closeMs ? day : nextOpen(day);
  }

  function deadlineOf(receivedAtMs: number): { receiptDay: DayNumber; deadlineMs: number } {
    const receiptDay = receiptDayOf(receivedAtMs);
    let day = receiptDay;
    for (let n = 0; n < deadlineBusinessDays; n += 1) day = nextOpen(day);
    return { receiptDay, deadlineMs: day * DAY_MS - JST_OFFSET_MS + closeMs };
  }

  function cutoffOf(sessionStartMs: number): number {
    return jstInstant(previousOpen(jstDayOf(sessionStartMs)), cutoffMinutes);
  }

  return {
    firstYear,
    officialThrough,
    lastYear: LAST_SUPPORTED_YEAR,
    serviceHours: { open: settings.serviceHours.open, close: settings.serviceHours.close },

    isProvisionalYear(year) {
      checkYear(year);
      return year > officialThrough;
    },

    holidaysInYear(year) {
      return [...tableOfYear(year).holidays];
    },

    holiday(date) {
      const day = dateToDay(date);
      const table = tableOfDay(day);
      return table.holidayAt.get(day - table.start) ?? null;
    },

    businessDay(date) {
      const reason = reasonOf(dateToDay(date));
      return { date, businessDay: reason === null, reason };
    },

    isBusinessDay(date) {
      return isOpen(dateToDay(date));
    },

    nextBusinessDay(date) {
      return dateOf(nextOpen(dateToDay(date)));
    },

    previousBusinessDay(date) {
      return dateOf(previousOpen(dateToDay(date)));
    },

    serviceMinutesBetween(fromMs, toMs) {
      checkInstant(fromMs, 'fromMs');
      checkInstant(toMs, 'toMs');
      return Math.floor(serviceMsBetween(fromMs, toMs) / MINUTE_MS);
    },

    receiptDay(receivedAtMs) {
      checkInstant(receivedAtMs, 'receivedAtMs');
      return dateOf(receiptDayOf(receivedAtMs));
    },

    answerDeadline(receivedAtMs) {
      checkInstant(receivedAtMs, 'receivedAtMs');
      const { receiptDay, deadlineMs } = deadlineOf(receivedAtMs);
      return { receiptDay: dateOf(receiptDay), deadlineMs };
    },

    deadlineStatus({ receivedAtMs, answeredAtMs = null, nowMs }) {
      checkInstant(receivedAtMs, 'receivedAtMs');
      checkInstant(nowMs, 'nowMs');
      if (answeredAtMs !== null) checkInstant(answeredAtMs, 'answeredAtMs');
      const { receiptDay, deadlineMs } = deadlineOf(receivedAtMs);
      let status: DeadlineStatusKind;
      let serviceMinutesLeft: number;
      if (answeredAtMs !== null && answeredAtMs <= nowMs) {
        status = answeredAtMs <= deadlineMs ? 'answered-on-time' : 'answered-late';
        serviceMinutesLeft = Math.floor(serviceMsBetween(answeredAtMs, deadlineMs) / MINUTE_MS);
      } else if (nowMs > deadlineMs) {
        status = 'overdue';
        serviceMinutesLeft = 0;
      } else {
        serviceMinutesLeft = Math.floor(serviceMsBetween(nowMs, deadlineMs) / MINUTE_MS);
        status = serviceMinutesLeft <= dueSoonMinutes ? 'due-soon' : 'on-track';
      }
      return { receiptDay: dateOf(receiptDay), deadlineMs, status, serviceMinutesLeft };
    },

    bookingCutoff(sessionStartMs) {
      checkInstant(sessionStartMs, 'sessionStartMs');
      return cutoffOf(sessionStartMs);
    },

    checkSessionStart(sessionStartMs, options = {}) {
      checkInstant(sessionStartMs, 'sessionStartMs');
      const bookingCutoffMs = cutoffOf(sessionStartMs);
      const day = jstDayOf(sessionStartMs);
      const timeOfDay = sessionStartMs + JST_OFFSET_MS - day * DAY_MS;
      const invalid = (reason: SessionStartProblem): SessionStartCheck => ({
        valid: false,
        reason,
        bookingCutoffMs,
      });
      const because = reasonOf(day);
      if (because !== null)
        return invalid({ kind: 'not-business-day', date: formatDate(day), because });
      if (timeOfDay < openMs) {
        return invalid({
          kind: 'starts-before-service-hours',
          opensAt: settings.serviceHours.open,
        });
      }
      if (timeOfDay + SESSION_MINUTES * MINUTE_MS > closeMs) {
        return invalid({
          kind: 'ends-after-service-hours',
          closesAt: settings.serviceHours.close,
          latestStart: formatWallTime(closeMinutes - SESSION_MINUTES),
        });
      }
      if (options.nowMs !== undefined) {
        checkInstant(options.nowMs, 'nowMs');
        if (options.nowMs > bookingCutoffMs) return invalid({ kind: 'booking-cutoff-passed' });
      }
      return { valid: true, reason: null, bookingCutoffMs };
    },
  };
}
