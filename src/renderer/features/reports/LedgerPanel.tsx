/**
 * The Counselling Assistance Programme ledger (DOMAIN.md section 6; `#/reports/ledger`): a
 * participant's claims by coverage period (1 April to 31 March) with date, provider, cost, subsidy
 * and the allowance left, a form to add a claim, and soft deletion. Every figure comes from the
 * domain's ledger (src/domain/subsidy): 50% rounded down, at most ¥30,000 per participant per
 * coverage period. Participants are named as the rest of the app names them: the JET number only
 * masked. CLAIR sees claims only as anonymised totals in the report.
 */
import {
  Alert,
  Button,
  Card,
  Fieldset,
  Group,
  Loader,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatJstInstant, parseDate } from '../../../domain/calendar';
import { maskedJetNumberOf } from '../../../domain/privacy/projections';
import {
  SUBSIDY_CAP_YEN,
  computeLedger,
  coveragePeriodOf,
  remainingAllowance,
  type LedgerEntry,
  type SubsidyClaimInput,
} from '../../../domain/subsidy';
import { useClock, useNow } from '../../app/clock';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import {
  COST_MAX_YEN,
  ClaimError,
  PROVIDER_MAX_CHARACTERS,
  type Claim,
} from '../../db/repositories/claims';
import { yen } from './labels';
import { DateField } from '../sessions/fields';

interface ParticipantOption {
  value: string;
  label: string;
}

type FormField = 'date' | 'provider' | 'cost';
type FormErrors = Partial<Record<FormField, string>>;

const asInput = (c: Claim): SubsidyClaimInput => ({
  id: c.id,
  participantId: c.participantId,
  counsellingDate: c.counsellingDate,
  provider: c.provider,
  costYen: c.costYen,
  createdAtMs: c.createdAt,
});

