import { ActionIcon, Alert, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconInfoCircle } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  civilFromDay,
  dayFromCivil,
  formatDate,
  jstDayOf,
  weekdayOf,
  type BusinessCalendar,
  type Holiday,
} from '../../../domain/calendar';
import type { Closure } from '../../../domain/settings/organisation-settings';
import { useNow } from '../../app/clock';
import { formatDay, formatMonth } from '../../app/format';
import {
  useBusinessCalendar,
  useHolidayList,
  useOrganisationSettings,
} from '../../app/workstation';
import './year-view.css';

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

function Month({
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

/** Closures that touch `year`, clipped to it. */
function closuresIn(closures: Closure[], year: number): Closure[] {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  return closures.filter((c) => c.from <= to && c.to >= from);
}

function kindLabel(holiday: Holiday, t: TFunction): string {
  if (holiday.kind === 'substitute') return t('settings.calendar.kindSubstitute');
  if (holiday.kind === 'citizens') return t('settings.calendar.kindCitizens');
  return t('settings.calendar.kindNational');
}

/** The legend: one sample day per kind, styled by the same rules as the calendar's cells. */
const LEGEND = [
  { label: 'settings.calendar.legendWeekend', sample: '6', kind: 'weekend', provisional: false },
  { label: 'settings.calendar.legendHoliday', sample: '3', kind: 'holiday', provisional: false },
  { label: 'settings.calendar.legendClosure', sample: '29', kind: 'closure', provisional: false },
  {
    label: 'settings.calendar.legendProvisional',
    sample: '20',
    kind: 'holiday',
    provisional: true,
  },
] as const;

/** A year of business days: holidays (provisional ones marked) and closures, as a grid and a list. */
export function BusinessCalendarYear() {
  const { t, i18n } = useTranslation();
  const calendar = useBusinessCalendar();
  const holidayList = useHolidayList();
  const { state } = useOrganisationSettings();
  const now = useNow();
  const thisYear = civilFromDay(jstDayOf(now.getTime())).year;
  const [year, setYear] = useState(() =>
    Math.min(Math.max(thisYear, calendar.firstYear), calendar.lastYear),
  );
  const holidays = useMemo(() => calendar.holidaysInYear(year), [calendar, year]);
  const closures = closuresIn(state.settings.closures, year);
  const provisional = calendar.isProvisionalYear(year);

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="year-view-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h4" id="year-view-title">
              {t('settings.calendar.title', { year })}
            </Title>
            <Text size="sm" c="dimmed">
              {t('settings.calendar.description')}
            </Text>
          </div>
          <Group gap={4}>
            <ActionIcon
              variant="default"
              aria-label={t('settings.calendar.previousYear')}
              disabled={year <= calendar.firstYear}
              onClick={() => setYear(year - 1)}
            >
              <IconChevronLeft size={16} aria-hidden />
            </ActionIcon>
            <Text fw={600} w={48} ta="center" aria-live="polite" data-testid="year-view-year">
              {year}
            </Text>
            <ActionIcon
              variant="default"
              aria-label={t('settings.calendar.nextYear')}
              disabled={year >= calendar.lastYear}
              onClick={() => setYear(year + 1)}
            >
              <IconChevronRight size={16} aria-hidden />
            </ActionIcon>
          </Group>
        </Group>

        {holidayList.problem && (
          <Alert color="orange" icon={<IconInfoCircle aria-hidden />} role="alert">
            {t('settings.calendar.overrideProblem', { message: holidayList.problem.message })}
          </Alert>
        )}
        {provisional && (
          <Alert
            color="yellow"
            icon={<IconInfoCircle aria-hidden />}
            data-testid="provisional-note"
          >
            {t('settings.calendar.provisionalNote', { year: holidayList.data.officialThrough })}
          </Alert>
        )}

        <Group gap="md" aria-hidden>
          {LEGEND.map(({ label, sample, kind, provisional }) => (
            <Group gap={6} key={label}>
              <span
                className="cw-legend-swatch"
                data-kind={kind}
                data-provisional={provisional ? 'true' : undefined}
              >
                {sample}
              </span>
              <Text size="xs">{t(label)}</Text>
            </Group>
          ))}
        </Group>

        <div className="cw-year-grid" data-testid="year-grid">
          {Array.from({ length: 12 }, (_, i) => (
            <Month key={i} calendar={calendar} year={year} month={i + 1} />
          ))}
        </div>

        <Title order={3} size="h5">
          {t('settings.calendar.listTitle', { year })}
        </Title>
        <Table striped withTableBorder data-testid="holiday-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={200}>{t('settings.calendar.date')}</Table.Th>
              <Table.Th>{t('settings.calendar.name')}</Table.Th>
              <Table.Th w={220}>{t('settings.calendar.kind')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[
              ...holidays.map((h) => ({
                key: h.date,
                sort: h.date,
                date: formatDay(h.date, i18n.language),
                name: i18n.language === 'ja' ? h.nameJa : h.name,
                kind: kindLabel(h, t),
                provisional: h.provisional,
              })),
              ...closures.map((c) => ({
                key: `closure-${c.from}-${c.to}-${c.label}`,
                sort: c.from,
                date:
                  c.from === c.to
                    ? formatDay(c.from, i18n.language)
                    : `${formatDay(c.from, i18n.language)} – ${formatDay(c.to, i18n.language)}`,
                name: c.label,
                kind: t('settings.calendar.kindClosure'),
                provisional: false,
              })),
            ]
              .sort((a, b) => a.sort.localeCompare(b.sort))
              .map((row) => (
                <Table.Tr key={row.key}>
                  <Table.Td>{row.date}</Table.Td>
                  <Table.Td>{row.name}</Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      {row.kind}
                      {row.provisional && (
                        <Badge size="xs" variant="outline" color="gray">
                          {t('settings.calendar.provisional')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          {t('settings.calendar.source', {
            year: holidayList.data.officialThrough,
            file: holidayList.file,
          })}
        </Text>
      </Stack>
    </Card>
  );
}
