/**
 * The audit of a published report (docs/reports.md, "The audit"): from the published rows alone,
 * as a reader at CLAIR has them, it checks that
 *
 * 1. the document is a report of this format: known measures, slug categories, periods that are
 *    months of the report or spans of them, no row twice;
 * 2. no published count of events or participants lies from 1 to T-1;
 * 3. every line (categories with their `all`, months with their span) that holds a suppressed
 *    count holds at least two;
 * 4. every published share or answer time comes from published counts with a denominator of at
 *    least T (and a share equals its counts);
 * 5. no suppressed count can be worked back: for each, the feasible interval over non-negative
 *    integers given every published cell and every relation of ./structure (totals, spans,
 *    nested counts) is computed by linear programming (./bounds); an interval of one value (or
 *    one the solver cannot bound) fails the audit, and so does a count (of events or people)
 *    left exactly one possible value from 1 to T-1 (DOMAIN.md section 7: 9 to 20 with T = 10 is
 *    not pinned, but a small count hidden there is 9). A count left no value from 1 to T-1 at all
 *    (a span whose months are published, 71 to 90) is not a small count and hides none: a small
 *    count's own value is always among its possible values, so it passes.
 *
 * `ok` is true when there is no problem. `cells` holds the interval of every suppressed count.
 *
 * `earlier`: the count cells of the earlier releases linked to this one, as they stand (the
 * Report's `earlier`, see ./releases): a figure still true, or the marker. They join step 5: what
 * they publish is known, and none of their hidden counts may be determined either. A cell this
 * report publishes with another figure than an earlier release, or hides while an earlier release
 * gives it, is a problem.
 */
import { feasibleIntervals, type CellBounds } from './bounds';
import { MAX_REPORT_MONTHS, monthIndex, monthsOfPeriod } from './periods';
import type { ReleaseRow } from './releases';
import { reportStructure, type CellKey } from './structure';
import {
  REPORT_MONTH_PATTERN,
  REPORT_TOKEN_PATTERN,
  SUPPRESSED_MARKER,
  isCountMeasure,
  isDerivedMeasure,
} from './tokens';

/** The shape of a published report, as read back from a file (any strings). */
export interface PublishedReportLike {
  readonly format: string;
  readonly version: number;
  readonly from: string;
  readonly to: string;
  readonly threshold: number;
  readonly rows: readonly {
    readonly period: string;
    readonly measure: string;
    readonly category: string;
    readonly value: number | string;
  }[];
}

export interface AuditCell {
  readonly period: string;
  readonly measure: string;
  readonly category: string;
  /** The least value the suppressed cell can have given everything published. */
  readonly lower: number;
  /** The greatest, or null when it is unbounded. */
  readonly upper: number | null;
  /**
   * True when both ends are reached by integer solutions; false in the rare case where branch and
   * cut stopped early, when they are the LP bounds rounded inward (the exact interval lies within).
   */
  readonly exact: boolean;
}

export interface ReportAudit {
  readonly ok: boolean;
  /** Every suppressed count, with its feasible interval. */
  readonly cells: readonly AuditCell[];
  /** What is wrong, one sentence each; empty when ok. */
  readonly problems: readonly string[];
}

const where = (k: CellKey) => `${k.measure} ${k.category} ${k.period}`;
/** A share is published to 3 decimals. */
const SHARE_TOLERANCE = 0.0005 + 1e-9;

