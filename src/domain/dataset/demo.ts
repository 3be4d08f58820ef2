/**
 * Demo data (issue 4, item 4): a realistic, deterministic dataset. The same options give the same
 * document, byte for byte once serialised, on every machine and in every time zone: randomness
 * comes only from a seeded generator (./random), time only from `untilMs` and the calendar.
 *
 * What it holds:
 * - seven counsellors (English, Japanese or both);
 * - about one participant per five messages, with plausible international names, e-mail
 *   addresses at example domains, JET numbers (11 digits beginning with 20; one in ten unknown),
 *   and a language (about one in five writes in Japanese);
 * - threads started over the `weeks` before `untilMs`, mostly in the evening JST, on every
 *   concern the service hears; about 3% urgent in tone (hopelessness, thoughts of self-harm),
 *   answered within hours; a quarter asking for a counsellor by name; and (from 50 messages) one
 *   urgent first message in each language that arrived in the day before `untilMs`, not yet
 *   answered or assessed (the queue shows such threads first);
 * - replies timed with the business calendar: most within the answer deadline, about one in seven
 *   late, a few never answered (overdue), and the newest still open because `untilMs` comes
 *   before their reply; follow-ups in the same thread, and now and then a second message before
 *   the reply;
 * - about one participant message in twenty over the 1,200-character limit, some with emoji;
 * - each counsellor's weekly availability (1 to 3 rules), a few days off and extra windows, and
 *   video sessions for about a third of the participants (./demo-booking), from a generator of
 *   their own so that the messages do not depend on them.
 *
 * Nothing is ever dated after `untilMs`, except scheduled sessions (and the availability they lie
 * in), in the four weeks after it. Messages are listed in the order received or sent.
 */
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  dateToDay,
  formatDate,
  formatJstInstant,
  jstDayOf,
  jstInstant,
  parseInstant,
  type BusinessCalendar,
} from '../calendar';
import { wallTimeToMinutes } from '../settings/organisation-settings';
import {
  DEMO_COUNSELLORS,
  NAME_POOLS,
  ROLES,
  TEXT,
  TOPIC_WEIGHTS,
  type DemoCounsellorProfile,
  type LanguageText,
  type Topic,
} from './demo-text';
import { generateDemoBooking } from './demo-booking';
import { SeededRandom } from './random';
import {
  DATASET_FORMAT,
  DATASET_VERSION,
  LATEST_INSTANT_MS,
  isReply,
  type Counsellor,
  type DatasetDocument,
  type Language,
  type Message,
  type Participant,
} from './schema';
import { MESSAGE_BODY_LIMIT, countCodePoints } from './text';

export const DEMO_DEFAULT_SEED = 2026;
export const DEMO_DEFAULT_MESSAGES = 600;
export const DEMO_MAX_MESSAGES = 1_000_000;
export const DEMO_DEFAULT_UNTIL = '2026-11-30T12:00:00+09:00';
export const DEMO_DEFAULT_WEEKS = 26;

function instant(text: string): number {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new RangeError(`${text} ${parsed.problem}`);
  return parsed.instantMs;
}

export const DEMO_DEFAULT_UNTIL_MS = instant(DEMO_DEFAULT_UNTIL);

export interface DemoDatasetOptions {
  /** The business calendar that times the replies (deadlines, service hours). */
  calendar: BusinessCalendar;
  /** 0 to 4294967295; default DEMO_DEFAULT_SEED. */
  seed?: number;
  /** How many messages (participants' messages and replies together); default 600. */
  messages?: number;
  /** Nothing is dated after this instant; default 2026-11-30T12:00:00+09:00. */
  untilMs?: number;
  /** How many weeks before `untilMs` the threads start in; default 26. */
  weeks?: number;
  /**
   * Whether one urgent thread in each language waits unanswered and unassessed at `untilMs` (from
   * 50 messages); default true. False gives the demo as it was before (its stability test).
   */
  crisisWaiting?: boolean;
}

// ---------------------------------------------------------------------------------------------
// People

interface DemoParticipant {
  record: Participant;
  given: string;
  role: string;
  place: string;
  year: string;
  months: number;
}

