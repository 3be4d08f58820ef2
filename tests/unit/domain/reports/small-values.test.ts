/**
 * DOMAIN.md section 7: a suppressed count must keep at least two possible values from 1 to T-1
 * given everything published. A cell that is not pinned to one value can still be given away: if
 * the only small value left is 9, a small count hidden there is 9. A cell left no small value at
 * all is not a small count (a small count's own value is always possible) and hides none.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditPublishedReport,
  feasibleIntervals,
  reportStructure,
  suppressLinked,
  type CellKey,
  type LinearRelation,
  type PublishedReportLike,
} from '../../../../src/domain/reports';
import { determinedCells } from '../../../../src/domain/reports/bounds';

type Row = PublishedReportLike['rows'][number];
const sessions = (period: string, category: string, value: number | '*'): Row => ({
  period,
  measure: 'sessions',
  category,
  value,
});
const release = (rows: Row[], threshold = 10): PublishedReportLike => ({
  format: 'counsellor-workstation.report',
  version: 1,
  from: '2026-04',
  to: '2026-05',
  threshold,
  rows,
});

/**
 * Sessions by outcome for April, May and the two together: completed and cancelled are hidden in
 * both months, the margins are published. `[a, b, c, d]` are April completed and cancelled, May
 * completed and cancelled.
 */
function table([a, b, c, d]: [number, number, number, number], hide = true): Row[] {
  const span = '2026-04..2026-05';
  const rows: Row[] = [];
  for (const [period, completed, cancelled] of [
    ['2026-04', a, b],
    ['2026-05', c, d],
    [span, a + c, b + d],
  ] as const) {
    const inSpan = period === span || !hide;
    rows.push(
      sessions(period, 'outcome:completed', inSpan ? completed : '*'),
      sessions(period, 'outcome:cancelled', inSpan ? cancelled : '*'),
      sessions(period, 'outcome:late-cancelled', 0),
      sessions(period, 'outcome:no-show', 0),
      sessions(period, 'all', completed + cancelled),
    );
  }
  return rows;
}

describe('two possible values from 1 to T-1 (the audit)', () => {
  it('fails a cell whose only small value left is 9 (April completed: 9 to 20)', () => {
    // Row sums 20 and 11, column sums 20 and 11: April completed is at least 20 - 11 = 9.
    const audit = auditPublishedReport(release(table([9, 11, 11, 0])));
    expect(
      audit.cells.find((c) => c.period === '2026-04' && c.category === 'outcome:completed'),
    ).toMatchObject({ lower: 9, upper: 20 });
    expect(audit.problems).toEqual([
      'sessions outcome:completed 2026-04 is suppressed, but what is published leaves it only one possible value from 1 to 9 (it is from 9 to 20)',
    ]);
    // With T = 5 the same cell can be no small count at all (9 to 20): it hides none.
    expect(auditPublishedReport(release(table([9, 11, 11, 0]), 5)).problems).toEqual([]);
    // And 0 to 1 is one small value too: a small count hidden there is 1.
    const one = auditPublishedReport(release(table([1, 19, 0, 11])));
    expect(one.problems).toContain(
      'sessions outcome:completed 2026-04 is suppressed, but what is published leaves it only one possible value from 1 to 9 (it is from 0 to 1)',
    );
  });

  it('passes the same table when every hidden cell can be two small values', () => {
    // April completed is from 5 to 16: 5 to 9 are small.
    expect(auditPublishedReport(release(table([9, 7, 7, 4]))).problems).toEqual([]);
  });

  it('fails the classic failure: two suppressed cells whose total leaves them 2 (both are 1)', () => {
    const rows: Row[] = [
      sessions('2026-04', 'all', 20),
      sessions('2026-04', 'outcome:completed', '*'),
      sessions('2026-04', 'outcome:cancelled', '*'),
      sessions('2026-04', 'outcome:late-cancelled', 0),
      sessions('2026-04', 'outcome:no-show', 18),
    ];
    const audit = auditPublishedReport({ ...release(rows), to: '2026-04' });
    // Each alone is from 0 to 2 (two small values), but they add up to 2: the sum rule catches it.
    expect(audit.problems).toEqual([
      'the suppressed cells of the line of sessions all 2026-04 add up to 2, which the published figures give away',
    ]);
  });

  it('passes a suppressed count that can only be large (nothing small left: it hides no small count)', () => {
    const rows: Row[] = [
      { period: '2026-04', measure: 'messages-received', category: 'all', value: '*' },
      { period: '2026-04', measure: 'messages-answered', category: 'all', value: 12 },
    ];
    const audit = auditPublishedReport({ ...release(rows), to: '2026-04' });
    expect(audit.problems).toEqual([]);
    expect(audit.cells).toMatchObject([{ lower: 12, upper: null }]);
  });
});

