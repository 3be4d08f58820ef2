/**
 * Writes resources/holidays/japan.json, the official list of Japanese national holidays that the
 * business calendar reads (DOMAIN.md section 3).
 *
 *   npx tsx scripts/generate-holidays.ts
 *
 * Source: the Cabinet Office's list (内閣府「国民の祝日について」, syukujitsu.csv), as carried by
 * @holiday-jp/holiday_jp (its `YYYY-MM-DD` keyed table, lib/holidays.js). Only the dates and the
 * Japanese names of the national holidays are taken from the package. The kind of every other day
 * (振替休日 substitute holiday, 国民の休日 citizens' holiday) is worked out by the rules of the
 * Holidays Act, Article 3, and the script stops if the package's dates disagree with those rules;
 * the package's own labels for substitute days are not used (it names some after the wrong
 * holiday, e.g. 2025-05-06). English names come from our own table (HOLIDAY_NAMES).
 *
 * The years kept are FIRST_YEAR to OFFICIAL_THROUGH: the package extends its table to 2050 by
 * computation, but only the years the Cabinet Office has published are official.
 *
 * When the Cabinet Office publishes a new year (each February it announces the next year's
 * equinox days), there are two ways to update, neither needing a code change:
 * - edit resources/holidays/japan.json by hand: add the year's rows in date order (the test
 *   tests/unit/domain/calendar/holiday-data.test.ts checks the file) and raise `officialThrough`;
 * - or, once the package has the year, raise OFFICIAL_THROUGH below and run this script again.
 * Years after `officialThrough` are computed by rule at run time and marked provisional.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  HOLIDAY_NAMES,
  dateToDay,
  formatDate,
  holidaysByRule,
  validateHolidayData,
  withSubstituteAndCitizensHolidays,
  type DatedHoliday,
  type HolidayData,
  type HolidayName,
  type HolidayRecord,
} from '../src/domain/calendar';

const FIRST_YEAR = 2019;
const OFFICIAL_THROUGH = 2027;
const PACKAGE = '@holiday-jp/holiday_jp';

const OUTPUT = fileURLToPath(new URL('../resources/holidays/japan.json', import.meta.url));

/** The package's Japanese names of the national holidays (Article 2), to ours. */
const NATIONAL_BY_JAPANESE_NAME: Record<string, HolidayName> = {
  元日: HOLIDAY_NAMES.newYearsDay,
  成人の日: HOLIDAY_NAMES.comingOfAgeDay,
  建国記念の日: HOLIDAY_NAMES.nationalFoundationDay,
  天皇誕生日: HOLIDAY_NAMES.emperorsBirthday,
  春分の日: HOLIDAY_NAMES.vernalEquinoxDay,
  昭和の日: HOLIDAY_NAMES.showaDay,
  憲法記念日: HOLIDAY_NAMES.constitutionMemorialDay,
  みどりの日: HOLIDAY_NAMES.greeneryDay,
  こどもの日: HOLIDAY_NAMES.childrensDay,
  海の日: HOLIDAY_NAMES.marineDay,
  山の日: HOLIDAY_NAMES.mountainDay,
  敬老の日: HOLIDAY_NAMES.respectForTheAgedDay,
  秋分の日: HOLIDAY_NAMES.autumnalEquinoxDay,
  体育の日: HOLIDAY_NAMES.healthAndSportsDay,
  // 2019: the Cabinet Office's list writes the day as 体育の日（スポーツの日）; the new name took effect in 2020.
  '体育の日（スポーツの日）': HOLIDAY_NAMES.healthAndSportsDay,
  スポーツの日: HOLIDAY_NAMES.sportsDay,
  文化の日: HOLIDAY_NAMES.cultureDay,
  勤労感謝の日: HOLIDAY_NAMES.laborThanksgivingDay,
};

/** Days a special law made holidays treated as national holidays (休日（祝日扱い）). */
const SPECIAL_LAW_DAYS: Record<string, HolidayName> = {
  '2019-05-01': HOLIDAY_NAMES.enthronementDay,
  '2019-10-22': HOLIDAY_NAMES.enthronementCeremonyDay,
};

interface PackageRow {
  date: string;
  name: string;
}

