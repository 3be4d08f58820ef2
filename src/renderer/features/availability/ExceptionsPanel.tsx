/** Days off and extra windows of one counsellor: the list, and adding or removing one. */
import { ActionIcon, Alert, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatJstInstant } from '../../../domain/calendar';
import { useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { formatDay } from '../../app/format';
import type { AvailabilityExceptionRecord } from '../../db/records';
import { DateField, TimeField } from '../sessions/fields';

export function ExceptionsPanel({
  counsellorId,
  exceptions,
}: {
  counsellorId: string;
  exceptions: AvailabilityExceptionRecord[];
}) {
  const { t, i18n } = useTranslation();
  const { booking } = useWorkstationDb();
  const clock = useClock();
  const [date, setDate] = useState(() => formatJstInstant(clock.now().getTime()).slice(0, 10));
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = useAction(
    'availability.add-exception',
    useCallback(
      async (kind: 'day-off' | 'extra-window') => {
        const result = await booking.addException(
          kind === 'day-off'
            ? { counsellorId, date, kind }
            : { counsellorId, date, kind, start, end },
          clock.now().getTime(),
        );
        setProblem(result.ok ? null : result.problem);
      },
      [booking, counsellorId, date, start, end, clock],
    ),
  );
  const remove = useAction(
    'availability.remove-exception',
    useCallback(
      (id: string) => booking.deleteException(id, clock.now().getTime()),
      [booking, clock],
    ),
  );
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="exceptions-title">
      <Stack gap="sm">
        <Title order={2} size="h5" id="exceptions-title">
          {t('availability.exceptions')}
        </Title>
        {exceptions.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('availability.exceptionsNone')}
          </Text>
        ) : (
          <Table withTableBorder data-testid="exceptions-table">
            <Table.Tbody>
              {exceptions.map((e) => {
                const day = formatDay(e.date, i18n.language);
                const label =
                  e.kind === 'day-off'
                    ? `${day} · ${t('availability.dayOff')}`
                    : `${day} · ${t('availability.extraWindow')} ${e.start}–${e.end}`;
                return (
                  <Table.Tr key={e.id}>
                    <Table.Td>{label}</Table.Td>
                    <Table.Td w={40}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('availability.remove', { what: label })}
                        onClick={() => void remove.run(e.id)}
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
        <Group align="flex-start" gap="xs">
          <DateField label={t('availability.date')} value={date} onChange={setDate} w={190} />
          <Button mt={24} variant="default" onClick={() => void add.run('day-off')}>
            {t('availability.dayOff')}
          </Button>
          <TimeField label={t('availability.start')} value={start} onChange={setStart} w={110} />
          <TimeField label={t('availability.end')} value={end} onChange={setEnd} w={110} />
          <Button mt={24} variant="default" onClick={() => void add.run('extra-window')}>
            {t('availability.extraWindow')}
          </Button>
        </Group>
        {(problem ?? add.error ?? remove.error) && (
          <Alert color="red" role="alert">
            {problem ?? add.error ?? remove.error}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
