/**
 * Settings → Calendar: a year of business days, as a grid of months (./CalendarMonth) and a list
 * of the holidays and closures (./HolidayList), with the years the holiday data covers to step
 * through, a note for a provisional (computed) year, and where the holiday list was read from.
 */
import { ActionIcon, Alert, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconInfoCircle } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { civilFromDay, jstDayOf } from '../../../domain/calendar';
import { useNow } from '../../app/clock';
import {
  useBusinessCalendar,
  useHolidayList,
  useOrganisationSettings,
} from '../../app/workstation';
import { CalendarMonth } from './CalendarMonth';
import { HolidayList } from './HolidayList';
import './year-view.css';

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
  const { t } = useTranslation();
  const calendar = useBusinessCalendar();
  const holidayList = useHolidayList();
  const { state } = useOrganisationSettings();
  const now = useNow();
  const thisYear = civilFromDay(jstDayOf(now.getTime())).year;
  const [year, setYear] = useState(() =>
    Math.min(Math.max(thisYear, calendar.firstYear), calendar.lastYear),
  );
  const holidays = useMemo(() => calendar.holidaysInYear(year), [calendar, year]);
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
            <CalendarMonth key={i} calendar={calendar} year={year} month={i + 1} />
          ))}
        </div>

        <HolidayList year={year} holidays={holidays} closures={state.settings.closures} />
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
