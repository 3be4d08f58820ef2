/**
 * The week and month views of one counsellor's availability: windows as they are offered (what
 * service hours leave of them, with the written times beside when they differ), days off and
 * closed days labelled in words, sessions by participant, and the free slots to book.
 */
import { Badge, Button, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AvailabilityWindow, Session, Slot } from '../../../domain/booking';
import { civilFromDay, formatJstInstant, parseDate } from '../../../domain/calendar';
import { formatDay } from '../../app/format';
import { OutcomeBadge } from '../sessions/OutcomeBadge';
import { jstTime } from '../sessions/words';

export interface DayPlan {
  date: string;
  /** A holiday's or closure's name, or "Closed" on a weekend; null on a business day. */
  closed: string | null;
  dayOff: boolean;
  offered: AvailabilityWindow[];
  written: AvailabilityWindow[];
  slots: Slot[];
  sessions: Session[];
}

const span = (windows: AvailabilityWindow[]) =>
  windows.map((w) => `${jstTime(w.startMs)}–${jstTime(w.endMs)}`).join(', ');

function DayLabels({ day }: { day: DayPlan }) {
  const { t } = useTranslation();
  return (
    <>
      {day.closed && (
        <Badge size="xs" variant="outline" color="gray" maw="100%" title={day.closed}>
          {day.closed}
        </Badge>
      )}
      {day.dayOff && (
        <Badge size="xs" variant="light" color="grape" maw="100%" data-testid="day-off">
          {t('availability.dayOffBadge')}
        </Badge>
      )}
    </>
  );
}

export function WeekView({
  plan,
  names,
  counsellorName,
  onSlot,
}: {
  plan: DayPlan[];
  names: Map<string, string>;
  counsellorName: string;
  onSlot(slot: Slot): void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <SimpleGrid cols={7} spacing={6} data-testid="week-view">
      {plan.map((day) => {
        const offered = span(day.offered);
        const written = span(day.written);
        return (
          <Stack key={day.date} gap={4} data-date={day.date} style={{ minWidth: 0 }}>
            <Text size="xs" fw={600}>
              {formatDay(day.date, i18n.language)}
            </Text>
            <DayLabels day={day} />
            {offered !== '' && (
              <Text size="xs" c="dimmed" data-testid="offered">
                {t('availability.offered', { times: offered })}
              </Text>
            )}
            {written !== '' && written !== offered && !day.closed && (
              <Text size="xs" c="dimmed" fs="italic" data-testid="written">
                {t('availability.written', { times: written })}
              </Text>
            )}
            {day.sessions.map((s) => (
              <Stack key={s.id} gap={2} data-session-id={s.id}>
                <Text size="xs" fw={600}>
                  {jstTime(s.startMs)} {names.get(s.participantId) ?? ''}
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
                  time: `${formatDay(day.date, i18n.language)} ${jstTime(slot.startMs)}`,
                  counsellor: counsellorName,
                })}
                data-slot={formatJstInstant(slot.startMs)}
              >
                {jstTime(slot.startMs)}
              </Button>
            ))}
          </Stack>
        );
      })}
    </SimpleGrid>
  );
}

export function MonthView({
  plan,
  leadingBlanks,
  onDay,
}: {
  plan: DayPlan[];
  leadingBlanks: number;
  onDay(date: string): void;
}) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={7} spacing={4} data-testid="month-view">
      {t('availability.weekdays')
        .split(',')
        .map((w) => (
          <Text key={w} size="xs" fw={600} ta="center">
            {w}
          </Text>
        ))}
      {Array.from({ length: leadingBlanks }, (_, i) => (
        <div key={`pad-${i}`} />
      ))}
      {plan.map((day) => (
        <UnstyledButton
          key={day.date}
          onClick={() => onDay(day.date)}
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
          ) : day.dayOff ? (
            <Text size="xs" c="grape.9" data-testid="day-off">
              {t('availability.dayOffBadge')}
            </Text>
          ) : (
            day.slots.length > 0 && (
              <Text size="xs">{t('availability.free', { count: day.slots.length })}</Text>
            )
          )}
          {day.sessions.length > 0 && (
            <Text size="xs">{t('availability.booked', { count: day.sessions.length })}</Text>
          )}
        </UnstyledButton>
      ))}
    </SimpleGrid>
  );
}