export function auditPublishedReport(
  report: PublishedReportLike,
  earlier: readonly ReleaseRow[] = [],
): ReportAudit {
  const problems: string[] = [];
  if (report.format !== 'counsellor-workstation.report' || report.version !== 1) {
    problems.push('not a version 1 counsellor-workstation.report');
  }
  const threshold = report.threshold;
  if (!Number.isInteger(threshold) || threshold < 5) {
    problems.push('the threshold is not a whole number of at least 5');
  }
  let first = NaN;
  let last = NaN;
  if (!REPORT_MONTH_PATTERN.test(report.from) || !REPORT_MONTH_PATTERN.test(report.to)) {
    problems.push('from and to must be months YYYY-MM');
  } else {
    first = monthIndex(report.from);
    last = monthIndex(report.to);
    if (last < first || last - first >= MAX_REPORT_MONTHS) {
      problems.push('from must not be after to, and a report covers at most 120 months');
    }
  }

  // 1. The rows.
  const keys: CellKey[] = [];
  const values = new Map<string, number | null>();
  const seen = new Set<string>();
  for (const [i, row] of report.rows.entries()) {
    const months = monthsOfPeriod(row.period);
    const id = `${row.period}|${row.measure}|${row.category}`;
    if (months === null) problems.push(`rows[${i}]: the period is not a month or a span of months`);
    else if (months.some((m) => !(monthIndex(m) >= first && monthIndex(m) <= last))) {
      problems.push(`rows[${i}]: the period is outside ${report.from} to ${report.to}`);
    }
    if (!isCountMeasure(row.measure) && !isDerivedMeasure(row.measure)) {
      problems.push(`rows[${i}]: unknown measure`);
      continue;
    }
    if (!REPORT_TOKEN_PATTERN.test(row.category))
      problems.push(`rows[${i}]: the category is not a slug`);
    if (seen.has(id))
      problems.push(`rows[${i}]: ${row.measure} ${row.category} ${row.period} is given twice`);
    seen.add(id);
    const value = row.value === SUPPRESSED_MARKER ? null : row.value;
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
      problems.push(
        `rows[${i}]: the value is neither a number nor the marker ${SUPPRESSED_MARKER}`,
      );
      continue;
    }
    values.set(id, value);
    if (isCountMeasure(row.measure)) {
      if (value !== null && (!Number.isInteger(value) || value < 0)) {
        problems.push(`rows[${i}]: a count must be a whole number of at least 0`);
        continue;
      }
      keys.push({ period: row.period, measure: row.measure, category: row.category });
    }
  }

  // Earlier releases: their figures join the audit; a cell of this report must agree with them.
  const given = new Map<string, { key: CellKey; value: number | null }>();
  for (const [i, row] of earlier.entries()) {
    if (!isCountMeasure(row.measure) || monthsOfPeriod(row.period) === null) {
      problems.push(`earlier[${i}]: not a count cell of a month or a span of months`);
      continue;
    }
    const value = row.value === SUPPRESSED_MARKER ? null : row.value;
    if (value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
      problems.push(`earlier[${i}]: a count must be a whole number of at least 0, or the marker`);
      continue;
    }
    const id = `${row.period}|${row.measure}|${row.category}`;
    const before = given.get(id);
    if (before?.value != null && value !== null && before.value !== value) {
      problems.push(`earlier[${i}]: the earlier releases give two figures for one cell`);
    }
    if (before?.value == null) {
      given.set(id, {
        key: { period: row.period, measure: row.measure, category: row.category },
        value,
      });
    }
  }
  const fromEarlier = new Set<string>();
  for (const [id, { key, value }] of given) {
    if (!values.has(id)) {
      fromEarlier.add(id);
      keys.push(key);
      values.set(id, value);
      continue;
    }
    const now = values.get(id) ?? null;
    if (value === null) continue;
    if (now === null) {
      problems.push(`${where(key)} is suppressed, but an earlier release published it: ${value}`);
      values.set(id, value);
    } else if (now !== value) {
      problems.push(
        `${where(key)} is published as ${now}, but an earlier release published ${value}: the difference is a count of its own`,
      );
    }
  }

  const structure = reportStructure(keys);
  const cellValues = structure.keys.map(
    (k) => values.get(`${k.period}|${k.measure}|${k.category}`) ?? null,
  );

  // 2. Small published counts.
  structure.keys.forEach((k, i) => {
    const v = cellValues[i];
    if (structure.checked[i] && v !== null && v !== undefined && v >= 1 && v < threshold) {
      problems.push(
        `${where(k)}: the count ${v} is published, but counts from 1 to ${threshold - 1} must be suppressed`,
      );
    }
  });

  // 3. Lines with a lone suppressed cell of this report (a line of earlier releases alone, whose
  // figures changed since, is left to step 5).
  for (const line of structure.lines) {
    const hidden = line.cells.filter((c) => cellValues[c] === null);
    const k = hidden.length === 1 ? structure.keys[hidden[0]!]! : null;
    if (k !== null && !fromEarlier.has(`${k.period}|${k.measure}|${k.category}`)) {
      const total = structure.keys[line.cells[line.cells.length - 1]!]!;
      problems.push(
        `${where(structure.keys[hidden[0]!]!)} is the only suppressed cell of the line of ${where(total)}`,
      );
    }
  }

  // 3b. The hidden parts of a sum whose total is published add up to a count anyone can work out
  // (the total less the published parts: "sessions not completed"); it must not be from 1 to T-1.
  for (const sum of structure.sums) {
    const total = cellValues[sum.total];
    if (total === null || total === undefined) continue;
    const hidden = sum.parts.filter((c) => cellValues[c] === null);
    if (hidden.length < 2) continue;
    const all = [sum.total, ...sum.parts].map((c) => structure.keys[c]!);
    if (all.every((k) => fromEarlier.has(`${k.period}|${k.measure}|${k.category}`))) continue;
    const rest = total - sum.parts.reduce((acc, c) => acc + (cellValues[c] ?? 0), 0);
    if (rest >= 1 && rest < threshold) {
      problems.push(
        `the suppressed cells of the line of ${where(structure.keys[sum.total]!)} add up to ${rest}, which the published figures give away`,
      );
    }
  }

  // 4. Derived figures.
  const count = (period: string, measure: string, category: string) =>
    values.get(`${period}|${measure}|${category}`) ?? null;
  for (const row of report.rows) {
    if (!isDerivedMeasure(row.measure) || typeof row.value !== 'number') continue;
    const k = { period: row.period, measure: row.measure, category: row.category };
    const answered = count(row.period, 'messages-answered', row.category);
    if (answered === null || answered < threshold) {
      problems.push(
        `${where(k)} is published, but its denominator (messages answered) is suppressed or below ${threshold}`,
      );
      continue;
    }
    if (row.measure === 'on-time-share') {
      const onTime = count(row.period, 'messages-answered-on-time', row.category);
      if (onTime === null) {
        problems.push(`${where(k)} is published, but messages answered on time is suppressed`);
      } else if (Math.abs(onTime / answered - row.value) > SHARE_TOLERANCE) {
        problems.push(`${where(k)} does not equal messages answered on time / messages answered`);
      }
    }
  }

  // 5. Feasible intervals.
  const differenceCells = new Set(structure.differences.map((d) => d.cell));
  // DOMAIN.md section 7: every suppressed count keeps at least two possible values from 1 to T-1.
  const smallOf = (known: readonly (number | null)[]) =>
    Number.isInteger(threshold) && threshold >= 2
      ? {
          threshold,
          cells: new Set(
            known.flatMap((v, i) =>
              v === null && structure.checked[i] && !structure.virtual[i] ? [i] : [],
            ),
          ),
        }
      : undefined;
  const { bounds, broken, infeasible } = feasibleIntervals(
    structure.relations,
    cellValues,
    differenceCells,
    smallOf(cellValues),
  );
  for (const index of broken) {
    const cells = structure.relations[index]!.terms.map(([c]) => where(structure.keys[c]!));
    problems.push(`the published figures contradict each other: ${cells.join(', ')}`);
  }
  if (infeasible)
    problems.push('the published figures leave no possible value for some suppressed cells');
  const cells: AuditCell[] = [];
  const pinnedSmall = (b: { lower: number; upper: number | null; undecided: boolean }) =>
    b.lower < threshold &&
    (b.upper === null ? false : b.upper <= b.lower ? b.lower >= 1 : b.undecided && b.upper >= 1);
  // Differences from 1 to T-1 that the earlier releases alone give away are not this report's.
  // So are suppressed counts that the earlier releases alone left fewer than two small values.
  let earlierBounds: Map<number, CellBounds> | null = null;
  const boundsByEarlier = () => {
    if (earlierBounds !== null) return earlierBounds;
    const known = structure.keys.map((k) => {
      const id = `${k.period}|${k.measure}|${k.category}`;
      return given.get(id)?.value ?? null;
    });
    earlierBounds =
      given.size === 0
        ? new Map()
        : feasibleIntervals(structure.relations, known, differenceCells, smallOf(known)).bounds;
    return earlierBounds;
  };
  const givenAwayByEarlier = (i: number) => {
    const b = boundsByEarlier().get(i);
    return b !== undefined && pinnedSmall(b);
  };
  const shortByEarlier = (i: number) => {
    const b = boundsByEarlier().get(i);
    return b?.small === 1;
  };
  for (const [i, b] of [...bounds].sort((a, z) => a[0] - z[0])) {
    const k = structure.keys[i]!;
    if (structure.virtual[i]) {
      if (!pinnedSmall(b) || givenAwayByEarlier(i)) continue;
      const d = structure.differences.find((x) => x.cell === i)!;
      problems.push(
        `${where(structure.keys[d.sup]!)} less ${where(structure.keys[d.sub]!)} can be worked out: ${b.upper === b.lower ? b.lower : `between ${b.lower} and ${b.upper}`}, from 1 to ${threshold - 1}`,
      );
      continue;
    }
    cells.push({ ...k, lower: b.lower, upper: b.upper, exact: b.exact });
    const earlierOnly = fromEarlier.has(`${k.period}|${k.measure}|${k.category}`);
    if (b.upper !== null && b.upper <= b.lower) {
      problems.push(
        earlierOnly
          ? `${where(k)}, hidden by an earlier release, is determined once this report is published: it is ${b.lower}`
          : `${where(k)} is suppressed, but what is published determines it: it is ${b.lower}`,
      );
    } else if (b.undecided) {
      problems.push(`${where(k)}: no two possible values were found for it; treat it as disclosed`);
    } else if (b.small === 1 && !shortByEarlier(i)) {
      const range = `${b.lower} to ${b.upper ?? 'any number'}`;
      problems.push(
        earlierOnly
          ? `${where(k)}, hidden by an earlier release, keeps only one possible value from 1 to ${threshold - 1} once this report is published (it is from ${range})`
          : `${where(k)} is suppressed, but what is published leaves it only one possible value from 1 to ${threshold - 1} (it is from ${range})`,
      );
    }
  }
  return { ok: problems.length === 0, cells, problems };
}
