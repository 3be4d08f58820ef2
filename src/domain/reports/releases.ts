/**
 * Earlier releases (docs/reports.md, "Successive releases"). Two releases whose periods overlap
 * are read together: an April–May release and then an April–June one publish the same months
 * with different spans, and a reader who subtracts one from the other can work out counts that
 * each protects on its own. So a release is suppressed and audited together with every earlier
 * release linked to it (sharing a month with it, directly or through another earlier release):
 *
 * - a count an earlier release published, and that is still the same, is **known**: it is part of
 *   the audit, and this release publishes it again (hiding it would protect nothing);
 * - a count an earlier release hid stays hidden (**earlier**): once suppressed, always suppressed;
 * - a count that changed since an earlier release published it (a late answer, a session's
 *   outcome recorded later) is **revised**: it is suppressed, since the difference between the two
 *   figures would be a count of its own, and the old figure is left out of the audit (it tells of
 *   the data as it was, not as it is);
 * - the cells of earlier releases outside this one (their months, their spans) are in the audit
 *   too, with what they published (if still true), and none of their hidden counts may become
 *   determined.
 *
 * Pure: no I/O; the app keeps the releases it exported (src/renderer/db/repositories/releases.ts).
 */
import { monthIndex, monthsOfPeriod } from './periods';
import { SUPPRESSED_MARKER, isCountMeasure } from './tokens';

/** One row of a release as exported (tokens, and a number or the marker). */
export interface ReleaseRow {
  readonly period: string;
  readonly measure: string;
  readonly category: string;
  readonly value: number | string;
}

/** A release exported earlier: its period and its rows, as published. */
export interface EarlierRelease {
  readonly from: string;
  readonly to: string;
  readonly rows: readonly ReleaseRow[];
}

/** What earlier releases say of one count cell. */
export interface EarlierCell {
  readonly period: string;
  readonly measure: string;
  readonly category: string;
  /** The distinct figures published for it (one, unless the data changed between releases). */
  readonly published: readonly number[];
  /** Whether a release hid it. */
  readonly hidden: boolean;
}

const monthsOf = (r: { from: string; to: string }) => {
  const first = monthIndex(r.from);
  const last = monthIndex(r.to);
  return { first, last };
};

/**
 * The earlier releases linked to the months `from` to `to`: those sharing a month with it, and
 * those sharing a month with a release already linked, in their given order.
 */
export function linkedReleases<R extends EarlierRelease>(
  earlier: readonly R[],
  from: string,
  to: string,
): R[] {
  const spans = [monthsOf({ from, to })];
  const linked = new Set<number>();
  let grew = true;
  while (grew) {
    grew = false;
    earlier.forEach((release, i) => {
      if (linked.has(i)) return;
      const r = monthsOf(release);
      if (spans.some((s) => r.first <= s.last && s.first <= r.last)) {
        linked.add(i);
        spans.push(r);
        grew = true;
      }
    });
  }
  return earlier.filter((_, i) => linked.has(i));
}

/** The count cells of the releases, with every figure published for each and whether one hid it. */
export function earlierCells(releases: readonly EarlierRelease[]): Map<string, EarlierCell> {
  const cells = new Map<
    string,
    { period: string; measure: string; category: string; published: number[]; hidden: boolean }
  >();
  for (const release of releases) {
    for (const row of release.rows) {
      if (!isCountMeasure(row.measure) || monthsOfPeriod(row.period) === null) continue;
      const key = `${row.period}|${row.measure}|${row.category}`;
      let cell = cells.get(key);
      if (!cell) {
        cell = { ...pick(row), published: [], hidden: false };
        cells.set(key, cell);
      }
      if (row.value === SUPPRESSED_MARKER) cell.hidden = true;
      else if (typeof row.value === 'number' && !cell.published.includes(row.value)) {
        cell.published.push(row.value);
      }
    }
  }
  return cells;
}

const pick = (row: ReleaseRow) => ({
  period: row.period,
  measure: row.measure,
  category: row.category,
});

/**
 * How a cell an earlier release holds is settled now, given its figure today: `known` when every
 * figure published for it is today's, `revised` when one is not, `earlier` when it was only hidden.
 */
export function settleEarlierCell(
  cell: EarlierCell,
  current: number,
): 'known' | 'earlier' | 'revised' {
  if (cell.published.length === 0) return 'earlier';
  return cell.published.every((v) => v === current) ? 'known' : 'revised';
}
