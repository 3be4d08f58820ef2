/**
 * The CO view (#/co): what a Contracting Organisation may see (DOMAIN.md section 7): counts of
 * sessions and messages by month, suppressed below the threshold, and de-identified session rows.
 * The page's only state is a `CoView`, whose types have no field for a name, an e-mail, a JET
 * number or a text; pseudonyms come from a key made for this one view and never stored.
 */
import {
  Alert,
  Badge,
  Card,
  Group,
  Loader,
  Pagination,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  SUPPRESSED,
  isSuppressed,
  type CoCell,
  type CoView,
  type SessionOutcome,
} from '../../../domain/privacy/projections';
import { useWorkstationDb } from '../../app/database';
import { useOrganisationSettings } from '../../app/workstation';
import { loadCoView, newPseudonymKey } from '../../db/repositories/co-view';
import { OutcomeBadge } from '../sessions/OutcomeBadge';

const ROWS_PER_PAGE = 25;

function Cell({ value }: { value: CoCell }) {
  const { t } = useTranslation();
  return isSuppressed(value) ? (
    <Text span fw={700} title={t('co.suppressedCell')} data-suppressed>
      {SUPPRESSED}
    </Text>
  ) : (
    <>{value}</>
  );
}

export function CoViewPage() {
  const { t, i18n } = useTranslation();
  const { db, dataVersion } = useWorkstationDb();
  const { state } = useOrganisationSettings();
  const threshold = state.settings.reportSuppressionThreshold;
  const [view, setView] = useState<CoView | 'failed' | null>(null);
  const [page, setPage] = useState(1);

  useEffect(() => {
    let cancelled = false;
    loadCoView(db, { threshold, pseudonymKey: newPseudonymKey() }).then(
      (v) => !cancelled && setView(v),
      () => !cancelled && setView('failed'),
    );
    return () => {
      cancelled = true;
    };
  }, [db, threshold, dataVersion]);

  const monthLabel = useMemo(() => {
    const format = new Intl.DateTimeFormat(i18n.language === 'ja' ? 'ja-JP' : 'en-GB', {
      year: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    });
    return (month: string) => format.format(new Date(`${month}-01T00:00:00Z`));
  }, [i18n.language]);

  if (view === null) return <Loader size="sm" aria-label={t('co.loading')} />;
  if (view === 'failed')
    return (
      <Alert color="red" role="alert" title={t('co.failed')}>
        {t('error.body')}
      </Alert>
    );

  const { sessions, messages } = view.counts;
  const outcomes: readonly SessionOutcome[] = sessions.outcomes;
  const pages = Math.max(1, Math.ceil(view.sessionRows.length / ROWS_PER_PAGE));
  const shown = view.sessionRows.slice((page - 1) * ROWS_PER_PAGE, page * ROWS_PER_PAGE);

  return (
    <Stack gap="md" maw={1100} data-testid="co-view">
      <Stack gap={4}>
        <Title order={1} size="h2">
          {t('co.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('co.description', { threshold })}
        </Text>
      </Stack>
      <Alert color="gray" variant="light" title={t('co.legendTitle')}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Badge variant="outline" color="gray" size="lg" radius="sm">
            {SUPPRESSED}
          </Badge>
          <Text size="sm">{t('co.legend', { max: threshold - 1 })}</Text>
        </Group>
      </Alert>

      <Card withBorder padding="md" component="section" aria-labelledby="co-sessions-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="co-sessions-title">
            {t('co.sessionsByMonth')}
          </Title>
          {sessions.rows.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('co.noData')}
            </Text>
          ) : (
            <ScrollArea>
              <Table withTableBorder striped data-testid="co-session-counts">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('co.month')}</Table.Th>
                    {outcomes.map((o) => (
                      <Table.Th key={o} ta="right">
                        {t(`sessions.outcomes.${o}`)}
                      </Table.Th>
                    ))}
                    <Table.Th ta="right">{t('co.total')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {sessions.rows.map((row) => (
                    <Table.Tr key={row.month}>
                      <Table.Th scope="row" fw={400}>
                        {monthLabel(row.month)}
                      </Table.Th>
                      {outcomes.map((o) => (
                        <Table.Td key={o} ta="right">
                          <Cell value={row.byOutcome[o]} />
                        </Table.Td>
                      ))}
                      <Table.Td ta="right">
                        <Cell value={row.total} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  <Table.Tr fw={700}>
                    <Table.Th scope="row">{t('co.total')}</Table.Th>
                    {outcomes.map((o) => (
                      <Table.Td key={o} ta="right">
                        <Cell value={sessions.totals.byOutcome[o]} />
                      </Table.Td>
                    ))}
                    <Table.Td ta="right">
                      <Cell value={sessions.totals.total} />
                    </Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
        </Stack>
      </Card>

      <Card withBorder padding="md" component="section" aria-labelledby="co-messages-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="co-messages-title">
            {t('co.messagesByMonth')}
          </Title>
          {messages.rows.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('co.noData')}
            </Text>
          ) : (
            <Table withTableBorder striped maw={420} data-testid="co-message-counts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('co.month')}</Table.Th>
                  <Table.Th ta="right">{t('co.received')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {messages.rows.map((row) => (
                  <Table.Tr key={row.month}>
                    <Table.Th scope="row" fw={400}>
                      {monthLabel(row.month)}
                    </Table.Th>
                    <Table.Td ta="right">
                      <Cell value={row.received} />
                    </Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr fw={700}>
                  <Table.Th scope="row">{t('co.total')}</Table.Th>
                  <Table.Td ta="right">
                    <Cell value={messages.total} />
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </Card>

      <Card withBorder padding="md" component="section" aria-labelledby="co-rows-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="co-rows-title">
            {t('co.sessionRows')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('co.sessionRowsExplain')}
          </Text>
          {view.sessionRows.length === 0 ? (
            <Alert color="gray" data-testid="co-rows-withheld">
              {sessions.rows.length === 0 ? t('co.noData') : t('co.rowsWithheld', { threshold })}
            </Alert>
          ) : (
            <>
              <Table withTableBorder striped maw={560} data-testid="co-session-rows">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('co.pseudonym')}</Table.Th>
                    <Table.Th>{t('co.date')}</Table.Th>
                    <Table.Th>{t('sessions.outcome')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((row, i) => (
                    <Table.Tr key={`${row.pseudonym}-${row.date}-${row.outcome}-${i}`}>
                      <Table.Td ff="monospace">{row.pseudonym}</Table.Td>
                      <Table.Td>{row.date}</Table.Td>
                      <Table.Td>
                        <OutcomeBadge outcome={row.outcome} truncate={false} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {pages > 1 && (
                <Pagination
                  total={pages}
                  value={page}
                  onChange={setPage}
                  size="sm"
                  getControlProps={(control) => ({
                    'aria-label': t(`co.pagination.${control}`),
                  })}
                  getItemProps={(n) => ({ 'aria-label': t('co.pagination.page', { page: n }) })}
                />
              )}
            </>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
