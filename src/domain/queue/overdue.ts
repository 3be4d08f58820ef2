/**
 * How far past its answer deadline an open message is, in business days, for the queue row's
 * words ("overdue by 2 business days").
 *
 * Choices where DOMAIN.md leaves room:
 * - The count is the business days after the deadline's (JST) date, up to and including today's:
 *   a deadline of Thursday 21:30 is overdue by 1 business day on Friday, by 1 still over the
 *   weekend, by 2 on Monday. Service hours are not counted: a counsellor asks "how many working
 *   days late", not "how many service minutes".
 * - Past the deadline but with no business day begun since (the same evening, a weekend or a
 *   holiday right after it) the count is 0: the row says "overdue" without a number of days.
 * - Not yet past the deadline (a deadline is itself still in time) is also 0.
 */
import { formatDate, jstDayOf } from '../calendar/jst';
import type { BusinessCalendar } from '../calendar';

export function businessDaysOverdue(
  calendar: Pick<BusinessCalendar, 'nextBusinessDay'>,
  deadlineMs: number,
  nowMs: number,
): number {
  if (nowMs <= deadlineMs) return 0;
  const today = formatDate(jstDayOf(nowMs));
  let day = formatDate(jstDayOf(deadlineMs));
  let count = 0;
  // Dates as YYYY-MM-DD compare in calendar order as strings.
  for (;;) {
    day = calendar.nextBusinessDay(day);
    if (day > today) return count;
    count += 1;
  }
}
