/**
 * The rules of the Act on National Holidays (国民の祝日に関する法律) as it stands since 2020, for
 * the years past the official list (DOMAIN.md section 3). Results for those years are provisional:
 * the equinox days are only fixed by the Cabinet Office's announcement each February, and a
 * special law can move a holiday (as for the 2020 and 2021 Olympics), so the official list always
 * wins for the years it covers.
 *
 * - Article 2: the 16 national holidays (fixed dates, "Happy Monday" days, the two equinox days).
 * - Article 3(2): a national holiday on a Sunday makes the nearest following day that is not a
 *   national holiday a holiday (振替休日, a substitute holiday).
 * - Article 3(3): a day between two national holidays, and not one itself, is a holiday
 *   (国民の休日, a citizens' holiday).
 */
import type { HolidayKind } from './holiday-data';
import { dayFromCivil, weekdayOf, type DayNumber } from './jst';

/** The first year the current form of the Act applies to (the Emperor's Birthday on 23 Feb, Sports Day). */
export const RULES_FIRST_YEAR = 2020;
/** The last year the equinox approximation is published for. */
export const RULES_LAST_YEAR = 2150;

export interface HolidayName {
  name: string;
  nameJa: string;
}

/** The national holidays' names, English as the Cabinet Office writes them. */
export const HOLIDAY_NAMES = {
  newYearsDay: { name: "New Year's Day", nameJa: '元日' },
  comingOfAgeDay: { name: 'Coming of Age Day', nameJa: '成人の日' },
  nationalFoundationDay: { name: 'National Foundation Day', nameJa: '建国記念の日' },
  emperorsBirthday: { name: "Emperor's Birthday", nameJa: '天皇誕生日' },
  vernalEquinoxDay: { name: 'Vernal Equinox Day', nameJa: '春分の日' },
  showaDay: { name: 'Showa Day', nameJa: '昭和の日' },
  constitutionMemorialDay: { name: 'Constitution Memorial Day', nameJa: '憲法記念日' },
  greeneryDay: { name: 'Greenery Day', nameJa: 'みどりの日' },
  childrensDay: { name: "Children's Day", nameJa: 'こどもの日' },
  marineDay: { name: 'Marine Day', nameJa: '海の日' },
  mountainDay: { name: 'Mountain Day', nameJa: '山の日' },
  respectForTheAgedDay: { name: 'Respect for the Aged Day', nameJa: '敬老の日' },
  autumnalEquinoxDay: { name: 'Autumnal Equinox Day', nameJa: '秋分の日' },
  /** Sports Day's name until 2019. */
  healthAndSportsDay: { name: 'Health and Sports Day', nameJa: '体育の日' },
  sportsDay: { name: 'Sports Day', nameJa: 'スポーツの日' },
  cultureDay: { name: 'Culture Day', nameJa: '文化の日' },
  laborThanksgivingDay: { name: 'Labor Thanksgiving Day', nameJa: '勤労感謝の日' },
  /** 1 May 2019, by the special law for the enthronement (treated as a national holiday). */
  enthronementDay: { name: 'Enthronement Day', nameJa: '天皇の即位の日' },
  /** 22 October 2019, by the same law. */
  enthronementCeremonyDay: {
    name: 'Enthronement Ceremony Day',
    nameJa: '即位礼正殿の儀の行われる日',
  },
} as const satisfies Record<string, HolidayName>;

export const CITIZENS_HOLIDAY_NAME: HolidayName = {
  name: "Citizens' Holiday",
  nameJa: '国民の休日',
};

/** A substitute holiday is named after the Sunday holiday it stands in for. */
export function substituteHolidayName(forHoliday: HolidayName): HolidayName {
  return {
    name: `Substitute Holiday (${forHoliday.name})`,
    nameJa: `振替休日（${forHoliday.nameJa}）`,
  };
}

export interface DatedHoliday extends HolidayName {
  day: DayNumber;
}

export interface KindedHoliday extends DatedHoliday {
  kind: HolidayKind;
}

/**
 * Adds the substitute holidays (Article 3(2)) and citizens' holidays (Article 3(3)) to a year's
 * national holidays. The result is in date order.
 */
