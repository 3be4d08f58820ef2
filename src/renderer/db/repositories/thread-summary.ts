/**
 * A thread's metadata, worked out from its messages: which participant messages are answered
 * (DOMAIN.md 4: each needs its own answer; the thread's deadline is that of its oldest unanswered
 * message), whether it is open, and the flags the queue filters on. Triage fields (assignee, risk,
 * tags) are the counsellors' and are kept as they are.
 *
 * It works on messages as stored, without opening their sealed text: the crisis-expression signal
 * of each message was noted when it was stored (`riskSignal`), so no decryption (which cannot
 * happen inside a transaction) is needed here.
 */
import { answersInThread } from '../../../domain/dataset/answers';
import type { Language, MessageRecord, ThreadRecord } from '../records';

/** What the summary reads of a message: its metadata, never its text. */
export type MessageMeta = Pick<
  MessageRecord,
  | 'id'
  | 'participantId'
  | 'kind'
  | 'receivedAtMs'
  | 'sentAtMs'
  | 'createdAt'
  | 'answeredAtMs'
  | 'requestedCounsellorId'
  | 'overLimit'
  | 'riskSignal'
> & {
  /** Only whether it is null matters: a reply written here has none. */
  sourceHash: unknown;
};
import { created } from './changes';

export interface ThreadSummaryInput<M extends MessageMeta> {
  threadId: string;
  existing: ThreadRecord | undefined;
  messages: readonly M[];
  language: Language;
  nowMs: number;
}

export interface ThreadSummary<M extends MessageMeta> {
  thread: ThreadRecord;
  /** Messages whose answeredAtMs changed (with the new value). */
  answered: M[];
  /** The message whose subject is the thread's: its first participant message (or first one). */
  subjectMessageId: string | null;
}

export function summariseThread<M extends MessageMeta>(
  input: ThreadSummaryInput<M>,
): ThreadSummary<M> {
  const { messages } = input;
  const answers = answersInThread(
    messages.map((m) => ({
      id: m.id,
      kind: m.kind,
      atMs: (m.kind === 'reply' ? m.sentAtMs : m.receivedAtMs) ?? Number.NaN,
      seenAtMs: m.createdAt,
      // A reply written here (not imported) answers only what the counsellor could have read.
      answersOnlySeenBefore: m.kind === 'reply' && m.sourceHash === null,
    })),
  );
  const byId = new Map(messages.map((m) => [m.id, m]));
  const answered: M[] = [];
  for (const answer of answers.messages) {
    const message = byId.get(answer.messageId);
    if (message && message.answeredAtMs !== answer.answeredAtMs) {
      answered.push({ ...message, answeredAtMs: answer.answeredAtMs });
    }
  }
  const participantMessages = messages
    .filter((m) => m.kind === 'participant-message')
    .sort((a, b) => (a.receivedAtMs ?? 0) - (b.receivedAtMs ?? 0));
  const first = participantMessages[0];
  const last = participantMessages[participantMessages.length - 1];
  const replies = messages.filter((m) => m.kind === 'reply' && m.sentAtMs !== null);
  const lastAnswerMs = replies.reduce<number | null>(
    (max, r) => Math.max(max ?? 0, r.sentAtMs ?? 0),
    null,
  );
  const open = answers.oldestUnanswered !== null;
  // The oldest message the last answer answered (a reply may answer several at once).
  const answeredAt = new Map(answers.messages.map((a) => [a.messageId, a.answeredAtMs]));
  let lastAnsweredAt: number | null = null;
  let lastAnsweredFromMs: number | null = null;
  for (const m of participantMessages) {
    const at = answeredAt.get(m.id) ?? null;
    if (at === null || m.receivedAtMs === null) continue;
    if (lastAnsweredAt === null || at > lastAnsweredAt) {
      lastAnsweredAt = at;
      lastAnsweredFromMs = m.receivedAtMs;
    } else if (at === lastAnsweredAt) {
      lastAnsweredFromMs = Math.min(lastAnsweredFromMs ?? m.receivedAtMs, m.receivedAtMs);
    }
  }
  const base: ThreadRecord = input.existing ?? {
    ...created(input.threadId, input.nowMs),
    participantId: first?.participantId ?? messages[0]?.participantId ?? '',
    language: input.language,
    state: 'open',
    openSinceMs: null,
    lastReceivedMs: 0,
    lastAnswerMs: null,
    messageCount: 0,
    assigneeId: null,
    requestedCounsellorId: null,
    risk: 'not-assessed',
    riskSetBy: null,
    riskSetAtMs: null,
    possibleRisk: false,
    overLimit: false,
    tags: [],
  };
  const requested = [...participantMessages]
    .reverse()
    .find((m) => m.requestedCounsellorId !== null);
  const thread: ThreadRecord = {
    ...base,
    language: input.language,
    state: open ? 'open' : 'answered',
    openSinceMs: answers.oldestUnanswered?.receivedAtMs ?? null,
    lastReceivedMs: last?.receivedAtMs ?? 0,
    lastAnswerMs,
    lastAnsweredFromMs,
    messageCount: messages.length,
    requestedCounsellorId: requested?.requestedCounsellorId ?? null,
    possibleRisk: participantMessages.some((m) => m.riskSignal === true),
    overLimit: participantMessages.some((m) => m.overLimit),
  };
  return { thread, answered, subjectMessageId: first?.id ?? messages[0]?.id ?? null };
}
