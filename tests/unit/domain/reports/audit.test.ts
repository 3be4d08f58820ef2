import { describe, expect, it } from 'vitest';
import {
  auditPublishedReport,
  feasibleIntervals,
  type LinearRelation,
  type PublishedReportLike,
} from '../../../../src/domain/reports';
import { build, emptyInput, message, people } from './helpers';

type Row = PublishedReportLike['rows'][number];

function release(
  rows: Row[],
  threshold = 10,
  from = '2026-01',
  to = '2026-03',
): PublishedReportLike {
  return { format: 'counsellor-workstation.report', version: 1, from, to, threshold, rows };
}

const received = (period: string, value: number | '*', category = 'all'): Row => ({
  period,
  measure: 'messages-received',
  category,
  value,
});

describe('auditPublishedReport', () => {
  it('catches a lone suppressed month: the span total gives it away', () => {
    const audit = auditPublishedReport(
      release([
        received('2026-01', 12),
        received('2026-02', '*'),
        received('2026-03', 15),
        received('2026-01..2026-03', 40),
      ]),
    );
    expect(audit.ok).toBe(false);
    expect(audit.cells).toEqual([
      {
        period: '2026-02',
        measure: 'messages-received',
        category: 'all',
        lower: 13,
        upper: 13,
        exact: true,
      },
    ]);
    expect(audit.problems).toContain(
      'messages-received all 2026-02 is suppressed, but what is published determines it: it is 13',
    );
    expect(audit.problems).toContain(
      'messages-received all 2026-02 is the only suppressed cell of the line of messages-received all 2026-01..2026-03',
    );
  });

  it('passes the same release with two suppressed months, and gives their intervals', () => {
    const audit = auditPublishedReport(
      release([
        received('2026-01', 12),
        received('2026-02', '*'),
        received('2026-03', '*'),
        received('2026-01..2026-03', 40),
      ]),
    );
    expect(audit).toEqual({
      ok: true,
      problems: [],
      cells: [
        {
          period: '2026-02',
          measure: 'messages-received',
          category: 'all',
          lower: 0,
          upper: 28,
          exact: true,
        },
        {
          period: '2026-03',
          measure: 'messages-received',
          category: 'all',
          lower: 0,
          upper: 28,
          exact: true,
        },
      ],
    });
  });

  it('catches cells pinned by a nested count though every line has two suppressed cells', () => {
    // Jan: en + ja = 20; Feb: en + ja = 30; en: Jan + Feb = 45; ja: Jan + Feb = 5. The four
    // suppressed cells can move together (en Jan from 15 to 20).
    const rows: Row[] = [
      received('2026-01', 20),
      received('2026-01', '*', 'language:en'),
      received('2026-01', '*', 'language:ja'),
      received('2026-02', 30),
      received('2026-02', '*', 'language:en'),
      received('2026-02', '*', 'language:ja'),
      received('2026-01..2026-02', 50),
      received('2026-01..2026-02', 45, 'language:en'),
      received('2026-01..2026-02', 5, 'language:ja'),
    ];
    const free = auditPublishedReport(release(rows, 5, '2026-01', '2026-02'));
    expect(free.ok).toBe(true);
    expect(
      free.cells.find((c) => c.period === '2026-01' && c.category === 'language:en'),
    ).toMatchObject({ lower: 15, upper: 20 });
    // Publishing 20 messages answered in January in English (at most those received) pins all four.
    const answered: Row = {
      period: '2026-01',
      measure: 'messages-answered',
      category: 'language:en',
      value: 20,
    };
    const pinned = auditPublishedReport(release([...rows, answered], 5, '2026-01', '2026-02'));
    expect(pinned.ok).toBe(false);
    expect(pinned.cells.map((c) => [c.category, c.period, c.lower, c.upper])).toEqual([
      ['language:en', '2026-01', 20, 20],
      ['language:ja', '2026-01', 0, 0],
      ['language:en', '2026-02', 25, 25],
      ['language:ja', '2026-02', 5, 5],
    ]);
  });

  it('catches a published count from 1 to T-1', () => {
    const audit = auditPublishedReport(release([received('2026-01', 7)]));
    expect(audit.problems).toEqual([
      'messages-received all 2026-01: the count 7 is published, but counts from 1 to 9 must be suppressed',
    ]);
  });

  it('catches a share or an answer time from a suppressed count or a denominator below T', () => {
    const rows: Row[] = [
      { period: '2026-01', measure: 'messages-answered', category: 'all', value: 12 },
      { period: '2026-01', measure: 'messages-answered-on-time', category: 'all', value: '*' },
      { period: '2026-01', measure: 'on-time-share', category: 'all', value: 0.75 },
      { period: '2026-02', measure: 'messages-answered', category: 'all', value: 0 },
      { period: '2026-02', measure: 'answer-hours-median', category: 'all', value: 3 },
    ];
    const audit = auditPublishedReport(release(rows, 10, '2026-01', '2026-02'));
    expect(audit.problems).toEqual(
      expect.arrayContaining([
        'on-time-share all 2026-01 is published, but messages answered on time is suppressed',
        'answer-hours-median all 2026-02 is published, but its denominator (messages answered) is suppressed or below 10',
      ]),
    );
  });

  it('catches figures that contradict each other, rows twice, unknown measures and bad periods', () => {
    const audit = auditPublishedReport(
      release([
        received('2026-01', 12),
        received('2026-01', 12),
        received('2026-02', 20),
        received('2026-03', 0),
        received('2026-01..2026-03', 40),
        { period: '2026-01', measure: 'names', category: 'all', value: 3 },
        { period: '2026-01-05', measure: 'sessions', category: 'all', value: 0 },
        { period: '2027-01', measure: 'sessions', category: 'all', value: 0 },
      ]),
    );
    expect(audit.ok).toBe(false);
    expect(audit.problems).toEqual(
      expect.arrayContaining([
        'rows[1]: messages-received all 2026-01 is given twice',
        'rows[5]: unknown measure',
        'rows[6]: the period is not a month or a span of months',
        'rows[7]: the period is outside 2026-01 to 2026-03',
        'the published figures contradict each other: messages-received all 2026-01..2026-03, messages-received all 2026-01, messages-received all 2026-02, messages-received all 2026-03',
      ]),
    );
  });

  it('passes what buildReport publishes, and fails it once a suppressed small count is revealed', () => {
    const en = people(20, 'en');
    const ja = people(3, 'ja');
    const messages = [
      ...en.map((p) => message(p.id, '2026-01-08T10:00:00+09:00')),
      ...en.map((p) => message(p.id, '2026-02-08T10:00:00+09:00')),
      ...ja.map((p) => message(p.id, '2026-02-09T10:00:00+09:00')),
    ];
    const { report, published } = build(emptyInput({ participants: [...en, ...ja], messages }), {
      from: '2026-01',
      to: '2026-02',
      threshold: 5,
    });
    expect(auditPublishedReport(published)).toMatchObject({ ok: true, problems: [] });
    const index = report.cells.findIndex((c) => c.status === 'primary');
    const revealed = {
      ...published,
      rows: published.rows.map((r, i) =>
        i === index ? { ...r, value: report.cells[i]!.raw! } : r,
      ),
    };
    expect(auditPublishedReport(revealed).ok).toBe(false);
  });
});

