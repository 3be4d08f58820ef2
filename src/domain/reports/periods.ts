/**
 * The periods of one report: every JST month from `from` to `to`, and the spans that the months
 * add up to (docs/reports.md, "Periods"):
 *
 * - each fiscal quarter (April to June, July to September, October to December, January to March),
 * - each fiscal year (1 April to 31 March; clipped to the report it is the year to date),
 * - the whole report period,
 *
 * each clipped to the report, kept only when it covers two months or more (a one-month span would
 * repeat its month), and listed once when two coincide. A span is written `YYYY-MM..YYYY-MM`.
 * Nothing finer than a month exists.
 */
import { civilFromDay, jstDayOf } from '../calendar/jst';
import { REPORT_MONTH_PATTERN } from './tokens';

/** The longest report: ten years of months. */
export const MAX_REPORT_MONTHS = 120;

/** The month the fiscal year (and the subsidy's coverage period) starts on. */
export const FISCAL_YEAR_START_MONTH = 4;

export type SpanKind = 'quarter' | 'fiscal-year' | 'report-period';

export interface ReportPeriod {
  /** `YYYY-MM` or `YYYY-MM..YYYY-MM`. */
  readonly token: string;
  readonly kind: 'month' | 'span';
  /** What a span is (several when they coincide); empty for a month. */
  readonly spanKinds: readonly SpanKind[];
  /** The months it covers, in order (a month: itself). */
  readonly months: readonly string[];
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Months counted from year 0: `2026-04` is 2026 * 12 + 3. */
export function monthIndex(month: string): number {
  if (!REPORT_MONTH_PATTERN.test(month)) throw new RangeError(`not a month YYYY-MM: "${month}"`);
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthOfIndex(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${pad2((index % 12) + 1)}`;
}

/** The JST month `YYYY-MM` of an instant. */
export function jstMonthOf(instantMs: number): string {
  const { year, month } = civilFromDay(jstDayOf(instantMs));
  return `${String(year).padStart(4, '0')}-${pad2(month)}`;
}

export function spanToken(first: string, last: string): string {
  return first === last ? first : `${first}..${last}`;
}

/** The months of a period token, or null when it is not one. */
export function monthsOfPeriod(token: string): string[] | null {
  const [first, last, ...rest] = token.split('..');
  if (first === undefined || rest.length > 0 || !REPORT_MONTH_PATTERN.test(first)) return null;
  if (last !== undefined && !REPORT_MONTH_PATTERN.test(last)) return null;
  const a = monthIndex(first);
  const b = last === undefined ? a : monthIndex(last);
  if (b < a || (last !== undefined && b === a) || b - a >= MAX_REPORT_MONTHS) return null;
  return Array.from({ length: b - a + 1 }, (_, i) => monthOfIndex(a + i));
}

/** Checks `from` and `to` and gives the report's periods: months first, then spans. */
export function reportPeriods(from: string, to: string): ReportPeriod[] {
  if (!REPORT_MONTH_PATTERN.test(from)) throw new RangeError(`from is not a month YYYY-MM`);
  if (!REPORT_MONTH_PATTERN.test(to)) throw new RangeError(`to is not a month YYYY-MM`);
  const a = monthIndex(from);
  const b = monthIndex(to);
  if (b < a) throw new RangeError('from is after to');
  if (b - a >= MAX_REPORT_MONTHS) {
    throw new RangeError(`a report covers at most ${MAX_REPORT_MONTHS} months`);
  }
  const months: ReportPeriod[] = [];
  for (let m = a; m <= b; m += 1) {
    const token = monthOfIndex(m);
    months.push({ token, kind: 'month', spanKinds: [], months: [token] });
  }

  const spans = new Map<string, { kinds: SpanKind[]; first: number; last: number }>();
  const addSpan = (first: number, last: number, kind: SpanKind) => {
    const lo = Math.max(first, a);
    const hi = Math.min(last, b);
    if (hi - lo < 1) return;
    const token = spanToken(monthOfIndex(lo), monthOfIndex(hi));
    const known = spans.get(token);
    if (known) {
      if (!known.kinds.includes(kind)) known.kinds.push(kind);
    } else {
      spans.set(token, { kinds: [kind], first: lo, last: hi });
    }
  };
  // Quarters start in January, April, July and October (month index divisible by 3).
  for (let q = a - (a % 3); q <= b; q += 3) addSpan(q, q + 2, 'quarter');
  const fyStart = FISCAL_YEAR_START_MONTH - 1;
  const firstFy = a - ((((a - fyStart) % 12) + 12) % 12);
  for (let y = firstFy; y <= b; y += 12) addSpan(y, y + 11, 'fiscal-year');
  addSpan(a, b, 'report-period');

  return [
    ...months,
    ...[...spans].map(([token, s]) => ({
      token,
      kind: 'span' as const,
      spanKinds: s.kinds,
      months: Array.from({ length: s.last - s.first + 1 }, (_, i) => monthOfIndex(s.first + i)),
    })),
  ];
}
