/**
 * How the Reports page words and writes the report's tokens: periods, categories and values, and
 * the report period the page asks for (JST months, checked before anything is computed).
 */
import type { TFunction } from 'i18next';
import {
  FISCAL_YEAR_START_MONTH,
  MAX_REPORT_MONTHS,
  REPORT_MONTH_PATTERN,
  SUPPRESSED_MARKER,
  jstMonthOf,
  type ReportMeasure,
  type SuppressedMarker,
} from '../../../domain/reports';
import type { Strings } from '../../i18n/en';

const locale = (language: string) => (language === 'ja' ? 'ja-JP' : 'en-GB');

const monthNumber = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));

const monthOf = (n: number) =>
  `${String(Math.floor((n - 1) / 12)).padStart(4, '0')}-${String(((n - 1) % 12) + 1).padStart(2, '0')}`;

/** The number of months from `from` to `to`, both included (0 or less when `to` is earlier). */
export function monthsBetween(from: string, to: string): number {
  return monthNumber(to) - monthNumber(from) + 1;
}

export type PeriodProblem =
  | { field: 'from' | 'to'; problem: 'missing' }
  | { field: 'to'; problem: 'order' }
  | { field: 'to'; problem: 'tooLong'; count: number };

/** What is wrong with a report period, or null when the domain will accept it. */
export function periodProblem(from: string, to: string): PeriodProblem | null {
  if (!REPORT_MONTH_PATTERN.test(from)) return { field: 'from', problem: 'missing' };
  if (!REPORT_MONTH_PATTERN.test(to)) return { field: 'to', problem: 'missing' };
  const count = monthsBetween(from, to);
  if (count < 1) return { field: 'to', problem: 'order' };
  if (count > MAX_REPORT_MONTHS) return { field: 'to', problem: 'tooLong', count };
  return null;
}

export type PeriodPreset = 'thisFiscalYear' | 'lastFiscalYear' | 'lastThreeMonths';
export const PERIOD_PRESETS: readonly PeriodPreset[] = [
  'thisFiscalYear',
  'lastFiscalYear',
  'lastThreeMonths',
];

/**
 * A preset's months at `nowMs` (JST): the fiscal year holding this month (April to March), the
 * one before it, or the three months ending with this month.
 */
export function presetPeriod(preset: PeriodPreset, nowMs: number): { from: string; to: string } {
  const month = monthNumber(jstMonthOf(nowMs));
  const monthOfYear = ((month - 1) % 12) + 1;
  const fyStart = month - ((monthOfYear - FISCAL_YEAR_START_MONTH + 12) % 12);
  if (preset === 'thisFiscalYear') return { from: monthOf(fyStart), to: monthOf(fyStart + 11) };
  if (preset === 'lastFiscalYear') return { from: monthOf(fyStart - 12), to: monthOf(fyStart - 1) };
  return { from: monthOf(month - 2), to: monthOf(month) };
}

/** "Apr 2026" / "2026年4月" for a month `YYYY-MM`. */
export function monthLabel(month: string, language: string): string {
  return new Intl.DateTimeFormat(locale(language), {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'short',
  }).format(new Date(`${month}-01T00:00:00Z`));
}

/** A chart's axis label: "Apr" / "4月", with the year on the first ("Apr 26" / "26年4月"). */
export function shortMonthLabel(month: string, language: string, withYear: boolean): string {
  return new Intl.DateTimeFormat(locale(language), {
    timeZone: 'UTC',
    month: 'short',
    ...(withYear ? { year: '2-digit' as const } : {}),
  }).format(new Date(`${month}-01T00:00:00Z`));
}

/** "2026-04 – 2026-06" for a span token `2026-04..2026-06`. */
export function spanRange(token: string): string {
  return token.replace('..', ' – ');
}

type CategoryStrings = Strings['reports']['categories'];

/** A category token in words: `language:en` → "English", `topic:health` → "Topic: health". */
export function categoryLabel(t: TFunction, category: string): string {
  if (category === 'all') return t('reports.categories.all');
  const colon = category.indexOf(':');
  const group = category.slice(0, colon);
  const slug = category.slice(colon + 1);
  if (group === 'language')
    return t(`reports.categories.language.${slug as keyof CategoryStrings['language']}`);
  if (group === 'topic')
    return t(`reports.categories.topic.${slug as keyof CategoryStrings['topic']}`);
  if (group === 'counsellor')
    return slug === 'none'
      ? t('reports.categories.counsellorNone')
      : t('reports.categories.counsellor', { id: slug });
  if (group === 'outcome')
    return t('reports.categories.outcome', {
      outcome: t(`sessions.outcomes.${slug as keyof Strings['sessions']['outcomes']}`),
    });
  return category;
}

/** A published value as the tables show it: counts grouped, yen with ¥, shares in per cent. */
export function formatValue(
  measure: ReportMeasure,
  value: number | SuppressedMarker,
  language: string,
): string {
  if (value === SUPPRESSED_MARKER) return SUPPRESSED_MARKER;
  const numbers = (options: Intl.NumberFormatOptions) =>
    new Intl.NumberFormat(locale(language), options).format(value);
  if (measure === 'on-time-share')
    return numbers({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  if (measure === 'answer-hours-median' || measure === 'answer-hours-p90')
    return numbers({ minimumFractionDigits: 1, maximumFractionDigits: 1 });
  if (measure === 'cap-subsidy-yen') return `¥${numbers({ maximumFractionDigits: 0 })}`;
  return numbers({ maximumFractionDigits: 0 });
}

/** A value as the CSV file writes it (the main process's renderer: plain decimals, `*` as is). */
export function csvValue(value: number | SuppressedMarker): string {
  if (value === SUPPRESSED_MARKER) return value;
  if (Object.is(value, -0)) return '0';
  return String(value);
}

/** Yen grouped in thousands, without the sign: `30,000`. */
export function yen(value: number, language: string): string {
  return new Intl.NumberFormat(locale(language), { maximumFractionDigits: 0 }).format(value);
}
