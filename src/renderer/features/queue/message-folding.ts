import type { MessageRecord } from '../../db/records';

/**
 * The first message shown when the thread opens: the last two, and never later than an unanswered
 * message or one with crisis words (those are never folded away). The ones before it fold into
 * one "Show N earlier messages" button, so the reply box is reachable in a long thread.
 */
export function firstShown(messages: readonly MessageRecord[]): number {
  const mustShow = messages.findIndex(
    (m) => m.riskSignal === true || (m.kind === 'participant-message' && m.answeredAtMs === null),
  );
  const lastTwo = Math.max(0, messages.length - 2);
  return mustShow === -1 ? lastTwo : Math.min(lastTwo, mustShow);
}
