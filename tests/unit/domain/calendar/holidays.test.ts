import { describe, expect, it } from 'vitest';
import {
  autumnalEquinoxDayOfSeptember,
  formatDate,
  holidaysByRule,
  vernalEquinoxDayOfMarch,
  type HolidayKind,
} from '../../../../src/domain/calendar';
import { calendarWith, shippedHolidays } from './helpers';

/**
 * Every holiday 2019-2027, written by hand from the Cabinet Office's list (内閣府「国民の祝日に
 * ついて」), not derived from the package or the data file: this table checks the data file.
 * `substitute X` is the 振替休日 for the Sunday holiday X.
 */
const OFFICIAL_2019_2027 = `
2019-01-01 national 元日
2019-01-14 national 成人の日
2019-02-11 national 建国記念の日
2019-03-21 national 春分の日
2019-04-29 national 昭和の日
2019-04-30 citizens 国民の休日
2019-05-01 national 天皇の即位の日
2019-05-02 citizens 国民の休日
2019-05-03 national 憲法記念日
2019-05-04 national みどりの日
2019-05-05 national こどもの日
2019-05-06 substitute こどもの日
2019-07-15 national 海の日
2019-08-11 national 山の日
2019-08-12 substitute 山の日
2019-09-16 national 敬老の日
2019-09-23 national 秋分の日
2019-10-14 national 体育の日
2019-10-22 national 即位礼正殿の儀の行われる日
2019-11-03 national 文化の日
2019-11-04 substitute 文化の日
2019-11-23 national 勤労感謝の日
2020-01-01 national 元日
2020-01-13 national 成人の日
2020-02-11 national 建国記念の日
2020-02-23 national 天皇誕生日
2020-02-24 substitute 天皇誕生日
2020-03-20 national 春分の日
2020-04-29 national 昭和の日
2020-05-03 national 憲法記念日
2020-05-04 national みどりの日
2020-05-05 national こどもの日
2020-05-06 substitute 憲法記念日
2020-07-23 national 海の日
2020-07-24 national スポーツの日
2020-08-10 national 山の日
2020-09-21 national 敬老の日
2020-09-22 national 秋分の日
2020-11-03 national 文化の日
2020-11-23 national 勤労感謝の日
2021-01-01 national 元日
2021-01-11 national 成人の日
2021-02-11 national 建国記念の日
2021-02-23 national 天皇誕生日
2021-03-20 national 春分の日
2021-04-29 national 昭和の日
2021-05-03 national 憲法記念日
2021-05-04 national みどりの日
2021-05-05 national こどもの日
2021-07-22 national 海の日
2021-07-23 national スポーツの日
2021-08-08 national 山の日
2021-08-09 substitute 山の日
2021-09-20 national 敬老の日
2021-09-23 national 秋分の日
2021-11-03 national 文化の日
2021-11-23 national 勤労感謝の日
2022-01-01 national 元日
2022-01-10 national 成人の日
2022-02-11 national 建国記念の日
2022-02-23 national 天皇誕生日
2022-03-21 national 春分の日
2022-04-29 national 昭和の日
2022-05-03 national 憲法記念日
2022-05-04 national みどりの日
2022-05-05 national こどもの日
2022-07-18 national 海の日
2022-08-11 national 山の日
2022-09-19 national 敬老の日
2022-09-23 national 秋分の日
2022-10-10 national スポーツの日
2022-11-03 national 文化の日
2022-11-23 national 勤労感謝の日
2023-01-01 national 元日
2023-01-02 substitute 元日
2023-01-09 national 成人の日
2023-02-11 national 建国記念の日
2023-02-23 national 天皇誕生日
2023-03-21 national 春分の日
2023-04-29 national 昭和の日
2023-05-03 national 憲法記念日
2023-05-04 national みどりの日
2023-05-05 national こどもの日
2023-07-17 national 海の日
2023-08-11 national 山の日
2023-09-18 national 敬老の日
2023-09-23 national 秋分の日
2023-10-09 national スポーツの日
2023-11-03 national 文化の日
2023-11-23 national 勤労感謝の日
2024-01-01 national 元日
2024-01-08 national 成人の日
2024-02-11 national 建国記念の日
2024-02-12 substitute 建国記念の日
2024-02-23 national 天皇誕生日
2024-03-20 national 春分の日
2024-04-29 national 昭和の日
2024-05-03 national 憲法記念日
2024-05-04 national みどりの日
2024-05-05 national こどもの日
2024-05-06 substitute こどもの日
2024-07-15 national 海の日
2024-08-11 national 山の日
2024-08-12 substitute 山の日
2024-09-16 national 敬老の日
2024-09-22 national 秋分の日
2024-09-23 substitute 秋分の日
2024-10-14 national スポーツの日
2024-11-03 national 文化の日
2024-11-04 substitute 文化の日
2024-11-23 national 勤労感謝の日
2025-01-01 national 元日
2025-01-13 national 成人の日
2025-02-11 national 建国記念の日
2025-02-23 national 天皇誕生日
2025-02-24 substitute 天皇誕生日
2025-03-20 national 春分の日
2025-04-29 national 昭和の日
2025-05-03 national 憲法記念日
2025-05-04 national みどりの日
2025-05-05 national こどもの日
2025-05-06 substitute みどりの日
2025-07-21 national 海の日
2025-08-11 national 山の日
2025-09-15 national 敬老の日
2025-09-23 national 秋分の日
2025-10-13 national スポーツの日
2025-11-03 national 文化の日
2025-11-23 national 勤労感謝の日
2025-11-24 substitute 勤労感謝の日
2026-01-01 national 元日
2026-01-12 national 成人の日
2026-02-11 national 建国記念の日
2026-02-23 national 天皇誕生日
2026-03-20 national 春分の日
2026-04-29 national 昭和の日
2026-05-03 national 憲法記念日
2026-05-04 national みどりの日
2026-05-05 national こどもの日
2026-05-06 substitute 憲法記念日
2026-07-20 national 海の日
2026-08-11 national 山の日
2026-09-21 national 敬老の日
2026-09-22 citizens 国民の休日
2026-09-23 national 秋分の日
2026-10-12 national スポーツの日
2026-11-03 national 文化の日
2026-11-23 national 勤労感謝の日
2027-01-01 national 元日
2027-01-11 national 成人の日
2027-02-11 national 建国記念の日
2027-02-23 national 天皇誕生日
2027-03-21 national 春分の日
2027-03-22 substitute 春分の日
2027-04-29 national 昭和の日
2027-05-03 national 憲法記念日
2027-05-04 national みどりの日
2027-05-05 national こどもの日
2027-07-19 national 海の日
2027-08-11 national 山の日
2027-09-20 national 敬老の日
2027-09-23 national 秋分の日
2027-10-11 national スポーツの日
2027-11-03 national 文化の日
2027-11-23 national 勤労感謝の日
`;

