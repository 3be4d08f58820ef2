/**
 * The business calendar of the counselling service (DOMAIN.md sections 2 to 5). Start with
 * `createBusinessCalendar({ holidays, settings })`; the holiday data is the validated content of
 * `resources/holidays/japan.json`, passed in by whoever reads files (main process, host, CLI).
 */
export {
  BOOKING_CUTOFF_WALL_TIME,
  SESSION_MINUTES,
  createBusinessCalendar,
  type AnswerDeadline,
  type BusinessCalendar,
  type BusinessCalendarOptions,
  type BusinessDayAnswer,
  type DeadlineStatus,
  type DeadlineStatusInput,
  type DeadlineStatusKind,
  type NonBusinessDayReason,
  type SessionStartCheck,
  type SessionStartProblem,
} from './business-calendar';
export {
  HOLIDAY_KINDS,
  LAST_SUPPORTED_YEAR,
  describeHolidayDataProblems,
  validateHolidayData,
  type Holiday,
  type HolidayData,
  type HolidayDataProblem,
  type HolidayDataValidation,
  type HolidayKind,
  type HolidayRecord,
} from './holiday-data';
export {
  CITIZENS_HOLIDAY_NAME,
  HOLIDAY_NAMES,
  RULES_FIRST_YEAR,
  RULES_LAST_YEAR,
  autumnalEquinoxDayOfSeptember,
  holidaysByRule,
  nationalHolidaysByRule,
  substituteHolidayName,
  vernalEquinoxDayOfMarch,
  withSubstituteAndCitizensHolidays,
  type DatedHoliday,
  type HolidayName,
  type KindedHoliday,
} from './holiday-rules';
export {
  DAY_MS,
  HOUR_MS,
  JST_OFFSET_MS,
  MINUTE_MS,
  MONTH_NAMES,
  WEEKDAY_NAMES,
  civilFromDay,
  dateToDay,
  dayFromCivil,
  formatDate,
  formatJstInstant,
  formatWallTime,
  jstDayOf,
  jstInstant,
  jstTimeOfDayMs,
  parseDate,
  parseInstant,
  weekdayOf,
  type CivilDate,
  type DayNumber,
  type InstantParse,
  type Weekday,
} from './jst';
export { businessDaysOverdue, OVERDUE_WALK_DAYS } from './overdue';
