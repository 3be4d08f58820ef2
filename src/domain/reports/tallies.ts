/**
 * The counting steps of the report (./report, `buildReport`): the events of the period's records
 * tallied by report period, measure and category, each tally with its distinct participants and,
 * for answered messages, the service hours each answer took. Messages are counted by the month
 * they were received, sessions by the month they started, claims by the month of counselling;
 * every month counts in itself and in every span holding it.
 *
 * Internal tallies (measures starting with `~`, never published) count the sets behind the
 * differences of nested counts, for their distinct participants (./structure, `Difference`).
 */
import type { BusinessCalendar } from '../calendar/business-calendar';
import { answersInThread, type MessageAnswer, type ThreadEntry } from '../dataset/answers';
import { computeLedger } from '../subsidy/ledger';
import {
  isLive,
  type ReportInput,
  type ReportMessageInput,
  type ReportParticipantInput,
  type ReportSessionInput,
  type ReportThreadInput,
} from './input';
import { jstMonthOf, monthsOfPeriod, type ReportPeriod } from './periods';
import type { EarlierCell } from './releases';
import {
  ALL,
  NO_COUNSELLOR,
  TOPIC_CATEGORIES,
  counsellorCategories,
  isReportedOutcome,
  languageCategory,
  outcomeCategory,
  topicCategoriesOf,
  type CountMeasure,
  type ReportCategory,
  type ReportLanguage,
} from './tokens';

/** Internal tallies of the sets behind differences of nested counts (never published). */
const UNANSWERED = '~unanswered';
const ANSWERED_LATE = '~answered-late';
const WITHIN_LIMIT = '~within-limit';
export const DIFFERENCE_TALLIES: Readonly<Record<string, string>> = {
  'messages-received>messages-answered': UNANSWERED,
  'messages-answered>messages-answered-on-time': ANSWERED_LATE,
  'messages-received>messages-over-limit': WITHIN_LIMIT,
};
/** The internal category of the events of a measure without a topic (`all` less the topic). */
export const notTopic = (topic: string) => `~${topic}`;

/** The records a report counts: those not soft-deleted. */
export interface LiveRecords {
  readonly participants: readonly ReportParticipantInput[];
  readonly counsellorIds: readonly string[];
  readonly threads: ReadonlyMap<string, ReportThreadInput>;
  readonly messages: readonly ReportMessageInput[];
  readonly sessions: readonly ReportSessionInput[];
}

/** A participant in contact with the service in a month: a message received or a session. */
interface Contact {
  readonly month: string;
  readonly participantId: string;
}

class Tally {
  events = 0;
  readonly people = new Set<string>();
  readonly hours: number[] = [];
}

/** The records the report counts: soft-deleted ones are left out. */
export function liveRecords(input: ReportInput): LiveRecords {
  return {
    participants: input.participants.filter(isLive),
    counsellorIds: (input.counsellors ?? []).filter(isLive).map((c) => c.id),
    threads: new Map((input.threads ?? []).filter(isLive).map((t) => [t.id, t])),
    messages: input.messages.filter(isLive),
    sessions: input.sessions.filter(isLive),
  };
}

/**
 * Which report periods each JST month counts in: the month itself and every span holding it, for
 * this release's periods and for those of the linked earlier releases' cells (counted too, for the
 * joint audit).
 */
export function periodsOfMonths(
  periods: readonly ReportPeriod[],
  earlier: ReadonlyMap<string, EarlierCell>,
): Map<string, string[]> {
  const periodsOfMonth = new Map<string, string[]>();
  const addPeriod = (token: string, months: readonly string[]) => {
    for (const m of months) {
      const list = periodsOfMonth.get(m) ?? [];
      if (!list.includes(token)) periodsOfMonth.set(m, [...list, token]);
    }
  };
  for (const p of periods) addPeriod(p.token, p.months);
  for (const cell of earlier.values()) addPeriod(cell.period, monthsOfPeriod(cell.period)!);
  return periodsOfMonth;
}

/** The report's tallies: events, distinct participants and hours by period, measure, category. */
export class Tallies {
  private readonly byCell = new Map<string, Tally>();

  constructor(private readonly periodsOfMonth: ReadonlyMap<string, readonly string[]>) {}

  /** True when the month counts in some period (of this release or of a linked one). */
  counts(month: string): boolean {
    return this.periodsOfMonth.has(month);
  }

  /** The tally of a cell, if anything was counted in it. */
  find(period: string, measure: string, category: string): Tally | undefined {
    return this.byCell.get(`${period}|${measure}|${category}`);
  }

