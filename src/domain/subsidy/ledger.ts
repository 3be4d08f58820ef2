/**
 * The Counselling Assistance Programme's arithmetic (DOMAIN.md sections 1 and 6; docs/reports.md,
 * "The subsidy ledger").
 *
 * - A claim: a participant, the JST date of the counselling (`YYYY-MM-DD`), the provider, and the
 *   cost not covered by health insurance in yen (the eligible cost: a positive whole number).
 * - Subsidy = 50% of the eligible cost, rounded down to the yen, limited so that a participant's
 *   subsidies in one coverage period (1 April to 31 March, by the date of the counselling) never
 *   pass ¥30,000. A claim that meets the cap gets what is left; later claims of that period get 0.
 * - Claims are taken in order of counselling date, then of entry (`createdAtMs`, then id), so the
 *   result never depends on the order they are passed in.
 * - Bad input is refused, the whole ledger with it: every problem names the claim and the field.
 *
 * Pure: no clock, no I/O; dates are JST calendar dates, so the computer's zone changes nothing.
 */
import { civilFromDay, formatDate, dayFromCivil, parseDate } from '../calendar/jst';

/** DOMAIN.md section 6: half of the eligible cost. */
export const SUBSIDY_RATE_PERCENT = 50;
/** DOMAIN.md section 6: at most ¥30,000 per participant per coverage period. */
export const SUBSIDY_CAP_YEN = 30_000;
/** The coverage period starts on 1 April. */
export const COVERAGE_PERIOD_START_MONTH = 4;
/** A single claim's cost above this cannot be right (the file or the form is wrong). */
export const MAX_CLAIM_COST_YEN = 100_000_000;

export interface SubsidyClaimInput {
  readonly id: string;
  readonly participantId: string;
  /** JST date of the counselling, `YYYY-MM-DD`. */
  readonly counsellingDate: string;
  /** Who gave the counselling (never reaches a report). */
  readonly provider: string;
  /** Cost not covered by health insurance, in yen: a positive whole number. */
  readonly costYen: number;
  /** When the claim was entered: the second sort key after the counselling date. */
  readonly createdAtMs: number;
  readonly deletedAt?: number | null;
}

export type ClaimField =
  'id' | 'participantId' | 'counsellingDate' | 'provider' | 'costYen' | 'createdAtMs';

export interface ClaimProblem {
  /** Position in the list given, from 0. */
  readonly index: number;
  readonly claimId: string | null;
  readonly field: ClaimField;
  /** Says what is wrong with the field, never repeating its value. */
  readonly reason: string;
}

/** A coverage period: 1 April to 31 March, as JST dates. */
export interface CoveragePeriod {
  /** `FY2026` for 1 April 2026 to 31 March 2027. */
  readonly label: string;
  readonly start: string;
  readonly end: string;
}

export interface LedgerEntry {
  readonly claimId: string;
  readonly participantId: string;
  readonly counsellingDate: string;
  /** `YYYY-MM` of the counselling date (what a report counts it under). */
  readonly month: string;
  readonly coveragePeriod: CoveragePeriod;
  readonly costYen: number;
  /** 50% of the cost, rounded down: the subsidy before the cap. */
  readonly halfCostYen: number;
  /** What is paid: halfCostYen, limited by what is left of the cap. */
  readonly subsidyYen: number;
  /** halfCostYen - subsidyYen: what the cap took away. */
  readonly cappedYen: number;
  /** The participant's subsidies in this coverage period before this claim. */
  readonly usedBeforeYen: number;
  /** What is left of the cap after this claim. */
  readonly remainingAfterYen: number;
}

export interface Allowance {
  readonly participantId: string;
  readonly coveragePeriod: CoveragePeriod;
  readonly claims: number;
  readonly subsidyYen: number;
  readonly remainingYen: number;
}

export type LedgerResult =
  | {
      readonly ok: true;
      /** In the order claims are taken (date, entry, id). */
      readonly entries: readonly LedgerEntry[];
      /** One per participant and coverage period with claims, by participant then period. */
      readonly allowances: readonly Allowance[];
    }
  | { readonly ok: false; readonly problems: readonly ClaimProblem[] };

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The coverage period a JST date (`YYYY-MM-DD`) falls in. */
export function coveragePeriodOf(date: string): CoveragePeriod {
  const day = parseDate(date);
  if (day === null) throw new RangeError('not a date written YYYY-MM-DD');
  const { year, month } = civilFromDay(day);
  const first = month >= COVERAGE_PERIOD_START_MONTH ? year : year - 1;
  return {
    label: `FY${first}`,
    start: formatDate(dayFromCivil(first, COVERAGE_PERIOD_START_MONTH, 1)),
    end: formatDate(dayFromCivil(first + 1, COVERAGE_PERIOD_START_MONTH, 1) - 1),
  };
}

/** 50% of a cost in yen, rounded down to the yen. */
export function halfCostYen(costYen: number): number {
  return Math.floor((costYen * SUBSIDY_RATE_PERCENT) / 100);
}

const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