export function withSubstituteAndCitizensHolidays(
  nationalHolidays: readonly DatedHoliday[],
): KindedHoliday[] {
  const national = new Map<DayNumber, DatedHoliday>();
  for (const holiday of nationalHolidays) national.set(holiday.day, holiday);
  const result = new Map<DayNumber, KindedHoliday>();
  for (const holiday of nationalHolidays) result.set(holiday.day, { ...holiday, kind: 'national' });
  for (const holiday of nationalHolidays) {
    if (weekdayOf(holiday.day) !== 0) continue;
    let day = holiday.day + 1;
    while (national.has(day)) day += 1;
    if (!result.has(day)) {
      result.set(day, { day, ...substituteHolidayName(holiday), kind: 'substitute' });
    }
  }
  for (const holiday of nationalHolidays) {
    const day = holiday.day + 1;
    if (!national.has(day) && national.has(day + 1) && !result.has(day)) {
      result.set(day, { day, ...CITIZENS_HOLIDAY_NAME, kind: 'citizens' });
    }
  }
  return [...result.values()].sort((a, b) => a.day - b.day);
}

/**
 * The day of March of the vernal equinox day, by the standard approximation (the formula
 * published with the National Astronomical Observatory's figures, valid 1980 to 2150).
 */
export function vernalEquinoxDayOfMarch(year: number): number {
  checkRuleYear(year, 1980);
  const base = year <= 2099 ? 20.8431 : 21.851;
  return Math.floor(base + 0.242194 * (year - 1980)) - Math.floor((year - 1980) / 4);
}

/** The day of September of the autumnal equinox day (same approximation). */
export function autumnalEquinoxDayOfSeptember(year: number): number {
  checkRuleYear(year, 1980);
  const base = year <= 2099 ? 23.2488 : 24.2488;
  return Math.floor(base + 0.242194 * (year - 1980)) - Math.floor((year - 1980) / 4);
}

function checkRuleYear(year: number, first: number): void {
  if (!Number.isInteger(year) || year < first || year > RULES_LAST_YEAR) {
    throw new RangeError(`the holiday rules cover ${first} to ${RULES_LAST_YEAR}, not ${year}`);
  }
}

/** The nth Monday of a month. */
function nthMonday(year: number, month: number, n: number): DayNumber {
  const first = dayFromCivil(year, month, 1);
  return first + ((8 - weekdayOf(first)) % 7) + (n - 1) * 7;
}

/** Article 2: the year's national holidays under the current Act. */
export function nationalHolidaysByRule(year: number): DatedHoliday[] {
  checkRuleYear(year, RULES_FIRST_YEAR);
  const on = (month: number, day: number, name: HolidayName): DatedHoliday => ({
    day: dayFromCivil(year, month, day),
    ...name,
  });
  const n = HOLIDAY_NAMES;
  return [
    on(1, 1, n.newYearsDay),
    { day: nthMonday(year, 1, 2), ...n.comingOfAgeDay },
    on(2, 11, n.nationalFoundationDay),
    on(2, 23, n.emperorsBirthday),
    on(3, vernalEquinoxDayOfMarch(year), n.vernalEquinoxDay),
    on(4, 29, n.showaDay),
    on(5, 3, n.constitutionMemorialDay),
    on(5, 4, n.greeneryDay),
    on(5, 5, n.childrensDay),
    { day: nthMonday(year, 7, 3), ...n.marineDay },
    on(8, 11, n.mountainDay),
    { day: nthMonday(year, 9, 3), ...n.respectForTheAgedDay },
    on(9, autumnalEquinoxDayOfSeptember(year), n.autumnalEquinoxDay),
    { day: nthMonday(year, 10, 2), ...n.sportsDay },
    on(11, 3, n.cultureDay),
    on(11, 23, n.laborThanksgivingDay),
  ].sort((a, b) => a.day - b.day);
}

/** Every holiday of a year by the rules (national, substitute and citizens'), in date order. */
export function holidaysByRule(year: number): KindedHoliday[] {
  return withSubstituteAndCitizensHolidays(nationalHolidaysByRule(year));
}