describe('feasibleIntervals', () => {
  it('finds the integer interval, not the LP one', () => {
    // x0 + x1 = 3 and x0 <= x1: the LP reaches x0 = 1.5; whole numbers only x0 = 1.
    const relations: LinearRelation[] = [
      {
        terms: [
          [0, 1],
          [1, 1],
          [2, -1],
        ],
        op: 'eq',
      },
      {
        terms: [
          [0, 1],
          [1, -1],
        ],
        op: 'le',
      },
    ];
    const { bounds } = feasibleIntervals(relations, [null, null, 3]);
    expect(bounds.get(0)).toEqual({ lower: 0, upper: 1, exact: true, undecided: false });
    expect(bounds.get(1)).toEqual({ lower: 2, upper: 3, exact: true, undecided: false });
  });

  it('says when a cell is unbounded, and when published figures contradict each other', () => {
    const { bounds } = feasibleIntervals(
      [
        {
          terms: [
            [0, 1],
            [1, -1],
          ],
          op: 'le',
        },
      ],
      [null, null],
    );
    expect(bounds.get(1)).toEqual({ lower: 0, upper: null, exact: true, undecided: false });
    expect(bounds.get(0)).toEqual({ lower: 0, upper: null, exact: true, undecided: false });
    const broken = feasibleIntervals(
      [
        {
          terms: [
            [0, 1],
            [1, -1],
          ],
          op: 'eq',
        },
      ],
      [3, 4],
    );
    expect(broken.broken).toEqual([0]);
    const infeasible = feasibleIntervals(
      [
        {
          terms: [
            [0, 1],
            [1, 1],
            [2, -1],
          ],
          op: 'eq',
        },
        {
          terms: [
            [3, 1],
            [0, -1],
          ],
          op: 'le',
        },
      ],
      [null, 5, 8, 4],
    );
    expect(infeasible.infeasible).toBe(true);
  });
});
