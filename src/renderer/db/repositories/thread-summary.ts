/**
 * A thread record worked out from its messages: the facts come from the domain's
 * `summariseMessages` (the same rule the sync server runs); triage fields (assignee, risk, tags)
 * are the counsellors' and are kept as they are.
 */
import { summariseMessages, type ThreadMessageMeta } from '../../../domain/queue/thread-summary';
import type { Language, ThreadRecord } from '../records';
import { created } from './changes';

export type MessageMeta = ThreadMessageMeta;

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
  const summary = summariseMessages(input.messages);
  const base: ThreadRecord = input.existing ?? {
    ...created(input.threadId, input.nowMs),
    participantId: summary.participantId,
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
  const thread: ThreadRecord = { ...base, language: input.language, ...summary.facts };
  return { thread, answered: summary.answered, subjectMessageId: summary.subjectMessageId };
}
