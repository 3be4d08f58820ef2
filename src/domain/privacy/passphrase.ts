/** The rule for a new workstation passphrase, shared by the page (as feedback) and the key store. */

export const MIN_PASSPHRASE_LENGTH = 12;

export type PassphraseProblem =
  { kind: 'too-short'; length: number; minimum: number } | { kind: 'repetitive' };

/** Why a passphrase may not be used for a new key store, or null when it may. */
export function passphraseProblem(passphrase: string): PassphraseProblem | null {
  const characters = [...passphrase.normalize('NFC')];
  if (characters.length < MIN_PASSPHRASE_LENGTH)
    return { kind: 'too-short', length: characters.length, minimum: MIN_PASSPHRASE_LENGTH };
  if (new Set(characters).size < 4) return { kind: 'repetitive' };
  return null;
}

/** The problem in English, for errors from the main process. */
export function describePassphraseProblem(problem: PassphraseProblem): string {
  return problem.kind === 'too-short'
    ? `The passphrase must have at least ${problem.minimum} characters (it has ${problem.length}).`
    : 'The passphrase must not repeat just a few characters.';
}
