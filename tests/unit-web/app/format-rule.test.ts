/**
 * Availability rules in words (issue 14 item 5): never the rule's text, in English and Japanese.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAvailabilityRule } from '../../../src/domain/booking';
import type { Weekday } from '../../../src/domain/calendar';
import { describeAvailabilityRuleText } from '../../../src/renderer/app/format-rule';
import { tEn, tJa } from '../i18n-fixture';

const say = (text: string, minutes: number, language: 'en' | 'ja') =>
  describeAvailabilityRuleText(text, minutes, language === 'en' ? tEn : tJa, language);

const TU_TH = 'DTSTART;TZID=Asia/Tokyo:20261201T180000\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH';

describe('an availability rule in words', () => {
  it('reads weekdays and the window, in both languages', () => {
    expect(say(TU_TH, 180, 'en')).toBe('Tuesdays and Thursdays, 18:00–21:00, from Tue, 1 Dec 2026');
    expect(say(TU_TH, 180, 'ja')).toBe('毎週火曜日・木曜日 18:00–21:00、2026年12月1日(火)から');
  });

  it('lists three days the way each language does, Monday first', () => {
    const rule = 'DTSTART;TZID=Asia/Tokyo:20261130T100000\nRRULE:FREQ=WEEKLY;BYDAY=SU,FR,MO,WE';
    expect(say(rule, 90, 'en')).toBe(
      'Mondays, Wednesdays, Fridays and Sundays, 10:00–11:30, from Mon, 30 Nov 2026',
    );
    expect(say(rule, 90, 'ja')).toMatch(/^毎週月曜日・水曜日・金曜日・日曜日 10:00–11:30、/);
  });

  it('a weekly rule without BYDAY is on its first date’s weekday', () => {
    const rule = 'DTSTART;TZID=Asia/Tokyo:20261202T093000\nRRULE:FREQ=WEEKLY';
    expect(say(rule, 60, 'en')).toBe('Wednesdays, 09:30–10:30, from Wed, 2 Dec 2026');
  });

  it('says every day, intervals, months, the last date and a count', () => {
    expect(say('DTSTART;TZID=Asia/Tokyo:20261201T100000\nRRULE:FREQ=DAILY', 60, 'en')).toBe(
      'Every day, 10:00–11:00, from Tue, 1 Dec 2026',
    );
    expect(
      say(
        'DTSTART;TZID=Asia/Tokyo:20261201T100000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
        60,
        'en',
      ),
    ).toBe('Every 2 weeks: Tuesdays, 10:00–11:00, from Tue, 1 Dec 2026');
    expect(
      say(
        'DTSTART;TZID=Asia/Tokyo:20261201T100000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
        60,
        'ja',
      ),
    ).toBe('2週間ごとの火曜日 10:00–11:00、2026年12月1日(火)から');
    const until = formatAvailabilityRule({
      firstDate: '2026-12-01',
      start: '18:00',
      days: [2, 4],
      lastDate: '2027-03-31',
    });
    expect(say(until, 180, 'en')).toBe(
      'Tuesdays and Thursdays, 18:00–21:00, from Tue, 1 Dec 2026, until Wed, 31 Mar 2027',
    );
    expect(say(until, 180, 'ja')).toBe(
      '毎週火曜日・木曜日 18:00–21:00、2026年12月1日(火)から、2027年3月31日(水)まで',
    );
    const counted = 'DTSTART;TZID=Asia/Tokyo:20261201T100000\nRRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=1';
    expect(say(counted, 60, 'en')).toBe('Tuesdays, 10:00–11:00, from Tue, 1 Dec 2026, once');
    const months =
      'DTSTART;TZID=Asia/Tokyo:20261201T100000\nRRULE:FREQ=WEEKLY;BYDAY=TU;BYMONTH=5,4;COUNT=10';
    expect(say(months, 60, 'en')).toBe(
      'Tuesdays in April and May, 10:00–11:00, from Tue, 1 Dec 2026, 10 times',
    );
    expect(say(months, 60, 'ja')).toBe(
      '毎週火曜日（4月・5月） 10:00–11:00、2026年12月1日(火)から、10回',
    );
  });

  it('a window past midnight ends the next day', () => {
    const rule = 'DTSTART;TZID=Asia/Tokyo:20261201T220000\nRRULE:FREQ=WEEKLY;BYDAY=TU';
    expect(say(rule, 180, 'en')).toBe('Tuesdays, 22:00–01:00 the next day, from Tue, 1 Dec 2026');
  });

  it('a rule that does not parse gives null (never its raw text)', () => {
    expect(say('RRULE:BYDAY=MO', 60, 'en')).toBeNull();
  });

  it('never shows rule text or weekday codes, whatever the days, start and length', () => {
    const weekday = fc.constantFrom<Weekday>(0, 1, 2, 3, 4, 5, 6);
    fc.assert(
      fc.property(
        fc.uniqueArray(weekday, { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 0, max: 23 * 60 + 59 }),
        fc.integer({ min: 1, max: 24 * 60 }),
        fc.constantFrom<'en' | 'ja'>('en', 'ja'),
        (days, startMinutes, minutes, language) => {
          const start = `${String(Math.floor(startMinutes / 60)).padStart(2, '0')}:${String(startMinutes % 60).padStart(2, '0')}`;
          const rule = formatAvailabilityRule({ firstDate: '2026-12-01', start, days });
          const text = say(rule, minutes, language);
          expect(text).not.toBeNull();
          expect(text).not.toMatch(/RRULE|DTSTART|BYDAY|FREQ|\b(MO|TU|WE|TH|FR|SA|SU)\b/);
          expect(text).toContain(start);
        },
      ),
    );
  });
});