describe('two possible values from 1 to T-1 (the suppression)', () => {
  const keys: CellKey[] = table([0, 0, 0, 0]).map(({ period, measure, category }) => ({
    period,
    measure,
    category,
  }));
  /** Suppresses the table (counts and their participants) and audits what it would publish. */
  const expectSuppressedToPass = (
    values: readonly number[],
    participants: readonly number[],
    threshold: number,
  ) => {
    const { reasons, unresolved } = suppressLinked(
      reportStructure(keys),
      values.map((value, i) => ({ value, participants: participants[i]! })),
      threshold,
    );
    expect(unresolved).toEqual([]);
    const rows = keys.map((k, i) => ({ ...k, value: reasons[i] === null ? values[i]! : '*' }));
    expect(auditPublishedReport(release(rows as Row[], threshold)).problems).toEqual([]);
  };
  it('suppresses more cells until every suppressed count keeps two small values', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.integer({ min: 0, max: 25 }),
          fc.integer({ min: 0, max: 25 }),
          fc.integer({ min: 0, max: 25 }),
          fc.integer({ min: 0, max: 25 }),
        ),
        fc.constantFrom(5, 10),
        (cells, threshold) => {
          const values = table(cells, false).map((r) => r.value as number);
          expectSuppressedToPass(values, values, threshold);
        },
      ),
      { numRuns: 150 },
    );
  });

  // A count hidden for its few participants can be large (9 messages from 3 people). Hidden
  // first, it may be left no small value at all (8 to 14: hides none); hiding a neighbour later
  // can widen it to 4 to 14, one small value. The suppression must check it again then. (This
  // table is too small to show that case: the CLI's by-counsellor demo report at T = 5 does, in
  // tests/unit/cli/report.test.ts, and failed its own audit before. Here: any participants.)
  it('checks again a count that could take no small value once more cells are hidden', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 25 })), {
          minLength: 4,
          maxLength: 4,
        }),
        fc.constantFrom(5, 10),
        (pairs, threshold) => {
          const events = pairs.map(([e]) => e) as [number, number, number, number];
          const people = pairs.map(([e, p]) => Math.min(e, p));
          const values = table(events, false).map((r) => r.value as number);
          // Participants of the margins: at least those of the largest part, at most the sum.
          const participantsOf = (i: number) => {
            const k = keys[i]!;
            const month = k.period === '2026-04' ? [0, 1] : k.period === '2026-05' ? [2, 3] : null;
            const part = k.category === 'outcome:completed' ? 0 : 1;
            if (k.category === 'outcome:completed' || k.category === 'outcome:cancelled') {
              return month === null
                ? Math.min(values[i]!, people[part]! + people[part + 2]!)
                : people[month[part]!]!;
            }
            return values[i]!;
          };
          expectSuppressedToPass(
            values,
            values.map((_, i) => participantsOf(i)),
            threshold,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('small values in feasibleIntervals and determinedCells (against brute force)', () => {
  // Cells 0..3 of a 2x2 table, 4 and 5 its row sums, 6 and 7 its column sums; an inequality too.
  const relations: LinearRelation[] = [
    {
      terms: [
        [4, 1],
        [0, -1],
        [1, -1],
      ],
      op: 'eq',
    },
    {
      terms: [
        [5, 1],
        [2, -1],
        [3, -1],
      ],
      op: 'eq',
    },
    {
      terms: [
        [6, 1],
        [0, -1],
        [2, -1],
      ],
      op: 'eq',
    },
    {
      terms: [
        [7, 1],
        [1, -1],
        [3, -1],
      ],
      op: 'eq',
    },
  ];
  it('counts the distinct values from 1 to T-1 that integer solutions give each hidden cell', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 2, max: 6 }),
        fc.boolean(),
        ([a, b, c, d], hide, threshold, withLe) => {
          const truth = [a!, b!, c!, d!, a! + b!, c! + d!, a! + c!, b! + d!];
          const all =
            withLe && a! <= d!
              ? [
                  ...relations,
                  {
                    terms: [
                      [0, 1],
                      [3, -1],
                    ],
                    op: 'le',
                  } as LinearRelation,
                ]
              : relations;
          const values = truth.map((v, i) => (hide[i] || i < 2 ? null : v));
          const hidden = values.flatMap((v, i) => (v === null ? [i] : []));
          // Brute force: every table of four cells from 0 to 14 (a published margin is at most 12,
          // and a hidden one lets its cells take any small value), with the published cells kept.
          const seen = new Map<number, Set<number>>(hidden.map((i) => [i, new Set()]));
          const any = new Map<number, Set<number>>(hidden.map((i) => [i, new Set()]));
          for (let p = 0; p <= 14; p++) {
            for (let q = 0; q <= 14; q++) {
              for (let r = 0; r <= 14; r++) {
                for (let t = 0; t <= 14; t++) {
                  const x = [p, q, r, t, p + q, r + t, p + r, q + t];
                  if (x.some((v, i) => values[i] !== null && values[i] !== v)) continue;
                  if (all.length > relations.length && p > t) continue;
                  for (const i of hidden) {
                    any.get(i)!.add(x[i]!);
                    if (x[i]! >= 1 && x[i]! < threshold) seen.get(i)!.add(x[i]!);
                  }
                }
              }
            }
          }
          const small = { threshold, cells: new Set(hidden) };
          const { bounds } = feasibleIntervals(all, values, new Set(), small);
          const short = determinedCells(all, values, truth, hidden, small);
          for (const i of hidden) {
            const expected = Math.min(2, seen.get(i)!.size);
            expect(bounds.get(i)!.small).toBe(expected);
            expect(short.includes(i)).toBe(expected === 1 || any.get(i)!.size === 1);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