const ENGLISH: Record<string, string> = {
  元日: "New Year's Day",
  成人の日: 'Coming of Age Day',
  建国記念の日: 'National Foundation Day',
  天皇誕生日: "Emperor's Birthday",
  春分の日: 'Vernal Equinox Day',
  昭和の日: 'Showa Day',
  憲法記念日: 'Constitution Memorial Day',
  みどりの日: 'Greenery Day',
  こどもの日: "Children's Day",
  海の日: 'Marine Day',
  山の日: 'Mountain Day',
  敬老の日: 'Respect for the Aged Day',
  秋分の日: 'Autumnal Equinox Day',
  体育の日: 'Health and Sports Day',
  スポーツの日: 'Sports Day',
  文化の日: 'Culture Day',
  勤労感謝の日: 'Labor Thanksgiving Day',
  天皇の即位の日: 'Enthronement Day',
  即位礼正殿の儀の行われる日: 'Enthronement Ceremony Day',
  国民の休日: "Citizens' Holiday",
};

interface Expected {
  date: string;
  name: string;
  nameJa: string;
  kind: HolidayKind;
  provisional: boolean;
}

const expected: Expected[] = OFFICIAL_2019_2027.trim()
  .split('\n')
  .map((line) => {
    const [date, kind, holiday] = line.split(' ') as [string, HolidayKind, string];
    const english = ENGLISH[holiday];
    if (english === undefined) throw new Error(`no English name for ${holiday}`);
    return kind === 'substitute'
      ? {
          date,
          name: `Substitute Holiday (${english})`,
          nameJa: `振替休日（${holiday}）`,
          kind,
          provisional: false,
        }
      : { date, name: english, nameJa: holiday, kind, provisional: false };
  });

const calendar = calendarWith();
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027];

