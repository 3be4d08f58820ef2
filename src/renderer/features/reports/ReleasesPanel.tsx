/**
 * The register of report releases (`#/reports/releases`; docs/reports.md, "Successive releases"):
 * every report exported for CLAIR, newest first, with its period, format, threshold and how many
 * of its counts were suppressed. A new report is suppressed together with the releases it
 * overlaps; this list shows which those are. Nothing here can be edited: the register says what
 * left the workstation.
 */
import { Alert, Badge, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isCountMeasure, linkedReleases } from '../../../domain/reports';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import { formatInstant } from '../../app/format';
import type { ReleaseRecord } from '../../db/records';

type State =
  { phase: 'loading' } | { phase: 'ready'; releases: ReleaseRecord[] } | { phase: 'failed' };

export function ReleasesPanel({ period }: { period: { from: string; to: string } | null }) {
  const { t, i18n } = useTranslation();
  const { releases } = useWorkstationDb();
  // Live: a release recorded anywhere (an export, a CO view) shows at once.
  const read = useData('reports.releases', () => releases.list(), [releases]);
  const state: State = read.error
    ? { phase: 'failed' }
    : read.data === undefined
      ? { phase: 'loading' }
      : { phase: 'ready', releases: read.data };

  if (state.phase === 'loading')
    return (
      <Loader size="sm" aria-label={t('reports.releases.loading')} data-testid="releases-loading" />
    );
  if (state.phase === 'failed')
    return (
      <Alert color="red" role="alert" title={t('reports.releases.failed')}>
        {t('error.body')}
      </Alert>
    );
  const linked = new Set(
    period === null ? [] : linkedReleases(state.releases, period.from, period.to),
  );
  const newestFirst = [...state.releases].reverse();
  return (
    <Stack gap="xs" component="section" aria-labelledby="releases-title">
      <Title order={2} size="h4" id="releases-title">
        {t('reports.releases.title')}
      </Title>
      <Text size="sm" c="dimmed" maw={900}>
        {t('reports.releases.explain')}
      </Text>
      {newestFirst.length === 0 ? (
        <Alert color="gray" data-testid="releases-empty">
          {t('reports.releases.empty')}
        </Alert>
      ) : (
        <Table striped withTableBorder data-testid="releases-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reports.releases.when')}</Table.Th>
              <Table.Th>{t('reports.releases.period')}</Table.Th>
              <Table.Th>{t('reports.releases.format')}</Table.Th>
              <Table.Th>{t('reports.releases.threshold')}</Table.Th>
              <Table.Th>{t('reports.releases.suppressed')}</Table.Th>
              <Table.Th>{t('reports.releases.who')}</Table.Th>
              <Table.Th>{t('reports.releases.linked')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {newestFirst.map((r) => {
              const counts = r.rows.filter((row) => isCountMeasure(row.measure));
              const hidden = counts.filter((row) => row.value === '*').length;
              return (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatInstant(r.releasedAtMs, i18n.language)}</Table.Td>
                  <Table.Td>
                    {r.from === r.to ? r.from : `${r.from} – ${r.to}`}
                    {r.byCounsellor && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        {t('reports.releases.byCounsellor')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {r.format === 'co-view' ? t('reports.releases.coView') : r.format.toUpperCase()}
                  </Table.Td>
                  <Table.Td>{r.threshold}</Table.Td>
                  <Table.Td>
                    {t('reports.releases.suppressedOf', { hidden, count: counts.length })}
                  </Table.Td>
                  <Table.Td>{r.profile}</Table.Td>
                  <Table.Td>
                    {linked.has(r) && (
                      <Badge variant="light" color="blue" size="sm">
                        {t('reports.releases.linkedYes')}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
