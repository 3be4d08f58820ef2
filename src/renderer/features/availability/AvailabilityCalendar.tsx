import {
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createBookingRules,
  type AvailabilityWindow,
  type BookingData,
  type Slot,
} from '../../../domain/booking';
import {
  civilFromDay,
  dayFromCivil,
  formatDate,
  formatJstInstant,
  jstDayOf,
  parseDate,
  weekdayOf,
} from '../../../domain/calendar';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { formatDay, formatMonth } from '../../app/format';
import { useBusinessCalendar, useOrganisationSettings } from '../../app/workstation';
import type { ParticipantRecord } from '../../db/records';
import { OutcomeBadge } from '../sessions/OutcomeBadge';

const hhmm = (ms: number) => formatJstInstant(ms).slice(11, 16);

interface DayPlan {
  date: string;
  closed: string | null;
  windows: AvailabilityWindow[];
  slots: Slot[];
  sessions: NonNullable<BookingData['sessions']>;
}

/** Monday of the week of `day`. */
const mondayOf = (day: number) => day - ((weekdayOf(day) + 6) % 7);

export function AvailabilityCalendar({
  counsellorId,
  counsellorName,
  refreshKey,
  onSlot,
}: {
  counsellorId: string;
  counsellorName: string;
  refreshKey: unknown;
  onSlot(slot: Slot): void;
}) {
  const { t, i18n } = useTranslation();
  const { booking, dataVersion } = useWorkstationDb();
  const calendar = useBusinessCalendar();
  const { state } = useOrganisationSettings();
  const clock = useClock();
  const todayDay = jstDayOf(clock.now().getTime());
  const [mode, setMode] = useState<'week' | 'month'>('week');
  const [anchor, setAnchor] = useState(todayDay);
  const [data, setData] = useState<BookingData | null>(null);
  const [participants, setParticipants] = useState<Map<string, ParticipantRecord>>(new Map());

  useEffect(() => {
    let cancelled = false;
    void Promise.all([booking.bookingData(), booking.participants()]).then(([d, p]) => {
      if (cancelled) return;
      setData(d);
      setParticipants(new Map(p.map((x) => [x.id, x])));
    });
    return () => {
      cancelled = true;
    };
  }, [booking, refreshKey, dataVersion]);

  const range = useMemo(() => {
    if (mode === 'week') {
      const from = mondayOf(anchor);
      return { fromDay: from, toDay: from + 6 };
    }
    const { year, month } = civilFromDay(anchor);
    const first = dayFromCivil(year, month, 1);
    const last = dayFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - 1;
    return { fromDay: first, toDay: last };
  }, [mode, anchor]);

  const plan = useMemo<DayPlan[] | null>(() => {
    if (data === null) return null;
    const rules = createBookingRules({ calendar, settings: state.settings });
    const from = formatDate(range.fromDay);
    const to = formatDate(range.toDay);
    const windows = rules
      .availabilityWindows(data, { from, to })
      .filter((w) => w.counsellorId === counsellorId);
    const slots = rules.slots({
      ...data,
      from,
      to,
      nowMs: clock.now().getTime(),
      counsellorIds: [counsellorId],
    });
    const days: DayPlan[] = [];
    for (let d = range.fromDay; d <= range.toDay; d += 1) {
      const date = formatDate(d);
      const answer = calendar.businessDay(date);
      const reason = answer.reason;
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
        windows: windows.filter((w) => w.date === date),
        slots: slots.filter((s) => formatJstInstant(s.startMs).slice(0, 10) === date),
        sessions: (data.sessions ?? []).filter(
          (s) =>
            s.counsellorId === counsellorId && formatJstInstant(s.startMs).slice(0, 10) === date,
        ),
      });
    }
    return days;
  }, [data, calendar, state.settings, range, counsellorId, clock, i18n.language, t]);

  const step = (direction: 1 | -1) => {
    if (mode === 'week') setAnchor(anchor + 7 * direction);
    else {
      const { year, month } = civilFromDay(anchor);
      const next = month + direction;
      setAnchor(
        dayFromCivil(
          next === 0 ? year - 1 : next === 13 ? year + 1 : year,
          next === 0 ? 12 : next === 13 ? 1 : next,
          1,
        ),
      );
    }
  };

  const title =
    mode === 'week'
      ? `${formatDay(formatDate(range.fromDay), i18n.language)} – ${formatDay(formatDate(range.toDay), i18n.language)}`
      : `${formatMonth(civilFromDay(anchor).year, civilFromDay(anchor).month, i18n.language)} ${civilFromDay(anchor).year}`;

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
          <SimpleGrid cols={7} spacing={6} data-testid="week-view">
            {plan.map((day) => (
              <Stack key={day.date} gap={4} data-date={day.date} style={{ minWidth: 0 }}>
                <Text size="xs" fw={600}>
                  {formatDay(day.date, i18n.language)}
                </Text>
                {day.closed && (
                  <Badge
                    size="xs"
                    variant="outline"
                    color="gray"
                    style={{ maxWidth: '100%' }}
                    title={day.closed}
                  >
                    {day.closed}
                  </Badge>
                )}
                {day.windows.length > 0 && (
                  <Text size="xs" c="dimmed">
                    {t('availability.windows', {
                      times: day.windows
                        .map((w) => `${hhmm(w.startMs)}–${hhmm(w.endMs)}`)
                        .join(', '),
                    })}
                  </Text>
                )}
                {day.sessions.map((s) => (
                  <Stack key={s.id} gap={2} data-session-id={s.id}>
                    <Text size="xs" fw={600}>
                      {hhmm(s.startMs)} {participants.get(s.participantId)?.name ?? ''}
                    </Text>
                    <OutcomeBadge outcome={s.outcome} size="xs" />
                  </Stack>
                ))}
                {day.slots.map((slot) => (
                  <Button
                    key={slot.startMs}
                    size="compact-xs"
                    variant="default"
                    onClick={() => onSlot(slot)}
                    aria-label={t('availability.slotLabel', {
                      time: `${formatDay(day.date, i18n.language)} ${hhmm(slot.startMs)}`,
                      counsellor: counsellorName,
                    })}
                    data-slot={formatJstInstant(slot.startMs)}
                  >
                    {hhmm(slot.startMs)}
                  </Button>
                ))}
              </Stack>
            ))}
          </SimpleGrid>
        ) : (
          <SimpleGrid cols={7} spacing={4} data-testid="month-view">
            {t('availability.weekdays')
              .split(',')
              .map((w) => (
                <Text key={w} size="xs" fw={600} ta="center">
                  {w}
                </Text>
              ))}
            {Array.from({ length: (weekdayOf(range.fromDay) + 6) % 7 }, (_, i) => (
              <div key={`pad-${i}`} />
            ))}
            {plan.map((day) => (
              <UnstyledButton
                key={day.date}
                onClick={() => {
                  setAnchor(parseDate(day.date)!);
                  setMode('week');
                }}
                style={{
                  border: '1px solid var(--mantine-color-default-border)',
                  borderRadius: 4,
                  padding: 4,
                  minHeight: 64,
                }}
                data-date={day.date}
              >
                <Text size="xs" fw={600}>
                  {civilFromDay(parseDate(day.date)!).day}
                </Text>
                {day.closed ? (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {day.closed}
                  </Text>
                ) : (
                  <>
                    {day.slots.length > 0 && (
                      <Text size="xs">{t('availability.free', { count: day.slots.length })}</Text>
                    )}
                    {day.sessions.length > 0 && (
                      <Text size="xs">
                        {t('availability.booked', { count: day.sessions.length })}
                      </Text>
                    )}
                  </>
                )}
              </UnstyledButton>
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </Card>
  );
}
