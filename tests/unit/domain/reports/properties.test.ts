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
  type ReportInput,
  type ReportMessageInput,
  type ReportSessionInput,
} from '../../../../src/domain/reports';
import type { SubsidyClaimInput } from '../../../../src/domain/subsidy';
import { at, build } from './helpers';

const MONTH_START = at('2026-04-01T00:00:00+09:00');
const THREE_MONTHS_MS = 91 * 24 * 3_600_000;
const OUTCOMES = ['scheduled', 'completed', 'cancelled', 'late-cancelled', 'no-show'] as const;
const TAGS = ['work', 'isolation', 'housing', 'a private remark', '孤独'];

const worldArb = fc
  .record({
    participants: fc.integer({ min: 1, max: 40 }),
    languages: fc.array(fc.constantFrom<'en' | 'ja'>('en', 'en', 'ja'), {
      minLength: 40,
      maxLength: 40,
    }),
    messages: fc.array(
      fc.record({
        who: fc.nat(),
        atMs: fc.integer({ min: 0, max: THREE_MONTHS_MS }),
        answerAfterMs: fc.option(fc.integer({ min: 60_000, max: 10 * 24 * 3_600_000 })),
        counsellor: fc.integer({ min: 0, max: 2 }),
        tags: fc.subarray(TAGS, { maxLength: 2 }),
        overLimit: fc.boolean(),
      }),
      { maxLength: 160, size: 'max' },
    ),
    sessions: fc.array(
      fc.record({
        who: fc.nat(),
        atMs: fc.integer({ min: 0, max: THREE_MONTHS_MS }),
        outcome: fc.constantFrom(...OUTCOMES),
        counsellor: fc.integer({ min: 0, max: 2 }),
      }),
      { maxLength: 60, size: 'max' },
    ),
    claims: fc.option(
      fc.array(
        fc.record({
          who: fc.nat(),
          day: fc.integer({ min: 1, max: 28 }),
          month: fc.constantFrom('04', '05', '06'),
          costYen: fc.integer({ min: 1, max: 40_000 }),
        }),
        { maxLength: 30, size: 'max' },
      ),
    ),
  })
  .map(({ participants, languages, messages, sessions, claims }): ReportInput => {
    const pid = (n: number) => `p-${n % participants}`;
    const records: ReportMessageInput[] = [];
    const threads = messages.map((m, i) => ({ id: `t-${i}`, tags: m.tags }));
    messages.forEach((m, i) => {
      const receivedAtMs = MONTH_START + m.atMs;
      records.push({
        id: `m-${i}`,
        threadId: `t-${i}`,
        participantId: pid(m.who),
        kind: 'participant-message',
        receivedAtMs,
        sentAtMs: null,
        authorId: null,
        overLimit: m.overLimit,
      });
      if (m.answerAfterMs !== null) {
        records.push({
          id: `r-${i}`,
          threadId: `t-${i}`,
          participantId: pid(m.who),
          kind: 'reply',
          receivedAtMs: null,
          sentAtMs: receivedAtMs + m.answerAfterMs,
          authorId: `c-${m.counsellor}`,
          overLimit: false,
        });
      }
    });
    const sessionRecords: ReportSessionInput[] = sessions.map((s, i) => ({
      id: `s-${i}`,
      participantId: pid(s.who),
      counsellorId: `c-${s.counsellor}`,
      startMs: MONTH_START + s.atMs,
      outcome: s.outcome,
    }));
    const claimRecords: SubsidyClaimInput[] | undefined = claims?.map((c, i) => ({
      id: `cl-${i}`,
      participantId: pid(c.who),
      counsellingDate: `2026-${c.month}-${String(c.day).padStart(2, '0')}`,
      provider: 'A provider',
      costYen: c.costYen,
      createdAtMs: i,
    }));
    return {
      participants: Array.from({ length: participants }, (_, i) => ({
        id: `p-${i}`,
        language: languages[i]!,
      })),
      threads,
      messages: records,
      sessions: sessionRecords,
      ...(claimRecords === undefined ? {} : { claims: claimRecords }),
    };
  });

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
  });

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
  });

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
  });

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
  });
});