const EMAIL_DOMAINS: Record<Language, readonly (readonly [string, number])[]> = {
  en: [
    ['example.com', 60],
    ['example.org', 25],
    ['example.jp', 15],
  ],
  ja: [
    ['example.jp', 70],
    ['example.com', 30],
  ],
};

function emailLocalPart(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]/g, '');
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function makeParticipants(rng: SeededRandom, count: number): DemoParticipant[] {
  const width = Math.max(5, String(count).length);
  const jetNumbers = new Set<string>();
  const participants: DemoParticipant[] = [];
  for (let i = 1; i <= count; i += 1) {
    const pool = rng.weighted(NAME_POOLS);
    const given = rng.pick(pool.givens);
    const family = rng.pick(pool.families);
    const language = rng.weighted(pool.languages);
    let jetNumber: string | null = null;
    if (!rng.chance(0.1)) {
      do {
        jetNumber = `20${pad(rng.int(0, 999_999_999), 9)}`;
      } while (jetNumbers.has(jetNumber));
      jetNumbers.add(jetNumber);
    }
    const domain = rng.weighted(EMAIL_DOMAINS[language]);
    const text = TEXT[language];
    participants.push({
      record: {
        id: `p-${pad(i, width)}`,
        jetNumber,
        name: pool.familyFirst ? `${family} ${given}` : `${given} ${family}`,
        email: `${emailLocalPart(`${given}.${family}`)}${i}@${domain}`,
        language,
      },
      given,
      role: rng.weighted(ROLES),
      place: rng.pick(text.places),
      year: rng.pick(text.years),
      months: rng.int(3, 40),
    });
  }
  return participants;
}

function counsellorRecord(profile: DemoCounsellorProfile): Counsellor {
  return { id: profile.id, name: profile.name, languages: [...profile.languages] };
}

// ---------------------------------------------------------------------------------------------
// Text

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** `count` items of `items` in their original order. */
function someInOrder<T>(rng: SeededRandom, items: readonly T[], count: number): T[] {
  const chosen = new Set(
    rng.sample(
      Array.from(items, (_, i) => i),
      count,
    ),
  );
  return items.filter((_, i) => chosen.has(i));
}

const longPools = new Map<Language, readonly string[]>();

/** Every situation and feeling of a language: material for messages over the limit. */
function longPool(language: Language): readonly string[] {
  let pool = longPools.get(language);
  if (pool === undefined) {
    pool = Object.values(TEXT[language].topics).flatMap((t) => [...t.situation, ...t.feelings]);
    longPools.set(language, pool);
  }
  return pool;
}

interface Voice {
  participant: DemoParticipant;
  text: LanguageText;
  values: Record<string, string>;
}

function voiceOf(participant: DemoParticipant, counsellor: DemoCounsellorProfile): Voice {
  const language = participant.record.language;
  const text = TEXT[language];
  return {
    participant,
    text,
    values: {
      first: participant.given,
      role: participant.role,
      aRole: `${/^[AEIOU]/.test(participant.role) ? 'an' : 'a'} ${participant.role}`,
      place: participant.place,
      year: participant.year,
      months: String(participant.months),
      counsellor: counsellor.address[language],
    },
  };
}

function paragraph(voice: Voice, sentences: readonly string[]): string {
  return sentences.map((s) => fill(s, voice.values)).join(voice.text.space);
}

/** Adds paragraphs before the last one until the body is over the limit (by 1 to 900 code points). */
function lengthen(rng: SeededRandom, voice: Voice, paragraphs: string[]): void {
  const target = MESSAGE_BODY_LIMIT + rng.int(1, 900);
  const pool = rng.sample(longPool(voice.participant.record.language), Number.MAX_SAFE_INTEGER);
  let next = 0;
  while (countCodePoints(paragraphs.join('\n\n')) <= target) {
    const sentences: string[] = [];
    for (let i = rng.int(3, 5); i > 0; i -= 1) {
      sentences.push(pool[next % pool.length]!);
      next += 1;
    }
    paragraphs.splice(paragraphs.length - 1, 0, paragraph(voice, sentences));
  }
}