/** The problems of one claim (none when it is good). */
export function checkClaim(claim: SubsidyClaimInput, index = 0): ClaimProblem[] {
  const claimId = isText(claim.id) ? claim.id : null;
  const problems: ClaimProblem[] = [];
  const problem = (field: ClaimField, reason: string) =>
    problems.push({ index, claimId, field, reason });
  if (!isText(claim.id)) problem('id', 'is missing or blank');
  if (!isText(claim.participantId)) problem('participantId', 'is missing or blank');
  if (typeof claim.counsellingDate !== 'string' || parseDate(claim.counsellingDate) === null) {
    problem('counsellingDate', 'must be a real JST date written YYYY-MM-DD, e.g. 2026-11-23');
  } else if (claim.counsellingDate < '2000-01-01' || claim.counsellingDate > '2099-12-31') {
    problem('counsellingDate', 'is not in the years 2000 to 2099');
  }
  if (!isText(claim.provider)) problem('provider', 'is missing or blank');
  else if (claim.provider.length > 200) problem('provider', 'is longer than 200 characters');
  const cost = claim.costYen;
  if (typeof cost !== 'number' || !Number.isFinite(cost)) {
    problem('costYen', 'must be a whole number of yen');
  } else if (!Number.isInteger(cost)) {
    problem('costYen', 'must be a whole number of yen (no fractions)');
  } else if (cost <= 0) {
    problem('costYen', 'must be more than 0 yen');
  } else if (cost > MAX_CLAIM_COST_YEN) {
    problem('costYen', 'is more than ¥100,000,000; that cannot be right');
  }
  if (typeof claim.createdAtMs !== 'number' || !Number.isFinite(claim.createdAtMs)) {
    problem('createdAtMs', 'must be an instant in epoch milliseconds');
  }
  return problems;
}

/** Claims in the order they are taken: counselling date, then entry, then id. */
function ordered(claims: readonly SubsidyClaimInput[]): SubsidyClaimInput[] {
  return [...claims].sort(
    (a, b) =>
      cmp(a.counsellingDate, b.counsellingDate) || a.createdAtMs - b.createdAtMs || cmp(a.id, b.id),
  );
}

/** The ledger of every claim given (soft-deleted claims are left out), or the problems. */
export function computeLedger(claims: readonly SubsidyClaimInput[]): LedgerResult {
  const live = claims
    .map((claim, index) => ({ claim, index }))
    .filter(({ claim }) => claim.deletedAt === undefined || claim.deletedAt === null);
  const problems = live.flatMap(({ claim, index }) => checkClaim(claim, index));
  const firstIndex = new Map<string, number>();
  for (const { claim, index } of live) {
    if (!isText(claim.id)) continue;
    const first = firstIndex.get(claim.id);
    if (first === undefined) firstIndex.set(claim.id, index);
    else {
      problems.push({
        index,
        claimId: claim.id,
        field: 'id',
        reason: `is already used by the claim at position ${first}; ids must be unique`,
      });
    }
  }
  if (problems.length > 0) {
    return { ok: false, problems: problems.sort((a, b) => a.index - b.index) };
  }

  const used = new Map<string, { period: CoveragePeriod; claims: number; yen: number }>();
  const entries: LedgerEntry[] = [];
  for (const claim of ordered(live.map((l) => l.claim))) {
    const period = coveragePeriodOf(claim.counsellingDate);
    const key = `${claim.participantId}\u0000${period.label}`;
    const account = used.get(key) ?? { period, claims: 0, yen: 0 };
    const half = halfCostYen(claim.costYen);
    const subsidy = Math.min(half, SUBSIDY_CAP_YEN - account.yen);
    entries.push({
      claimId: claim.id,
      participantId: claim.participantId,
      counsellingDate: claim.counsellingDate,
      month: claim.counsellingDate.slice(0, 7),
      coveragePeriod: period,
      costYen: claim.costYen,
      halfCostYen: half,
      subsidyYen: subsidy,
      cappedYen: half - subsidy,
      usedBeforeYen: account.yen,
      remainingAfterYen: SUBSIDY_CAP_YEN - account.yen - subsidy,
    });
    used.set(key, { period, claims: account.claims + 1, yen: account.yen + subsidy });
  }
  const allowances = [...used]
    .map(([key, a]) => ({
      participantId: key.slice(0, key.indexOf('\u0000')),
      coveragePeriod: a.period,
      claims: a.claims,
      subsidyYen: a.yen,
      remainingYen: SUBSIDY_CAP_YEN - a.yen,
    }))
    .sort(
      (a, b) =>
        cmp(a.participantId, b.participantId) ||
        cmp(a.coveragePeriod.start, b.coveragePeriod.start),
    );
  return { ok: true, entries, allowances };
}

/**
 * What is left of a participant's allowance in the coverage period of `date`, given a computed
 * ledger: the whole cap when they have no claim in it.
 */
export function remainingAllowance(
  entries: readonly LedgerEntry[],
  participantId: string,
  date: string,
): number {
  const period = coveragePeriodOf(date);
  const used = entries
    .filter((e) => e.participantId === participantId && e.coveragePeriod.label === period.label)
    .reduce((sum, e) => sum + e.subsidyYen, 0);
  return SUBSIDY_CAP_YEN - used;
}