describe('official holidays 2019-2027 (Cabinet Office list)', () => {
  it.each(YEARS)('%i: the data file holds exactly the official list', (year) => {
    expect(calendar.holidaysInYear(year)).toEqual(
      expected.filter((h) => h.date.startsWith(`${year}-`)),
    );
  });

  it('is official through 2027 and starts in 2019', () => {
    expect(calendar.officialThrough).toBe(2027);
    expect(calendar.firstYear).toBe(2019);
    expect(shippedHolidays().holidays).toHaveLength(expected.length);
    expect(YEARS.map((y) => calendar.isProvisionalYear(y))).toEqual(YEARS.map(() => false));
    expect(calendar.isProvisionalYear(2028)).toBe(true);
  });

  it('has the 2019 enthronement days and the citizens\u2019 holidays around them', () => {
    expect(calendar.holiday('2019-05-01')).toMatchObject({
      kind: 'national',
      name: 'Enthronement Day',
    });
    expect(calendar.holiday('2019-10-22')).toMatchObject({
      kind: 'national',
      nameJa: '即位礼正殿の儀の行われる日',
    });
    expect(calendar.holiday('2019-04-30')?.kind).toBe('citizens');
    expect(calendar.holiday('2019-05-02')?.kind).toBe('citizens');
    // No Emperor's Birthday in 2019 (23 Dec ended with the abdication; 23 Feb began in 2020).
    expect(calendar.holidaysInYear(2019).some((h) => h.nameJa === '天皇誕生日')).toBe(false);
  });

  it('has the Olympic moves of 2020 and 2021 (Marine Day, Sports Day, Mountain Day)', () => {
    expect(calendar.holiday('2020-07-23')?.nameJa).toBe('海の日');
    expect(calendar.holiday('2020-07-24')?.nameJa).toBe('スポーツの日');
    expect(calendar.holiday('2020-08-10')?.nameJa).toBe('山の日');
    expect(calendar.holiday('2020-08-11')).toBeNull();
    expect(calendar.holiday('2020-10-12')).toBeNull();
    expect(calendar.holiday('2021-07-22')?.nameJa).toBe('海の日');
    expect(calendar.holiday('2021-07-23')?.nameJa).toBe('スポーツの日');
    expect(calendar.holiday('2021-08-08')?.nameJa).toBe('山の日');
    expect(calendar.holiday('2021-08-09')?.kind).toBe('substitute');
    expect(calendar.holiday('2021-10-11')).toBeNull();
  });

  it('names each substitute holiday after the Sunday holiday it stands in for', () => {
    // 2025-05-04 (Greenery Day) was the Sunday; 2026-05-03 (Constitution Memorial Day) was.
    expect(calendar.holiday('2025-05-06')?.nameJa).toBe('振替休日（みどりの日）');
    expect(calendar.holiday('2026-05-06')?.nameJa).toBe('振替休日（憲法記念日）');
  });
});

describe('holidays by the rules of the Holidays Act', () => {
  it.each([2022, 2023, 2024, 2025, 2026, 2027])(
    '%i: the rules reproduce the official list exactly (no special law that year)',
    (year) => {
      const computed = holidaysByRule(year).map((h) => ({
        date: formatDate(h.day),
        name: h.name,
        nameJa: h.nameJa,
        kind: h.kind,
        provisional: false,
      }));
      expect(computed).toEqual(expected.filter((h) => h.date.startsWith(`${year}-`)));
    },
  );

  it('gives the equinox days of the standard approximation', () => {
    // Published by the National Astronomical Observatory of Japan for 2026 to 2030.
    expect([2026, 2027, 2028, 2029, 2030].map(vernalEquinoxDayOfMarch)).toEqual([
      20, 21, 20, 20, 20,
    ]);
    expect([2026, 2027, 2028, 2029, 2030].map(autumnalEquinoxDayOfSeptember)).toEqual([
      23, 23, 22, 23, 23,
    ]);
  });

  it('marks the years after the official list provisional, with the same rules', () => {
    const y2028 = calendar.holidaysInYear(2028);
    expect(y2028.every((h) => h.provisional)).toBe(true);
    expect(y2028.map((h) => h.date)).toEqual([
      '2028-01-01',
      '2028-01-10',
      '2028-02-11',
      '2028-02-23',
      '2028-03-20',
      '2028-04-29',
      '2028-05-03',
      '2028-05-04',
      '2028-05-05',
      '2028-07-17',
      '2028-08-11',
      '2028-09-18',
      '2028-09-22',
      '2028-10-09',
      '2028-11-03',
      '2028-11-23',
    ]);
    // 2029-02-11 is a Sunday: substitute on Monday 12th.
    expect(calendar.holiday('2029-02-12')).toEqual({
      date: '2029-02-12',
      name: 'Substitute Holiday (National Foundation Day)',
      nameJa: '振替休日（建国記念の日）',
      kind: 'substitute',
      provisional: true,
    });
    // Citizens' holidays between Respect for the Aged Day and the autumnal equinox.
    expect(calendar.holiday('2032-09-21')).toMatchObject({ kind: 'citizens', provisional: true });
    expect(calendar.holiday('2037-09-22')).toMatchObject({ kind: 'citizens', provisional: true });
  });

  it('never answers "no holidays" for a year it does not know', () => {
    for (const year of [2028, 2050, 2051, 2099, 2100, 2150]) {
      expect(calendar.holidaysInYear(year).length).toBeGreaterThanOrEqual(16);
    }
    expect(() => calendar.holidaysInYear(2151)).toThrow(RangeError);
    expect(() => calendar.holidaysInYear(2018)).toThrow(/starts in 2019/);
    expect(() => calendar.businessDay('2018-12-31')).toThrow(RangeError);
    expect(() => calendar.holidaysInYear(2026.5)).toThrow(RangeError);
  });
});