function loadPackageTable(): PackageRow[] {
  const require = createRequire(import.meta.url);
  const table = require(`${PACKAGE}/lib/holidays.js`) as Record<string, unknown>;
  return Object.entries(table).map(([key, value]) => {
    const name = (value as { name?: unknown }).name;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(key) || typeof name !== 'string') {
      throw new Error(`${PACKAGE}: unexpected row ${JSON.stringify(key)}`);
    }
    return { date: key, name };
  });
}

function recordsForYear(year: number, rows: PackageRow[]): HolidayRecord[] {
  const national: DatedHoliday[] = [];
  const others = new Set<string>();
  for (const row of rows) {
    const name = SPECIAL_LAW_DAYS[row.date] ?? NATIONAL_BY_JAPANESE_NAME[row.name];
    if (name) national.push({ day: dateToDay(row.date), ...name });
    else if (row.name === '休日' || row.name.includes('振替休日')) others.add(row.date);
    else
      throw new Error(
        `${row.date}: unknown holiday name ${JSON.stringify(row.name)} in ${PACKAGE}`,
      );
  }
  const records = withSubstituteAndCitizensHolidays(national).map((h): HolidayRecord => ({
    date: formatDate(h.day),
    name: h.name,
    nameJa: h.nameJa,
    kind: h.kind,
  }));
  // By rule, the days that are not national holidays must be exactly the package's other days.
  const byRule = new Set(records.filter((r) => r.kind !== 'national').map((r) => r.date));
  const missing = [...others].filter((d) => !byRule.has(d));
  const extra = [...byRule].filter((d) => !others.has(d));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `${year}: the Holidays Act gives substitute/citizens' holidays ${[...byRule].join(', ') || 'none'}, ` +
        `but ${PACKAGE} lists ${[...others].join(', ') || 'none'}`,
    );
  }
  return records;
}

function render(data: HolidayData): string {
  // One holiday per line, so that a year's update is a readable diff.
  const rows = data.holidays.map(
    (h) =>
      `    { "date": ${JSON.stringify(h.date)}, "name": ${JSON.stringify(h.name)}, ` +
      `"nameJa": ${JSON.stringify(h.nameJa)}, "kind": ${JSON.stringify(h.kind)} }`,
  );
  return [
    '{',
    `  "source": ${JSON.stringify(data.source)},`,
    `  "officialThrough": ${data.officialThrough},`,
    `  "howToUpdate": ${JSON.stringify(data.howToUpdate)},`,
    '  "holidays": [',
    rows.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

function main(): void {
  const table = loadPackageTable();
  const require = createRequire(import.meta.url);
  const { version } = require(`${PACKAGE}/package.json`) as { version: string };
  const holidays: HolidayRecord[] = [];
  for (let year = FIRST_YEAR; year <= OFFICIAL_THROUGH; year += 1) {
    const rows = table.filter((row) => row.date.startsWith(`${year}-`));
    if (rows.length === 0) throw new Error(`${PACKAGE} has no holidays for ${year}`);
    const records = recordsForYear(year, rows);
    holidays.push(...records);
    if (year >= 2022) {
      // No special law touches these years: the rules must give the same list.
      const computed = JSON.stringify(
        holidaysByRule(year).map((h) => [formatDate(h.day), h.name, h.kind]),
      );
      const official = JSON.stringify(records.map((r) => [r.date, r.name, r.kind]));
      if (computed !== official) process.stderr.write(`warning: ${year} differs from the rules\n`);
    }
  }
  const data: HolidayData = {
    source: `Cabinet Office of Japan, list of national holidays (https://www8.cao.go.jp/chosei/shukujitsu/gaiyou.html), ${FIRST_YEAR} to ${OFFICIAL_THROUGH}, via ${PACKAGE} ${version}; kinds and English names by scripts/generate-holidays.ts`,
    officialThrough: OFFICIAL_THROUGH,
    howToUpdate:
      "When the Cabinet Office publishes a new year: add its rows here in date order and raise officialThrough (no code change). Later years are computed by the Holidays Act's rules and marked provisional.",
    holidays,
  };
  const validation = validateHolidayData(data);
  if (!validation.ok) throw new Error(JSON.stringify(validation.problems));
  writeFileSync(OUTPUT, render(data));
  process.stdout.write(
    `wrote ${holidays.length} holidays (${FIRST_YEAR}-${OFFICIAL_THROUGH}) to ${OUTPUT}\n`,
  );
}

main();
