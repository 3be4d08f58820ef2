/**
 * The threshold T of small-cell suppression (DOMAIN.md section 7). Suppression itself, for CLAIR
 * releases and the CO view alike, is the reports engine's (src/domain/reports/suppression.ts).
 */

/** The lowest threshold allowed, and the default (as for health statistics). */
export const MIN_THRESHOLD = 5;
export const DEFAULT_THRESHOLD = 10;

/** Throws unless the threshold is an integer of at least MIN_THRESHOLD. */
export function assertThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < MIN_THRESHOLD) {
    throw new RangeError(`The threshold must be an integer of at least ${MIN_THRESHOLD}.`);
  }
}
