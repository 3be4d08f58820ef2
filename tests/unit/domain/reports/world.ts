/**
 * Random worlds for the report properties: a few participants and counsellors, messages and
 * replies, sessions and claims over three months (April to June 2026).
 */
import fc from 'fast-check';
import type {
  ReportInput,
  ReportMessageInput,
  ReportSessionInput,
} from '../../../../src/domain/reports';
import type { SubsidyClaimInput } from '../../../../src/domain/subsidy';
import { at } from './helpers';

const MONTH_START = at('2026-04-01T00:00:00+09:00');
const THREE_MONTHS_MS = 91 * 24 * 3_600_000;
const OUTCOMES = ['scheduled', 'completed', 'cancelled', 'late-cancelled', 'no-show'] as const;
const TAGS = ['work', 'isolation', 'housing', 'a private remark', '孤独'];

export const worldArb = fc
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