function withEmoji(rng: SeededRandom, voice: Voice, sentence: string): string {
  return rng.chance(0.15) ? sentence + rng.pick(voice.text.emoji) : sentence;
}

function signOff(rng: SeededRandom, voice: Voice): string {
  return `${rng.pick(voice.text.closings)}\n${voice.participant.given}`;
}

function firstMessageBody(
  rng: SeededRandom,
  voice: Voice,
  topic: Topic | 'urgent',
  named: boolean,
  long: boolean,
): string {
  const { text } = voice;
  const greeting = fill(rng.pick(named ? text.namedGreetings : text.greetings), voice.values);
  const intro = rng.pick(text.intros);
  const paragraphs = [greeting];
  if (topic === 'urgent') {
    const anyTopic = text.topics[rng.weighted(TOPIC_WEIGHTS)];
    paragraphs.push(paragraph(voice, [intro, rng.pick(anyTopic.situation)]));
    paragraphs.push(paragraph(voice, someInOrder(rng, text.urgent.sentences, rng.int(2, 3))));
    paragraphs.push(
      voice.participant.record.language === 'ja'
        ? 'どうか、話を聞いてください。'
        : 'Please, can someone talk to me?',
    );
    paragraphs.push(`${text.closings[0]!}\n${voice.participant.given}`);
  } else {
    const t = text.topics[topic];
    paragraphs.push(paragraph(voice, [intro, ...someInOrder(rng, t.situation, rng.int(2, 3))]));
    const feelings = someInOrder(rng, t.feelings, rng.int(1, 2)).map((s) =>
      withEmoji(rng, voice, s),
    );
    paragraphs.push(paragraph(voice, [...feelings, rng.pick(t.asks)]));
  }
  if (topic !== 'urgent') paragraphs.push(signOff(rng, voice));
  if (long) lengthen(rng, voice, paragraphs);
  return paragraphs.join('\n\n');
}

function followUpBody(rng: SeededRandom, voice: Voice, topic: Topic | 'urgent', long: boolean) {
  const { text } = voice;
  const t = text.topics[topic === 'urgent' ? 'isolation' : topic];
  const paragraphs = [
    paragraph(voice, [
      rng.pick(text.followUpOpenings),
      withEmoji(rng, voice, rng.pick(text.followUpUpdates)),
    ]),
    paragraph(voice, [rng.pick(t.situation), rng.pick(t.asks)]),
    signOff(rng, voice),
  ];
  if (long) lengthen(rng, voice, paragraphs);
  return paragraphs.join('\n\n');
}

function extraNoteBody(rng: SeededRandom, voice: Voice, topic: Topic | 'urgent') {
  const { text } = voice;
  const sentences =
    topic === 'urgent'
      ? [rng.pick(text.urgent.sentences)]
      : [rng.pick(text.topics[topic].situation), rng.pick(text.topics[topic].feelings)];
  return [paragraph(voice, [rng.pick(text.extraNote), ...sentences]), voice.participant.given].join(
    '\n\n',
  );
}

