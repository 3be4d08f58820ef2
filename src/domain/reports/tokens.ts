/**
 * The words of an anonymised report (docs/reports.md): periods, measures and categories. Every one
 * is a slug from a closed list or built from one by a function here, never free text, so nothing a
 * participant or a counsellor typed can reach a published report.
 *
 * - Periods: `YYYY-MM` (a JST month) or `YYYY-MM..YYYY-MM` (a span of whole months, both ends
 *   inclusive). Nothing finer than a month exists.
 * - Measures: the closed list `REPORT_MEASURES`.
 * - Categories: `all`, `language:en`, `outcome:completed`, `topic:work-stress`, `counsellor:c-1`.
 */
import type { SessionOutcome } from '../booking/types';

/** A month or a span of months (the pattern of the bridge's `reportPeriodSchema`). */
export const REPORT_PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])(\.\.\d{4}-(0[1-9]|1[0-2]))?$/;
/** A month `YYYY-MM`. */
export const REPORT_MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Measures and categories: slugs only (the pattern of the bridge's `reportTokenSchema`). */
export const REPORT_TOKEN_PATTERN = /^[a-z0-9][a-z0-9:._-]{0,63}$/;

/** The neutral marker of every cell that is not published. */
export const SUPPRESSED_MARKER = '*';
export type SuppressedMarker = typeof SUPPRESSED_MARKER;

// ---------------------------------------------------------------------------------------------
// Measures

/** Counts: each cell is a number of events (or of participants, or yen) in a period. */
export const COUNT_MEASURES = [
  'messages-received',
  'messages-answered',
  'messages-answered-on-time',
  'messages-over-limit',
  'sessions',
  'participants',
  'cap-claims',
  'cap-subsidy-yen',
] as const;
export type CountMeasure = (typeof COUNT_MEASURES)[number];

/** Figures derived from counts: published only from published counts with denominators >= T. */
export const DERIVED_MEASURES = [
  'on-time-share',
  'answer-hours-median',
  'answer-hours-p90',
] as const;
export type DerivedMeasure = (typeof DERIVED_MEASURES)[number];

export type ReportMeasure = CountMeasure | DerivedMeasure;

/** Every measure, in the order a report lists them. */
export const REPORT_MEASURES: readonly ReportMeasure[] = [
  'messages-received',
  'messages-answered',
  'messages-answered-on-time',
  'on-time-share',
  'answer-hours-median',
  'answer-hours-p90',
  'messages-over-limit',
  'sessions',
  'participants',
  'cap-claims',
  'cap-subsidy-yen',
];

export function isCountMeasure(measure: string): measure is CountMeasure {
  return (COUNT_MEASURES as readonly string[]).includes(measure);
}

export function isDerivedMeasure(measure: string): measure is DerivedMeasure {
  return (DERIVED_MEASURES as readonly string[]).includes(measure);
}

// ---------------------------------------------------------------------------------------------
// Categories

/** The dimensions a count is broken down by (besides `all`). */
export type CategoryGroup = 'language' | 'topic' | 'counsellor' | 'outcome';
export const CATEGORY_GROUPS: readonly CategoryGroup[] = [
  'language',
  'topic',
  'counsellor',
  'outcome',
];

declare const categoryBrand: unique symbol;
/** A category token: `all`, or `<group>:<slug>`. Only the functions below make one. */
export type ReportCategory = string & { readonly [categoryBrand]: true };

export const ALL = 'all' as ReportCategory;

/** The group of a category token, or null for `all` and for tokens of no known group. */
export function groupOf(category: string): CategoryGroup | null {
  const prefix = category.slice(0, category.indexOf(':'));
  return (CATEGORY_GROUPS as readonly string[]).includes(prefix) ? (prefix as CategoryGroup) : null;
}

export type ReportLanguage = 'en' | 'ja' | 'unknown';

export function languageCategory(language: ReportLanguage): ReportCategory {
  return `language:${language}` as ReportCategory;
}

/** The session outcomes a report counts: a session still `scheduled` is not counted. */
export const REPORTED_OUTCOMES = ['completed', 'cancelled', 'late-cancelled', 'no-show'] as const;
export type ReportedOutcome = (typeof REPORTED_OUTCOMES)[number];

export function isReportedOutcome(outcome: SessionOutcome): outcome is ReportedOutcome {
  return (REPORTED_OUTCOMES as readonly string[]).includes(outcome);
}

export function outcomeCategory(outcome: ReportedOutcome): ReportCategory {
  return `outcome:${outcome}` as ReportCategory;
}

// ---------------------------------------------------------------------------------------------
// Topics: a controlled vocabulary

/**
 * The topics a report may name. A thread's tags are free text typed by counsellors; a tag is
 * counted under its topic when it is the topic's slug or one of its aliases (after
 * normalisation), under `topic:other` otherwise; a thread without tags is under no topic.
 * A tag is never published as typed.
 */
export const TOPIC_VOCABULARY = [
  { slug: 'isolation', aliases: ['loneliness', 'lonely', '孤独', '孤立', '寂しさ'] },
  {
    slug: 'work-stress',
    aliases: ['workplace', 'work', 'job', 'school', 'colleagues', '職場', '仕事', '学校'],
  },
  { slug: 'culture-shock', aliases: ['culture', 'cultural-adjustment', 'カルチャーショック'] },
  { slug: 'health', aliases: ['physical-health', 'sleep', 'illness', '健康', '体調', '睡眠'] },
  {
    slug: 'mental-health',
    aliases: ['depression', 'anxiety', 'mood', 'うつ', '不安', 'メンタルヘルス'],
  },
  { slug: 'relationships', aliases: ['relationship', 'partner', 'friends', '恋愛', '人間関係'] },
  { slug: 'stress', aliases: ['burnout', 'ストレス'] },
  { slug: 'family', aliases: ['home', '家族'] },
  { slug: 'identity', aliases: ['lgbtq', 'lgbtq+', 'アイデンティティ'] },
  { slug: 'housing', aliases: ['accommodation', 'apartment', '住居', '住まい'] },
  { slug: 'safety', aliases: ['harassment', 'crisis', 'self-harm', 'ハラスメント', '危機'] },
] as const;
export type TopicSlug = (typeof TOPIC_VOCABULARY)[number]['slug'];

/**
 * The topic categories of every report, in order: the vocabulary, then `other`. There is no
 * "no topic" category: being exclusive of every other topic, it let a reader pin suppressed cells.
 */
export const TOPIC_CATEGORIES: readonly ReportCategory[] = [
  ...TOPIC_VOCABULARY.map((t) => `topic:${t.slug}` as ReportCategory),
  'topic:other' as ReportCategory,
];

/** How a typed tag is compared with the vocabulary: NFKC, trimmed, lower case, spaces as `-`. */
export function normaliseTag(tag: string): string {
  return tag
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

const TOPIC_BY_WORD: ReadonlyMap<string, TopicSlug> = new Map(
  TOPIC_VOCABULARY.flatMap((t) =>
    [t.slug, ...t.aliases].map((word) => [normaliseTag(word), t.slug] as const),
  ),
);

/** The topic a typed tag counts under: a vocabulary slug, or `other`. */
export function topicOfTag(tag: string): TopicSlug | 'other' {
  return TOPIC_BY_WORD.get(normaliseTag(tag)) ?? 'other';
}

/**
 * The topic categories of a thread's tags: each distinct topic once; `topic:none` when it has no
 * (non-blank) tag. A thread with two tags of different topics counts under both.
 */
export function topicCategoriesOf(tags: readonly string[]): ReportCategory[] {
  const topics = new Set(
    tags.filter((t) => t.trim() !== '').map((t) => `topic:${topicOfTag(t)}` as ReportCategory),
  );
  return TOPIC_CATEGORIES.filter((c) => topics.has(c));
}

// ---------------------------------------------------------------------------------------------
// Counsellors

/** The category of answers nobody has given yet (messages not answered at `now`). */
export const NO_COUNSELLOR = 'counsellor:none' as ReportCategory;

/** `counsellor:N` with N from 1: the only form of a counsellor's category. */
export const COUNSELLOR_ALIAS_PATTERN = /^counsellor:[1-9][0-9]{0,5}$/;

/**
 * The category token of each counsellor: always an alias `counsellor:N`. An id as typed
 * (`miho.sato`) would be an identifier and free text in a file for CLAIR; the alias is neither.
 *
 * `kept` holds the aliases earlier releases used (id to alias), which stay the same, so that one
 * alias is one counsellor in every release; the other ids are numbered after the greatest alias
 * kept, in their sorted order. Two ids with one alias, or an alias not of the form, are refused.
 */
export function counsellorCategories(
  ids: Iterable<string>,
  kept: Readonly<Record<string, string>> = {},
): Map<string, ReportCategory> {
  const out = new Map<string, ReportCategory>();
  const used = new Set<string>();
  let greatest = 0;
  for (const [id, alias] of Object.entries(kept)) {
    if (!COUNSELLOR_ALIAS_PATTERN.test(alias)) {
      throw new RangeError(`counsellor aliases: "${alias}" is not of the form counsellor:N`);
    }
    if (used.has(alias)) {
      throw new RangeError(`counsellor aliases: ${alias} is given to two counsellors`);
    }
    used.add(alias);
    out.set(id, alias as ReportCategory);
    greatest = Math.max(greatest, Number(alias.slice('counsellor:'.length)));
  }
  const sorted = [...new Set(ids)]
    .filter((id) => !out.has(id))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  sorted.forEach((id, i) => out.set(id, `counsellor:${greatest + i + 1}` as ReportCategory));
  return out;
}
