/**
 * Video-session booking (DOMAIN.md section 5): counsellor availability as RFC 5545 rules in JST,
 * bookable slots, the booking, change, cancellation and outcome decisions, and the yearly quota.
 * Start with `createBookingRules({ calendar, settings })` (calendar from ../calendar).
 */
export {
  AVAILABILITY_TZID,
  MAX_WINDOW_MINUTES,
  WEEKDAY_CODES,
  durationProblem,
  formatAvailabilityRule,
  parseAvailabilityRule,
  ruleStartsBetween,
  type AvailabilityFrequency,
  type AvailabilityRuleFields,
  type AvailabilityRuleParse,
  type ParsedAvailabilityRule,
  type WeekdayCode,
} from './availability-rule';
export {
  MAX_BUFFER_MINUTES,
  bookingDataProblems,
  bufferProblem,
  type BookingDataProblem,
} from './booking-data';
export {
  MAX_QUERY_DAYS,
  createBookingRules,
  type BookingDecision,
  type BookingRequest,
  type BookingRules,
  type BookingRulesOptions,
  type CancellationDecision,
  type CancellationRequest,
  type ChangeRequest,
  type DateRange,
  type OutcomeRequest,
  type QuotaQuery,
  type SlotQuery,
} from './booking-rules';
export {
  MAX_SESSION_DURATION_MINUTES,
  OUTCOME_CORRECTION_REASON_MAX,
  RECORDED_OUTCOMES,
  SESSION_CHANNELS,
  correctOutcome,
  previewCancellation,
  sameDaySessions,
  sessionDetailsProblem,
  type CancellationPreview,
  type OutcomeCorrection,
  type OutcomeCorrectionProblem,
  type RecordedOutcome,
  type SessionChannel,
  type SessionDetailsProblem,
} from './confirmations';
export {
  describeBookingProblem,
  type BookingProblem,
  type BookingProblemKind,
  type BookingProblems,
} from './problems';
export {
  QUOTA_YEAR_START_MONTH,
  countsTowardQuota,
  quotaPeriod,
  quotaPositions,
  quotaUsage,
  type QuotaPeriod,
  type QuotaPosition,
  type QuotaUsage,
  type QuotaUsageInput,
} from './quota';
export { occupiesTime } from './session-index';
export {
  SESSION_OUTCOMES,
  type AvailabilityException,
  type AvailabilityExceptionKind,
  type AvailabilityRule,
  type AvailabilityWindow,
  type BookingData,
  type CounsellorBookingSettings,
  type Session,
  type SessionOutcome,
  type Slot,
} from './types';
