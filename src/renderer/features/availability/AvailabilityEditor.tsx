import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Chip,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatAvailabilityRule } from '../../../domain/booking';
import { formatJstInstant, type Weekday } from '../../../domain/calendar';
import { wallTimeToMinutes } from '../../../domain/settings/organisation-settings';
import { useClock } from '../../app/clock';
import { formatDay } from '../../app/format';
import { describeAvailabilityRuleText } from '../../app/format-rule';
import { TimeField, WALL_TIME_PATTERN } from '../../app/TimeField';
import { useWorkstationDb } from '../../app/database';
import { useOrganisationSettings } from '../../app/workstation';
import type { AvailabilityExceptionRecord, AvailabilityRuleRecord } from '../../db/records';

const WEEKDAY_ORDER: Weekday[] = [1, 2, 3, 4, 5, 6, 0];

/** Start time of a rule's windows, read from its text (for the service-hours warning). */
function ruleStart(rule: string): string | null {
  const start = /T(\d{2})(\d{2})\d{2}/.exec(rule);
  return start ? `${start[1]}:${start[2]}` : null;
}

export function AvailabilityEditor({
  counsellorId,
  rules,
  exceptions,
  onChanged,
}: {
  counsellorId: string;
  rules: AvailabilityRuleRecord[];
  exceptions: AvailabilityExceptionRecord[];
  onChanged(): void;
}) {
  const { t, i18n } = useTranslation();
  const { booking } = useWorkstationDb();
  const clock = useClock();
  const { state } = useOrganisationSettings();
  const { open, close } = state.settings.serviceHours;
  const weekdayNames = t('availability.weekdays').split(',');
  const today = formatJstInstant(clock.now().getTime()).slice(0, 10);

  const [days, setDays] = useState<string[]>(['1', '3', '5']);
  const [start, setStart] = useState('10:00');
  const [end, setEnd] = useState('13:00');
  const [firstDate, setFirstDate] = useState(today);
  const [pasted, setPasted] = useState('');
  const [pastedMinutes, setPastedMinutes] = useState<number | string>(180);
  const [problem, setProblem] = useState<string | null>(null);
  const [exDate, setExDate] = useState(today);
  const [exStart, setExStart] = useState('');
  const [exEnd, setExEnd] = useState('');
  const [exProblem, setExProblem] = useState<string | null>(null);

  const nowMs = () => clock.now().getTime();
  const outside = (startWall: string, minutes: number) =>
    wallTimeToMinutes(startWall) < wallTimeToMinutes(open) ||
    wallTimeToMinutes(startWall) + minutes > wallTimeToMinutes(close);

  const save = async (rule: string, durationMinutes: number) => {
    const result = await booking.saveRule({ counsellorId, rule, durationMinutes }, nowMs());
    if (!result.ok) {
      setProblem(result.problem);
      return false;
    }
    setProblem(null);
    onChanged();
    return true;
  };

  const addWindow = async () => {
    if (
      !WALL_TIME_PATTERN.test(start) ||
      !WALL_TIME_PATTERN.test(end) ||
      wallTimeToMinutes(end) <= wallTimeToMinutes(start)
    ) {
      setProblem(t('availability.end') + ': ' + start + '–' + end);
      return;
    }
    let rule: string;
    try {
      rule = formatAvailabilityRule({ firstDate, start, days: days.map(Number) as Weekday[] });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      return;
    }
    await save(rule, wallTimeToMinutes(end) - wallTimeToMinutes(start));
  };

  const addPasted = async () => {
    if (await save(pasted.trim(), Number(pastedMinutes))) setPasted('');
  };

  const addException = async (kind: 'day-off' | 'extra-window') => {
    const result = await booking.addException(
      kind === 'day-off'
        ? { counsellorId, date: exDate, kind }
        : { counsellorId, date: exDate, kind, start: exStart, end: exEnd },
      nowMs(),
    );
    setExProblem(result.ok ? null : result.problem);
    if (result.ok) onChanged();
  };

  return (
    <Stack gap="md">
      <Card withBorder padding="sm" component="section" aria-labelledby="rules-title">
        <Stack gap="sm">
          <Title order={2} size="h5" id="rules-title">
            {t('availability.rules')}
          </Title>
          {rules.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('availability.rulesNone')}
            </Text>
          ) : (
            <Table withTableBorder data-testid="rules-table">
              <Table.Tbody>
                {rules.map((r) => {
                  const start = ruleStart(r.rule);
                  const clipped = start !== null && outside(start, r.durationMinutes);
                  // In words ("Tuesdays and Thursdays, 18:00–21:00"), never the rule's text.
                  const label =
                    describeAvailabilityRuleText(r.rule, r.durationMinutes, t, i18n.language) ??
                    t('availability.ruleUnreadable');
                  return (
                    <Table.Tr key={r.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {label}
                        </Text>
                        {clipped && (
                          <Group gap={4} mt={4}>
                            <IconAlertTriangle size={14} aria-hidden />
                            <Text size="xs">{t('availability.clipped', { open, close })}</Text>
                          </Group>
                        )}
                      </Table.Td>
                      <Table.Td w={40}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('availability.remove', { what: label })}
                          onClick={() => void booking.deleteRule(r.id, nowMs()).then(onChanged)}
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
          <Text size="sm" fw={600}>
            {t('availability.addWindow')}
          </Text>
          <Chip.Group multiple value={days} onChange={setDays}>
            <Group gap={4} role="group" aria-label={t('availability.days')}>
              {WEEKDAY_ORDER.map((d) => (
                <Chip key={d} value={String(d)} size="xs">
                  {weekdayNames[(d + 6) % 7]}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          <Group align="flex-end" gap="xs">
            <TimeField
              label={t('availability.start')}
              value={start}
              onChange={(e) => setStart(e.currentTarget.value)}
              w={140}
            />
            <TimeField
              label={t('availability.end')}
              value={end}
              onChange={(e) => setEnd(e.currentTarget.value)}
              w={140}
            />
            <TextInput
              type="date"
              label={t('availability.firstDate')}
              value={firstDate}
              onChange={(e) => setFirstDate(e.currentTarget.value)}
              w={160}
            />
            <Button onClick={() => void addWindow()} disabled={days.length === 0}>
              {t('availability.add')}
            </Button>
          </Group>
          {WALL_TIME_PATTERN.test(start) &&
            WALL_TIME_PATTERN.test(end) &&
            wallTimeToMinutes(end) > wallTimeToMinutes(start) &&
            outside(start, wallTimeToMinutes(end) - wallTimeToMinutes(start)) && (
              <Alert
                color="yellow"
                icon={<IconAlertTriangle aria-hidden />}
                data-testid="clipped-warning"
              >
                {t('availability.clipped', { open, close })}
              </Alert>
            )}
          <Stack gap="xs">
            <Textarea
              label={t('availability.pasteRule')}
              placeholder={'DTSTART;TZID=Asia/Tokyo:20261201T100000\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH'}
              value={pasted}
              onChange={(e) => setPasted(e.currentTarget.value)}
              autosize
              minRows={2}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
            <Group align="flex-end" gap="xs">
              <NumberInput
                label={t('availability.duration')}
                value={pastedMinutes}
                onChange={setPastedMinutes}
                min={1}
                max={1440}
                w={140}
              />
              <Button
                variant="default"
                onClick={() => void addPasted()}
                disabled={pasted.trim() === ''}
              >
                {t('availability.addRule')}
              </Button>
            </Group>
          </Stack>
          {problem && (
            <Alert color="red" role="alert" data-testid="rule-problem">
              {problem}
            </Alert>
          )}
        </Stack>
      </Card>

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
            <Table withTableBorder>
              <Table.Tbody>
                {exceptions.map((e) => {
                  const label =
                    e.kind === 'day-off'
                      ? `${formatDay(e.date, i18n.language)} ${t('availability.dayOff')}`
                      : `${formatDay(e.date, i18n.language)} ${t('availability.extraWindow')} ${e.start}–${e.end}`;
                  return (
                    <Table.Tr key={e.id}>
                      <Table.Td>{label}</Table.Td>
                      <Table.Td w={40}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('availability.remove', { what: label })}
                          onClick={() =>
                            void booking.deleteException(e.id, nowMs()).then(onChanged)
                          }
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
          <Group align="flex-end" gap="xs">
            <TextInput
              type="date"
              label={t('availability.date')}
              value={exDate}
              onChange={(e) => setExDate(e.currentTarget.value)}
              w={160}
            />
            <Button variant="default" onClick={() => void addException('day-off')}>
              {t('availability.dayOff')}
            </Button>
            <TimeField
              label={t('availability.start')}
              value={exStart}
              onChange={(e) => setExStart(e.currentTarget.value)}
              w={140}
            />
            <TimeField
              label={t('availability.end')}
              value={exEnd}
              onChange={(e) => setExEnd(e.currentTarget.value)}
              w={140}
            />
            <Button variant="default" onClick={() => void addException('extra-window')}>
              {t('availability.extraWindow')}
            </Button>
          </Group>
          {exProblem && (
            <Alert color="red" role="alert">
              {exProblem}
            </Alert>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
