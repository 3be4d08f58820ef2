/**
 * The Counselling Assistance Programme (DOMAIN.md section 6): the subsidy ledger's arithmetic.
 * Pure: no I/O, no clock. The anonymised aggregate for CLAIR is part of the report
 * (src/domain/reports, measures `cap-claims` and `cap-subsidy-yen`).
 */
export {
  COVERAGE_PERIOD_START_MONTH,
  MAX_CLAIM_COST_YEN,
  SUBSIDY_CAP_YEN,
  SUBSIDY_RATE_PERCENT,
  checkClaim,
  computeLedger,
  coveragePeriodOf,
  halfCostYen,
  remainingAllowance,
  type Allowance,
  type ClaimField,
  type ClaimProblem,
  type CoveragePeriod,
  type LedgerEntry,
  type LedgerResult,
  type SubsidyClaimInput,
} from './ledger';
