/**
 * Anonymised usage reports for CLAIR (issue 8; docs/reports.md): aggregation by month and span
 * and by category, suppression across the linked tables of a release, the published form (the
 * only shape exported), and the audit of a published report. Pure: no I/O, no clock.
 */
export {
  REPORT_FORMAT,
  REPORT_FORMAT_VERSION,
  buildReport,
  nearestRank,
  publish,
  type CellStatus,
  type PublishedReport,
  type PublishedRow,
  type Report,
  type ReportCell,
  type ReportOptions,
  type ReportPeriodToken,
} from './report';
export {
  auditPublishedReport,
  type AuditCell,
  type PublishedReportLike,
  type ReportAudit,
} from './audit';
export {
  FISCAL_YEAR_START_MONTH,
  MAX_REPORT_MONTHS,
  jstMonthOf,
  monthsOfPeriod,
  reportPeriods,
  type ReportPeriod,
  type SpanKind,
} from './periods';
export {
  ALL,
  CATEGORY_GROUPS,
  COUNSELLOR_ALIAS_PATTERN,
  COUNT_MEASURES,
  DERIVED_MEASURES,
  NO_COUNSELLOR,
  REPORTED_OUTCOMES,
  REPORT_MEASURES,
  REPORT_MONTH_PATTERN,
  REPORT_PERIOD_PATTERN,
  REPORT_TOKEN_PATTERN,
  SUPPRESSED_MARKER,
  TOPIC_CATEGORIES,
  TOPIC_VOCABULARY,
  counsellorCategories,
  groupOf,
  isCountMeasure,
  isDerivedMeasure,
  normaliseTag,
  outcomeCategory,
  topicCategoriesOf,
  topicOfTag,
  type CategoryGroup,
  type CountMeasure,
  type DerivedMeasure,
  type ReportCategory,
  type ReportMeasure,
  type ReportedOutcome,
  type SuppressedMarker,
  type TopicSlug,
} from './tokens';
export { reportStructure, type CellKey, type ReportStructure } from './structure';
export {
  suppressLinked,
  type LinkedSuppression,
  type SettledCell,
  type SuppressionReason,
} from './suppression';
export {
  earlierCells,
  linkedReleases,
  settleEarlierCell,
  type EarlierCell,
  type EarlierRelease,
  type ReleaseRow,
} from './releases';
export { feasibleIntervals, type CellBounds, type LinearRelation } from './bounds';
export type {
  ReportCounsellorInput,
  ReportInput,
  ReportMessageInput,
  ReportParticipantInput,
  ReportSessionInput,
  ReportThreadInput,
} from './input';
export { reportInputFromDataset } from './from-dataset';
