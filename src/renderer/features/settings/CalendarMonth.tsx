/**
 * One month of the business calendar's year grid: a table of weeks, Monday first, each day marked
 * with its kind (business day, weekend, holiday, closure; a provisional holiday flagged) and named
 * in full for screen readers and as a tooltip.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  civilFromDay,
  dayFromCivil,
  formatDate,
  weekdayOf,
  type BusinessCalendar,
} from '../../../domain/calendar';
import { formatDay, formatMonth } from '../../app/format';

type DayKind = 'business' | 'weekend' | 'holiday' | 'closure';

interface DayCell {
  date: string;
  day: number;
  kind: DayKind;
  provisional: boolean;
  label: string;
}

/** Monday-first weekday index (0 = Monday). */
const mondayFirst = (dayNumber: number) => (weekdayOf(dayNumber) + 6) % 7;

function useMonthCells(calendar: BusinessCalendar, year: number, month: number, language: string) {
  const { t } = useTranslation();
  return useMemo(() => {
    const first = dayFromCivil(year, month, 1);
    const last = dayFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - 1;
    const cells: (DayCell | null)[] = Array.from({ length: mondayFirst(first) }, () => null);
    for (let d = first; d <= last; d += 1) {
      const date = formatDate(d);
      const answer = calendar.businessDay(date);
      const dayText = formatDay(date, language);
      let cell: DayCell;
      if (answer.reason === null) {
        cell = {
          date,
          day: civilFromDay(d).day,
          kind: 'business',
          provisional: false,
          label: t('settings.calendar.dayBusiness', { day: dayText }),
        };
      } else if (answer.reason.kind === 'holiday') {
        const name = language === 'ja' ? answer.reason.nameJa : answer.reason.name;
        cell = {
          date,
          day: civilFromDay(d).day,
          kind: 'holiday',
          provisional: answer.reason.provisional,
          label:
            t('settings.calendar.dayHoliday', { day: dayText, name }) +
            (answer.reason.provisional ? ` (${t('settings.calendar.provisional')})` : ''),
        };
      } else if (answer.reason.kind === 'closure') {
        cell = {
          date,
          day: civilFromDay(d).day,
          kind: 'closure',
          provisional: false,
          label: t('settings.calendar.dayClosure', { day: dayText, label: answer.reason.label }),
        };
      } else {
        cell = {
          date,
          day: civilFromDay(d).day,
          kind: 'weekend',
          provisional: false,
          label: t('settings.calendar.dayWeekend', { day: dayText }),
        };
      }
      cells.push(cell);
    }
    while (cells.length % 7 !== 0) cells.push(null);
    const weeks: (DayCell | null)[][] = [];
    for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
    return weeks;
  }, [calendar, year, month, language, t]);
}

function weekdayHeaders(language: string): string[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) =>
    new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', {
      weekday: 'narrow',
      timeZone: 'UTC',
    }).format(new Date(Date.UTC(2024, 0, 1 + i))),
  );
}

export function CalendarMonth({
  calendar,
  year,
  month,
}: {
  calendar: BusinessCalendar;
  year: number;
  month: number;
}) {
  const { i18n } = useTranslation();
  const weeks = useMonthCells(calendar, year, month, i18n.language);
  const headers = weekdayHeaders(i18n.language);
  return (
    <table className="cw-month">
      <caption>{formatMonth(year, month, i18n.language)}</caption>
      <thead>
        <tr>
          {headers.map((h, i) => (
            <th key={i} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, w) => (
          <tr key={w}>
            {week.map((cell, i) =>
              cell === null ? (
                <td key={i} />
              ) : (
                <td
                  key={cell.date}
                  data-date={cell.date}
                  data-kind={cell.kind}
                  data-provisional={cell.provisional ? 'true' : undefined}
                  title={cell.label}
                  aria-label={cell.label}
                >
                  {cell.day}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
