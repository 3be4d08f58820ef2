/**
 * Claims of the Counselling Assistance Programme (DOMAIN.md section 6, issue 8): storage only.
 * The subsidy arithmetic (50% rounded down, ¥30,000 per coverage period) is the domain's
 * (`src/domain/subsidy`); this repository keeps the claims it works on.
 *
 * The provider is free text and sealed at rest (DESIGN.md "Data"): it is sealed before the write
 * transaction opens (awaiting WebCrypto inside an IndexedDB transaction lets it commit early), and
 * reads close their transaction before anything is opened. The sealed value is bound to `claims`, the claim's id and `provider`,
 * so a ciphertext moved to another claim does not open. Only the participant and the counselling
 * date are indexed.
 *
 * Not synced: the sync contract (`src/sync/mutations.ts`) has no mutation for the ledger yet, so a
 * change to it writes nothing to the outbox. The ledger stays on this workstation until its
 * mutation exists (claims is no table of `SYNCED_TABLES` either).
 */
import { jstDayOf, parseDate } from '../../../domain/calendar';
import type { FieldCipher, FieldPlace } from '../crypto/field-cipher';
import type { WorkstationDatabase } from '../database';
import { newId } from '../ids';
import type { ClaimRecord } from '../records';
import { changed, created } from './changes';

export const PROVIDER_MAX_CHARACTERS = 200;
export const COST_MAX_YEN = 10_000_000;
const PARTICIPANT_ID_MAX = 100;

/** A claim as the page uses it: the provider opened. */
export type Claim = Omit<ClaimRecord, 'provider'> & { provider: string };

/** What the page enters for a new claim. */
export interface NewClaim {
  participantId: string;
  /** JST date of the counselling, `YYYY-MM-DD`. */
  counsellingDate: string;
  provider: string;
  costYen: number;
}

/** What the anonymised reports and the subsidy arithmetic read: no provider, not even sealed. */
export interface ClaimAggregateRow {
  id: string;
  participantId: string;
  counsellingDate: string;
  costYen: number;
  createdAt: number;
}

export type ClaimField = 'id' | 'participantId' | 'counsellingDate' | 'provider' | 'costYen';

/** A claim refused or not found, naming the field that was wrong. */
export class ClaimError extends Error {
  constructor(
    readonly field: ClaimField,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ClaimError';
  }
}

const providerPlace = (id: string): FieldPlace => ({ table: 'claims', id, field: 'provider' });

/** The claim as it will be stored (provider trimmed), or a ClaimError naming the first bad field. */
function checkNewClaim(input: NewClaim, nowMs: number): NewClaim {
  const participantId = input.participantId.trim();
  if (participantId === '' || participantId.length > PARTICIPANT_ID_MAX)
    throw new ClaimError('participantId', 'a claim needs the participant it belongs to.');
  const day = parseDate(input.counsellingDate);
  if (day === null)
    throw new ClaimError(
      'counsellingDate',
      `"${input.counsellingDate}" is not a real date written YYYY-MM-DD.`,
    );
  if (day > jstDayOf(nowMs))
    throw new ClaimError('counsellingDate', 'the counselling date is in the future.');
  // The ledger's own range (src/domain/subsidy): a claim it would refuse is never stored.
  if (input.counsellingDate < '2000-01-01')
    throw new ClaimError('counsellingDate', 'the counselling date is before the year 2000.');
  if (!Number.isSafeInteger(input.costYen) || input.costYen < 1 || input.costYen > COST_MAX_YEN)
    throw new ClaimError(
      'costYen',
      `the cost must be a whole number of yen from 1 to ${COST_MAX_YEN.toLocaleString('en')}.`,
    );
  const provider = input.provider.trim();
  const length = [...provider].length;
  if (length === 0) throw new ClaimError('provider', 'the provider is missing.');
  if (length > PROVIDER_MAX_CHARACTERS)
    throw new ClaimError(
      'provider',
      `the provider has at most ${PROVIDER_MAX_CHARACTERS} characters (this one has ${length}).`,
    );
  return {
    participantId,
    counsellingDate: input.counsellingDate,
    provider,
    costYen: input.costYen,
  };
}

const live = (r: ClaimRecord) => r.deletedAt === null;
const byDate = (a: ClaimRecord, b: ClaimRecord) =>
  a.counsellingDate.localeCompare(b.counsellingDate) || a.createdAt - b.createdAt;

export type ClaimsRepository = ReturnType<typeof createClaimsRepository>;

export function createClaimsRepository(db: WorkstationDatabase, cipher: FieldCipher) {
  /** Opens the sealed provider of each record; one that does not open throws FieldDecryptionError. */
  function openAll(records: ClaimRecord[]): Promise<Claim[]> {
    return Promise.all(
      records.map(async (r) => ({
        ...r,
        provider: await cipher.open(r.provider, providerPlace(r.id)),
      })),
    );
  }

  return {
    /** Stores a new claim (on this workstation only). Throws ClaimError when it is not valid. */
    async add(input: NewClaim, nowMs: number): Promise<Claim> {
      const claim = checkNewClaim(input, nowMs);
      const id = newId();
      // Seal first: no WebCrypto inside the transaction.
      const provider = await cipher.seal(claim.provider, providerPlace(id));
      const record: ClaimRecord = {
        ...created(id, nowMs),
        participantId: claim.participantId,
        counsellingDate: claim.counsellingDate,
        provider,
        costYen: claim.costYen,
      };
      await db.claims.add(record);
      return { ...record, provider: claim.provider };
    },

    /** A participant's claims (not deleted), by counselling date. */
    async listForParticipant(participantId: string): Promise<Claim[]> {
      const records = await db.claims.where('participantId').equals(participantId).toArray();
      return openAll(records.filter(live).sort(byDate));
    },

    /** Every claim (not deleted), by counselling date. */
    async listAll(): Promise<Claim[]> {
      const records = await db.claims.orderBy('counsellingDate').toArray();
      return openAll(records.filter(live).sort(byDate));
    },

    /**
     * Soft-deletes a claim (the record stays, with `deletedAt` set, so that the deletion can sync
     * once the ledger has its mutation).
     * Returns false when it was already deleted; throws ClaimError when there is no such claim.
     */
    async softDelete(id: string, nowMs: number): Promise<boolean> {
      return db.transaction('rw', db.claims, async () => {
        const record = await db.claims.get(id);
        if (record === undefined) throw new ClaimError('id', `there is no claim ${id}.`);
        if (record.deletedAt !== null) return false;
        const next = changed(record, { deletedAt: nowMs }, nowMs);
        await db.claims.put(next);
        return true;
      });
    },

    /** The claims (not deleted) without their provider, for the reports and the subsidy sums. */
    async aggregateInput(): Promise<ClaimAggregateRow[]> {
      const records = await db.claims.orderBy('counsellingDate').toArray();
      return records
        .filter(live)
        .sort(byDate)
        .map(({ id, participantId, counsellingDate, costYen, createdAt }) => ({
          id,
          participantId,
          counsellingDate,
          costYen,
          createdAt,
        }));
    },
  };
}
