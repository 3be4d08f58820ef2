/**
 * One measure of the report as a table: its categories down, the report's months then its spans
 * (quarters, fiscal years, the whole period) across. Every cell is the published value: a figure,
 * or `*` where the report suppresses it. The raw figure behind a `*` is never shown.
 */
import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  SUPPRESSED_MARKER,
  type Report,
  type ReportCell,
  type ReportMeasure,
} from '../../../domain/reports';
import { categoryLabel, formatValue, monthLabel, spanRange } from './labels';

export function SuppressedMark() {
  const { t } = useTranslation();
  return (
    <Text span fw={700} title={t('reports.suppressed')} data-suppressed>
      {SUPPRESSED_MARKER}
    </Text>
  );
}

export interface MeasureTableProps {
  report: Report;
  measure: ReportMeasure;
  /** The cells of this measure by `category|period`. */
  cells: ReadonlyMap<string, ReportCell>;
}

export function MeasureTable({ report, measure, cells }: MeasureTableProps) {
  const { t, i18n } = useTranslation();
  const months = report.periods.filter((p) => p.kind === 'month');
  const spans = report.periods.filter((p) => p.kind === 'span');
  const categories = report.categories[measure] ?? [];
  const measureName = t(`reports.measures.${measure}`);
  return (
    <Table.ScrollContainer
      minWidth={0}
      type="native"
      // Wide periods scroll across: the region takes the keyboard focus to scroll.
      tabIndex={0}
      role="region"
      aria-label={t('reports.tableLabel', { measure: measureName })}
    >
      <Table
        className="cw-report-table"
        withTableBorder
        withColumnBorders
        highlightOnHover
        verticalSpacing={4}
        horizontalSpacing={8}
        fz="sm"
        data-testid="report-table"
        data-measure={measure}
        aria-label={t('reports.tableLabel', { measure: measureName })}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th rowSpan={2} className="cw-report-category" scope="col">
              {t('reports.category')}
            </Table.Th>
            <Table.Th colSpan={months.length} scope="colgroup">
              {t('reports.months')}
            </Table.Th>
            {spans.length > 0 && (
              <Table.Th colSpan={spans.length} scope="colgroup" className="cw-report-span-start">
                {t('reports.spans')}
              </Table.Th>
            )}
          </Table.Tr>
          <Table.Tr>
            {months.map((p) => (
              <Table.Th key={p.token} ta="right" scope="col" title={p.token}>
                {monthLabel(p.token, i18n.language)}
              </Table.Th>
            ))}
            {spans.map((p, i) => (
              <Table.Th
                key={p.token}
                ta="right"
                scope="col"
                className={i === 0 ? 'cw-report-span-start' : undefined}
              >
                {p.spanKinds.map((k) => t(`reports.spanKinds.${k}`)).join(' · ')}
                <Text size="xs" c="dimmed" fw={400}>
                  {spanRange(p.token)}
                </Text>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {categories.map((category) => (
            <Table.Tr key={category} data-all={category === 'all' ? true : undefined}>
              <Table.Th
                scope="row"
                className="cw-report-category"
                fw={category === 'all' ? 600 : 400}
              >
                {categoryLabel(t, category)}
              </Table.Th>
              {report.periods.map((p, i) => {
                const cell = cells.get(`${category}|${p.token}`);
                return (
                  <Table.Td
                    key={p.token}
                    ta="right"
                    className={i === months.length ? 'cw-report-span-start' : undefined}
                  >
                    {cell === undefined ? (
                      ''
                    ) : cell.value === SUPPRESSED_MARKER ? (
                      <SuppressedMark />
                    ) : (
                      formatValue(measure, cell.value, i18n.language)
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
