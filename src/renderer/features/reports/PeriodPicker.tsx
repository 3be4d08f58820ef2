/**
 * The report period: first and last JST month (both included), and quick periods. A period the domain would refuse (a month missing, the first
 * after the last, more than MAX_REPORT_MONTHS) is explained under the field that is wrong.
 */
import { Button, Group, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MAX_REPORT_MONTHS } from '../../../domain/reports';
import { PERIOD_PRESETS, presetPeriod, type PeriodProblem } from './labels';

export interface PeriodPickerProps {
  from: string;
  to: string;
  problem: PeriodProblem | null;
  nowMs: number;
  onPeriod(from: string, to: string): void;
}

export function PeriodPicker(props: PeriodPickerProps) {
  const { t } = useTranslation();
  const { from, to, problem, nowMs } = props;
  const message = (field: 'from' | 'to') => {
    if (problem === null || problem.field !== field) return undefined;
    if (problem.problem === 'missing') return t('reports.period.errors.missing');
    if (problem.problem === 'order') return t('reports.period.errors.order', { from, to });
    return t('reports.period.errors.tooLong', { max: MAX_REPORT_MONTHS, count: problem.count });
  };
  const active = PERIOD_PRESETS.find((p) => {
    const period = presetPeriod(p, nowMs);
    return period.from === from && period.to === to;
  });
  return (
    <Group
      gap="sm"
      align="flex-start"
      role="group"
      aria-label={t('reports.period.group')}
      data-testid="report-period"
    >
      <TextInput
        type="month"
        label={t('reports.period.from')}
        value={from}
        onChange={(e) => props.onPeriod(e.currentTarget.value, to)}
        error={message('from')}
        w={150}
        size="xs"
        required
      />
      <TextInput
        type="month"
        label={t('reports.period.to')}
        value={to}
        onChange={(e) => props.onPeriod(from, e.currentTarget.value)}
        error={message('to')}
        // Long messages wrap under the field rather than widening the row.
        maw={260}
        w={problem?.field === 'to' ? 260 : 150}
        size="xs"
        required
      />
      <div>
        <Text size="xs" fw={500} mb={4} id="report-presets-label">
          {t('reports.period.presets')}
        </Text>
        <Group gap={6} role="group" aria-labelledby="report-presets-label">
          {PERIOD_PRESETS.map((preset) => (
            <Button
              key={preset}
              size="compact-sm"
              variant={active === preset ? 'filled' : 'default'}
              aria-pressed={active === preset}
              onClick={() => {
                const period = presetPeriod(preset, nowMs);
                props.onPeriod(period.from, period.to);
              }}
            >
              {t(`reports.period.${preset}`)}
            </Button>
          ))}
        </Group>
      </div>
    </Group>
  );
}
