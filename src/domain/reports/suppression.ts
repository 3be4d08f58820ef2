/**
 * Suppression across the linked tables of one release (DOMAIN.md section 7; docs/reports.md,
 * "Suppression"), for CLAIR releases and the CO view alike (issue 13.1). It works on the lines
 * and relations of ./structure, so that months, quarters, the year
 * to date and the whole period, and the category groups sharing one `all` total, are protected
 * together.
 *
 * 1. **Primary**: a count cell whose events or distinct participants number from 1 to T-1.
 * 2. **Ties**: a cell tied to a suppressed cell is suppressed (a subsidy's yen with its claims).
 * 3. **Complementary, by lines**: while a line holds exactly one suppressed cell, suppress the
 *    smallest unsuppressed nonzero cell of that line (its total included; the first of equals in
 *    the line's order; a zero only when nothing else is left).
 * 4. **Complementary, by audit**: find, with the relations of the structure, every suppressed cell
 *    that what would be published determines exactly or leaves exactly one possible value from
 *    1 to T-1 (./bounds; a count, not yen); for each, suppress the smallest
 *    unsuppressed cell sharing a line or a relation with it whose suppression leaves it
 *    undetermined (nonzero cells first; after 12 tries, the smallest). Then back to 3.
 *
 * The loop ends: each round suppresses at least one more cell, and with every cell of a component
 * suppressed nothing in it is determined (scaling the true counts up keeps every relation true).
 * So the guarantee: no suppressed cell of the release is exactly determined by the published
 * cells and the structure's relations, for non-negative integers, and no suppressed count is left
 * exactly one possible value from 1 to T-1 (a component all suppressed allows any small count:
 * one event in the cell and in every total above it).
 *
 * With earlier releases (./releases), some cells are settled before step 1 (`settled`): what an
 * earlier release published is known and stays published, what it hid stays hidden, and cells of
 * earlier releases outside this one are in the structure too, never suppressed or published by
 * it. The audit then covers everything published so far; a determined cell that no unsettled cell
 * can set free is returned in `unresolved` (the caller then publishes nothing new).
 */
import { assertThreshold } from '../privacy/suppression';
import { determinedCells } from './bounds';
import type { ReportStructure } from './structure';

/**
 * Why a cell is suppressed: a small count (`primary`), to protect one (`complementary`), because
 * an earlier release suppressed it (`earlier`: once hidden, always hidden), or because it changed
 * since an earlier release published it (`revised`: the difference would be a count of its own).
 */
export type SuppressionReason = 'primary' | 'complementary' | 'earlier' | 'revised';

export interface SuppressionInput {
  /** The cell's value: events, participants or yen. */
  value: number;
  /** Distinct participants behind the value; null where there are none to count (yen). */
  participants: number | null;
}

/**
 * Cells whose status is settled before the release's own suppression (./releases): a cell an
 * earlier release published (`known`, published and never suppressed: hiding it would protect
 * nothing) or hid (`earlier`), or one that changed since it was published (`revised`). Cells of
 * earlier releases that are not in this one are given here too, so that what they published is
 * part of the audit and what they hid stays undetermined.
 */
export type SettledCell = 'known' | 'earlier' | 'revised';

export interface LinkedSuppression {
  /** Per cell of the structure: why it is suppressed, or null when it is published. */
  reasons: (SuppressionReason | null)[];
  /** Cells still exactly determined (only if the solver could not decide): never publish then. */
  unresolved: number[];
}

/** How many neighbours of a determined cell are tried before taking the smallest. */
const MAX_TRIALS = 12;

const isSmall = (n: number | null, threshold: number) => n !== null && n >= 1 && n < threshold;

