/**
 * A dataset file's records (docs/dataset.md) as report input: what the `report` command and the
 * tests compute reports from. Only the fields a report reads are taken: ids, languages, instants,
 * outcomes, whether a message is over the 1,200-character limit, and topic tags (which the report
 * maps to its vocabulary). No name, e-mail, JET number, subject or text is copied.
 */
import { parseInstant } from '../calendar/jst';
import { isReply, type DatasetDocument } from '../dataset/schema';
import { MESSAGE_BODY_LIMIT, exceedsCodePoints } from '../dataset/text';
import type {
  ReportInput,
  ReportMessageInput,
  ReportSessionInput,
  ReportThreadInput,
} from './input';

function instantMs(text: string): number {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new RangeError(`not an instant with an offset: ${parsed.problem}`);
  return parsed.instantMs;
}

/** The report input of a dataset whose records are valid (validateDataset). */
export function reportInputFromDataset(document: DatasetDocument): ReportInput {
  const messages: ReportMessageInput[] = [];
  const tags = new Map<string, Set<string>>();
  for (const m of document.messages ?? []) {
    if (isReply(m)) {
      messages.push({
        id: m.id,
        threadId: m.threadId,
        participantId: m.participantId,
        kind: 'reply',
        receivedAtMs: null,
        sentAtMs: instantMs(m.sentAt),
        authorId: m.author,
        overLimit: false,
      });
      continue;
    }
    messages.push({
      id: m.id,
      threadId: m.threadId,
      participantId: m.participantId,
      kind: 'participant-message',
      receivedAtMs: instantMs(m.receivedAt),
      sentAtMs: null,
      authorId: null,
      overLimit: exceedsCodePoints(m.body, MESSAGE_BODY_LIMIT),
    });
    const threadTags = tags.get(m.threadId) ?? new Set<string>();
    for (const topic of m.topics ?? []) threadTags.add(topic);
    tags.set(m.threadId, threadTags);
  }
  const threads: ReportThreadInput[] = [...tags].map(([id, set]) => ({ id, tags: [...set] }));
  const sessions: ReportSessionInput[] = (document.sessions ?? []).map((s) => ({
    id: s.id,
    participantId: s.participantId,
    counsellorId: s.counsellorId,
    startMs: instantMs(s.start),
    outcome: s.outcome,
  }));
  return {
    participants: (document.participants ?? []).map((p) => ({ id: p.id, language: p.language })),
    counsellors: (document.counsellors ?? []).map((c) => ({ id: c.id })),
    threads,
    messages,
    sessions,
  };
}