export function LedgerPanel() {
  const { t, i18n } = useTranslation();
  const { booking, claims: claimsRepository } = useWorkstationDb();
  const clock = useClock();
  const today = formatJstInstant(useNow().getTime()).slice(0, 10);
  const [participantId, setParticipantId] = useState<string | null>(null);
  const [date, setDate] = useState('');
  const [provider, setProvider] = useState('');
  const [cost, setCost] = useState<number | string>('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);

  // Read live. Names are opened for the picker; the JET number is masked at once, never kept whole.
  const people = useData('ledger.participants', () => booking.participants(), [booking]);
  const participants = useMemo<ParticipantOption[] | null>(
    () =>
      people.data === undefined
        ? null
        : people.data
            .map((p) => {
              const masked = maskedJetNumberOf(p.jetNumber);
              return {
                value: p.id,
                label: `${p.name} (${masked ?? t('reports.ledger.noJetNumber')})`,
              };
            })
            .sort((a, b) => a.label.localeCompare(b.label)),
    [people.data, t],
  );
  // The participant's claims, live: a claim added or deleted anywhere shows at once.
  const read = useData(
    'ledger.claims',
    () =>
      participantId === null
        ? Promise.resolve(null)
        : claimsRepository.listForParticipant(participantId),
    [claimsRepository, participantId],
  );
  const claims: Claim[] | 'failed' | null = read.error ? 'failed' : (read.data ?? null);
  const ledger = useMemo(
    () => (Array.isArray(claims) ? computeLedger(claims.map(asInput)) : null),
    [claims],
  );
  const providerOf = useMemo(
    () => new Map(Array.isArray(claims) ? claims.map((c) => [c.id, c.provider]) : []),
    [claims],
  );

  const costNumber = typeof cost === 'number' ? cost : cost.trim() === '' ? NaN : Number(cost);
  /** The new claim's subsidy, worked out by the domain with the claims already there. */
  const candidate = useMemo(() => {
    if (participantId === null || ledger === null || !ledger.ok || !Array.isArray(claims))
      return null;
    if (parseDate(date) === null || date > today || provider.trim() === '') return null;
    if (!Number.isSafeInteger(costNumber) || costNumber < 1 || costNumber > COST_MAX_YEN)
      return null;
    const next = computeLedger([
      ...claims.map(asInput),
      {
        id: '~new',
        participantId,
        counsellingDate: date,
        provider: provider.trim(),
        costYen: costNumber,
        createdAtMs: Number.MAX_SAFE_INTEGER,
      },
    ]);
    if (!next.ok) return null;
    const entry = next.entries.find((e) => e.claimId === '~new');
    if (entry === undefined) return null;
    return {
      subsidy: entry.subsidyYen,
      remaining: remainingAllowance(next.entries, participantId, date),
    };
  }, [participantId, ledger, claims, date, today, provider, costNumber]);

  const check = (): FormErrors => {
    const e: FormErrors = {};
    if (date.trim() === '') e.date = t('reports.ledger.errors.dateMissing');
    else if (parseDate(date) === null) e.date = t('reports.ledger.errors.dateInvalid');
    else if (date > today) e.date = t('reports.ledger.errors.dateFuture');
    else if (date < '2000-01-01' || date > '2099-12-31')
      e.date = t('reports.ledger.errors.dateRange');
    const trimmed = provider.trim();
    if (trimmed === '') e.provider = t('reports.ledger.errors.providerMissing');
    else if ([...trimmed].length > PROVIDER_MAX_CHARACTERS)
      e.provider = t('reports.ledger.errors.providerTooLong', { max: PROVIDER_MAX_CHARACTERS });
    if (typeof cost === 'string' && cost.trim() === '')
      e.cost = t('reports.ledger.errors.costMissing');
    else if (!Number.isSafeInteger(costNumber) || costNumber < 1)
      e.cost = t('reports.ledger.errors.costWhole');
    else if (costNumber > COST_MAX_YEN)
      e.cost = t('reports.ledger.errors.costTooHigh', { max: yen(COST_MAX_YEN, i18n.language) });
    return e;
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (participantId === null) return;
    const found = check();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const saved = await claimsRepository.add(
        { participantId, counsellingDate: date, provider, costYen: costNumber },
        clock.now().getTime(),
      );
      const after = await claimsRepository.listForParticipant(participantId);
      const next = computeLedger(after.map(asInput));
      const entry = next.ok ? next.entries.find((e) => e.claimId === saved.id) : undefined;
      notifications.show({
        color: 'teal',
        message: t('reports.ledger.added', {
          subsidy: yen(entry?.subsidyYen ?? 0, i18n.language),
          remaining: yen(
            next.ok ? remainingAllowance(next.entries, participantId, date) : 0,
            i18n.language,
          ),
        }),
        closeButtonProps: { 'aria-label': t('app.closeNotification') },
      });
      setDate('');
      setProvider('');
      setCost('');
    } catch (e) {
      if (e instanceof ClaimError) {
        const field: FormField =
          e.field === 'counsellingDate' ? 'date' : e.field === 'costYen' ? 'cost' : 'provider';
        setErrors({ [field]: t('reports.ledger.errors.refused', { detail: e.message }) });
      } else {
        notifications.show({
          color: 'red',
          message: t('error.body'),
          closeButtonProps: { 'aria-label': t('app.closeNotification') },
        });
      }
    } finally {
      setBusy(false);
    }
  };

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
          setErrors({});
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

          <form onSubmit={(e) => void add(e)} noValidate>
            <Fieldset legend={t('reports.ledger.addTitle')} maw={980}>
              <Group gap="sm" align="flex-start">
                <DateField
                  label={t('reports.ledger.date')}
                  value={date}
                  onChange={setDate}
                  error={errors.date}
                  required
                  w={190}
                />
                <TextInput
                  label={t('reports.ledger.provider')}
                  value={provider}
                  onChange={(e) => setProvider(e.currentTarget.value)}
                  error={errors.provider}
                  required
                  w={280}
                  maxLength={PROVIDER_MAX_CHARACTERS + 50}
                />
                <NumberInput
                  label={t('reports.ledger.cost')}
                  value={cost}
                  onChange={setCost}
                  error={errors.cost}
                  required
                  w={290}
                  min={1}
                  max={COST_MAX_YEN}
                  allowDecimal={false}
                  allowNegative={false}
                  thousandSeparator=","
                  prefix="¥"
                  hideControls
                />
                <Button
                  type="submit"
                  mt={25}
                  loading={busy}
                  leftSection={<IconPlus size={16} aria-hidden />}
                >
                  {t('reports.ledger.add')}
                </Button>
              </Group>
              {candidate !== null && (
                <Text size="sm" mt="xs" data-testid="ledger-would-be">
                  {t('reports.ledger.wouldBe', {
                    subsidy: yen(candidate.subsidy, i18n.language),
                    remaining: yen(candidate.remaining, i18n.language),
                  })}
                </Text>
              )}
            </Fieldset>
          </form>

          {periods.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('reports.ledger.noClaims')}
            </Text>
          ) : (
            periods.map((a) => {
              const headingId = `ledger-${a.coveragePeriod.label}`;
              return (
                <Stack
                  key={a.coveragePeriod.label}
                  gap={6}
                  component="section"
                  aria-labelledby={headingId}
                  data-testid="ledger-period"
                >
                  <Group gap="sm" align="baseline">
                    <Title order={3} size="h5" id={headingId}>
                      {t('reports.ledger.periodHeading', {
                        period: a.coveragePeriod.label,
                        start: a.coveragePeriod.start,
                        end: a.coveragePeriod.end,
                      })}
                    </Title>
                    <Text size="sm" c="dimmed" data-testid="ledger-period-totals">
                      {t('reports.ledger.periodTotals', {
                        claims: a.claims,
                        subsidy: yen(a.subsidyYen, i18n.language),
                        remaining: yen(a.remainingYen, i18n.language),
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
                        period: a.coveragePeriod.label,
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
                        {entriesOf(a.coveragePeriod.label).map((e) => (
                          <Table.Tr key={e.claimId} data-claim-id={e.claimId}>
                            <Table.Td style={{ whiteSpace: 'nowrap' }}>
                              {e.counsellingDate}
                            </Table.Td>
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
                            <Table.Td ta="right">
                              ¥{yen(e.remainingAfterYen, i18n.language)}
                            </Table.Td>
                            <Table.Td>
                              {confirming === e.claimId ? (
                                <Group gap={6} wrap="nowrap">
                                  <Button
                                    size="compact-sm"
                                    color="red"
                                    onClick={() => void remove(e.claimId)}
                                  >
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
            })
          )}
        </>
      )}
    </Stack>
  );
}
