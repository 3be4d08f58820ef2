/**
 * The ledger's form to add a claim: its fields, their check (the same limits as the claims
 * repository), the subsidy the new claim would get (worked out by the domain with the claims
 * already there), and the save, which names what was added and what is left.
 */
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDate } from '../../../domain/calendar';
import { computeLedger, remainingAllowance, type LedgerResult } from '../../../domain/subsidy';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import {
  COST_MAX_YEN,
  ClaimError,
  PROVIDER_MAX_CHARACTERS,
  type Claim,
} from '../../db/repositories/claims';
import { yen } from './labels';
import { asInput } from './useLedger';

type FormField = 'date' | 'provider' | 'cost';
type FormErrors = Partial<Record<FormField, string>>;

export type ClaimFormState = ReturnType<typeof useClaimForm>;

export function useClaimForm({
  participantId,
  claims,
  ledger,
  today,
}: {
  participantId: string | null;
  claims: Claim[] | 'failed' | null;
  ledger: LedgerResult | null;
  /** `YYYY-MM-DD`, JST. */
  today: string;
}) {
  const { t, i18n } = useTranslation();
  const { claims: claimsRepository } = useWorkstationDb();
  const clock = useClock();
  const [date, setDate] = useState('');
  const [provider, setProvider] = useState('');
  const [cost, setCost] = useState<number | string>('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);

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

  return {
    date,
    setDate,
    provider,
    setProvider,
    cost,
    setCost,
    errors,
    /** Clears the fields' errors (another participant was chosen). */
    clearErrors: () => setErrors({}),
    busy,
    candidate,
    add,
  };
}
