/**
 * How the count cells of one release hang together (docs/reports.md, "Linked tables"). Built from
 * the list of cells alone (period, measure, category), so that the suppression (which knows the
 * raw counts) and the audit (which knows only what is published) see the same structure.
 *
 * - **Lines** are what complementary suppression works on: the categories of one group with their
 *   `all` total (per period and measure), and a span with its largest sub-periods (the report
 *   period with its fiscal years or quarters, a quarter with its months; per measure and
 *   category). Every line holding a suppressed cell must hold at least two.
 * - **Relations** are what a reader can rely on to work a hidden value back, each one true of
 *   every report: totals are sums (or, where events can fall in several categories or a
 *   participant in several months, bounds), nested counts are at most their parent, and so on.
 *   The audit (./audit) bounds every hidden cell with them.
 * - **Ties** are pairs published or suppressed together (a subsidy's yen with its claims count).
 */
import { SUBSIDY_CAP_YEN } from '../subsidy/ledger';
import type { LinearRelation } from './bounds';
import { monthsOfPeriod } from './periods';
import { ALL, groupOf, isCountMeasure, type CategoryGroup, type CountMeasure } from './tokens';

/** The most one claim's subsidy can be (the coverage period's cap), for the audit's bound. */
export const MAX_SUBSIDY_PER_CLAIM_YEN = SUBSIDY_CAP_YEN;

export interface CellKey {
  readonly period: string;
  readonly measure: string;
  readonly category: string;
}

/**
 * How a category group relates to `all`: `partition` (every event in exactly one category: `all`
 * is the sum) or `subset` (an event in any number of them, none included: each category is at most
 * `all`, and nothing more is known). Topics are a `subset` group: a thread may carry several topics
 * or none, and no "no topic" category is published (its exclusivity let a reader pin cells).
 */
type GroupRelation = 'partition' | 'subset';

interface MeasureSpec {
  groups: Partial<Record<CategoryGroup, GroupRelation>>;
  /** `sum`: a span is the sum of its months; `union`: distinct participants, at most the sum. */
  overTime: 'sum' | 'union';
  /** Counts of events or people are checked against T; yen amounts are not counts. */
  unit: 'events' | 'participants' | 'yen';
}

/**
 * Messages are broken down by counsellor (the author of the answering reply) only once answered:
 * received and over-limit counts by counsellor would tie `answered[c] = received[c]` and
 * `received[none] = received[all] − answered[all]`, from which suppressed cells can be worked out.
 */
const RECEIVED_GROUPS = { language: 'partition', topic: 'subset' } as const;
const ANSWERED_GROUPS = {
  language: 'partition',
  topic: 'subset',
  counsellor: 'partition',
} as const;

export const MEASURE_SPECS: Readonly<Record<CountMeasure, MeasureSpec>> = {
  'messages-received': { groups: RECEIVED_GROUPS, overTime: 'sum', unit: 'events' },
  'messages-answered': { groups: ANSWERED_GROUPS, overTime: 'sum', unit: 'events' },
  'messages-answered-on-time': { groups: ANSWERED_GROUPS, overTime: 'sum', unit: 'events' },
  'messages-over-limit': { groups: RECEIVED_GROUPS, overTime: 'sum', unit: 'events' },
  sessions: {
    groups: { outcome: 'partition', language: 'partition', counsellor: 'partition' },
    overTime: 'sum',
    unit: 'events',
  },
  participants: { groups: { language: 'partition' }, overTime: 'union', unit: 'participants' },
  'cap-claims': { groups: {}, overTime: 'sum', unit: 'events' },
  'cap-subsidy-yen': { groups: {}, overTime: 'sum', unit: 'yen' },
};

/** `sub <= coef * sup` for the same period and category. */
const NESTED: readonly {
  sub: CountMeasure;
  sup: readonly CountMeasure[];
  coef: number;
  /** Holds for `all` only (a message's language is its thread's; a participant's is their own). */
  allOnly?: true;
}[] = [
  { sub: 'messages-answered', sup: ['messages-received'], coef: 1 },
  { sub: 'messages-answered-on-time', sup: ['messages-answered'], coef: 1 },
  { sub: 'messages-over-limit', sup: ['messages-received'], coef: 1 },
  // Each participant counted had a message received or a session in the period.
  { sub: 'participants', sup: ['messages-received', 'sessions'], coef: 1, allOnly: true },
  { sub: 'cap-subsidy-yen', sup: ['cap-claims'], coef: MAX_SUBSIDY_PER_CLAIM_YEN },
];