export function suppressLinked(
  structure: ReportStructure,
  cells: readonly SuppressionInput[],
  threshold: number,
  settled: readonly (SettledCell | null)[] = [],
): LinkedSuppression {
  assertThreshold(threshold);
  const n = structure.keys.length;
  if (cells.length !== n) throw new RangeError('one input per cell of the structure');
  const frozen = (cell: number) => (settled[cell] ?? null) !== null;
  const reasons: (SuppressionReason | null)[] = cells.map((cell, i) => {
    // A difference's cell is never published.
    if (structure.virtual[i]) return 'complementary';
    const s = settled[i] ?? null;
    if (s !== null) return s === 'known' ? null : s;
    return structure.checked[i] &&
      (isSmall(cell.value, threshold) || isSmall(cell.participants, threshold))
      ? 'primary'
      : null;
  });

  const tiedTo: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of structure.ties) {
    tiedTo[a]!.push(b);
    tiedTo[b]!.push(a);
  }
  const suppress = (cell: number): boolean => {
    if (reasons[cell] !== null || frozen(cell)) return false;
    reasons[cell] = 'complementary';
    for (const other of tiedTo[cell]!) suppress(other);
    return true;
  };
  for (let i = 0; i < n; i++) {
    if (reasons[i] !== null) for (const other of tiedTo[i]!) suppress(other);
  }

  /** The smallest unsuppressed nonzero cell among candidates (first of equals), else any. */
  const pick = (candidates: Iterable<number>): number | null => {
    let best: number | null = null;
    let fallback: number | null = null;
    for (const c of candidates) {
      if (reasons[c] !== null || frozen(c)) continue;
      fallback ??= c;
      if (cells[c]!.value === 0) continue;
      if (best === null || cells[c]!.value < cells[best]!.value) best = c;
    }
    return best ?? fallback;
  };

  const neighbours: Set<number>[] = Array.from({ length: n }, () => new Set());
  const link = (group: readonly number[]) => {
    for (const a of group) for (const b of group) if (a !== b) neighbours[a]!.add(b);
  };
  for (const line of structure.lines) link(line.cells);
  for (const relation of structure.relations) link(relation.terms.map(([c]) => c));

  const truth = cells.map((c) => c.value);
  const small = (i: number) =>
    isSmall(cells[i]!.value, threshold) || isSmall(cells[i]!.participants, threshold);
  // Differences from 1 to T-1 must not be worked out, unless the earlier releases alone gave them
  // away already (nothing this release does can change that).
  const smallDifferences = structure.differences.map((d) => d.cell).filter(small);
  const known = cells.map((c, i) => (settled[i] === 'known' ? c.value : null));
  const givenAway =
    smallDifferences.length > 0 && settled.some((s) => s === 'known')
      ? new Set(determinedCells(structure.relations, known, truth, smallDifferences))
      : new Set<number>();
  const watched = smallDifferences.filter((c) => !givenAway.has(c));
  // No suppressed count is left exactly one possible value from 1 to T-1 (DOMAIN.md section 7),
  // unless the earlier releases alone left it so (nothing this release does can change that).
  const countable = (c: number) => structure.checked[c]! && !structure.virtual[c];
  const shortBefore = new Map<number, boolean>();
  const shortByEarlier = (c: number): boolean => {
    if (!settled.some((s) => s === 'known')) return false;
    let short = shortBefore.get(c);
    if (short === undefined) {
      const small = { threshold, cells: new Set([c]) };
      short =
        determinedCells(structure.relations, known, truth, [c], small).length > 0 &&
        determinedCells(structure.relations, known, truth, [c]).length === 0;
      shortBefore.set(c, short);
    }
    return short;
  };
  const smallFor = (cell: number) => ({
    threshold,
    cells: new Set(countable(cell) && !shortByEarlier(cell) ? [cell] : []),
  });
  const open = (c: number) => reasons[c] === null && !frozen(c);
  /** The hidden parts of a sum whose total is known add up to a count anyone can work out. */
  const smallSums = () =>
    structure.sums.filter((sum) => {
      if (reasons[sum.total] !== null) return false;
      if ([sum.total, ...sum.parts].every(frozen)) return false;
      const hiddenParts = sum.parts.filter((c) => reasons[c] !== null);
      const total = hiddenParts.reduce((acc, c) => acc + cells[c]!.value, 0);
      return hiddenParts.length >= 2 && isSmall(total, threshold);
    });
  const safe = new Set<number>();
  for (;;) {
    // 3. Lines, and the sums of the hidden parts of a line with a known total.
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of structure.lines) {
        if (line.cells.filter((c) => reasons[c] !== null).length !== 1) continue;
        const chosen = pick(line.cells);
        if (chosen !== null && suppress(chosen)) changed = true;
      }
      for (const sum of smallSums()) {
        const chosen = pick([...sum.parts, sum.total]);
        if (chosen !== null && suppress(chosen)) changed = true;
      }
    }
    // 4. Audit: for each determined cell, the smallest neighbour whose suppression sets it free.
    const hidden = () => cells.map((c, i) => (reasons[i] === null ? c.value : null));
    const targets = [
      ...reasons.flatMap((r, i) => (r !== null && !structure.virtual[i] ? [i] : [])),
      ...watched,
    ];
    // Suppressing more only widens what is possible: a cell found stable stays safe (one that
    // can take no small value at all is checked again: more hidden can let one small value in).
    const unsettled = targets.filter((c) => !safe.has(c));
    const stable = new Set<number>();
    const determined = determinedCells(
      structure.relations,
      hidden(),
      truth,
      unsettled,
      { threshold, cells: new Set(unsettled.filter(countable)) },
      stable,
    ).filter(
      (c) =>
        !countable(c) ||
        !shortByEarlier(c) ||
        determinedCells(structure.relations, hidden(), truth, [c]).length > 0,
    );
    for (const c of stable) if (!determined.includes(c)) safe.add(c);
    if (determined.length === 0) {
      return { reasons, unresolved: smallSums().map((sum) => sum.total) };
    }
    const touched = new Set<number>();
    let added = false;
    for (const cell of determined) {
      if ([...neighbours[cell]!].some((c) => touched.has(c))) continue;
      let pool = [...neighbours[cell]!].filter(open);
      // A difference of two hidden cells pinned through others: look one step further.
      if (pool.length === 0) {
        pool = [...new Set([...neighbours[cell]!].flatMap((c) => [...neighbours[c]!]))].filter(
          open,
        );
      }
      const candidates = pool.sort(
        (a, b) =>
          Number(cells[a]!.value === 0) - Number(cells[b]!.value === 0) ||
          cells[a]!.value - cells[b]!.value ||
          a - b,
      );
      let chosen: number | null = candidates[0] ?? null;
      for (const candidate of candidates.slice(0, MAX_TRIALS)) {
        const trial = hidden();
        for (const c of [candidate, ...tiedTo[candidate]!.filter((t) => !frozen(t))]) {
          trial[c] = null;
        }
        if (
          determinedCells(structure.relations, trial, truth, [cell], smallFor(cell)).length === 0
        ) {
          chosen = candidate;
          break;
        }
      }
      if (chosen !== null && suppress(chosen)) {
        added = true;
        touched.add(chosen);
        touched.add(cell);
      }
    }
    if (!added) return { reasons, unresolved: determined };
  }
}
