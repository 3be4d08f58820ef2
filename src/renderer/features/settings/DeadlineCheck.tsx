import { Alert, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatJstInstant, jstInstant, parseDate } from '../../../domain/calendar';
import { useNow } from '../../app/clock';
import { formatDay, formatInstant, formatServiceTime } from '../../app/format';
import { useBusinessCalendar } from '../../app/workstation';
import { DeadlineStatusBadge } from '../deadlines/DeadlineStatusBadge';
import { DateField, TimeField } from '../sessions/fields';

/** A JST date `YYYY-MM-DD` and wall time `HH:MM` (24-hour) to epoch ms, or null. */
function jstLocalToMs(date: string, time: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) return null;
  const day = parseDate(date);
  if (day === null) return null;
  return jstInstant(day, Number(match[1]) * 60 + Number(match[2]));
}

/** The answer deadline of a message received at a chosen moment, with the settings in force. */
export function DeadlineCheck() {
  const { t, i18n } = useTranslation();
  const calendar = useBusinessCalendar();
  const now = useNow();
  // Typed as the service writes them, whatever the computer's locale (the browser's own
  // datetime input showed mm/dd/yyyy and AM/PM in the Japanese UI too).
  const [receivedOn, setReceivedOn] = useState(() => formatJstInstant(now.getTime()).slice(0, 10));
  const [receivedAt, setReceivedAt] = useState(() => formatJstInstant(now.getTime()).slice(11, 16));
  const result = useMemo(() => {
    const ms = jstLocalToMs(receivedOn, receivedAt);
    if (ms === null) return { kind: 'invalid' as const };
    try {
      const status = calendar.deadlineStatus({ receivedAtMs: ms, nowMs: now.getTime() });
      return { kind: 'ok' as const, status };
    } catch {
      return { kind: 'out-of-range' as const };
    }
  }, [calendar, receivedOn, receivedAt, now]);

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="deadline-check-title">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="deadline-check-title">
            {t('settings.deadlineCheck.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('settings.deadlineCheck.description')}
          </Text>
        </div>
        <Group gap="sm" align="flex-start">
          <DateField
            label={t('settings.deadlineCheck.receivedOn')}
            value={receivedOn}
            onChange={setReceivedOn}
            w={250}
            data-testid="deadline-check-date"
          />
          <TimeField
            label={t('settings.deadlineCheck.receivedAt')}
            value={receivedAt}
            onChange={setReceivedAt}
            w={250}
            data-testid="deadline-check-time"
          />
        </Group>
        {result.kind === 'invalid' && (
          <Alert color="gray">{t('settings.deadlineCheck.invalid')}</Alert>
        )}
        {result.kind === 'out-of-range' && (
          <Alert color="orange">
            {t('settings.deadlineCheck.outOfRange', {
              first: calendar.firstYear,
              last: calendar.lastYear,
            })}
          </Alert>
        )}
        {result.kind === 'ok' && (
          <Table
            variant="vertical"
            layout="fixed"
            withTableBorder={false}
            data-testid="deadline-check-result"
          >
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={180}>{t('settings.deadlineCheck.receiptDay')}</Table.Th>
                <Table.Td>{formatDay(result.status.receiptDay, i18n.language)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('settings.deadlineCheck.deadline')}</Table.Th>
                <Table.Td data-testid="deadline-check-deadline">
                  {formatInstant(result.status.deadlineMs, i18n.language)} JST
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('settings.deadlineCheck.statusNow')}</Table.Th>
                <Table.Td>
                  <Group gap="xs">
                    <DeadlineStatusBadge status={result.status.status} />
                    <Text size="sm">
                      {t('deadline.serviceTimeLeft', {
                        time: formatServiceTime(result.status.serviceMinutesLeft, t),
                      })}
                    </Text>
                  </Group>
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
