/**
 * Adds a weekly window (days, 24-hour times, first date) or a pasted RFC 5545 rule. A refusal says
 * why beside the form; a failed write is shown by the action wrapper, inline and as a notice.
 */
import { Alert, Button, Chip, Group, NumberInput, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatAvailabilityRule } from '../../../domain/booking';
import { formatJstInstant, type Weekday } from '../../../domain/calendar';
import { wallTimeToMinutes } from '../../../domain/settings/organisation-settings';
import { useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { useOrganisationSettings } from '../../app/workstation';
import { DateField, TIME_PATTERN, TimeField, isDate } from '../sessions/fields';

const WEEKDAY_ORDER: Weekday[] = [1, 2, 3, 4, 5, 6, 0];

export function RuleForm({ counsellorId }: { counsellorId: string }) {
  const { t } = useTranslation();
  const { booking } = useWorkstationDb();
  const clock = useClock();
  const { open, close } = useOrganisationSettings().state.settings.serviceHours;
  const weekdayNames = t('availability.weekdays').split(',');
  const [days, setDays] = useState<string[]>(['1', '3', '5']);
  const [start, setStart] = useState('10:00');
  const [end, setEnd] = useState('13:00');
  const [firstDate, setFirstDate] = useState(() =>
    formatJstInstant(clock.now().getTime()).slice(0, 10),
  );
  const [pasted, setPasted] = useState('');
  const [pastedMinutes, setPastedMinutes] = useState<number | string>(180);
  const [problem, setProblem] = useState<string | null>(null);

  const save = useAction(
    'availability.save-rule',
    useCallback(
      async (rule: string, durationMinutes: number) => {
        const result = await booking.saveRule(
          { counsellorId, rule, durationMinutes },
          clock.now().getTime(),
        );
        setProblem(result.ok ? null : result.problem);
        return result.ok;
      },
      [booking, counsellorId, clock],
    ),
    { notify: true },
  );

  const timesValid =
    TIME_PATTERN.test(start) &&
    TIME_PATTERN.test(end) &&
    wallTimeToMinutes(end) > wallTimeToMinutes(start);
  const minutes = timesValid ? wallTimeToMinutes(end) - wallTimeToMinutes(start) : 0;
  const outside =
    timesValid &&
    (wallTimeToMinutes(start) < wallTimeToMinutes(open) ||
      wallTimeToMinutes(end) > wallTimeToMinutes(close));

  const addWindow = () => {
    if (!timesValid || !isDate(firstDate)) {
      setProblem(t('availability.windowInvalid'));
      return;
    }
    const rule = formatAvailabilityRule({ firstDate, start, days: days.map(Number) as Weekday[] });
    void save.run(rule, minutes);
  };
  const addPasted = async () => {
    if ((await save.run(pasted.trim(), Number(pastedMinutes))) === true) setPasted('');
  };

  return (
    <Stack gap="sm">
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
      <Group align="flex-start" gap="xs">
        <TimeField label={t('availability.start')} value={start} onChange={setStart} w={110} />
        <TimeField label={t('availability.end')} value={end} onChange={setEnd} w={110} />
        <DateField
          label={t('availability.firstDate')}
          value={firstDate}
          onChange={setFirstDate}
          w={190}
        />
        <Button mt={24} onClick={addWindow} loading={save.busy} disabled={days.length === 0}>
          {t('availability.add')}
        </Button>
      </Group>
      {outside && (
        <Alert
          color="yellow"
          icon={<IconAlertTriangle aria-hidden />}
          data-testid="clipped-warning"
        >
          {t('availability.clipped', { open, close })}
        </Alert>
      )}
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
        <Button variant="default" onClick={() => void addPasted()} disabled={pasted.trim() === ''}>
          {t('availability.addRule')}
        </Button>
      </Group>
      {(problem ?? save.error) && (
        <Alert color="red" role="alert" data-testid="rule-problem">
          {problem ?? save.error}
        </Alert>
      )}
    </Stack>
  );
}