  /** The tally of a cell, an empty one if nothing was counted in it yet. */
  of(period: string, measure: string, category: string): Tally {
    const key = `${period}|${measure}|${category}`;
    let t = this.byCell.get(key);
    if (!t) this.byCell.set(key, (t = new Tally()));
    return t;
  }

  /** Adds one event in a month to each category, in the month and every span holding it. */
  count(
    month: string,
    measure: string,
    categories: readonly string[],
    participantId: string,
    extra?: { hours?: number; amount?: number },
  ) {
    for (const period of this.periodsOfMonth.get(month) ?? []) {
      for (const category of categories) {
        const t = this.of(period, measure, category);
        t.events += extra?.amount ?? 1;
        t.people.add(participantId);
        if (extra?.hours !== undefined) t.hours.push(extra.hours);
      }
    }
  }
}

/**
 * The language category of a participant's events: the thread's language, else the
 * participant's; `unknown` when neither is known (a participant deleted or never stored), which
 * `unknownSeen` then records (the report lists the category only if it was needed).
 */
export class Languages {
  unknownSeen = false;
  private readonly languageOf: ReadonlyMap<string, ReportLanguage>;

  constructor(participants: readonly ReportParticipantInput[]) {
    this.languageOf = new Map(participants.map((p) => [p.id, p.language as ReportLanguage]));
  }

  of(participantId: string, threadLanguage?: 'en' | 'ja'): ReportCategory {
    const l = threadLanguage ?? this.languageOf.get(participantId);
    if (l === undefined) this.unknownSeen = true;
    return languageCategory(l ?? 'unknown');
  }
}

/**
 * The counsellors' categories (`counsellor:N`, never a name or an id): every counsellor known,
 * who wrote a reply or held a session, keeping the aliases earlier releases used.
 */
export function counsellorsOf(
  live: LiveRecords,
  kept: Readonly<Record<string, string>> | undefined,
): Map<string, ReportCategory> {
  return counsellorCategories(
    [
      ...live.counsellorIds,
      ...live.messages.flatMap((m) =>
        m.kind === 'reply' && m.authorId !== null ? [m.authorId] : [],
      ),
      ...live.sessions.map((s) => s.counsellorId),
    ],
    kept,
  );
}

/**
 * Which reply answers which message of one thread (the dataset's rule): the participant's
 * messages received and the replies sent by now (a reply sent later does not count yet).
 */
function answersOf(list: readonly ReportMessageInput[], nowMs: number): MessageAnswer[] {
  const entries: ThreadEntry[] = [];
  for (const m of list) {
    if (m.kind === 'participant-message' && m.receivedAtMs !== null) {
      entries.push({
        id: m.id,
        kind: 'participant-message',
        atMs: m.receivedAtMs,
        ...(m.seenAtMs === undefined ? {} : { seenAtMs: m.seenAtMs }),
      });
    } else if (m.kind === 'reply' && m.sentAtMs !== null && m.sentAtMs <= nowMs) {
      entries.push({
        id: m.id,
        kind: 'reply',
        atMs: m.sentAtMs,
        ...(m.answersOnlySeenBefore ? { answersOnlySeenBefore: true } : {}),
      });
    }
  }
  return answersInThread(entries).messages;
}

/** One participant's message in the report's months, as it is counted. */
interface CountedMessage {
  readonly month: string;
  readonly message: ReportMessageInput;
  readonly answer: MessageAnswer;
  /** `all`, the message's language and its topics. */
  readonly categories: readonly ReportCategory[];
  readonly topics: readonly ReportCategory[];
  /** Who answered it (`counsellor:none` while unanswered, or when no counsellor is known). */
  readonly counsellor: ReportCategory;
}

/**
 * Counts one participant's message in the month it was received: received, over the limit or
 * within it, then answered (with the service hours the answer took, and by the counsellor who
 * answered), on time or late, or unanswered. Each count also goes to the message's language and
 * topics, and to the internal `~topic` tallies of the topics it does not have.
 */
