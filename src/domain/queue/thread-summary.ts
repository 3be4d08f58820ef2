/**
 * A thread's facts, worked out from its messages' metadata: which participant messages are
 * answered (DOMAIN.md 4: each needs its own answer; the thread's deadline is that of its oldest
 * unanswered message), whether it is open, and the flags the queue filters on. The workstation and
 * the sync server both run it, so a thread reads the same on both. Triage fields (assignee, risk,
 * tags) are the counsellors' and are not touched here.
 *
 * It never needs a message's text: the crisis-expression signal of each message was noted when it
 * was stored (`riskSignal`).
 */
import { answersInThread } from '../dataset/answers';

/** What the summary reads of a message: its metadata, never its text. */
export interface ThreadMessageMeta {
  id: string;
  participantId: string;
  kind: 'participant-message' | 'reply';
  receivedAtMs: number | null;
  sentAtMs: number | null;
  /** When the workstation (or server) stored it. */
  createdAt: number;
  answeredAtMs: number | null;
  requestedCounsellorId: string | null;
  overLimit: boolean;
  riskSignal?: boolean | undefined;
  /** Only whether it is null matters: a reply written by a counsellor (not imported) has none. */
  sourceHash: unknown;
}

/** The thread fields the messages decide. */
export interface ThreadFacts {
  state: 'open' | 'answered';
  openSinceMs: number | null;
  lastReceivedMs: number;
  lastAnswerMs: number | null;
  lastAnsweredFromMs: number | null;
  messageCount: number;
  requestedCounsellorId: string | null;
  possibleRisk: boolean;
  overLimit: boolean;
}

export interface MessagesSummary<M extends ThreadMessageMeta> {
  facts: ThreadFacts;
  /** Messages whose answeredAtMs changed (with the new value). */
  answered: M[];
  /** The message whose subject is the thread's: its first participant message (or first one). */
  subjectMessageId: string | null;
  /** The participant of the thread's first message ('' when there is none). */
  participantId: string;
}

export function summariseMessages<M extends ThreadMessageMeta>(
  messages: readonly M[],
): MessagesSummary<M> {
  const answers = answersInThread(
    messages.map((m) => ({
      id: m.id,
      kind: m.kind,
      atMs: (m.kind === 'reply' ? m.sentAtMs : m.receivedAtMs) ?? Number.NaN,
      seenAtMs: m.createdAt,
      // A reply written by a counsellor (not imported) answers only what they could have read.
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
  const requested = [...participantMessages]
    .reverse()
    .find((m) => m.requestedCounsellorId !== null);
  return {
    facts: {
      state: open ? 'open' : 'answered',
      openSinceMs: answers.oldestUnanswered?.receivedAtMs ?? null,
      lastReceivedMs: last?.receivedAtMs ?? 0,
      lastAnswerMs,
      lastAnsweredFromMs,
      messageCount: messages.length,
      requestedCounsellorId: requested?.requestedCounsellorId ?? null,
      possibleRisk: participantMessages.some((m) => m.riskSignal === true),
      overLimit: participantMessages.some((m) => m.overLimit),
    },
    answered,
    subjectMessageId: first?.id ?? messages[0]?.id ?? null,
    participantId: first?.participantId ?? messages[0]?.participantId ?? '',
  };
}
