/**
 * The ledger's live reads: the participants for the picker (names opened, the JET number masked at
 * once, never kept whole), the chosen participant's claims, and the domain's ledger of them. A
 * claim added or deleted anywhere shows at once.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { maskedJetNumberOf } from '../../../domain/privacy/projections';
import { computeLedger, type SubsidyClaimInput } from '../../../domain/subsidy';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import type { Claim } from '../../db/repositories/claims';

export interface ParticipantOption {
  value: string;
  label: string;
}

/** A stored claim as the domain's ledger reads it. */
export const asInput = (c: Claim): SubsidyClaimInput => ({
  id: c.id,
  participantId: c.participantId,
  counsellingDate: c.counsellingDate,
  provider: c.provider,
  costYen: c.costYen,
  createdAtMs: c.createdAt,
});

export function useLedger(participantId: string | null) {
  const { t } = useTranslation();
  const { booking, claims: claimsRepository } = useWorkstationDb();

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
  return { participants, claims, ledger, providerOf };
}
