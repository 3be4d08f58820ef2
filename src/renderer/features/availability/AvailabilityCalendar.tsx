/**
 * One counsellor's availability by week or month, a live read: a window added, a session booked
 * or cancelled anywhere shows here at once.
 */
import { Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Slot } from '../../../domain/booking';
import {
  civilFromDay,
  dayFromCivil,
  formatDate,
  formatJstInstant,
  jstDayOf,
  parseDate,
  weekdayOf,
} from '../../../domain/calendar';
import { useNow } from '../../app/clock';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import { formatDay, formatMonth } from '../../app/format';
import { useBusinessCalendar } from '../../app/workstation';
import { MonthView, WeekView, type DayPlan } from './CalendarViews';

/** Monday of the week of `day`. */
const mondayOf = (day: number) => day - ((weekdayOf(day) + 6) % 7);
const dateOf = (ms: number) => formatJstInstant(ms).slice(0, 10);

function rangeOf(mode: 'week' | 'month', anchor: number) {
  if (mode === 'week') return { fromDay: mondayOf(anchor), toDay: mondayOf(anchor) + 6 };
  const { year, month } = civilFromDay(anchor);
  const first = dayFromCivil(year, month, 1);
  const last = dayFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - 1;
  return { fromDay: first, toDay: last };
}

export function AvailabilityCalendar({
  counsellorId,
  counsellorName,
  onSlot,
}: {
  counsellorId: string;
  counsellorName: string;
  onSlot(slot: Slot): void;
}) {
  const { t, i18n } = useTranslation();
  const { booking } = useWorkstationDb();
  const calendar = useBusinessCalendar();
  const nowMs = useNow().getTime();
  const todayDay = jstDayOf(nowMs);
  const [mode, setMode] = useState<'week' | 'month'>('week');
  const [anchor, setAnchor] = useState(todayDay);
  const range = useMemo(() => rangeOf(mode, anchor), [mode, anchor]);
  const from = formatDate(range.fromDay);
  const to = formatDate(range.toDay);
  const { data } = useData(
    'availability.plan',
    () => booking.availabilityPlan({ counsellorId, from, to, nowMs }),
    [booking, counsellorId, from, to, nowMs],
  );

  const plan = useMemo<DayPlan[] | null>(() => {
    if (data === undefined) return null;
    const days: DayPlan[] = [];
    for (let d = range.fromDay; d <= range.toDay; d += 1) {
      const date = formatDate(d);
      const reason = calendar.businessDay(date).reason;
      const closed =
        reason === null
          ? null
          : reason.kind === 'holiday'
            ? i18n.language === 'ja'
              ? reason.nameJa
              : reason.name
            : reason.kind === 'closure'
              ? reason.label
              : t('availability.closed');
      days.push({
        date,
        closed,
        dayOff: data.daysOff.includes(date),
        offered: data.offered.filter((w) => w.date === date),
        written: data.written.filter((w) => w.date === date),
        slots: data.slots.filter((s) => dateOf(s.startMs) === date),
        sessions: data.sessions.filter((s) => dateOf(s.startMs) === date),
      });
    }
    return days;
  }, [data, calendar, range, i18n.language, t]);

  const step = (direction: 1 | -1) => {
    if (mode === 'week') return setAnchor(anchor + 7 * direction);
    const { year, month } = civilFromDay(anchor);
    const next = month + direction;
    setAnchor(
      dayFromCivil(
        next === 0 ? year - 1 : next === 13 ? year + 1 : year,
        next === 0 ? 12 : next === 13 ? 1 : next,
        1,
      ),
    );
  };
  const { year, month } = civilFromDay(anchor);
  const title =
    mode === 'week'
      ? `${formatDay(from, i18n.language)} – ${formatDay(to, i18n.language)}`
      : i18n.language === 'ja'
        ? `${year}年${month}月`
        : `${formatMonth(year, month, i18n.language)} ${year}`;

  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="availability-calendar-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h5" id="availability-calendar-title">
            {t('availability.calendarTitle')} · {counsellorName}
          </Title>
          <Group gap="xs">
            <SegmentedControl
              size="xs"
              aria-label={t('availability.calendarTitle')}
              value={mode}
              onChange={(v) => setMode(v as 'week' | 'month')}
              data={[
                { value: 'week', label: t('availability.week') },
                { value: 'month', label: t('availability.month') },
              ]}
            />
            <Button size="xs" variant="default" onClick={() => step(-1)}>
              {t('availability.previous')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setAnchor(todayDay)}>
              {t('availability.today')}
            </Button>
            <Button size="xs" variant="default" onClick={() => step(1)}>
              {t('availability.next')}
            </Button>
          </Group>
        </Group>
        <Text size="sm" fw={600} data-testid="calendar-range">
          {title}
        </Text>
        {plan === null ? null : mode === 'week' ? (
          <WeekView
            plan={plan}
            names={data?.participantNames ?? new Map()}
            counsellorName={counsellorName}
            onSlot={onSlot}
          />
        ) : (
          <MonthView
            plan={plan}
            leadingBlanks={(weekdayOf(range.fromDay) + 6) % 7}
            onDay={(date) => {
              setAnchor(parseDate(date)!);
              setMode('week');
            }}
          />
        )}
      </Stack>
    </Card>
  );
}
