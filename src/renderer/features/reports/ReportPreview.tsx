/**
 * The preview of the export: exactly the lines of the CSV file (`period,measure,category,value`,
 * then one per published row, in the same order), a page at a time.
 */
import { Group, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublishedReport } from '../../../domain/reports';
import { csvValue } from './labels';

const ROWS_PER_PAGE = 50;
export const CSV_COLUMNS = ['period', 'measure', 'category', 'value'] as const;

export function ReportPreview({ published }: { published: PublishedReport }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const count = published.rows.length;
  const pages = Math.max(1, Math.ceil(count / ROWS_PER_PAGE));
  const current = Math.min(page, pages);
  const first = (current - 1) * ROWS_PER_PAGE;
  const shown = published.rows.slice(first, first + ROWS_PER_PAGE);
  const number = (n: number) => n.toLocaleString(i18n.language === 'ja' ? 'ja-JP' : 'en-GB');
  return (
    <Stack gap="sm" data-testid="report-preview">
      <Stack gap={2}>
        <Title order={2} size="h4">
          {t('reports.preview.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('reports.preview.explain')}
        </Text>
      </Stack>
      <Group justify="space-between" gap="sm">
        <Text size="sm" data-testid="report-preview-range">
          {count === 0
            ? t('reports.preview.rows', { count: 0 })
            : t('reports.preview.range', {
                first: number(first + 1),
                last: number(first + shown.length),
                count: number(count),
              })}
        </Text>
        {pages > 1 && (
          <Pagination
            total={pages}
            value={current}
            onChange={setPage}
            size="sm"
            siblings={1}
            getControlProps={(control) => ({ 'aria-label': t(`co.pagination.${control}`) })}
            getItemProps={(n) => ({ 'aria-label': t('co.pagination.page', { page: n }) })}
          />
        )}
      </Group>
      <Table.ScrollContainer minWidth={520}>
        <Table
          className="cw-report-preview"
          withTableBorder
          verticalSpacing={2}
          horizontalSpacing={8}
          aria-label={t('reports.preview.tableLabel')}
          data-testid="report-preview-table"
        >
          <Table.Thead>
            <Table.Tr>
              {CSV_COLUMNS.map((c) => (
                <Table.Th key={c} scope="col">
                  {c}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((row) => (
              <Table.Tr key={`${row.period}|${row.measure}|${row.category}`}>
                <Table.Td>{row.period}</Table.Td>
                <Table.Td>{row.measure}</Table.Td>
                <Table.Td>{row.category}</Table.Td>
                <Table.Td>{csvValue(row.value)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
