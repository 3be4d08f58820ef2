/**
 * How late an unanswered message is, in business days (issue 14: "overdue by 2 business days").
 * The deadline is the close of service hours on a business day; each business day whose JST date
 * comes after the deadline's date, up to and including the date of `now`, counts one. So on the
 * deadline's own evening, after the close, a message is overdue by 0 business days (overdue today),
 * the next business day by 1, and weekends, holidays and closures in between do not count.
 */
import type { BusinessCalendar } from './business-calendar';
import { formatDate, jstDayOf } from './jst';

/** At most this many days are walked; older deadlines report this many business days or more. */
export const OVERDUE_WALK_DAYS = 3_660;

export function businessDaysOverdue(
  calendar: Pick<BusinessCalendar, 'isBusinessDay'>,
  deadlineMs: number,
  nowMs: number,
): number {
  if (!Number.isFinite(deadlineMs) || !Number.isFinite(nowMs)) {
    throw new RangeError('deadlineMs and nowMs must be instants (epoch milliseconds)');
  }
  if (nowMs <= deadlineMs) return 0;
  const from = jstDayOf(deadlineMs);
  const to = Math.min(jstDayOf(nowMs), from + OVERDUE_WALK_DAYS);
  let count = 0;
  for (let day = from + 1; day <= to; day++) {
    if (calendar.isBusinessDay(formatDate(day))) count++;
  }
  return count;
}
