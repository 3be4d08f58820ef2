/**
 * The report's controls above the report, preview and releases tabs: the period (./PeriodPicker),
 * the breakdown by counsellor, a summary of the months chosen, and the exports for those who may
 * export (others are told that only a supervisor may).
 */
import { Card, Group, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PublishedReport, Report } from '../../../domain/reports';
import { ExportButtons } from './ExportButtons';
import { monthsBetween, type PeriodProblem } from './labels';
import { PeriodPicker } from './PeriodPicker';

export function ReportControls({
  period,
  problem,
  nowMs,
  onPeriod,
  byCounsellor,
  setByCounsellor,
  mayExport,
  computed,
}: {
  period: { from: string; to: string };
  problem: PeriodProblem | null;
  nowMs: number;
  onPeriod: (from: string, to: string) => void;
  byCounsellor: boolean;
  setByCounsellor: (byCounsellor: boolean) => void;
  mayExport: boolean;
  /** The report worked out for the period, once ready. */
  computed: { report: Report; published: PublishedReport } | null;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <PeriodPicker
          from={period.from}
          to={period.to}
          problem={problem}
          nowMs={nowMs}
          onPeriod={onPeriod}
        />
        <Group justify="space-between" gap="sm">
          <Group gap="md">
            <Switch
              label={t('reports.period.byCounsellor')}
              checked={byCounsellor}
              onChange={(e) => setByCounsellor(e.currentTarget.checked)}
              size="sm"
            />
            <Text size="sm" c="dimmed" data-testid="report-period-summary">
              {problem === null &&
                t('reports.period.summary', {
                  from: period.from,
                  to: period.to,
                  count: monthsBetween(period.from, period.to),
                })}
            </Text>
          </Group>
          {!mayExport && (
            <Text size="sm" c="dimmed" data-testid="report-export-note">
              {t('reports.export.onlySupervisor')}
            </Text>
          )}
        </Group>
        {mayExport && (
          <Group justify="flex-end" gap="sm">
            <Text size="xs" c="dimmed">
              {t('reports.export.explain')}
            </Text>
            <ExportButtons computed={computed} />
          </Group>
        )}
      </Stack>
    </Card>
  );
}