/** Pairs suppressed together: [dependent measure, the count it goes with]. */
const TIED: readonly (readonly [CountMeasure, CountMeasure])[] = [
  ['cap-subsidy-yen', 'cap-claims'],
];

export interface Line {
  /** The parts, then the total last. */
  readonly cells: readonly number[];
}

/**
 * A difference of two nested counts (`sup − sub`, e.g. messages received less those answered: the
 * messages not answered), kept as a cell of its own that is never published. It is a count of
 * events (or people) like any other, so it must not be worked out when it is from 1 to T-1.
 */
export interface Difference {
  /** The index of the difference's own (virtual) cell. */
  readonly cell: number;
  readonly sup: number;
  readonly sub: number;
}

/** A total and its parts (`total = Σ parts`): a category group or a span with its sub-periods. */
export interface Sum {
  readonly total: number;
  readonly parts: readonly number[];
}

export interface ReportStructure {
  /**
   * The count cells given, then the virtual cells of the differences (measure `difference`):
   * those are never published, never in a line, and only in their own relation.
   */
  readonly keys: readonly CellKey[];
  readonly index: ReadonlyMap<string, number>;
  readonly lines: readonly Line[];
  readonly relations: readonly LinearRelation[];
  /** Pairs of cells that are suppressed together. */
  readonly ties: readonly (readonly [number, number])[];
  /** Whether a cell's value is checked against T (counts of events or participants, not yen). */
  readonly checked: readonly boolean[];
  /** The differences of nested counts (each topic ≤ all, answered ≤ received, …). */
  readonly differences: readonly Difference[];
  /** Whether a cell is a difference's virtual cell. */
  readonly virtual: readonly boolean[];
  /**
   * Every exact sum among the cells: the hidden parts of one whose total is known add up to a
   * count a reader can work out (total less the published parts), so that too must not be 1..T-1.
   */
  readonly sums: readonly Sum[];
}

/** The measure of a difference's virtual cell (never a published measure). */
export const DIFFERENCE_MEASURE = 'difference';

export const cellKey = (period: string, measure: string, category: string) =>
  `${period}|${measure}|${category}`;

/**
 * The lines, relations and ties among the count cells given (cells of derived measures are left
 * out). A span whose months are not all among the cells gets no time relation.
 */
