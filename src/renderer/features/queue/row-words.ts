/**
 * The queue row's words for a deadline: how far past it an overdue message is, in business days,
 * (the date itself, with its year when not this year, is app/format.ts's formatInstantNear).
 */
import type { TFunction } from 'i18next';
import { businessDaysOverdue } from '../../../domain/queue';
import type { BusinessCalendar } from '../../../domain/calendar';

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