function replyBody(
  rng: SeededRandom,
  voice: Voice,
  counsellor: DemoCounsellorProfile,
  topic: Topic | 'urgent',
  followUp: boolean,
): string {
  const { text } = voice;
  const paragraphs = [fill(rng.pick(text.replyGreetings), voice.values)];
  if (!followUp) paragraphs.push(rng.pick(text.replyFirstLines));
  if (topic === 'urgent' && !followUp) {
    paragraphs.push(...text.urgent.response);
  } else {
    const responses = text.topics[topic === 'urgent' ? 'isolation' : topic].responses;
    const chosen = someInOrder(rng, responses, followUp ? rng.int(1, 2) : rng.int(2, 3));
    paragraphs.push(
      paragraph(voice, followUp ? [rng.pick(text.replyFollowUp), ...chosen] : chosen),
    );
    if (topic === 'urgent') paragraphs.push(text.urgent.response[1]!);
    if (rng.chance(0.7)) paragraphs.push(rng.pick(text.replyInvitations));
  }
  paragraphs.push(fill(rng.pick(text.replyClosings), { counsellor: counsellor.signature }));
  return paragraphs.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Time

/** JST hours at which participants write, weighted: mostly evenings. */
const HOUR_WEIGHTS: readonly (readonly [number, number])[] = [
  3, 2, 1, 1, 0.5, 0.5, 1, 2, 2, 2, 2, 2, 4, 3, 2, 2, 3, 4, 5, 6, 7, 8, 8, 6,
].map((weight, hour) => [hour, weight] as const);

class Clock {
  private readonly openMinutes: number;
  private readonly closeMinutes: number;
  private readonly businessDays = new Map<number, boolean>();

  constructor(private readonly calendar: BusinessCalendar) {
    this.openMinutes = wallTimeToMinutes(calendar.serviceHours.open);
    this.closeMinutes = wallTimeToMinutes(calendar.serviceHours.close);
  }

  private isBusinessDay(day: number): boolean {
    let answer = this.businessDays.get(day);
    if (answer === undefined) {
      answer = this.calendar.isBusinessDay(formatDate(day));
      this.businessDays.set(day, answer);
    }
    return answer;
  }

  /** Service-hour windows on business days inside [fromMs, toMs]. */
  windows(fromMs: number, toMs: number): [number, number][] {
    const out: [number, number][] = [];
    for (let day = jstDayOf(fromMs); day <= jstDayOf(toMs); day += 1) {
      if (!this.isBusinessDay(day)) continue;
      const start = Math.max(fromMs, jstInstant(day, this.openMinutes));
      const end = Math.min(toMs, jstInstant(day, this.closeMinutes));
      if (end > start) out.push([start, end]);
    }
    return out;
  }

  /** A whole second, uniformly in service time between the instants; null when there is none. */
  serviceInstant(rng: SeededRandom, fromMs: number, toMs: number): number | null {
    const windows = this.windows(fromMs, toMs);
    const total = windows.reduce((sum, [start, end]) => sum + (end - start), 0);
    if (total <= 0) return null;
    let r = rng.next() * total;
    for (const [start, end] of windows) {
      if (r < end - start) return wholeSecond(start + r, start);
      r -= end - start;
    }
    const last = windows[windows.length - 1]!;
    return wholeSecond(last[1], last[0]);
  }

  /** An urgent answer: 15 minutes to 2 hours into the first service time after the instant. */
  urgentAnswer(rng: SeededRandom, receivedAtMs: number): number | null {
    const first = this.windows(receivedAtMs + 5 * MINUTE_MS, receivedAtMs + 6 * DAY_MS)[0];
    if (first === undefined) return null;
    return wholeSecond(Math.min(first[1], first[0] + rng.int(15, 120) * MINUTE_MS), first[0]);
  }

  /** The close of service on the `n`th business day after the instant's JST date. */
  closeAfterBusinessDays(instantMs: number, n: number): number {
    let date = formatDate(jstDayOf(instantMs));
    for (let i = 0; i < n; i += 1) date = this.calendar.nextBusinessDay(date);
    return jstInstant(dateToDay(date), this.closeMinutes);
  }

  deadline(receivedAtMs: number): number {
    return this.calendar.answerDeadline(receivedAtMs).deadlineMs;
  }
}

/** Rounds down to a whole second, but not below `floor`. */
function wholeSecond(ms: number, floor: number): number {
  return Math.max(Math.ceil(floor / 1000) * 1000, Math.floor(ms / 1000) * 1000);
}

function randomSeconds(rng: SeededRandom, fromMs: number, toMs: number): number {
  return rng.int(Math.ceil(fromMs / 1000), Math.floor(toMs / 1000)) * 1000;
}

// ---------------------------------------------------------------------------------------------
// Threads

interface Draft {
  thread: number;
  seq: number;
  atMs: number;
  participantId: string;
  subject: string;
  body: string;
  requestedCounsellorId?: string;
  /** The thread's topic tag as triage set it (on its first message). */
  topics?: string[];
  author?: string;
}

type Outcome = 'on-time' | 'late' | 'never';

class ThreadWriter {
  private readonly drafts: Draft[] = [];
  private seq = 0;
  constructor(
    private readonly thread: number,
    private readonly participantId: string,
    private readonly budget: { remaining: number },
  ) {}

  get full(): boolean {
    return this.budget.remaining <= 0;
  }

  add(draft: Omit<Draft, 'thread' | 'seq' | 'participantId'>): void {
    if (this.full) return;
    this.drafts.push({
      thread: this.thread,
      seq: this.seq,
      participantId: this.participantId,
      ...draft,
    });
    this.seq += 1;
    this.budget.remaining -= 1;
  }

  get written(): readonly Draft[] {
    return this.drafts;
  }
}

interface ThreadPlan {
  thread: number;
  participant: DemoParticipant;
  counsellor: DemoCounsellorProfile;
  requested: boolean;
  topic: Topic | 'urgent';
  startMs: number;
}

function writeThread(
  rng: SeededRandom,
  clock: Clock,
  plan: ThreadPlan,
  untilMs: number,
  budget: { remaining: number },
): readonly Draft[] {
  const { participant, counsellor, topic } = plan;
  const voice = voiceOf(participant, counsellor);
  const writer = new ThreadWriter(plan.thread, participant.record.id, budget);
  const subject =
    topic === 'urgent'
      ? rng.pick(voice.text.urgent.subjects)
      : rng.pick(voice.text.topics[topic].subjects);
  const re = voice.text.re + subject;

  writer.add({
    atMs: plan.startMs,
    subject,
    body: firstMessageBody(rng, voice, topic, plan.requested, rng.chance(0.05)),
    ...(plan.requested ? { requestedCounsellorId: counsellor.id } : {}),
    // Triage's topic tag (no random draw, so the rest of the data stays as it was).
    topics: [topic === 'urgent' ? 'crisis' : topic],
  });
  let oldestUnansweredMs = plan.startMs;
  let lastMs = plan.startMs;
  for (let round = 0; !writer.full; round += 1) {
    // Now and then a second message before the reply.
    if (rng.chance(0.1)) {
      const at = randomSeconds(rng, lastMs + 20 * MINUTE_MS, lastMs + 36 * HOUR_MS);
      if (at > untilMs) break;
      writer.add({ atMs: at, subject: re, body: extraNoteBody(rng, voice, topic) });
      lastMs = at;
    }
    const deadline = clock.deadline(oldestUnansweredMs);
    const urgentFirst = topic === 'urgent' && round === 0;
    const outcome: Outcome = urgentFirst
      ? 'on-time'
      : rng.weighted<Outcome>([
          ['on-time', 81],
          ['late', 15],
          ['never', 4],
        ]);
    if (outcome === 'never') break;
    let sentAt =
      outcome === 'on-time'
        ? urgentFirst
          ? clock.urgentAnswer(rng, lastMs)
          : clock.serviceInstant(rng, lastMs + 10 * MINUTE_MS, deadline)
        : null;
    if (sentAt === null) {
      // Late: on one of the three business days after the deadline.
      sentAt = clock.serviceInstant(
        rng,
        Math.max(deadline, lastMs) + MINUTE_MS,
        clock.closeAfterBusinessDays(deadline, rng.int(1, 3)),
      );
    }
    if (sentAt === null || sentAt > untilMs) break;
    writer.add({
      atMs: sentAt,
      subject: re,
      body: replyBody(rng, voice, counsellor, topic, round > 0),
      author: counsellor.id,
    });
    lastMs = sentAt;
    const followUpChance = topic === 'urgent' ? 0.7 : ([0.45, 0.3, 0.2][round] ?? 0.1);
    if (!rng.chance(followUpChance)) break;
    const at = randomSeconds(rng, lastMs + 3 * HOUR_MS, lastMs + 12 * DAY_MS);
    if (at > untilMs) break;
    writer.add({ atMs: at, subject: re, body: followUpBody(rng, voice, topic, rng.chance(0.02)) });
    oldestUnansweredMs = at;
    lastMs = at;
  }
  return writer.written;
}

/** An index into `weights`, with probability proportional to its weight (binary search). */
function cumulativePicker(weights: readonly number[]): (rng: SeededRandom) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of weights) cumulative.push((total += weight));
  return (rng) => {
    const r = rng.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! > r) high = mid;
      else low = mid + 1;
    }
    return low;
  };
}