function countMessage(
  tallies: Tallies,
  { month, message, answer, categories, topics, counsellor }: CountedMessage,
  calendar: BusinessCalendar,
  nowMs: number,
) {
  const who = message.participantId;
  const count = (measure: string, categories: readonly string[], hours?: number) =>
    tallies.count(month, measure, categories, who, hours === undefined ? undefined : { hours });
  count('messages-received', categories);
  if (message.overLimit) count('messages-over-limit', categories);
  else count(WITHIN_LIMIT, categories);
  const otherTopics = TOPIC_CATEGORIES.filter((c) => !topics.includes(c)).map(notTopic);
  const measuresOf: CountMeasure[] = ['messages-received'];
  if (message.overLimit) measuresOf.push('messages-over-limit');
  if (answer.answeredAtMs === null) {
    count(UNANSWERED, categories);
    for (const m of measuresOf) count(m, otherTopics);
    return;
  }
  // By counsellor only once answered (see MEASURE_SPECS in ./structure). Counted even when
  // this release is not broken down by counsellor: an earlier release may have been, and its
  // cells are audited with their true figures.
  const answered = [...categories, counsellor];
  const hours = calendar.serviceMinutesBetween(answer.receivedAtMs, answer.answeredAtMs) / 60;
  count('messages-answered', answered, hours);
  const { status } = calendar.deadlineStatus({
    receivedAtMs: answer.receivedAtMs,
    answeredAtMs: answer.answeredAtMs,
    nowMs,
  });
  measuresOf.push('messages-answered');
  if (status === 'answered-on-time') {
    count('messages-answered-on-time', answered);
    measuresOf.push('messages-answered-on-time');
  } else count(ANSWERED_LATE, answered);
  for (const m of measuresOf) count(m, otherTopics);
}

/**
 * Counts the participants' messages, thread by thread, each in the month it was received (those
 * outside the report's months are left out). Returns who was in contact in which month.
 */
export function countMessages(
  tallies: Tallies,
  live: LiveRecords,
  languages: Languages,
  counsellorOf: ReadonlyMap<string, ReportCategory>,
  calendar: BusinessCalendar,
  nowMs: number,
): Contact[] {
  const byThread = new Map<string, ReportMessageInput[]>();
  for (const m of live.messages) byThread.set(m.threadId, [...(byThread.get(m.threadId) ?? []), m]);
  const contacts: Contact[] = [];
  for (const [threadId, list] of byThread) {
    const answers = answersOf(list, nowMs);
    const byId = new Map(list.map((m) => [m.id, m]));
    const thread = live.threads.get(threadId);
    const topics = topicCategoriesOf(thread?.tags ?? []);
    for (const answer of answers) {
      const message = byId.get(answer.messageId)!;
      const month = jstMonthOf(answer.receivedAtMs);
      if (!tallies.counts(month)) continue;
      const reply = answer.answeredByReplyId === null ? null : byId.get(answer.answeredByReplyId);
      const counsellor =
        reply?.authorId == null ? NO_COUNSELLOR : counsellorOf.get(reply.authorId)!;
      const categories = [ALL, languages.of(message.participantId, thread?.language), ...topics];
      countMessage(
        tallies,
        { month, message, answer, categories, topics, counsellor },
        calendar,
        nowMs,
      );
      contacts.push({ month, participantId: message.participantId });
    }
  }
  return contacts;
}

/**
 * Counts the sessions with an outcome (a session still scheduled is not counted) in the month
 * they started, by outcome, language and counsellor. Returns who was in contact in which month.
 */
export function countSessions(
  tallies: Tallies,
  sessions: readonly ReportSessionInput[],
  languages: Languages,
  counsellorOf: ReadonlyMap<string, ReportCategory>,
): Contact[] {
  const contacts: Contact[] = [];
  for (const s of sessions) {
    if (!isReportedOutcome(s.outcome)) continue;
    const month = jstMonthOf(s.startMs);
    if (!tallies.counts(month)) continue;
    tallies.count(
      month,
      'sessions',
      [
        ALL,
        outcomeCategory(s.outcome),
        languages.of(s.participantId),
        counsellorOf.get(s.counsellorId)!,
      ],
      s.participantId,
    );
    contacts.push({ month, participantId: s.participantId });
  }
  return contacts;
}

/** Counts the distinct participants with a message received or a session, by their language. */
export function countParticipants(
  tallies: Tallies,
  contacts: readonly Contact[],
  languages: Languages,
) {
  for (const { month, participantId } of contacts) {
    tallies.count(month, 'participants', [ALL, languages.of(participantId)], participantId);
  }
}

/**
 * Counts the Counselling Assistance Programme's claims and subsidies (as the domain's ledger works
 * them out) by month of counselling. Claims the ledger refuses stop the report, naming the first.
 */
export function countClaims(tallies: Tallies, claims: NonNullable<ReportInput['claims']>) {
  const ledger = computeLedger(claims);
  if (!ledger.ok) {
    const p = ledger.problems[0]!;
    throw new RangeError(
      `claims[${p.index}]${p.claimId === null ? '' : ` (id "${p.claimId}")`}: ${p.field} ${p.reason}`,
    );
  }
  for (const entry of ledger.entries) {
    if (!tallies.counts(entry.month)) continue;
    tallies.count(entry.month, 'cap-claims', [ALL], entry.participantId);
    tallies.count(entry.month, 'cap-subsidy-yen', [ALL], entry.participantId, {
      amount: entry.subsidyYen,
    });
  }
}
