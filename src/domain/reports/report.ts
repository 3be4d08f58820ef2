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
import { DEFAULT_THRESHOLD, assertThreshold } from '../privacy/suppression';
import type { ReportInput } from './input';
import { reportPeriods, type ReportPeriod } from './periods';
import {
  earlierCells,
  linkedReleases,
  settleEarlierCell,
  type EarlierCell,
  type EarlierRelease,
  type ReleaseRow,
} from './releases';
import { reportStructure, type CellKey, type Difference, type ReportStructure } from './structure';
import {
  suppressLinked,
  type SettledCell,
  type SuppressionInput,
  type SuppressionReason,
} from './suppression';
import {
  DIFFERENCE_TALLIES,
  Languages,
  Tallies,
  countClaims,
  countMessages,
  countParticipants,
  countSessions,
  counsellorsOf,
  liveRecords,
  notTopic,
  periodsOfMonths,
} from './tallies';
import {
  ALL,
  NO_COUNSELLOR,
  REPORTED_OUTCOMES,
  REPORT_MEASURES,
  REPORT_PERIOD_PATTERN,
  REPORT_TOKEN_PATTERN,
  SUPPRESSED_MARKER,
  TOPIC_CATEGORIES,
  isCountMeasure,
  languageCategory,
  outcomeCategory,
  type CountMeasure,
  type ReportCategory,
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

type Categories = Partial<Record<ReportMeasure, readonly ReportCategory[]>>;

/** The count cells of the structure: their figures and why each is suppressed (null: published). */
interface SuppressedCounts {
  readonly structure: ReportStructure;
  readonly figures: readonly SuppressionInput[];
  readonly reasons: readonly (SuppressionReason | null)[];
}

/**
 * The report as a sequence of steps: the records counted by month and span (./tallies), the
 * categories of each measure, the count cells and their figures, their suppression across the
 * release and the linked earlier ones, then the published cells with the derived figures.
 */
export function buildReport(input: ReportInput, options: ReportOptions): Report {
  const { from, to, calendar, nowMs } = options;
  const { threshold, byCounsellor } = checkedOptions(options);
  const periods = reportPeriods(from, to);
  // Earlier releases linked to this one: their periods are counted too (for the joint audit).
  const linked = linkedReleases(options.earlier ?? [], from, to);
  const earlier = earlierCells(linked);

  const tallies = new Tallies(periodsOfMonths(periods, earlier));
  const live = liveRecords(input);
  const languages = new Languages(live.participants);
  const counsellorOf = counsellorsOf(live, options.counsellorAliases);
  const contacts = [
    ...countMessages(tallies, live, languages, counsellorOf, calendar, nowMs),
    ...countSessions(tallies, live.sessions, languages, counsellorOf),
  ];
  countParticipants(tallies, contacts, languages);
  if (input.claims !== undefined) countClaims(tallies, input.claims);

  const categories = reportCategories({
    byCounsellor,
    unknownLanguage: languages.unknownSeen,
    counsellors: counsellorOf.values(),
    withClaims: input.claims !== undefined,
  });
  const measures = REPORT_MEASURES.filter((m) => categories[m] !== undefined);
  const structure = reportStructure(countCellKeys(periods, measures, categories, earlier));
  const figures = countFigures(structure, tallies);
  assertCountsHold(structure, figures);
  const settled = settleEarlier(structure, figures, earlier);
  const reasons = suppressionReasons(structure, figures, threshold, settled);
  const counts: SuppressedCounts = { structure, figures, reasons };

  return {
    from,
    to,
    threshold,
    byCounsellor,
    nowMs,
    periods,
    measures,
    categories,
    cells: reportCells(periods, measures, categories, counts, tallies, threshold),
    counsellorAliases: Object.fromEntries(counsellorOf),
    linkedReleases: linked.length,
    earlier: earlierAsTheyStand(structure, figures, settled, earlier),
  };
}

/** T (default 10) and the breakdown by counsellor; T must be an integer of at least 5, now an instant. */
function checkedOptions(options: ReportOptions): { threshold: number; byCounsellor: boolean } {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const byCounsellor = options.byCounsellor ?? false;
  assertThreshold(threshold);
  if (typeof options.nowMs !== 'number' || !Number.isFinite(options.nowMs)) {
    throw new RangeError('nowMs must be an instant in epoch milliseconds');
  }
  return { threshold, byCounsellor };
}

/**
 * Every category of every measure, zeros included, in order (`all` first): the languages
 * (`unknown` only when some event needed it), the topics, the counsellors when broken down by
 * counsellor (by alias number; `counsellor:none` last, for messages only), the sessions'
 * outcomes, and the programme's measures only when claims were given.
 */
function reportCategories({
  byCounsellor,
  unknownLanguage,
  counsellors: aliases,
  withClaims,
}: {
  byCounsellor: boolean;
  unknownLanguage: boolean;
  counsellors: Iterable<ReportCategory>;
  withClaims: boolean;
}): Categories {
  const languages = [
    languageCategory('en'),
    languageCategory('ja'),
    ...(unknownLanguage ? [languageCategory('unknown')] : []),
  ];
  const aliasNumber = (c: string) => Number(c.slice(c.indexOf(':') + 1));
  const counsellors = byCounsellor
    ? [...new Set(aliases)].sort((a, b) => aliasNumber(a) - aliasNumber(b)).concat(NO_COUNSELLOR)
    : [];
  const receivedCategories = [ALL, ...languages, ...TOPIC_CATEGORIES];
  const answeredCategories = [...receivedCategories, ...counsellors];
  const categories: Categories = {};
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
  if (withClaims) {
    categories['cap-claims'] = [ALL];
    categories['cap-subsidy-yen'] = [ALL];
  }
  return categories;
}

/**
 * The count cells suppressed together: this release's (each period, count measure and category),
 * then the linked earlier releases' cells that are not among them.
 */
function countCellKeys(
  periods: readonly ReportPeriod[],
  measures: readonly ReportMeasure[],
  categories: Categories,
  earlier: ReadonlyMap<string, EarlierCell>,
): CellKey[] {
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
  return countKeys;
}

/** A difference's count (`sup − sub`) and the distinct participants of the set behind it. */
function differenceFigure(
  structure: ReportStructure,
  tallies: Tallies,
  d: Difference,
): SuppressionInput {
  const sup = structure.keys[d.sup]!;
  const sub = structure.keys[d.sub]!;
  const figure = (k: CellKey) => {
    const t = tallies.find(k.period, k.measure, k.category);
    return k.measure === 'participants' ? (t?.people.size ?? 0) : (t?.events ?? 0);
  };
  const value = figure(sup) - figure(sub);
  const behind =
    sup.measure === 'participants'
      ? null
      : sup.measure === sub.measure
        ? tallies.of(sup.period, sup.measure, notTopic(sub.category))
        : DIFFERENCE_TALLIES[`${sup.measure}>${sub.measure}`] === undefined
          ? null
          : tallies.of(
              sup.period,
              DIFFERENCE_TALLIES[`${sup.measure}>${sub.measure}`]!,
              sup.category,
            );
  return { value, participants: behind === null ? value : behind.people.size };
}

/**
 * The figure of every cell of the structure, with the distinct participants behind it: events
 * (the subsidy in yen, with no participants), distinct participants, or a difference of two cells.
 */
function countFigures(structure: ReportStructure, tallies: Tallies): SuppressionInput[] {
  const differenceOf = new Map(structure.differences.map((d) => [d.cell, d]));
  return structure.keys.map((k, i) => {
    const difference = differenceOf.get(i);
    if (difference !== undefined) return differenceFigure(structure, tallies, difference);
    const t = tallies.find(k.period, k.measure, k.category);
    const people = t?.people.size ?? 0;
    if (k.measure === 'cap-subsidy-yen') return { value: t?.events ?? 0, participants: null };
    if (k.measure === 'participants') return { value: people, participants: people };
    return { value: t?.events ?? 0, participants: people };
  });
}

/**
 * Checks that the true counts satisfy every relation among the cells, and none is negative. The
 * audit proves a hidden cell free by finding a solution other than the true counts: those must
 * satisfy every relation, or it would prove too much. A failure here is a bug: no report.
 */
function assertCountsHold(structure: ReportStructure, figures: readonly SuppressionInput[]) {
  for (const relation of structure.relations) {
    const sum = relation.terms.reduce((acc, [cell, coef]) => acc + coef * figures[cell]!.value, 0);
    if (relation.op === 'eq' ? Math.abs(sum) > 1e-9 : sum > 1e-9) {
      throw new Error('the report counts do not satisfy their own relations');
    }
  }
  if (figures.some((input) => input.value < 0)) {
    throw new Error('the report counts do not satisfy their own relations');
  }
}

/**
 * How each cell of a linked earlier release stands now (./releases, `settleEarlierCell`): its
 * published figure still true, hidden then, or revised since; null for this release's own cells.
 */
function settleEarlier(
  structure: ReportStructure,
  figures: readonly SuppressionInput[],
  earlier: ReadonlyMap<string, EarlierCell>,
): (SettledCell | null)[] {
  return structure.keys.map((k): SettledCell | null => {
    const cell = earlier.get(`${k.period}|${k.measure}|${k.category}`);
    const i = structure.index.get(`${k.period}|${k.measure}|${k.category}`)!;
    return cell ? settleEarlierCell(cell, figures[i]!.value) : null;
  });
}

/**
 * Why each count cell is suppressed (null: published), across the release and the linked
 * earlier ones (./suppression). Should the solver ever fail to decide a cell, nothing new is
 * published rather than too much.
 */
function suppressionReasons(
  structure: ReportStructure,
  figures: readonly SuppressionInput[],
  threshold: number,
  settled: readonly (SettledCell | null)[],
): (SuppressionReason | null)[] {
  const suppression = suppressLinked(structure, figures, threshold, settled);
  return suppression.unresolved.length > 0
    ? figures.map((_, i): SuppressionReason | null =>
        settled[i] === 'known' ? null : (suppression.reasons[i] ?? 'complementary'),
      )
    : suppression.reasons;
}

/** The earlier releases' cells as they stand now: a figure still true, or the marker. */
function earlierAsTheyStand(
  structure: ReportStructure,
  figures: readonly SuppressionInput[],
  settled: readonly (SettledCell | null)[],
  earlier: ReadonlyMap<string, EarlierCell>,
): ReleaseRow[] {
  return structure.keys.flatMap((k, i) =>
    earlier.has(`${k.period}|${k.measure}|${k.category}`)
      ? [
          {
            period: k.period,
            measure: k.measure,
            category: k.category,
            value: settled[i] === 'known' ? figures[i]!.value : SUPPRESSED_MARKER,
          },
        ]
      : [],
  );
}

/** A count cell's figure, its distinct participants and why it is suppressed (null: published). */
function countStatus(
  { structure, figures, reasons }: SuppressedCounts,
  period: string,
  measure: CountMeasure,
  category: ReportCategory,
) {
  const i = structure.index.get(`${period}|${measure}|${category}`)!;
  return { value: figures[i]!.value, participants: figures[i]!.participants, status: reasons[i]! };
}

/**
 * A derived figure of a period and category (the on-time share, the median or 90th percentile
 * answer time in service hours), published only from published counts whose denominator, the
 * messages answered, is at least T; otherwise the marker, as not published.
 */
function derivedCell(
  period: ReportPeriodToken,
  measure: ReportMeasure,
  category: ReportCategory,
  counts: SuppressedCounts,
  tallies: Tallies,
  threshold: number,
): ReportCell {
  const answered = countStatus(counts, period, 'messages-answered', category);
  const onTime = countStatus(counts, period, 'messages-answered-on-time', category);
  const hours = [...(tallies.find(period, 'messages-answered', category)?.hours ?? [])];
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
  return {
    period,
    measure,
    category,
    raw,
    participants: null,
    status: shown === null ? 'not-published' : null,
    value: shown ?? SUPPRESSED_MARKER,
  };
}

/**
 * The report's cells, by period, then measure, then category: each count with its figure and
 * what is published (the figure, or the marker where it is suppressed), then the derived figures.
 */
function reportCells(
  periods: readonly ReportPeriod[],
  measures: readonly ReportMeasure[],
  categories: Categories,
  counts: SuppressedCounts,
  tallies: Tallies,
  threshold: number,
): ReportCell[] {
  const cells: ReportCell[] = [];
  for (const p of periods) {
    const period = p.token as ReportPeriodToken;
    for (const measure of measures) {
      for (const category of categories[measure]!) {
        if (!isCountMeasure(measure)) {
          cells.push(derivedCell(period, measure, category, counts, tallies, threshold));
          continue;
        }
        const c = countStatus(counts, p.token, measure, category);
        cells.push({
          period,
          measure,
          category,
          raw: c.value,
          participants: c.participants,
          status: c.status,
          value: c.status === null ? c.value : SUPPRESSED_MARKER,
        });
      }
    }
  }
  return cells;
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
