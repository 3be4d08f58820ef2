/**
 * The anonymised usage report for CLAIR (issue 8; DOMAIN.md sections 4 to 7; docs/reports.md).
 *
 *   buildReport(input, options)  -> Report           the raw tables and what will be published
 *   publish(report)              -> PublishedReport  exactly what is exported, nothing else
 *
 * Counts are by JST month and by the spans the months add up to (./periods), by category
 * (./tokens), and suppressed across the linked tables of the release (./suppression). Derived
 * figures (the on-time share, the median and 90th percentile answer time) are computed only from
 * published counts whose denominator is at least T; otherwise they carry the same marker `*`.
 *
 * Pure: `nowMs` and the business calendar are parameters.
 */
import type { BusinessCalendar } from '../calendar/business-calendar';
import { answersInThread, type ThreadEntry } from '../dataset/answers';
import { DEFAULT_THRESHOLD, assertThreshold } from '../privacy/suppression';
import { computeLedger } from '../subsidy/ledger';
import { isLive, type ReportInput, type ReportMessageInput } from './input';
import { jstMonthOf, monthsOfPeriod, reportPeriods, type ReportPeriod } from './periods';
import {
  earlierCells,
  linkedReleases,
  settleEarlierCell,
  type EarlierRelease,
  type ReleaseRow,
} from './releases';
import { reportStructure, type CellKey, type Difference } from './structure';
import { suppressLinked, type SettledCell, type SuppressionReason } from './suppression';
import {
  ALL,
  NO_COUNSELLOR,
  REPORTED_OUTCOMES,
  REPORT_MEASURES,
  REPORT_PERIOD_PATTERN,
  REPORT_TOKEN_PATTERN,
  SUPPRESSED_MARKER,
  TOPIC_CATEGORIES,
  counsellorCategories,
  isCountMeasure,
  isReportedOutcome,
  languageCategory,
  outcomeCategory,
  topicCategoriesOf,
  type CountMeasure,
  type ReportCategory,
  type ReportLanguage,
  type ReportMeasure,
  type SuppressedMarker,
} from './tokens';

export const REPORT_FORMAT = 'counsellor-workstation.report';
export const REPORT_FORMAT_VERSION = 1;

export interface ReportOptions {
  /** First month, `YYYY-MM` (JST). */
  readonly from: string;
  /** Last month, `YYYY-MM`, inclusive. */
  readonly to: string;
  /** T: an integer, at least 5 (default 10, the settings' reportSuppressionThreshold). */
  readonly threshold?: number;
  /** Break counts down by counsellor (their ids, never names). Default false. */
  readonly byCounsellor?: boolean;
  /** Deadlines, on-time and service hours: the organisation's business calendar. */
  readonly calendar: BusinessCalendar;
  /** Replies sent after this instant do not count yet. */
  readonly nowMs: number;
  /**
   * Releases exported before this one (./releases): those linked to this period are suppressed
   * and audited together with it. Default none.
   */
  readonly earlier?: readonly EarlierRelease[];
  /** The counsellor aliases earlier releases used (id to `counsellor:N`), kept. Default none. */
  readonly counsellorAliases?: Readonly<Record<string, string>>;
}

declare const periodBrand: unique symbol;
/** `YYYY-MM` or `YYYY-MM..YYYY-MM`. */
export type ReportPeriodToken = string & { readonly [periodBrand]: true };

/** Why a published value is the marker: its count was suppressed, or a figure is not published. */
export type CellStatus = SuppressionReason | 'not-published' | null;

export interface ReportCell {
  readonly period: ReportPeriodToken;
  readonly measure: ReportMeasure;
  readonly category: ReportCategory;
  /**
   * The computed figure: a count, yen, a share from 0 to 1 or hours; null where there is none (a
   * share or an answer time with no answered message). For the preview; never exported.
   */
  readonly raw: number | null;
  /** Distinct participants behind a count (null for yen and derived figures). */
  readonly participants: number | null;
  readonly status: CellStatus;
  /** What is published: the figure, or the marker. */
  readonly value: number | SuppressedMarker;
}

