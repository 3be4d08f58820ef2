import { describe, expect, it } from 'vitest';
import {
  reportPeriodSchema,
  reportTokenSchema,
  publishedReportSchema,
} from '../../../../src/bridge/schemas/reports';
import {
  REPORT_MEASURES,
  REPORT_PERIOD_PATTERN,
  REPORT_TOKEN_PATTERN,
  TOPIC_CATEGORIES,
  counsellorCategories,
  jstMonthOf,
  monthsOfPeriod,
  reportPeriods,
  topicCategoriesOf,
  topicOfTag,
} from '../../../../src/domain/reports';
import { at } from './helpers';

describe('topics: a controlled vocabulary', () => {
  it('maps typed tags to topics by slug or alias, in any case, width or spacing', () => {
    expect(topicOfTag('work-stress')).toBe('work-stress');
    expect(topicOfTag('  Work ')).toBe('work-stress');
    expect(topicOfTag('ＷＯＲＫ')).toBe('work-stress');
    expect(topicOfTag('Culture Shock')).toBe('culture-shock');
    expect(topicOfTag('culture_shock')).toBe('culture-shock');
    expect(topicOfTag('孤独')).toBe('isolation');
    expect(topicOfTag('職場')).toBe('work-stress');
  });

  it('counts anything else as other, and no tag as no topic at all', () => {
    expect(topicOfTag('Emily said her supervisor')).toBe('other');
    expect(topicCategoriesOf([])).toEqual([]);
    expect(topicCategoriesOf(['  '])).toEqual([]);
    expect(TOPIC_CATEGORIES).not.toContain('topic:none');
    expect(topicCategoriesOf(['housing', 'Work', 'work', 'secret'])).toEqual([
      'topic:work-stress',
      'topic:housing',
      'topic:other',
    ]);
  });

  it('has slug categories only', () => {
    for (const c of TOPIC_CATEGORIES) expect(c).toMatch(REPORT_TOKEN_PATTERN);
    for (const m of REPORT_MEASURES) expect(m).toMatch(REPORT_TOKEN_PATTERN);
  });
});

describe('counsellor categories', () => {
  it('are always a stable alias, never an id as typed or a name', () => {
    const map = counsellorCategories(['c-2', '01HZXK4Q7Y', 'c-1', 'Margaret Ellison', 'none', '7']);
    expect(Object.fromEntries(map)).toEqual({
      // Sorted: '01HZXK4Q7Y' < '7' < 'Margaret Ellison' < 'c-1' < 'c-2' < 'none'.
      '01HZXK4Q7Y': 'counsellor:1',
      '7': 'counsellor:2',
      'Margaret Ellison': 'counsellor:3',
      'c-1': 'counsellor:4',
      'c-2': 'counsellor:5',
      none: 'counsellor:6',
    });
    for (const c of map.values()) expect(c).toMatch(REPORT_TOKEN_PATTERN);
    // The same ids in another order give the same aliases.
    expect(
      counsellorCategories(['none', '7', 'Margaret Ellison', 'c-1', '01HZXK4Q7Y', 'c-2']),
    ).toEqual(map);
  });
});

describe('periods', () => {
  it('gives months only for a one-month report', () => {
    expect(reportPeriods('2026-11', '2026-11').map((p) => p.token)).toEqual(['2026-11']);
  });

  it('gives a whole fiscal year with its quarters', () => {
    const periods = reportPeriods('2026-04', '2027-03');
    expect(periods.filter((p) => p.kind === 'span')).toEqual([
      expect.objectContaining({ token: '2026-04..2026-06', spanKinds: ['quarter'] }),
      expect.objectContaining({ token: '2026-07..2026-09', spanKinds: ['quarter'] }),
      expect.objectContaining({ token: '2026-10..2026-12', spanKinds: ['quarter'] }),
      expect.objectContaining({ token: '2027-01..2027-03', spanKinds: ['quarter'] }),
      expect.objectContaining({
        token: '2026-04..2027-03',
        spanKinds: ['fiscal-year', 'report-period'],
      }),
    ]);
    expect(periods).toHaveLength(12 + 5);
  });

  it('clips quarters and fiscal years to the report and drops one-month spans', () => {
    expect(reportPeriods('2026-03', '2026-05').map((p) => p.token)).toEqual([
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-04..2026-05',
      '2026-03..2026-05',
    ]);
  });

  it('refuses bad months, months out of order and reports over ten years', () => {
    expect(() => reportPeriods('2026-4', '2026-05')).toThrow(RangeError);
    expect(() => reportPeriods('2026-06', '2026-05')).toThrow('from is after to');
    expect(() => reportPeriods('2016-01', '2026-01')).toThrow('at most 120 months');
    expect(reportPeriods('2016-02', '2026-01').filter((p) => p.kind === 'month')).toHaveLength(120);
  });

  it('reads period tokens back', () => {
    expect(monthsOfPeriod('2026-11')).toEqual(['2026-11']);
    expect(monthsOfPeriod('2026-11..2027-01')).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(monthsOfPeriod('2026-11..2026-11')).toBeNull();
    expect(monthsOfPeriod('2026-11..2026-10')).toBeNull();
    expect(monthsOfPeriod('2026-11-01')).toBeNull();
  });

  it('takes the JST month of an instant, whatever the computer zone', () => {
    expect(jstMonthOf(at('2026-03-31T14:59:59Z'))).toBe('2026-03');
    expect(jstMonthOf(at('2026-03-31T15:00:00Z'))).toBe('2026-04');
  });
});

describe('the published report contract (src/bridge/schemas/reports.ts)', () => {
  it('uses the same patterns in the domain and the bridge', () => {
    const samples = [
      '2026-11',
      '2026-11..2027-01',
      '2026-13',
      '2026-1',
      'all',
      'language:en',
      'A',
      'x y',
      '-a',
      'a'.repeat(65),
    ];
    for (const s of samples) {
      expect(reportPeriodSchema.safeParse(s).success).toBe(REPORT_PERIOD_PATTERN.test(s));
      expect(reportTokenSchema.safeParse(s).success).toBe(REPORT_TOKEN_PATTERN.test(s));
    }
  });

  it('refuses free text, extra fields and a threshold below 5', () => {
    const good = {
      format: 'counsellor-workstation.report',
      version: 1,
      from: '2026-11',
      to: '2026-11',
      threshold: 5,
      rows: [{ period: '2026-11', measure: 'sessions', category: 'all', value: '*' }],
    };
    expect(publishedReportSchema.safeParse(good).success).toBe(true);
    const bad = (change: object) => publishedReportSchema.safeParse({ ...good, ...change }).success;
    expect(bad({ threshold: 4 })).toBe(false);
    expect(bad({ note: 'x' })).toBe(false);
    expect(bad({ rows: [{ ...good.rows[0], category: 'Emily Johnson' }] })).toBe(false);
    expect(bad({ rows: [{ ...good.rows[0], period: '2026-11-05' }] })).toBe(false);
    expect(bad({ rows: [{ ...good.rows[0], value: 'few' }] })).toBe(false);
    expect(bad({ rows: [{ ...good.rows[0], participant: 'p-1' }] })).toBe(false);
  });
});
