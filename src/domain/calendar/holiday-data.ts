/**
 * The official list of Japanese national holidays, as data (DOMAIN.md section 3).
 *
 * The list ships as `resources/holidays/japan.json` (made by `scripts/generate-holidays.ts`) and
 * is passed to the calendar as a parameter: the domain never reads a file. To update it when the
 * Cabinet Office publishes a new year (each February, with the next year's equinox days): add
 * that year's rows to the JSON, raise `officialThrough`, and keep the rows in date order. No code
 * changes; `validateHolidayData` says which row or field is wrong if a row is mistyped. Years
 * after `officialThrough` are computed by the rules of the Holidays Act and marked provisional.
 */
import { parseDate } from './jst';

/**
 * `national`: a 国民の祝日 (including a day a special law treats as one, such as the 2019
 * enthronement days); `substitute`: 振替休日; `citizens`: 国民の休日.
 */
export type HolidayKind = 'national' | 'substitute' | 'citizens';

export const HOLIDAY_KINDS: readonly HolidayKind[] = ['national', 'substitute', 'citizens'];

/** One row of the data file. */
export interface HolidayRecord {
  /** JST date `YYYY-MM-DD`. */
  date: string;
  /** English name. */
  name: string;
  /** Japanese name. */
  nameJa: string;
  kind: HolidayKind;
}

/** The parsed data file. */
export interface HolidayData {
  /** Where the list came from. */
  source: string;
  /** The last year the list is official for; later years are computed and provisional. */
  officialThrough: number;
  /** How to update the file (for whoever opens it). */
  howToUpdate?: string;
  /** Every holiday from the first year of the list to `officialThrough`, in date order. */
  holidays: HolidayRecord[];
}

/** A holiday as the calendar answers it. */
export interface Holiday extends HolidayRecord {
  /** True when computed by rule for a year past the official list. */
  provisional: boolean;
}

export interface HolidayDataProblem {
  /** Where: `officialThrough`, `holidays[12].date`, ... */
  path: string;
  message: string;
}

export type HolidayDataValidation =
  { ok: true; data: HolidayData } | { ok: false; problems: HolidayDataProblem[] };

/** The range of years the calendar can answer for (the equinox approximation's range). */
export const LAST_SUPPORTED_YEAR = 2150;

const TOP_LEVEL_KEYS = new Set(['source', 'officialThrough', 'howToUpdate', 'holidays']);
const RECORD_KEYS = new Set(['date', 'name', 'nameJa', 'kind']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

/** Checks a parsed data file; every problem names the row and field. */
export function validateHolidayData(value: unknown): HolidayDataValidation {
  const problems: HolidayDataProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  if (!isRecord(value)) {
    return { ok: false, problems: [{ path: '(file)', message: 'must be a JSON object' }] };
  }
  for (const key of Object.keys(value)) {
    if (!TOP_LEVEL_KEYS.has(key)) problem(key, 'is not a field of the holiday data');
  }
  if (!isText(value.source)) problem('source', 'must be a non-empty string');
  if (value.howToUpdate !== undefined && typeof value.howToUpdate !== 'string') {
    problem('howToUpdate', 'must be a string');
  }
  const officialThrough = value.officialThrough;
  const officialThroughOk =
    typeof officialThrough === 'number' &&
    Number.isInteger(officialThrough) &&
    officialThrough >= 1948 &&
    officialThrough <= LAST_SUPPORTED_YEAR;
  if (!officialThroughOk) {
    problem('officialThrough', `must be a whole year from 1948 to ${LAST_SUPPORTED_YEAR}`);
  }
  if (!Array.isArray(value.holidays) || value.holidays.length === 0) {
    problem('holidays', 'must be a non-empty list of holidays');
    return { ok: false, problems };
  }
  const years = new Set<number>();
  let previousDate = '';
  value.holidays.forEach((row: unknown, index: number) => {
    const at = `holidays[${index}]`;
    if (!isRecord(row)) {
      problem(at, 'must be an object {date, name, nameJa, kind}');
      return;
    }
    for (const key of Object.keys(row)) {
      if (!RECORD_KEYS.has(key)) problem(`${at}.${key}`, 'is not a field of a holiday');
    }
    if (typeof row.date !== 'string' || parseDate(row.date) === null) {
      problem(`${at}.date`, 'must be a real date written YYYY-MM-DD');
    } else {
      if (row.date <= previousDate) {
        problem(
          `${at}.date`,
          `${row.date} is not after the row before (${previousDate}): keep the rows in date order, each date once`,
        );
      }
      previousDate = row.date;
      const year = Number(row.date.slice(0, 4));
      years.add(year);
      if (officialThroughOk && year > (officialThrough as number)) {
        problem(
          `${at}.date`,
          `${row.date} is after officialThrough (${String(officialThrough)}): raise officialThrough`,
        );
      }
    }
    if (!isText(row.name)) problem(`${at}.name`, 'must be a non-empty string (the English name)');
    if (!isText(row.nameJa))
      problem(`${at}.nameJa`, 'must be a non-empty string (the Japanese name)');
    if (!HOLIDAY_KINDS.includes(row.kind as HolidayKind)) {
      problem(`${at}.kind`, `must be one of ${HOLIDAY_KINDS.join(', ')}`);
    }
  });
  if (problems.length === 0 && officialThroughOk) {
    const first = Math.min(...years);
    for (let year = first; year <= (officialThrough as number); year += 1) {
      if (!years.has(year)) {
        problem(
          'holidays',
          `has no holidays in ${year}: every year up to officialThrough needs its rows`,
        );
      }
    }
  }
  return problems.length === 0
    ? { ok: true, data: value as unknown as HolidayData }
    : { ok: false, problems };
}

/** One line per problem, for error messages. */
export function describeHolidayDataProblems(problems: readonly HolidayDataProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('; ');
}
