/**
 * The LP bounds against brute force: for small random systems of sums and inequalities over
 * non-negative integers, the interval of every hidden cell is exactly the least and greatest value
 * it takes among all integer solutions (enumerated), and a cell is "determined" exactly when that
 * interval is one value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feasibleIntervals, type LinearRelation } from '../../../../src/domain/reports';
import { determinedCells } from '../../../../src/domain/reports/bounds';

interface Problem {
  truth: number[];
  relations: LinearRelation[];
  hidden: boolean[];
}

const CELLS = 7;

/** Cell 0 is a published grand total of cells 1..6 (so every solution is bounded by it). */
const problemArb: fc.Arbitrary<Problem> = fc
  .record({
    truth: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: CELLS - 1, maxLength: CELLS - 1 }),
    sums: fc.array(
      fc.record({
        total: fc.integer({ min: 1, max: CELLS - 1 }),
        parts: fc.uniqueArray(fc.integer({ min: 1, max: CELLS - 1 }), {
          minLength: 1,
          maxLength: 3,
        }),
      }),
      { maxLength: 3 },
    ),
    atMost: fc.array(
      fc.tuple(fc.integer({ min: 1, max: CELLS - 1 }), fc.integer({ min: 1, max: CELLS - 1 })),
      { maxLength: 3 },
    ),
    hidden: fc.array(fc.boolean(), { minLength: CELLS, maxLength: CELLS }),
  })
  .map(({ truth: parts, sums, atMost, hidden }) => {
    const truth = [parts.reduce((a, b) => a + b, 0), ...parts];
    const relations: LinearRelation[] = [
      { terms: [[0, 1], ...parts.map((_, i): [number, number] => [i + 1, -1])], op: 'eq' },
    ];
    // Make each random relation true of the truth: a sum's total is set to its parts' sum.
    for (const { total, parts: ps } of sums) {
      const others = ps.filter((p) => p !== total);
      if (others.length === 0) continue;
      relations.push({
        terms: [[total, 1], ...others.map((p): [number, number] => [p, -1])],
        op: truth[total] === others.reduce((a, p) => a + truth[p]!, 0) ? 'eq' : 'le',
      });
      if (
        relations.at(-1)!.op === 'le' &&
        truth[total]! > others.reduce((a, p) => a + truth[p]!, 0)
      ) {
        relations.pop();
      }
    }
    for (const [a, b] of atMost) {
      if (a !== b && truth[a]! <= truth[b]!) {
        relations.push({
          terms: [
            [a, 1],
            [b, -1],
          ],
          op: 'le',
        });
      }
    }
    // At most four hidden cells, so that brute force stays small.
    let left = 4;
    const shown = hidden.map((h, i) => i > 0 && h && (left -= 1) >= 0);
    return { truth, relations, hidden: shown };
  });

/** Every integer solution (hidden cells from 0 to the grand total). */
function bruteForce({ truth, relations, hidden }: Problem): Map<number, [number, number]> {
  const cells = hidden.flatMap((h, i) => (h ? [i] : []));
  const out = new Map<number, [number, number]>();
  const values = [...truth];
  const max = truth[0]!;
  const visit = (k: number) => {
    if (k === cells.length) {
      for (const r of relations) {
        const s = r.terms.reduce((a, [c, coef]) => a + coef * values[c]!, 0);
        if (r.op === 'eq' ? s !== 0 : s > 0) return;
      }
      for (const c of cells) {
        const [lo, hi] = out.get(c) ?? [Infinity, -Infinity];
        out.set(c, [Math.min(lo, values[c]!), Math.max(hi, values[c]!)]);
      }
      return;
    }
    for (let v = 0; v <= max; v++) {
      if (cells.slice(0, k).reduce((a, c) => a + values[c]!, 0) + v > max) break;
      values[cells[k]!] = v;
      visit(k + 1);
    }
  };
  visit(0);
  return out;
}

describe('feasibleIntervals and determinedCells (against brute force)', () => {
  it('give exactly the interval of integer solutions', () => {
    fc.assert(
      fc.property(problemArb, (problem) => {
        const values = problem.truth.map((v, i) => (problem.hidden[i] ? null : v));
        const expected = bruteForce(problem);
        const { bounds, broken, infeasible } = feasibleIntervals(problem.relations, values);
        expect(broken).toEqual([]);
        expect(infeasible).toBe(false);
        for (const [cell, [lo, hi]] of expected) {
          expect(bounds.get(cell)).toEqual({ lower: lo, upper: hi, exact: true, undecided: false });
        }
        const determined = determinedCells(problem.relations, values, problem.truth);
        expect(determined).toEqual(
          [...expected].filter(([, [lo, hi]]) => lo === hi).map(([cell]) => cell),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('reduce a problem with equalities to one with fewer unknowns without changing it', () => {
    // A 3x3 table with margins, every interior cell hidden: each is between 0 and its row's and
    // column's totals, and the margins make the classic 2x2 cycles.
    const grid = [
      [2, 3, 1],
      [0, 4, 2],
      [5, 1, 1],
    ];
    const rows = grid.map((r) => r.reduce((a, b) => a + b, 0));
    const cols = [0, 1, 2].map((c) => grid.reduce((a, r) => a + r[c]!, 0));
    const values: (number | null)[] = [...Array(9).fill(null), ...rows, ...cols];
    const relations: LinearRelation[] = [
      ...[0, 1, 2].map((r): LinearRelation => ({
        terms: [[9 + r, 1], ...[0, 1, 2].map((c): [number, number] => [r * 3 + c, -1])],
        op: 'eq',
      })),
      ...[0, 1, 2].map((c): LinearRelation => ({
        terms: [[12 + c, 1], ...[0, 1, 2].map((r): [number, number] => [r * 3 + c, -1])],
        op: 'eq',
      })),
    ];
    const { bounds } = feasibleIntervals(relations, values);
    // Cell (0,0): row 0 sums to 6, column 0 to 7; the other cells can absorb everything.
    expect(bounds.get(0)).toEqual({ lower: 0, upper: 6, exact: true, undecided: false });
    // Cell (1,0): row 1 sums to 6, column 0 to 7: at most 6; at least 6 + 7 - (6 + 7 + 7) < 0.
    expect(bounds.get(3)).toEqual({ lower: 0, upper: 6, exact: true, undecided: false });
    expect(bounds.get(8)).toEqual({ lower: 0, upper: 4, exact: true, undecided: false });
  });
});