export interface Report {
  readonly from: string;
  readonly to: string;
  readonly threshold: number;
  readonly byCounsellor: boolean;
  readonly nowMs: number;
  readonly periods: readonly ReportPeriod[];
  readonly measures: readonly ReportMeasure[];
  /** The categories of each measure, in order (`all` first). */
  readonly categories: Readonly<Partial<Record<ReportMeasure, readonly ReportCategory[]>>>;
  /** By period, then measure, then category. */
  readonly cells: readonly ReportCell[];
  /** The counsellor aliases used (id to alias), to keep in the next release. */
  readonly counsellorAliases: Readonly<Record<string, string>>;
  /** How many earlier releases were linked to this one (suppressed and audited with it). */
  readonly linkedReleases: number;
  /**
   * The count cells of the linked earlier releases as they stand now, for the joint audit
   * (`auditPublishedReport(published, earlier)`): a figure still true, or the marker for one
   * hidden or changed since. Tokens and numbers only, like the published rows.
   */
  readonly earlier: readonly ReleaseRow[];
}

/** One published row: three slugs and a number or the marker. Nothing else can be in it. */
export interface PublishedRow {
  readonly period: ReportPeriodToken;
  readonly measure: ReportMeasure;
  readonly category: ReportCategory;
  readonly value: number | SuppressedMarker;
}

/** What is exported for CLAIR (the bridge's `publishedReportSchema` has the same shape). */
export interface PublishedReport {
  readonly format: typeof REPORT_FORMAT;
  readonly version: typeof REPORT_FORMAT_VERSION;
  readonly from: string;
  readonly to: string;
  readonly threshold: number;
  readonly rows: readonly PublishedRow[];
}

/** Internal tallies of the sets behind differences of nested counts (never published). */
const UNANSWERED = '~unanswered';
const ANSWERED_LATE = '~answered-late';
const WITHIN_LIMIT = '~within-limit';
const DIFFERENCE_TALLIES: Readonly<Record<string, string>> = {
  'messages-received>messages-answered': UNANSWERED,
  'messages-answered>messages-answered-on-time': ANSWERED_LATE,
  'messages-received>messages-over-limit': WITHIN_LIMIT,
};
/** The internal category of the events of a measure without a topic (`all` less the topic). */
const notTopic = (topic: string) => `~${topic}`;

const MESSAGE_COUNTS: readonly CountMeasure[] = [
  'messages-received',
  'messages-answered',
  'messages-answered-on-time',
  'messages-over-limit',
];

/** Decimal places of published derived figures. */
const SHARE_DECIMALS = 3;
const HOURS_DECIMALS = 1;

const round = (x: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};

/** The nearest-rank percentile: the smallest value with at least q of the values at or below it. */
export function nearestRank(sortedValues: readonly number[], q: number): number | null {
  if (sortedValues.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sortedValues.length));
  return sortedValues[rank - 1]!;
}

class Tally {
  events = 0;
  readonly people = new Set<string>();
  readonly hours: number[] = [];
}