export function reportStructure(allKeys: readonly CellKey[]): ReportStructure {
  const keys = allKeys.filter((k) => isCountMeasure(k.measure));
  const index = new Map<string, number>();
  keys.forEach((k, i) => index.set(cellKey(k.period, k.measure, k.category), i));
  const at = (period: string, measure: string, category: string) =>
    index.get(cellKey(period, measure, category));

  const lines: Line[] = [];
  const relations: LinearRelation[] = [];
  const sums: Sum[] = [];
  const sumIs = (total: number, parts: readonly number[], op: 'eq' | 'le') => {
    relations.push({ terms: [[total, 1], ...parts.map((p) => [p, -1] as const)], op });
    if (op === 'eq') sums.push({ total, parts });
  };
  // `small ≤ big`, written `big = small + difference` with a virtual cell for the difference.
  const virtualKeys: CellKey[] = [];
  const differences: Difference[] = [];
  const differenceIndex = new Map<string, number>();
  const atMost = (small: number, big: number) => {
    const id = `${small}<${big}`;
    if (differenceIndex.has(id)) return;
    const cell = keys.length + virtualKeys.length;
    differenceIndex.set(id, cell);
    const a = keys[small]!;
    const b = keys[big]!;
    virtualKeys.push({
      period: b.period,
      measure: DIFFERENCE_MEASURE,
      category: `${cellKey(b.period, b.measure, b.category)}-${cellKey(a.period, a.measure, a.category)}`,
    });
    differences.push({ cell, sup: big, sub: small });
    relations.push({
      terms: [
        [big, 1],
        [small, -1],
        [cell, -1],
      ],
      op: 'eq',
    });
  };

  // Group the cells: by period and measure (categories), by measure and category (periods).
  const byPeriodMeasure = new Map<string, { period: string; measure: string; cells: number[] }>();
  const byMeasureCategory = new Map<string, { measure: string; category: string }>();
  const periods = new Set<string>();
  keys.forEach((k, i) => {
    periods.add(k.period);
    const pm = `${k.period}|${k.measure}`;
    let entry = byPeriodMeasure.get(pm);
    if (!entry) byPeriodMeasure.set(pm, (entry = { ...k, cells: [] }));
    entry.cells.push(i);
    byMeasureCategory.set(`${k.measure}|${k.category}`, k);
  });

  // Categories of a group, with their `all` total.
  for (const { period, measure, cells } of byPeriodMeasure.values()) {
    const spec = MEASURE_SPECS[measure as CountMeasure];
    const total = at(period, measure, ALL);
    if (total === undefined) continue;
    for (const [group, relation] of Object.entries(spec.groups) as [
      CategoryGroup,
      GroupRelation,
    ][]) {
      const parts = cells.filter((c) => groupOf(keys[c]!.category) === group);
      if (parts.length === 0) continue;
      if (relation === 'partition') {
        // A sum line: complementary suppression works on it.
        lines.push({ cells: [...parts, total] });
        sumIs(total, parts, 'eq');
      } else {
        // No sum: each part is only at most the total, so there is nothing to work back.
        for (const part of parts) atMost(part, total);
      }
    }
  }

  // Spans: a span is its months (relations); a line is a span with its largest sub-periods.
  const spans = [...periods]
    .map((token) => ({ token, months: monthsOfPeriod(token) }))
    .filter((s): s is { token: string; months: string[] } => s.months !== null)
    .filter((s) => s.months.length > 1 && s.months.every((m) => periods.has(m)));
  const inside = (inner: { months: string[] }, outer: { months: string[] }) =>
    inner.months.length < outer.months.length &&
    inner.months.every((m) => outer.months.includes(m));
  const childrenOf = new Map(
    spans.map((span) => {
      const sub = spans.filter((s) => inside(s, span));
      const maximal = sub.filter((s) => !sub.some((o) => inside(s, o)));
      const covered = new Set(maximal.flatMap((s) => s.months));
      const tiles = maximal.reduce((n, s) => n + s.months.length, 0) === covered.size;
      const children = tiles
        ? [...maximal.map((s) => s.token), ...span.months.filter((m) => !covered.has(m))]
        : span.months;
      return [span.token, children] as const;
    }),
  );
  for (const { measure, category } of byMeasureCategory.values()) {
    const spec = MEASURE_SPECS[measure as CountMeasure];
    for (const span of spans) {
      const total = at(span.token, measure, category);
      const parts = span.months.map((m) => at(m, measure, category));
      if (total === undefined || parts.some((p) => p === undefined)) continue;
      const children = childrenOf.get(span.token)!.map((p) => at(p, measure, category));
      const months = parts as number[];
      if (children.every((c) => c !== undefined)) {
        lines.push({ cells: [...children, total] });
        if (spec.overTime === 'sum' && children.length !== months.length) {
          sums.push({ total, parts: children as number[] });
        }
      }
      if (spec.overTime === 'sum') {
        sumIs(total, months, 'eq');
        continue;
      }
      // Distinct participants: at least those of any part, at most those of the parts together.
      sumIs(total, months, 'le');
      for (const month of months) atMost(month, total);
      for (const inner of spans) {
        if (!inside(inner, span)) continue;
        const innerCell = at(inner.token, measure, category);
        if (innerCell === undefined) continue;
        atMost(innerCell, total);
        const rest = span.months
          .filter((m) => !inner.months.includes(m))
          .map((m) => at(m, measure, category)!);
        sumIs(total, [innerCell, ...rest], 'le');
      }
    }
  }

  // Nested counts, for the same period and category.
  keys.forEach((k, i) => {
    for (const nest of NESTED) {
      if (k.measure !== nest.sub) continue;
      if (nest.allOnly && k.category !== ALL) continue;
      const sups = nest.sup.map((m) => at(k.period, m, k.category));
      if (sups.some((s) => s === undefined)) continue;
      // A count within one other: their difference is a count of its own.
      if (sups.length === 1 && nest.coef === 1) {
        atMost(i, sups[0]!);
        continue;
      }
      const terms: [number, number][] = [
        [i, 1],
        ...sups.map((s): [number, number] => [s!, -nest.coef]),
      ];
      relations.push({ terms, op: 'le' });
    }
  });

  const ties: [number, number][] = [];
  keys.forEach((k, i) => {
    for (const [dependent, count] of TIED) {
      if (k.measure !== dependent) continue;
      const other = at(k.period, count, k.category);
      if (other !== undefined) ties.push([i, other]);
    }
  });

  const checked = [
    ...keys.map((k) => MEASURE_SPECS[k.measure as CountMeasure].unit !== 'yen'),
    ...virtualKeys.map(() => true),
  ];
  const virtual = [...keys.map(() => false), ...virtualKeys.map(() => true)];
  virtualKeys.forEach((k, j) =>
    index.set(cellKey(k.period, k.measure, k.category), keys.length + j),
  );
  return {
    keys: [...keys, ...virtualKeys],
    index,
    lines,
    relations,
    ties,
    checked,
    differences,
    virtual,
    sums,
  };
}
