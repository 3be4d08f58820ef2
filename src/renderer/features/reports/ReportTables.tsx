/**
 * The report's tables: one measure at a time, chosen from the report's measures, as a
 * ./MeasureTable, with a note when a derived figure is not published (its denominator is under T).
 */
import { Group, Select, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  isDerivedMeasure,
  type Report,
  type ReportCell,
  type ReportMeasure,
} from '../../../domain/reports';
import { MeasureTable } from './MeasureTable';

/** Cells by measure, then by `category|period`. */
function indexCells(report: Report): Map<ReportMeasure, Map<string, ReportCell>> {
  const index = new Map<ReportMeasure, Map<string, ReportCell>>();
  for (const cell of report.cells) {
    let cells = index.get(cell.measure);
    if (!cells) index.set(cell.measure, (cells = new Map()));
    cells.set(`${cell.category}|${cell.period}`, cell);
  }
  return index;
}

export function ReportTables({
  report,
  chosen,
  setChosen,
}: {
  report: Report;
  /** Kept by the page: the report is worked out again (new data, an export) without losing it. */
  chosen: ReportMeasure;
  setChosen: (measure: ReportMeasure) => void;
}) {
  const { t } = useTranslation();
  const measure = report.measures.includes(chosen) ? chosen : report.measures[0]!;
  const cells = useMemo(() => indexCells(report), [report]);
  const measureCells = cells.get(measure) ?? new Map<string, ReportCell>();
  const notPublished =
    isDerivedMeasure(measure) &&
    [...measureCells.values()].some((c) => c.status === 'not-published');
  return (
    <Stack gap="xs" component="section" aria-labelledby="report-tables-title">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4" id="report-tables-title">
          {t(`reports.measures.${measure}`)}
        </Title>
        <Select
          label={t('reports.measure')}
          data={report.measures.map((m) => ({ value: m, label: t(`reports.measures.${m}`) }))}
          value={measure}
          onChange={(v) => v && setChosen(v as ReportMeasure)}
          allowDeselect={false}
          w={340}
          size="xs"
          data-testid="report-measure"
        />
      </Group>
      <MeasureTable report={report} measure={measure} cells={measureCells} />
      {notPublished && (
        <Text size="sm" c="dimmed" data-testid="report-derived-note">
          {t('reports.derivedNotPublished', { threshold: report.threshold })}
        </Text>
      )}
    </Stack>
  );
}
