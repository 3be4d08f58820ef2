/**
 * Small-cell suppression for aggregated counts (DOMAIN.md section 7).
 *
 * A table is a grid of cells that already includes its margins (row totals, column totals and the
 * grand total), so each row and each column of the grid is one "line" whose last cell is its
 * total. Primary suppression hides every cell whose count of events or of distinct participants
 * is from 1 to T-1 (zero is shown). Complementary suppression then makes every line of two or more
 * cells that holds a suppressed cell hold at least two: the smallest unsuppressed nonzero cell of
 * such a line is suppressed too, and this repeats until nothing changes, so no suppressed value
 * can be worked back from a line's total.
 */

/** The one neutral marker every suppressed cell carries. */
export const SUPPRESSED = '*';
export type Suppressed = typeof SUPPRESSED;

/** The lowest threshold allowed, and the default (as for health statistics). */
export const MIN_THRESHOLD = 5;
export const DEFAULT_THRESHOLD = 10;

export interface RawCell {
  /** How many events the cell counts. */
  events: number;
  /** How many distinct participants those events belong to. */
  participants: number;
}

/** Throws unless the threshold is an integer of at least MIN_THRESHOLD. */
export function assertThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < MIN_THRESHOLD) {
    throw new RangeError(`The threshold must be an integer of at least ${MIN_THRESHOLD}.`);
  }
}

const isSmall = (n: number, threshold: number) => n >= 1 && n < threshold;

/**
 * Which cells of a rectangular grid are suppressed. The grid must already hold its margins.
 * Deterministic: ties between equally small candidates go to the first in reading order.
 */
export function suppressionMask(
  grid: readonly (readonly RawCell[])[],
  threshold: number,
): boolean[][] {
  assertThreshold(threshold);
  const rows = grid.length;
  const cols = rows === 0 ? 0 : (grid[0]?.length ?? 0);
  if (grid.some((row) => row.length !== cols))
    throw new RangeError('The grid must be rectangular.');
  const cell = (r: number, c: number): RawCell => grid[r]![c]!;
  const mask = grid.map((row) =>
    row.map((x) => isSmall(x.events, threshold) || isSmall(x.participants, threshold)),
  );

  const lines: [number, number][][] = [];
  if (cols >= 2) {
    for (let r = 0; r < rows; r++) lines.push(Array.from({ length: cols }, (_, c) => [r, c]));
  }
  if (rows >= 2) {
    for (let c = 0; c < cols; c++) lines.push(Array.from({ length: rows }, (_, r) => [r, c]));
  }

  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const hidden = line.filter(([r, c]) => mask[r]![c]!).length;
      if (hidden !== 1) continue;
      let pick: [number, number] | null = null;
      for (const [r, c] of line) {
        if (mask[r]![c]! || cell(r, c).events === 0) continue;
        if (pick === null || cell(r, c).events < cell(pick[0], pick[1]).events) pick = [r, c];
      }
      // Cannot happen with consistent margins, but a lone hidden cell must never stay alone.
      pick ??= line.find(([r, c]) => !mask[r]![c]!) ?? null;
      if (pick !== null) {
        mask[pick[0]]![pick[1]] = true;
        changed = true;
      }
    }
  }
  return mask;
}

/** The published grid: each count, or the marker where it is suppressed. */
export function suppressGrid(
  grid: readonly (readonly RawCell[])[],
  threshold: number,
): (number | Suppressed)[][] {
  const mask = suppressionMask(grid, threshold);
  return grid.map((row, r) => row.map((x, c) => (mask[r]![c]! ? SUPPRESSED : x.events)));
}
