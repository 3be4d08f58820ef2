/**
 * Properties of every release (DOMAIN.md section 7), for random worlds: a few participants and
 * counsellors, messages and replies, sessions and claims over three months, random thresholds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditPublishedReport,
  isCountMeasure,
  reportStructure,
} from '../../../../src/domain/reports';
import { build } from './helpers';
import { worldArb } from './world';

const optionsArb = fc.record({
  threshold: fc.constantFrom(5, 6, 10),
  byCounsellor: fc.boolean(),
  to: fc.constantFrom('2026-05', '2026-06'),
});

const RUNS = { numRuns: 40 };

describe('a release (properties)', () => {
  it('publishes no count from 1 to T-1, every count as counted, and leaves nothing determined', () => {
    fc.assert(
      fc.property(worldArb, optionsArb, (input, { threshold, byCounsellor, to }) => {
        const { report, published } = build(input, {
          from: '2026-04',
          to,
          threshold,
          byCounsellor,
        });
        for (const cell of report.cells) {
          if (!isCountMeasure(cell.measure)) continue;
          if (cell.value === '*') continue;
          expect(cell.value).toBe(cell.raw);
          if (cell.measure === 'cap-subsidy-yen') continue;
          expect(cell.value === 0 || cell.value >= threshold).toBe(true);
          // Distinct participants too.
          const p = cell.participants!;
          expect(p === 0 || p >= threshold).toBe(true);
        }
        const audit = auditPublishedReport(published);
        expect(audit.problems).toEqual([]);
        for (const c of audit.cells) expect(c.upper === null || c.upper > c.lower).toBe(true);
      }),
      RUNS,
    );
  }, 300_000);

  it('suppresses every cell with many events from few participants', () => {
    fc.assert(
      fc.property(worldArb, optionsArb, (input, { threshold, byCounsellor, to }) => {
        const { report } = build(input, { from: '2026-04', to, threshold, byCounsellor });
        for (const cell of report.cells) {
          if (cell.participants === null) continue;
          if (cell.participants >= 1 && cell.participants < threshold) {
            expect(cell.value).toBe('*');
            expect(cell.status).toBe('primary');
          }
        }
      }),
      RUNS,
    );
  }, 120_000);

  it('leaves no line with a single suppressed cell, and suppresses a claims cell with its yen', () => {
    fc.assert(
      fc.property(worldArb, optionsArb, (input, { threshold, byCounsellor, to }) => {
        const { report } = build(input, { from: '2026-04', to, threshold, byCounsellor });
        const structure = reportStructure(report.cells);
        const value = (i: number) => {
          const k = structure.keys[i]!;
          return report.cells.find(
            (c) => c.period === k.period && c.measure === k.measure && c.category === k.category,
          )!.value;
        };
        for (const line of structure.lines) {
          const hidden = line.cells.filter((c) => value(c) === '*').length;
          expect(hidden === 0 || hidden >= 2).toBe(true);
        }
        for (const [a, b] of structure.ties) expect(value(a) === '*').toBe(value(b) === '*');
      }),
      RUNS,
    );
  }, 120_000);

  it('computes shares and answer times only from published counts with denominators of at least T', () => {
    fc.assert(
      fc.property(worldArb, optionsArb, (input, { threshold, byCounsellor, to }) => {
        const { report } = build(input, { from: '2026-04', to, threshold, byCounsellor });
        const find = (period: string, measure: string, category: string) =>
          report.cells.find(
            (c) => c.period === period && c.measure === measure && c.category === category,
          )!;
        for (const cell of report.cells) {
          if (isCountMeasure(cell.measure) || cell.value === '*') continue;
          const answered = find(cell.period, 'messages-answered', cell.category);
          expect(answered.value).not.toBe('*');
          expect(answered.value as number).toBeGreaterThanOrEqual(threshold);
          if (cell.measure === 'on-time-share') {
            const onTime = find(cell.period, 'messages-answered-on-time', cell.category);
            expect(onTime.value).not.toBe('*');
            const share = (onTime.value as number) / (answered.value as number);
            expect(Math.abs((cell.value as number) - share)).toBeLessThanOrEqual(0.0005 + 1e-9);
          }
        }
      }),
      RUNS,
    );
  }, 120_000);
});
