/**
 * The CO view (#/co): what a Contracting Organisation may see (DOMAIN.md section 7; issue 13.1):
 * the same audited figures as a CLAIR release, for the fiscal year to date: sessions by month and
 * outcome and messages received by month, with the quarters and the year to date. They are built
 * by the reports engine together with the register of releases, and recorded on it before they
 * are shown (useCoView.ts, db/repositories/co-view.ts). The page's only state is a `CoView`: published rows of
 * tokens and numbers, with no field for a name, an identifier, a date or a text.
 */
import {
  Alert,
  Badge,
  Card,
  Group,
  Loader,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CO_CATEGORIES,
  isSuppressed,
  type CoCategory,
  type CoCell,
  type CoMeasure,
  type CoView,
} from '../../../domain/privacy/projections';
import { SUPPRESSED_MARKER, type ReportedOutcome } from '../../../domain/reports';
import { useOrganisationSettings } from '../../app/workstation';
import { useCoView } from './useCoView';

function Cell({ value }: { value: CoCell | undefined }) {
  const { t } = useTranslation();
  if (value === undefined) return null;
  return isSuppressed(value) ? (
    <Text span fw={700} title={t('co.suppressedCell')} data-suppressed>
      {SUPPRESSED_MARKER}
    </Text>
  ) : (
    <>{value}</>
  );
}

/** The view's cells by period, then category, for one measure; periods in the view's order. */
function tableOf(view: CoView, measure: CoMeasure) {
  const periods: string[] = [];
  const cells = new Map<string, CoCell>();
  for (const row of view.rows) {
    if (row.measure !== measure) continue;
    if (!periods.includes(row.period)) periods.push(row.period);
    cells.set(`${row.period}|${row.category}`, row.value);
  }
  return {
    periods,
    cell: (period: string, category: CoCategory) => cells.get(`${period}|${category}`),
  };
}

export function CoViewPage() {
  const { t, i18n } = useTranslation();
  const { state } = useOrganisationSettings();
  const threshold = state.settings.reportSuppressionThreshold;
  const coView = useCoView();

  const periodLabel = useMemo(() => {
    const format = new Intl.DateTimeFormat(i18n.language === 'ja' ? 'ja-JP' : 'en-GB', {
      year: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    });
    const month = (m: string) => format.format(new Date(`${m}-01T00:00:00Z`));
    return (period: string) => {
      const [first, last] = period.split('..');
      return last === undefined
        ? month(first!)
        : t('co.span', { first: month(first!), last: month(last) });
    };
  }, [i18n.language, t]);

  if (coView.phase === 'loading') return <Loader size="sm" aria-label={t('co.loading')} />;
  if (coView.phase === 'failed')
    return (
      <Alert color="red" role="alert" title={t('co.failed')}>
        {t('error.body')}
      </Alert>
    );
  const view = coView.view;

  const sessions = tableOf(view, 'sessions');
  const messages = tableOf(view, 'messages-received');
  // Outcomes first, then `all` as the total column.
  const outcomeColumns = CO_CATEGORIES.sessions.filter((c) => c !== 'all');
  const periodHeader = (period: string) => (
    <Table.Th scope="row" fw={period.includes('..') ? 700 : 400}>
      {periodLabel(period)}
    </Table.Th>
  );

  return (
    <Stack gap="md" maw={1100} data-testid="co-view">
      <Stack gap={4}>
        <Title order={1} size="h2">
          {t('co.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('co.description', { threshold, span: periodLabel(`${view.from}..${view.to}`) })}
        </Text>
      </Stack>
      <Alert color="gray" variant="light" title={t('co.legendTitle')}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Badge variant="outline" color="gray" size="lg" radius="sm">
            {SUPPRESSED_MARKER}
          </Badge>
          <Text size="sm">{t('co.legend', { max: threshold - 1 })}</Text>
        </Group>
      </Alert>

      <Card withBorder padding="md" component="section" aria-labelledby="co-sessions-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="co-sessions-title">
            {t('co.sessionsByMonth')}
          </Title>
          <ScrollArea>
            <Table withTableBorder striped data-testid="co-session-counts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('co.period')}</Table.Th>
                  {outcomeColumns.map((c) => (
                    <Table.Th key={c} ta="right">
                      {t(`sessions.outcomes.${c.slice('outcome:'.length) as ReportedOutcome}`)}
                    </Table.Th>
                  ))}
                  <Table.Th ta="right">{t('co.total')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.periods.map((period) => (
                  <Table.Tr key={period}>
                    {periodHeader(period)}
                    {outcomeColumns.map((c) => (
                      <Table.Td key={c} ta="right">
                        <Cell value={sessions.cell(period, c)} />
                      </Table.Td>
                    ))}
                    <Table.Td ta="right">
                      <Cell value={sessions.cell(period, 'all')} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </Stack>
      </Card>

      <Card withBorder padding="md" component="section" aria-labelledby="co-messages-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="co-messages-title">
            {t('co.messagesByMonth')}
          </Title>
          <Table withTableBorder striped maw={480} data-testid="co-message-counts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('co.period')}</Table.Th>
                <Table.Th ta="right">{t('co.received')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {messages.periods.map((period) => (
                <Table.Tr key={period}>
                  {periodHeader(period)}
                  <Table.Td ta="right">
                    <Cell value={messages.cell(period, 'all')} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Card>
      <Text size="sm" c="dimmed">
        {t(coView.recorded ? 'co.registerNote' : 'co.previewNote')}
      </Text>
    </Stack>
  );
}
