/**
 * One coverage period of the ledger (1 April to 31 March): its totals (claims, subsidy, allowance
 * left) and its claims as a table with date, provider, cost, subsidy and the allowance left after
 * each, and the soft deletion of a claim, confirmed on its row.
 */
import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Allowance, LedgerEntry } from '../../../domain/subsidy';
import { yen } from './labels';

export function LedgerPeriod({
  allowance,
  entries,
  providerOf,
  confirming,
  setConfirming,
  onRemove,
}: {
  allowance: Allowance;
  /** The period's claims, as the domain's ledger worked them out. */
  entries: readonly LedgerEntry[];
  providerOf: ReadonlyMap<string, string>;
  /** The claim whose deletion is being confirmed, if any. */
  confirming: string | null;
  setConfirming: (claimId: string | null) => void;
  onRemove: (claimId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const headingId = `ledger-${allowance.coveragePeriod.label}`;
  return (
    <Stack gap={6} component="section" aria-labelledby={headingId} data-testid="ledger-period">
      <Group gap="sm" align="baseline">
        <Title order={3} size="h5" id={headingId}>
          {t('reports.ledger.periodHeading', {
            period: allowance.coveragePeriod.label,
            start: allowance.coveragePeriod.start,
            end: allowance.coveragePeriod.end,
          })}
        </Title>
        <Text size="sm" c="dimmed" data-testid="ledger-period-totals">
          {t('reports.ledger.periodTotals', {
            claims: allowance.claims,
            subsidy: yen(allowance.subsidyYen, i18n.language),
            remaining: yen(allowance.remainingYen, i18n.language),
          })}
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={760}>
        <Table
          withTableBorder
          layout="fixed"
          verticalSpacing={4}
          maw={1000}
          aria-label={t('reports.ledger.tableLabel', {
            period: allowance.coveragePeriod.label,
          })}
          data-testid="ledger-table"
          style={{ fontVariantNumeric: 'tabular-nums' }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={170}>{t('reports.ledger.date')}</Table.Th>
              <Table.Th>{t('reports.ledger.provider')}</Table.Th>
              <Table.Th ta="right" w={110}>
                {t('reports.ledger.costColumn')}
              </Table.Th>
              <Table.Th ta="right" w={150}>
                {t('reports.ledger.subsidy')}
              </Table.Th>
              <Table.Th ta="right" w={140}>
                {t('reports.ledger.remainingAfter')}
              </Table.Th>
              <Table.Th w={200}>{t('reports.ledger.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.claimId} data-claim-id={e.claimId}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{e.counsellingDate}</Table.Td>
                <Table.Td>{providerOf.get(e.claimId)}</Table.Td>
                <Table.Td ta="right">¥{yen(e.costYen, i18n.language)}</Table.Td>
                <Table.Td ta="right">
                  ¥{yen(e.subsidyYen, i18n.language)}
                  {e.cappedYen > 0 && (
                    <Text size="xs" c="dimmed">
                      {t('reports.ledger.capped', {
                        capped: yen(e.cappedYen, i18n.language),
                      })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">¥{yen(e.remainingAfterYen, i18n.language)}</Table.Td>
                <Table.Td>
                  {confirming === e.claimId ? (
                    <Group gap={6} wrap="nowrap">
                      <Button size="compact-sm" color="red" onClick={() => onRemove(e.claimId)}>
                        {t('reports.ledger.confirmDelete')}
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => setConfirming(null)}
                      >
                        {t('reports.ledger.keep')}
                      </Button>
                    </Group>
                  ) : (
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      leftSection={<IconTrash size={14} aria-hidden />}
                      aria-label={t('reports.ledger.deleteLabel', {
                        date: e.counsellingDate,
                      })}
                      onClick={() => setConfirming(e.claimId)}
                    >
                      {t('reports.ledger.delete')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
