import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate, jstDayOf, jstTimeOfDayMs } from '../../../../src/domain/calendar';
import {
  DEMO_DEFAULT_UNTIL_MS,
  JET_NUMBER_PATTERN,
  answersInThread,
  datasetContents,
  generateDemoDataset,
  isReply,
  serializeDataset,
  validateDataset,
  type DatasetChecked,
  type DemoDatasetOptions,
} from '../../../../src/domain/dataset';
import { at, calendarWith } from '../calendar/helpers';

const calendar = calendarWith();

function demoText(options: Omit<DemoDatasetOptions, 'calendar'> = {}): string {
  return serializeDataset(generateDemoDataset({ calendar, ...options }));
}

function validated(text: string): DatasetChecked {
  const result = validateDataset(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('generateDemoDataset', () => {
  it('gives the same file, byte for byte, for the default options (in every time zone)', () => {
    const text = demoText();
    // Change this only on purpose, when the generator changes: the file is meant to be stable.
    expect(sha256(text)).toBe('b48d22f793831a563f22ea935a705fc04abf5aa9f420b2efbb8b87cbe5aa11d5');
    expect(demoText()).toBe(text);
  });

  it('is deterministic per seed, and every dataset it makes validates with no invalid record', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: at('2020-03-01T00:00:00Z'), max: at('2099-06-01T00:00:00Z') }),
        (seed, messages, untilMs) => {
          const text = demoText({ seed, messages, untilMs });
          expect(demoText({ seed, messages, untilMs })).toBe(text);
          const result = validated(text);
          expect(result.invalid).toEqual([]);
          expect(result.collections.messages.valid).toHaveLength(messages);
          for (const m of result.collections.messages.valid)
            expect(m.atMs).toBeLessThanOrEqual(untilMs);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('gives other data for another seed', () => {
    expect(demoText({ seed: 1, messages: 50 })).not.toBe(demoText({ seed: 2, messages: 50 }));
  });

  it('refuses options it cannot honour', () => {
    expect(() => generateDemoDataset({ calendar, messages: -1 })).toThrow(RangeError);
    expect(() => generateDemoDataset({ calendar, seed: 1.5 })).toThrow(RangeError);
    expect(() => generateDemoDataset({ calendar, untilMs: at('2019-03-01T00:00:00Z') })).toThrow(
      /between 2019/,
    );
    expect(() => generateDemoDataset({ calendar, untilMs: at('2100-01-01T00:00:00Z') })).toThrow(
      RangeError,
    );
  });

  it('makes 50,000 messages in a few seconds, all valid', () => {
    const started = performance.now();
    const text = demoText({ messages: 50_000 });
    const generated = performance.now();
    const result = validated(text);
    const checked = performance.now();
    expect(result.counts.invalid).toBe(0);
    expect(result.collections.messages.valid).toHaveLength(50_000);
    console.log(
      `demo data, 50,000 messages (${(text.length / 1e6).toFixed(1)}M characters): generated in ${Math.round(generated - started)} ms, validated in ${Math.round(checked - generated)} ms`,
    );
    expect(generated - started).toBeLessThan(15_000);
  }, 60_000);
});

describe('the default demo dataset is realistic', () => {
  const document = generateDemoDataset({ calendar });
  const participants = document.participants ?? [];
  const messages = document.messages ?? [];
  const byId = new Map(participants.map((p) => [p.id, p]));
  const counsellors = new Map((document.counsellors ?? []).map((c) => [c.id, c]));

  it('has the size asked for', () => {
    expect(datasetContents(document)).toMatchObject({
      participants: 120,
      counsellors: 7,
      participantMessages: expect.any(Number),
    });
    expect(messages).toHaveLength(600);
  });

  it('has plausible JET numbers (some unknown), names and example e-mail addresses', () => {
    const jetNumbers = participants.map((p) => p.jetNumber).filter((j) => j != null);
    expect(jetNumbers.every((j) => JET_NUMBER_PATTERN.test(j))).toBe(true);
    expect(new Set(jetNumbers).size).toBe(jetNumbers.length);
    expect(jetNumbers.length).toBeLessThan(participants.length);
    expect(participants.every((p) => /@example\.(com|jp|org)$/.test(p.email))).toBe(true);
    expect(new Set(participants.map((p) => p.email)).size).toBe(participants.length);
    expect(new Set(participants.map((p) => p.name)).size).toBeGreaterThan(80);
  });

  it('writes in English and Japanese, over the limit now and then, and sometimes urgently', () => {
    const japanese = messages.filter((m) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(m.body));
    expect(japanese.length).toBeGreaterThan(60);
    expect(japanese.length).toBeLessThan(messages.length / 2);
    for (const m of japanese.filter((x) => !isReply(x))) {
      expect(byId.get(m.participantId)?.language).toBe('ja');
    }
    expect(datasetContents(document).overLimit).toBeGreaterThan(3);
    const urgent = messages.filter(
      (m) =>
        !isReply(m) &&
        /better off without me|hurting myself|not waking up|hopeless|消えてしまいたい|傷つけたい/.test(
          m.body,
        ),
    );
    expect(urgent.length).toBeGreaterThan(0);
    expect(new Set(messages.map((m) => m.subject)).size).toBeGreaterThan(40);
    expect(messages.some((m) => !isReply(m) && m.requestedCounsellorId !== undefined)).toBe(true);
  });

  it('spreads over many weeks, and never past `until`', () => {
    const times = messages.map((m) => at(isReply(m) ? m.sentAt : m.receivedAt));
    expect(Math.max(...times)).toBeLessThanOrEqual(DEMO_DEFAULT_UNTIL_MS);
    const weeks = (Math.max(...times) - Math.min(...times)) / (7 * 24 * 3_600_000);
    expect(weeks).toBeGreaterThan(20);
  });

  it('answers in service hours, in the participant language, by a counsellor who speaks it', () => {
    for (const m of messages.filter(isReply)) {
      const sentAtMs = at(m.sentAt);
      expect(calendar.isBusinessDay(formatDate(jstDayOf(sentAtMs)))).toBe(true);
      const minutes = jstTimeOfDayMs(sentAtMs) / 60_000;
      expect(minutes).toBeGreaterThanOrEqual(9 * 60 + 30);
      expect(minutes).toBeLessThanOrEqual(21 * 60 + 30);
      const language = byId.get(m.participantId)!.language;
      expect(counsellors.get(m.author)?.languages).toContain(language);
    }
  });

  it('has threads answered on time, answered late, still open, and overdue', () => {
    const threads = new Map<string, typeof messages>();
    for (const m of messages) threads.set(m.threadId, [...(threads.get(m.threadId) ?? []), m]);
    const statuses = new Map<string, number>();
    let followUps = 0;
    for (const thread of threads.values()) {
      const answers = answersInThread(
        thread.map((m) => ({
          id: m.id,
          kind: isReply(m) ? ('reply' as const) : ('participant-message' as const),
          atMs: at(isReply(m) ? m.sentAt : m.receivedAt),
        })),
      );
      if (answers.messages.length > 1) followUps += 1;
      for (const a of answers.messages) {
        const { status } = calendar.deadlineStatus({
          receivedAtMs: a.receivedAtMs,
          answeredAtMs: a.answeredAtMs,
          nowMs: DEMO_DEFAULT_UNTIL_MS,
        });
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
    expect(followUps).toBeGreaterThan(20);
    expect(statuses.get('answered-on-time')).toBeGreaterThan(200);
    expect(statuses.get('answered-late')).toBeGreaterThan(10);
    expect(statuses.get('overdue')).toBeGreaterThan(0);
    expect((statuses.get('on-track') ?? 0) + (statuses.get('due-soon') ?? 0)).toBeGreaterThan(0);
  });
});