// ---------------------------------------------------------------------------------------------
// The dataset

export function generateDemoDataset(options: DemoDatasetOptions): DatasetDocument {
  const seed = options.seed ?? DEMO_DEFAULT_SEED;
  const messageCount = options.messages ?? DEMO_DEFAULT_MESSAGES;
  const untilMs = options.untilMs ?? DEMO_DEFAULT_UNTIL_MS;
  const weeks = options.weeks ?? DEMO_DEFAULT_WEEKS;
  const { calendar } = options;
  if (!Number.isInteger(messageCount) || messageCount < 0 || messageCount > DEMO_MAX_MESSAGES) {
    throw new RangeError(`messages must be a whole number from 0 to ${DEMO_MAX_MESSAGES}`);
  }
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 520) {
    throw new RangeError('weeks must be a whole number from 1 to 520');
  }
  const startMs = untilMs - weeks * 7 * DAY_MS;
  const firstMs = jstInstant(dateToDay(`${String(calendar.firstYear).padStart(4, '0')}-01-01`), 0);
  if (!Number.isFinite(untilMs) || startMs - 7 * DAY_MS < firstMs || untilMs >= LATEST_INSTANT_MS) {
    throw new RangeError(
      `the demo data must lie between ${calendar.firstYear} (the start of the holiday list) and 2099`,
    );
  }
  const rng = new SeededRandom(seed);
  const clock = new Clock(calendar);

  const participants = makeParticipants(rng, Math.max(1, Math.ceil(messageCount / 5)));
  // A few participants write much more than the others.
  const pickParticipant = cumulativePicker(participants.map(() => (rng.chance(0.15) ? 5 : 1)));
  const speakers: Record<Language, DemoCounsellorProfile[]> = {
    en: DEMO_COUNSELLORS.filter((c) => c.languages.includes('en')),
    ja: DEMO_COUNSELLORS.filter((c) => c.languages.includes('ja')),
  };

  // A few messages are kept for the crisis threads still waiting (below).
  // Only languages someone writes in (a small demo may have no Japanese writer).
  const waitingLanguages =
    options.crisisWaiting !== false && messageCount >= CRISIS_WAITING_FROM
      ? CRISIS_WAITING_LANGUAGES.filter((l) => participants.some((p) => p.record.language === l))
      : [];
  const waiting = waitingLanguages.length;
  const budget = { remaining: messageCount - waiting };
  const drafts: Draft[] = [];
  let thread = 0;
  for (; budget.remaining > 0; thread += 1) {
    const participant = participants[pickParticipant(rng)]!;
    const day = jstDayOf(startMs) + rng.int(0, weeks * 7);
    const minute = rng.weighted(HOUR_WEIGHTS) * 60 + rng.int(0, 59);
    let startAt = jstInstant(day, minute) + rng.int(0, 59) * 1000;
    if (startAt > untilMs) startAt -= 7 * DAY_MS;
    drafts.push(
      ...writeThread(
        rng,
        clock,
        {
          thread,
          participant,
          counsellor: rng.pick(speakers[participant.record.language]),
          requested: rng.chance(0.25),
          topic: rng.chance(0.03) ? 'urgent' : rng.weighted(TOPIC_WEIGHTS),
          startMs: startAt,
        },
        untilMs,
        budget,
      ),
    );
  }

  // Crisis words waiting for a counsellor (issue 14.4): in each language, a first message in an
  // urgent tone that arrived in the day before `untilMs` and nobody has answered or assessed yet,
  // so a first start shows how such a thread comes first. From a generator of their own, so that
  // the rest of the messages stay as they were.
  const crisisRng = new SeededRandom((seed ^ CRISIS_SEED_MASK) >>> 0);
  const waitingBudget = { remaining: waiting };
  for (const language of waitingLanguages) {
    const participant = crisisRng.pick(participants.filter((p) => p.record.language === language));
    const voice = voiceOf(participant, crisisRng.pick(speakers[language]));
    const atMs = Math.max(
      startMs,
      untilMs - crisisRng.int(2 * 60, 20 * 60) * MINUTE_MS - crisisRng.int(0, 59) * 1000,
    );
    const writer = new ThreadWriter(thread, participant.record.id, waitingBudget);
    writer.add({
      atMs,
      subject: crisisRng.pick(voice.text.urgent.subjects),
      body: firstMessageBody(crisisRng, voice, 'urgent', false, false),
      topics: ['crisis'],
    });
    drafts.push(...writer.written);
    thread += 1;
  }

  drafts.sort((a, b) => a.atMs - b.atMs || a.thread - b.thread || a.seq - b.seq);
  const messageWidth = Math.max(6, String(drafts.length).length);
  const threadIds = new Map<number, string>();
  const messages = drafts.map((draft, i): Message => {
    let threadId = threadIds.get(draft.thread);
    if (threadId === undefined) {
      threadId = `t-${pad(threadIds.size + 1, Math.max(5, messageWidth - 1))}`;
      threadIds.set(draft.thread, threadId);
    }
    const common = {
      id: `m-${pad(i + 1, messageWidth)}`,
      threadId,
      participantId: draft.participantId,
      subject: draft.subject,
      body: draft.body,
    };
    const at = formatJstInstant(draft.atMs);
    if (draft.author !== undefined) return { ...common, sentAt: at, author: draft.author };
    return {
      ...common,
      receivedAt: at,
      ...(draft.requestedCounsellorId === undefined
        ? {}
        : { requestedCounsellorId: draft.requestedCounsellorId }),
      ...(draft.topics === undefined ? {} : { topics: draft.topics }),
    };
  });

  // Availability and sessions from a generator of their own, so that the messages stay as they
  // were before the dataset had them.
  const booking = generateDemoBooking({
    rng: new SeededRandom((seed ^ BOOKING_SEED_MASK) >>> 0),
    calendar,
    untilMs,
    startMs,
    counsellors: DEMO_COUNSELLORS,
    participants: participants.map((p) => p.record),
  });

  return {
    format: DATASET_FORMAT,
    version: DATASET_VERSION,
    participants: participants.map((p) => p.record),
    counsellors: DEMO_COUNSELLORS.map(counsellorRecord),
    messages,
    availability: booking.availability,
    availabilityExceptions: booking.availabilityExceptions,
    sessions: booking.sessions,
  };
}

