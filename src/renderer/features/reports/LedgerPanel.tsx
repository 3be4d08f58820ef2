/**
 * The Counselling Assistance Programme ledger (DOMAIN.md section 6; `#/reports/ledger`): a
 * participant's claims by coverage period (1 April to 31 March) with date, provider, cost, subsidy
 * and the allowance left, a form to add a claim, and soft deletion. Every figure comes from the
 * domain's ledger (src/domain/subsidy): 50% rounded down, at most ¥30,000 per participant per
 * coverage period. Participants are named as the rest of the app names them: the JET number only
 * masked. CLAIR sees claims only as anonymised totals in the report.
 *
 * The reads are ./useLedger's, the form ./ClaimForm (state in ./useClaimForm), a coverage period
 * ./LedgerPeriod.
 */
import { Alert, Card, Loader, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatJstInstant } from '../../../domain/calendar';
import {
  SUBSIDY_CAP_YEN,
  coveragePeriodOf,
  remainingAllowance,
  type LedgerEntry,
} from '../../../domain/subsidy';
import { useClock, useNow } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { ClaimForm } from './ClaimForm';
import { yen } from './labels';
import { LedgerPeriod } from './LedgerPeriod';
import { useClaimForm } from './useClaimForm';
import { useLedger } from './useLedger';

export function LedgerPanel() {
  const { t, i18n } = useTranslation();
  const { claims: claimsRepository } = useWorkstationDb();
  const clock = useClock();
  const today = formatJstInstant(useNow().getTime()).slice(0, 10);
  const [participantId, setParticipantId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const { participants, claims, ledger, providerOf } = useLedger(participantId);
  const form = useClaimForm({ participantId, claims, ledger, today });

  const remove = async (id: string) => {
    if (participantId === null) return;
    setConfirming(null);
    await claimsRepository.softDelete(id, clock.now().getTime());
    notifications.show({
      message: t('reports.ledger.deleted'),
      closeButtonProps: { 'aria-label': t('app.closeNotification') },
    });
  };

  const current = coveragePeriodOf(today);
  const periods = ledger?.ok
    ? [...ledger.allowances].sort((a, b) =>
        b.coveragePeriod.start.localeCompare(a.coveragePeriod.start),
      )
    : [];
  const entriesOf = (label: string): LedgerEntry[] =>
    ledger?.ok ? ledger.entries.filter((e) => e.coveragePeriod.label === label) : [];

  return (
    <Stack gap="md" data-testid="ledger">
      <Stack gap={2}>
        <Title order={2} size="h4">
          {t('reports.ledger.title')}
        </Title>
        <Text size="sm" c="dimmed" maw={820}>
          {t('reports.ledger.explain', { cap: yen(SUBSIDY_CAP_YEN, i18n.language) })}
        </Text>
      </Stack>
      <Select
        label={t('reports.ledger.participant')}
        placeholder={t('reports.ledger.participantPlaceholder')}
        data={participants ?? []}
        value={participantId}
        onChange={(v) => {
          setParticipantId(v);
          form.clearErrors();
          setConfirming(null);
        }}
        searchable
        nothingFoundMessage="—"
        disabled={participants === null}
        w={380}
        size="sm"
      />
      {participantId === null ? (
        <Text size="sm" c="dimmed">
          {t('reports.ledger.pick')}
        </Text>
      ) : claims === null ? (
        <Loader size="sm" aria-label={t('reports.ledger.loading')} />
      ) : claims === 'failed' || ledger === null ? (
        <Alert color="red" role="alert" title={t('reports.ledger.failed')}>
          {t('error.body')}
        </Alert>
      ) : !ledger.ok ? (
        <Alert color="red" role="alert" title={t('reports.ledger.failed')}>
          {ledger.problems.map((p) => `${p.field} ${p.reason}`).join(' ')}
        </Alert>
      ) : (
        <>
          <Card withBorder padding="sm" maw={520} data-testid="ledger-allowance">
            <Text size="sm">
              {t('reports.ledger.remaining', {
                period: current.label,
                start: current.start,
                end: current.end,
              })}
            </Text>
            <Text size="xl" fw={700} data-testid="ledger-remaining">
              {t('reports.ledger.remainingValue', {
                remaining: yen(
                  remainingAllowance(ledger.entries, participantId, today),
                  i18n.language,
                ),
                cap: yen(SUBSIDY_CAP_YEN, i18n.language),
              })}
            </Text>
          </Card>

          <ClaimForm form={form} />

          {periods.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('reports.ledger.noClaims')}
            </Text>
          ) : (
            periods.map((a) => (
              <LedgerPeriod
                key={a.coveragePeriod.label}
                allowance={a}
                entries={entriesOf(a.coveragePeriod.label)}
                providerOf={providerOf}
                confirming={confirming}
                setConfirming={setConfirming}
                onRemove={(id) => void remove(id)}
              />
            ))
          )}
        </>
      )}
    </Stack>
  );
}
