/**
 * JET numbers (DOMAIN.md 7): 11 digits beginning with `20`, possibly missing. Shown masked to
 * counsellors and supervisors (`•••••••42`: always seven dots, so the mask does not tell the
 * length); never shown to a CO view, not even masked.
 */
export const JET_NUMBER_PATTERN = /^20\d{9}$/;

export function isJetNumber(value: string): boolean {
  return JET_NUMBER_PATTERN.test(value);
}

export function maskJetNumber(jetNumber: string): string {
  return `•••••••${jetNumber.slice(-2)}`;
}