export function buildReport(input: ReportInput, options: ReportOptions): Report {
  const { from, to, calendar, nowMs } = options;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const byCounsellor = options.byCounsellor ?? false;
  assertThreshold(threshold);
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) {
    throw new RangeError('nowMs must be an instant in epoch milliseconds');
  }
  const periods = reportPeriods(from, to);
  const periodsOfMonth = new Map<string, string[]>();
  const addPeriod = (token: string, months: readonly string[]) => {
    for (const m of months) {
      const list = periodsOfMonth.get(m) ?? [];
      if (!list.includes(token)) periodsOfMonth.set(m, [...list, token]);
    }
  };
  for (const p of periods) addPeriod(p.token, p.months);
  // Earlier releases linked to this one: their periods are counted too (for the joint audit).
  const linked = linkedReleases(options.earlier ?? [], from, to);
  const earlier = earlierCells(linked);
  for (const cell of earlier.values()) addPeriod(cell.period, monthsOfPeriod(cell.period)!);

  const tallies = new Map<string, Tally>();
  // Internal tallies (measures starting with `~`, never published) count the sets behind the
  // differences of nested counts, for their distinct participants (./structure, `Difference`).
  const tally = (period: string, measure: string, category: string) => {
    const key = `${period}|${measure}|${category}`;
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = new Tally()));
    return t;
  };
  /** Adds one event in a month to each category, in the month and every span holding it. */
  const count = (
    month: string,
    measure: string,
    categories: readonly string[],
    participantId: string,
    extra?: { hours?: number; amount?: number },
  ) => {
    for (const period of periodsOfMonth.get(month) ?? []) {
      for (const category of categories) {
        const t = tally(period, measure, category);
        t.events += extra?.amount ?? 1;
        t.people.add(participantId);
        if (extra?.hours !== undefined) t.hours.push(extra.hours);
      }
    }
  };

  const languageOf = new Map(
    input.participants.filter(isLive).map((p) => [p.id, p.language as ReportLanguage]),
  );
  const threads = new Map((input.threads ?? []).filter(isLive).map((t) => [t.id, t]));
  let unknownLanguage = false;
  const language = (participantId: string, threadLanguage?: 'en' | 'ja') => {
    const l = threadLanguage ?? languageOf.get(participantId);
    if (l === undefined) unknownLanguage = true;
    return languageCategory(l ?? 'unknown');
  };

  const messages = input.messages.filter(isLive);
  const sessions = input.sessions.filter(isLive);
  const counsellorOf = counsellorCategories(
    [
      ...(input.counsellors ?? []).filter(isLive).map((c) => c.id),
      ...messages.flatMap((m) => (m.kind === 'reply' && m.authorId !== null ? [m.authorId] : [])),
      ...sessions.map((s) => s.counsellorId),
    ],
    options.counsellorAliases,
  );

  // Messages: which reply answers which message (the dataset's rule), then the counts.
  const byThread = new Map<string, ReportMessageInput[]>();
  for (const m of messages) byThread.set(m.threadId, [...(byThread.get(m.threadId) ?? []), m]);
  const participantsPeriods: { month: string; participantId: string }[] = [];
  for (const [threadId, list] of byThread) {
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
    const { messages: answers } = answersInThread(entries);
    const byId = new Map(list.map((m) => [m.id, m]));
    const thread = threads.get(threadId);
    const topics = topicCategoriesOf(thread?.tags ?? []);
    for (const answer of answers) {
      const message = byId.get(answer.messageId)!;
      const month = jstMonthOf(answer.receivedAtMs);
      if (!periodsOfMonth.has(month)) continue;
      const reply = answer.answeredByReplyId === null ? null : byId.get(answer.answeredByReplyId);
      const counsellor =
        reply?.authorId == null ? NO_COUNSELLOR : counsellorOf.get(reply.authorId)!;
      const categories = [ALL, language(message.participantId, thread?.language), ...topics];
      const who = message.participantId;
      count(month, 'messages-received', categories, who);
      participantsPeriods.push({ month, participantId: who });
      if (message.overLimit) count(month, 'messages-over-limit', categories, who);
      else count(month, WITHIN_LIMIT, categories, who);
      const otherTopics = TOPIC_CATEGORIES.filter((c) => !topics.includes(c)).map(notTopic);
      const measuresOf: CountMeasure[] = ['messages-received'];
      if (message.overLimit) measuresOf.push('messages-over-limit');
      if (answer.answeredAtMs === null) {
        count(month, UNANSWERED, categories, who);
        for (const m of measuresOf) count(month, m, otherTopics, who);
        continue;
      }
      // By counsellor only once answered (see MEASURE_SPECS in ./structure). Counted even when
      // this release is not broken down by counsellor: an earlier release may have been, and its
      // cells are audited with their true figures.
      categories.push(counsellor);
      const hours = calendar.serviceMinutesBetween(answer.receivedAtMs, answer.answeredAtMs) / 60;
      count(month, 'messages-answered', categories, who, { hours });
      const { status } = calendar.deadlineStatus({
        receivedAtMs: answer.receivedAtMs,
        answeredAtMs: answer.answeredAtMs,
        nowMs,
      });
      measuresOf.push('messages-answered');
      if (status === 'answered-on-time') {
        count(month, 'messages-answered-on-time', categories, who);
        measuresOf.push('messages-answered-on-time');
      } else count(month, ANSWERED_LATE, categories, who);
      for (const m of measuresOf) count(month, m, otherTopics, who);
    }
  }

  // Sessions with an outcome (a session still scheduled is not counted).
  for (const s of sessions) {
    if (!isReportedOutcome(s.outcome)) continue;
    const month = jstMonthOf(s.startMs);
    if (!periodsOfMonth.has(month)) continue;
    count(
      month,
      'sessions',
      [
        ALL,
        outcomeCategory(s.outcome),
        language(s.participantId),
        counsellorOf.get(s.counsellorId)!,
      ],
      s.participantId,
    );
    participantsPeriods.push({ month, participantId: s.participantId });
  }

  // Distinct participants with a message received or a session, by their language.
  for (const { month, participantId } of participantsPeriods) {
    count(month, 'participants', [ALL, language(participantId)], participantId);
  }

  // The Counselling Assistance Programme: claims and subsidies by month of counselling.
  if (input.claims !== undefined) {
    const ledger = computeLedger(input.claims);
    if (!ledger.ok) {
      const p = ledger.problems[0]!;
      throw new RangeError(
        `claims[${p.index}]${p.claimId === null ? '' : ` (id "${p.claimId}")`}: ${p.field} ${p.reason}`,
      );
    }
    for (const entry of ledger.entries) {
      if (!periodsOfMonth.has(entry.month)) continue;
      count(entry.month, 'cap-claims', [ALL], entry.participantId);
      count(entry.month, 'cap-subsidy-yen', [ALL], entry.participantId, {
        amount: entry.subsidyYen,
      });
    }
  }

  // Every category of every measure, zeros included.
  const languages = [
    languageCategory('en'),
    languageCategory('ja'),
    ...(unknownLanguage ? [languageCategory('unknown')] : []),
  ];
  const aliasNumber = (c: string) => Number(c.slice(c.indexOf(':') + 1));
  const counsellors = byCounsellor
    ? [...new Set(counsellorOf.values())]
        .sort((a, b) => aliasNumber(a) - aliasNumber(b))
        .concat(NO_COUNSELLOR)
    : [];
  const receivedCategories = [ALL, ...languages, ...TOPIC_CATEGORIES];
  const answeredCategories = [...receivedCategories, ...counsellors];
  const categories: Partial<Record<ReportMeasure, readonly ReportCategory[]>> = {};
  for (const m of MESSAGE_COUNTS)
    categories[m] =
      m === 'messages-received' || m === 'messages-over-limit'
        ? receivedCategories
        : answeredCategories;
  categories['on-time-share'] = answeredCategories;
  categories['answer-hours-median'] = answeredCategories;
  categories['answer-hours-p90'] = answeredCategories;
  categories.sessions = [
    ALL,
    ...REPORTED_OUTCOMES.map(outcomeCategory),
    ...languages,
    ...counsellors.filter((c) => c !== NO_COUNSELLOR),
  ];
  categories.participants = [ALL, ...languages];
  if (input.claims !== undefined) {
    categories['cap-claims'] = [ALL];
    categories['cap-subsidy-yen'] = [ALL];
  }
  const measures = REPORT_MEASURES.filter((m) => categories[m] !== undefined);

  // Count cells, then their suppression across the release.
  const countKeys: CellKey[] = [];
  for (const p of periods) {
    for (const measure of measures) {
      if (!isCountMeasure(measure)) continue;
      for (const category of categories[measure]!) {
        countKeys.push({ period: p.token, measure, category });
      }
    }
  }
  const inRelease = new Set(countKeys.map((k) => `${k.period}|${k.measure}|${k.category}`));
  for (const cell of earlier.values()) {
    const key = `${cell.period}|${cell.measure}|${cell.category}`;
    if (!inRelease.has(key)) countKeys.push(cell);
  }
  const structure = reportStructure(countKeys);
  const tallyOf = (k: CellKey) => tallies.get(`${k.period}|${k.measure}|${k.category}`);
  /** A difference's count (`sup − sub`) and the distinct participants of the set behind it. */
  const differenceInput = (d: Difference) => {
    const sup = structure.keys[d.sup]!;
    const sub = structure.keys[d.sub]!;
    const figure = (k: CellKey) =>
      k.measure === 'participants' ? (tallyOf(k)?.people.size ?? 0) : (tallyOf(k)?.events ?? 0);
    const value = figure(sup) - figure(sub);
    const behind =
      sup.measure === 'participants'
        ? null
        : sup.measure === sub.measure
          ? tally(sup.period, sup.measure, notTopic(sub.category))
          : DIFFERENCE_TALLIES[`${sup.measure}>${sub.measure}`] === undefined
            ? null
            : tally(sup.period, DIFFERENCE_TALLIES[`${sup.measure}>${sub.measure}`]!, sup.category);
    return { value, participants: behind === null ? value : behind.people.size };
  };
  const differenceOf = new Map(structure.differences.map((d) => [d.cell, d]));
  const inputs = structure.keys.map((k, i) => {
    const difference = differenceOf.get(i);
    if (difference !== undefined) return differenceInput(difference);
    const t = tallyOf(k);
    const people = t?.people.size ?? 0;
    if (k.measure === 'cap-subsidy-yen') return { value: t?.events ?? 0, participants: null };
    if (k.measure === 'participants') return { value: people, participants: people };
    return { value: t?.events ?? 0, participants: people };
  });
  // The audit proves a hidden cell free by finding a solution other than the true counts: those
  // must satisfy every relation, or it would prove too much. A failure here is a bug: no report.
  for (const relation of structure.relations) {
    const sum = relation.terms.reduce((acc, [cell, coef]) => acc + coef * inputs[cell]!.value, 0);
    if (relation.op === 'eq' ? Math.abs(sum) > 1e-9 : sum > 1e-9) {
      throw new Error('the report counts do not satisfy their own relations');
    }
  }
  if (inputs.some((input) => input.value < 0)) {
    throw new Error('the report counts do not satisfy their own relations');
  }
  const settled = structure.keys.map((k): SettledCell | null => {
    const cell = earlier.get(`${k.period}|${k.measure}|${k.category}`);
    const i = structure.index.get(`${k.period}|${k.measure}|${k.category}`)!;
    return cell ? settleEarlierCell(cell, inputs[i]!.value) : null;
  });
  const suppression = suppressLinked(structure, inputs, threshold, settled);
  // Should the solver ever fail to decide a cell, nothing new is published rather than too much.
  const reasons =
    suppression.unresolved.length > 0
      ? inputs.map((_, i): SuppressionReason | null =>
          settled[i] === 'known' ? null : (suppression.reasons[i] ?? 'complementary'),
        )
      : suppression.reasons;
  // The earlier releases' cells as they stand now: a figure still true, or the marker.
  const earlierNow: ReleaseRow[] = structure.keys.flatMap((k, i) =>
    earlier.has(`${k.period}|${k.measure}|${k.category}`)
      ? [
          {
            period: k.period,
            measure: k.measure,
            category: k.category,
            value: settled[i] === 'known' ? inputs[i]!.value : SUPPRESSED_MARKER,
          },
        ]
      : [],
  );
  const countStatus = (period: string, measure: CountMeasure, category: ReportCategory) => {
    const i = structure.index.get(`${period}|${measure}|${category}`)!;
    return { value: inputs[i]!.value, participants: inputs[i]!.participants, status: reasons[i]! };
  };

  const cells: ReportCell[] = [];
  for (const p of periods) {
    const period = p.token as ReportPeriodToken;
    for (const measure of measures) {
      for (const category of categories[measure]!) {
        if (isCountMeasure(measure)) {
          const c = countStatus(p.token, measure, category);
          cells.push({
            period,
            measure,
            category,
            raw: c.value,
            participants: c.participants,
            status: c.status,
            value: c.status === null ? c.value : SUPPRESSED_MARKER,
          });
          continue;
        }
        // Derived figures: from published counts with a denominator of at least T.
        const answered = countStatus(p.token, 'messages-answered', category);
        const onTime = countStatus(p.token, 'messages-answered-on-time', category);
        const hours = [...(tallies.get(`${p.token}|messages-answered|${category}`)?.hours ?? [])];
        hours.sort((a, b) => a - b);
        let raw: number | null;
        let publishable = answered.status === null && answered.value >= threshold;
        if (measure === 'on-time-share') {
          raw = answered.value > 0 ? onTime.value / answered.value : null;
          publishable &&= onTime.status === null;
        } else {
          raw = nearestRank(hours, measure === 'answer-hours-median' ? 0.5 : 0.9);
        }
        const decimals = measure === 'on-time-share' ? SHARE_DECIMALS : HOURS_DECIMALS;
        const shown = publishable && raw !== null ? round(raw, decimals) : null;
        cells.push({
          period,
          measure,
          category,
          raw,
          participants: null,
          status: shown === null ? 'not-published' : null,
          value: shown ?? SUPPRESSED_MARKER,
        });
      }
    }
  }

  return {
    from,
    to,
    threshold,
    byCounsellor,
    nowMs,
    periods,
    measures,
    categories,
    cells,
    counsellorAliases: Object.fromEntries(counsellorOf),
    linkedReleases: linked.length,
    earlier: earlierNow,
  };
}

/**
 * Exactly what is exported: the period, measure, category and published value of every cell.
 * Every token is checked against the contract's patterns (a failure is a bug, not bad input).
 */
export function publish(report: Report): PublishedReport {
  const rows = report.cells.map((c): PublishedRow => {
    if (!REPORT_PERIOD_PATTERN.test(c.period)) throw new Error('a period is not a period token');
    if (!REPORT_TOKEN_PATTERN.test(c.measure) || !REPORT_TOKEN_PATTERN.test(c.category)) {
      throw new Error('a measure or a category is not a slug');
    }
    if (c.value !== SUPPRESSED_MARKER && !Number.isFinite(c.value)) {
      throw new Error('a published value is not a finite number');
    }
    return { period: c.period, measure: c.measure, category: c.category, value: c.value };
  });
  return {
    format: REPORT_FORMAT,
    version: REPORT_FORMAT_VERSION,
    from: report.from,
    to: report.to,
    threshold: report.threshold,
    rows,
  };
}
