import { describe, expect, it } from 'vitest';
import {
  auditPublishedReport,
  reportStructure,
  suppressLinked,
  type CellKey,
} from '../../../../src/domain/reports';

const key = (period: string, category = 'all', measure = 'messages-received'): CellKey => ({
  period,
  measure,
  category,
});

function run(keys: CellKey[], values: number[], threshold: number, participants?: number[]) {
  const structure = reportStructure(keys);
  const result = suppressLinked(
    structure,
    values.map((value, i) => ({ value, participants: participants?.[i] ?? value })),
    threshold,
  );
  const published = keys.map((_, i) => (result.reasons[i] === null ? values[i]! : '*'));
  return { structure, result, published };
}

function audit(keys: CellKey[], published: (number | '*')[], from: string, to: string) {
  return auditPublishedReport({
    format: 'counsellor-workstation.report',
    version: 1,
    from,
    to,
    threshold: 5,
    rows: keys.map((k, i) => ({ ...k, value: published[i]! })),
  });
}

describe('suppressLinked', () => {
  it('walks up a span hierarchy: a month, then its sibling span, then a month of that span', () => {
    // March alone; April and May make a quarter (to date); March to May is the report period.
    const keys = [
      key('2026-03'),
      key('2026-04'),
      key('2026-05'),
      key('2026-04..2026-05'),
      key('2026-03..2026-05'),
    ];
    const { result, published } = run(keys, [3, 20, 30, 50, 53], 5);
    expect(result.reasons).toEqual(['primary', 'complementary', null, 'complementary', null]);
    expect(published).toEqual(['*', '*', 30, '*', 53]);
    expect(audit(keys, published, '2026-03', '2026-05')).toMatchObject({ ok: true });
  });

  it('shows zero, and suppresses on few participants even when events are many (T = 5)', () => {
    const keys = [key('2026-01'), key('2026-01', 'language:en'), key('2026-01', 'language:ja')];
    // 12 messages from 3 people in Japanese, 0 in English.
    const { published } = run(keys, [12, 0, 12], 5, [3, 0, 3]);
    // ja and all: both 12 from 3 people; en stays 0.
    expect(published).toEqual(['*', 0, '*']);
  });

  it('adds cells by audit where lines are not enough (a month pinned through two spans)', () => {
    // Completed sessions: June alone; July to September a quarter; the report June to September.
    // Lines hold two suppressed cells each, yet June = report - quarter unless one of them goes.
    const months = ['2026-06', '2026-07', '2026-08', '2026-09'];
    const keys = [
      ...months.map((m) => key(m, 'all', 'sessions')),
      key('2026-07..2026-09', 'all', 'sessions'),
      key('2026-06..2026-09', 'all', 'sessions'),
      ...months.map((m) => key(m, 'outcome:completed', 'sessions')),
      ...months.map((m) => key(m, 'outcome:cancelled', 'sessions')),
      key('2026-07..2026-09', 'outcome:completed', 'sessions'),
      key('2026-07..2026-09', 'outcome:cancelled', 'sessions'),
      key('2026-06..2026-09', 'outcome:completed', 'sessions'),
      key('2026-06..2026-09', 'outcome:cancelled', 'sessions'),
    ];
    const completed = [10, 16, 8, 14];
    const cancelled = [4, 6, 7, 9];
    const values = [
      ...completed.map((c, i) => c + cancelled[i]!),
      38 + 22,
      38 + 22 + 14,
      ...completed,
      ...cancelled,
      38,
      22,
      48,
      26,
    ];
    const { result, published } = run(keys, values, 5);
    expect(result.unresolved).toEqual([]);
    expect(audit(keys, published, '2026-06', '2026-09')).toMatchObject({ ok: true, problems: [] });
  });

  it('keeps a yen cell with its claims count', () => {
    const keys = [
      key('2026-01', 'all', 'cap-claims'),
      key('2026-01', 'all', 'cap-subsidy-yen'),
      key('2026-02', 'all', 'cap-claims'),
      key('2026-02', 'all', 'cap-subsidy-yen'),
      key('2026-01..2026-02', 'all', 'cap-claims'),
      key('2026-01..2026-02', 'all', 'cap-subsidy-yen'),
    ];
    const { published } = run(
      keys,
      [3, 45_000, 12, 100_000, 15, 145_000],
      5,
      [3, 3, 12, 12, 15, 15],
    );
    expect(published).toEqual(['*', '*', '*', '*', 15, 145_000]);
  });

  it('refuses a threshold below 5', () => {
    expect(() => run([key('2026-01')], [3], 4)).toThrow(RangeError);
  });
});