/** Mixed into the seed for the availability and sessions generator. */
const BOOKING_SEED_MASK = 0x5e55_1015;
/** Mixed into the seed for the crisis threads still waiting. */
const CRISIS_SEED_MASK = 0x0c21_5155;
/** One crisis thread waiting in each language, in demos of at least this many messages. */
const CRISIS_WAITING_FROM = 50;
const CRISIS_WAITING_LANGUAGES: readonly Language[] = ['en', 'ja'];

export interface DatasetContents {
  participants: number;
  counsellors: number;
  threads: number;
  participantMessages: number;
  replies: number;
  /** Participants' messages over 1,200 code points. */
  overLimit: number;
  /** Availability rules. */
  availability: number;
  /** Days off and extra windows. */
  availabilityExceptions: number;
  sessions: number;
}

/** What a dataset holds, in numbers. */
export function datasetContents(document: DatasetDocument): DatasetContents {
  const messages = document.messages ?? [];
  const replies = messages.filter(isReply);
  return {
    participants: document.participants?.length ?? 0,
    counsellors: document.counsellors?.length ?? 0,
    threads: new Set(messages.map((m) => m.threadId)).size,
    participantMessages: messages.length - replies.length,
    replies: replies.length,
    overLimit: messages.filter((m) => !isReply(m) && countCodePoints(m.body) > MESSAGE_BODY_LIMIT)
      .length,
    availability: document.availability?.length ?? 0,
    availabilityExceptions: document.availabilityExceptions?.length ?? 0,
    sessions: document.sessions?.length ?? 0,
  };
}
