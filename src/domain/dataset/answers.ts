/**
 * Which reply answers which participant's message in a thread (DOMAIN.md section 4: "each
 * participant message in a thread needs its own answer; a thread's deadline is that of its oldest
 * unanswered message").
 *
 * The rule: **a reply sent at T answers every participant's message of its thread received before
 * T (strictly) and not answered yet.** So
 * - two messages, then one reply: the reply answers both (a counsellor answers what is in front of
 *   them, and one letter can answer two);
 * - a message, a reply, a follow-up message: the follow-up needs its own answer; its deadline
 *   runs from its own receipt;
 * - a reply with no unanswered message before it (a second reply, a note sent later) answers
 *   nothing and does not change any deadline;
 * - a message received at the very millisecond the reply was sent is not answered by it;
 * - a message that arrives while a reply is being written, and before it is sent, is counted as
 *   answered by it. That is the price of a rule that needs no explicit link from reply to message;
 *   a later format can add one (`inReplyTo`) and this function would honour it.
 *
 * Only sent replies count (drafts are not passed in). Order of the input does not matter; entries
 * with equal times are taken in id order, so the answer is deterministic.
 *
 * A reply written on this workstation (`answersOnlySeenBefore: true`) answers only the messages
 * the counsellor could have read when sending it: those whose `seenAtMs` (when the workstation
 * stored them) is not after the send. A follow-up that arrives later by import or sync, even if
 * the participant wrote it earlier, still needs its own answer and stays in the queue.
 */

export interface ThreadEntry {
  id: string;
  kind: 'participant-message' | 'reply';
  /** receivedAt of a participant's message, sentAt of a reply, in epoch milliseconds. */
  atMs: number;
  /** A participant's message: when this workstation stored it (default: when it was received). */
  seenAtMs?: number;
  /** A reply sent from this workstation: it answers only messages seen before it was sent. */
  answersOnlySeenBefore?: boolean;
}

export interface MessageAnswer {
  /** The participant's message. */
  messageId: string;
  receivedAtMs: number;
  /** When the reply that answers it was sent, or null while it is unanswered. */
  answeredAtMs: number | null;
  answeredByReplyId: string | null;
}

export interface ThreadAnswers {
  /** One per participant's message, in the order received. */
  messages: MessageAnswer[];
  /** The oldest unanswered message: its deadline is the thread's. Null when all are answered. */
  oldestUnanswered: MessageAnswer | null;
}

function byTimeThenId(a: ThreadEntry, b: ThreadEntry): number {
  return a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The answer of each participant's message of one thread (threads are short: a plain scan). */
export function answersInThread(entries: readonly ThreadEntry[]): ThreadAnswers {
  for (const entry of entries) {
    if (!Number.isFinite(entry.atMs)) {
      throw new RangeError(`thread entry "${entry.id}" has no valid time`);
    }
  }
  const messages = entries
    .filter((e) => e.kind === 'participant-message')
    .sort(byTimeThenId)
    .map((e): MessageAnswer => ({
      messageId: e.id,
      receivedAtMs: e.atMs,
      answeredAtMs: null,
      answeredByReplyId: null,
    }));
  const replies = entries.filter((e) => e.kind === 'reply').sort(byTimeThenId);
  const seenAt = new Map(
    entries
      .filter((e) => e.kind === 'participant-message')
      .map((e) => [e.id, e.seenAtMs ?? e.atMs]),
  );
  // Each reply answers the unanswered messages received before it (and, for a reply sent here,
  // seen before it). Threads are short, so a plain scan keeps the rule easy to read.
  for (const reply of replies) {
    for (const message of messages) {
      if (message.answeredAtMs !== null || message.receivedAtMs >= reply.atMs) continue;
      if (reply.answersOnlySeenBefore && (seenAt.get(message.messageId) ?? 0) > reply.atMs)
        continue;
      message.answeredAtMs = reply.atMs;
      message.answeredByReplyId = reply.id;
    }
  }
  const oldestUnanswered = messages.find((m) => m.answeredAtMs === null) ?? null;
  return { messages, oldestUnanswered };
}
