import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answersInThread, type ThreadEntry } from '../../../../src/domain/dataset';

const m = (id: string, atMs: number): ThreadEntry => ({ id, kind: 'participant-message', atMs });
const r = (id: string, atMs: number): ThreadEntry => ({ id, kind: 'reply', atMs });

const answered = (entries: ThreadEntry[]) =>
  answersInThread(entries).messages.map((a) => [a.messageId, a.answeredAtMs, a.answeredByReplyId]);

describe('answersInThread', () => {
  it('answers a message by the reply after it', () => {
    expect(answered([m('m1', 100), r('r1', 200)])).toEqual([['m1', 200, 'r1']]);
  });

  it('answers every message received before a reply with that reply', () => {
    expect(answered([m('m1', 100), m('m2', 150), r('r1', 200)])).toEqual([
      ['m1', 200, 'r1'],
      ['m2', 200, 'r1'],
    ]);
  });

  it('leaves a follow-up unanswered until its own reply; it is then the oldest unanswered', () => {
    const thread = answersInThread([m('m1', 100), r('r1', 200), m('m2', 300), m('m3', 400)]);
    expect(thread.messages.map((a) => a.answeredAtMs)).toEqual([200, null, null]);
    expect(thread.oldestUnanswered?.messageId).toBe('m2');
    expect(answersInThread([m('m1', 100), r('r1', 200)]).oldestUnanswered).toBeNull();
  });

  it('does not count a message received at the moment the reply was sent', () => {
    expect(answered([m('m1', 200), r('r1', 200)])).toEqual([['m1', null, null]]);
  });

  it('lets a reply with nothing to answer change nothing', () => {
    expect(answered([r('r0', 50), m('m1', 100), r('r1', 200), r('r2', 250)])).toEqual([
      ['m1', 200, 'r1'],
    ]);
  });

  it('does not depend on the order of the input; equal times go by id', () => {
    const entries = [r('r2', 300), m('b', 100), r('r1', 300), m('a', 100)];
    expect(answered(entries)).toEqual([
      ['a', 300, 'r1'],
      ['b', 300, 'r1'],
    ]);
  });

  it('refuses an entry without a valid time', () => {
    expect(() => answersInThread([m('m1', Number.NaN)])).toThrow(RangeError);
  });

  it('answers each message by the first reply sent after it (property)', () => {
    const entry = fc.record({
      kind: fc.constantFrom('participant-message' as const, 'reply' as const),
      atMs: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (raw) => {
        const entries = raw.map((e, i) => ({ ...e, id: `e${String(i).padStart(2, '0')}` }));
        const result = answersInThread(entries);
        const replies = entries.filter((e) => e.kind === 'reply');
        for (const answer of result.messages) {
          const later = replies.filter((x) => x.atMs > answer.receivedAtMs).map((x) => x.atMs);
          expect(answer.answeredAtMs).toBe(later.length === 0 ? null : Math.min(...later));
        }
        const unanswered = result.messages.filter((a) => a.answeredAtMs === null);
        expect(result.oldestUnanswered).toEqual(unanswered[0] ?? null);
      }),
    );
  });
});

describe('replies sent from this workstation', () => {
  it('answer only the messages seen before they were sent', async () => {
    const { answersInThread } = await import('../../../../src/domain/dataset/answers');
    const result = answersInThread([
      { id: 'm1', kind: 'participant-message', atMs: 100, seenAtMs: 150 },
      { id: 'm2', kind: 'participant-message', atMs: 180, seenAtMs: 400 },
      { id: 'r1', kind: 'reply', atMs: 200, answersOnlySeenBefore: true },
    ]);
    expect(result.messages.map((m) => [m.messageId, m.answeredAtMs])).toEqual([
      ['m1', 200],
      ['m2', null],
    ]);
    expect(result.oldestUnanswered?.messageId).toBe('m2');
  });
});
