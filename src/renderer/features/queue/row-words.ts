/**
 * The queue row's words for a deadline: how far past it an overdue message is, in business days,
 * and the date with its year when that is not this year (JST, 24-hour, the UI's language).
 */
import type { TFunction } from 'i18next';
import { businessDaysOverdue } from '../../../domain/queue';
import type { BusinessCalendar } from '../../../domain/calendar';
import { SERVICE_TIME_ZONE, formatInstant } from '../../app/format';

function jstYear(ms: number): string {
  return new Intl.DateTimeFormat('en', { timeZone: SERVICE_TIME_ZONE, year: 'numeric' }).format(ms);
}

/** The deadline as a row shows it: with the year only when it is not the current (JST) year. */
export function formatRowDeadline(deadlineMs: number, nowMs: number, language: string): string {
  if (jstYear(deadlineMs) === jstYear(nowMs)) return formatInstant(deadlineMs, language);
  return new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: SERVICE_TIME_ZONE,
    year: 'numeric',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(deadlineMs);
}

/** "overdue by 2 business days" (nothing when no business day has begun since the deadline). */
export function overdueWords(
  calendar: Pick<BusinessCalendar, 'nextBusinessDay'>,
  deadlineMs: number,
  nowMs: number,
  t: TFunction,
): string | null {
  const days = businessDaysOverdue(calendar, deadlineMs, nowMs);
  return days === 0 ? null : t('queue.overdueBy', { count: days });
}
