import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../../../src/renderer/db/records';
import { firstShown } from '../../../../src/renderer/features/queue/message-folding';

function message(kind: MessageRecord['kind'], answered: boolean, risk = false): MessageRecord {
  return {
    id: 'm',
    createdAt: 0,
    updatedAt: 0,
    version: 1,
    deletedAt: null,
    threadId: 't',
    participantId: 'p',
    kind,
    subject: '',
    body: '',
    receivedAtMs: kind === 'participant-message' ? 1 : null,
    requestedCounsellorId: null,
    answeredAtMs: kind === 'participant-message' && answered ? 2 : null,
    authorId: null,
    sentAtMs: kind === 'reply' ? 2 : null,
    delivery: null,
    overLimit: false,
    riskSignal: risk,
    sourceHash: null,
  };
}
const asked = (answered: boolean, risk = false) => message('participant-message', answered, risk);
const reply = () => message('reply', false);

describe('folding older messages', () => {
  it.each([
    ['a short thread shows everything', [asked(false)], 0],
    [
      'the last two of a long answered exchange',
      [asked(true), reply(), asked(true), reply(), asked(false)],
      3,
    ],
    [
      'never hides an unanswered message',
      [asked(true), reply(), asked(false), asked(false), asked(false)],
      2,
    ],
    [
      'never hides crisis words',
      [asked(true, true), reply(), asked(true), reply(), asked(false)],
      0,
    ],
  ])('%s', (_, messages, expected) => {
    expect(firstShown(messages)).toBe(expected);
  });

  it('shows at least the last two, every unanswered message and every one with crisis words', () => {
    const anyMessage = fc.oneof(
      fc
        .record({ answered: fc.boolean(), risk: fc.boolean() })
        .map((m) => asked(m.answered, m.risk)),
      fc.constant(null).map(reply),
    );
    fc.assert(
      fc.property(fc.array(anyMessage, { maxLength: 20 }), (messages) => {
        const from = firstShown(messages);
        expect(from).toBeLessThanOrEqual(Math.max(0, messages.length - 2));
        messages.slice(0, from).forEach((m) => {
          expect(m.riskSignal).toBe(false);
          if (m.kind === 'participant-message') expect(m.answeredAtMs).not.toBeNull();
        });
      }),
    );
  });
});
