/** The words for why a new passphrase is refused (the rule is the domain's). */
import type { TFunction } from 'i18next';
import { passphraseProblem } from '../../../domain/privacy/passphrase';

/** Why `passphrase` may not be used for a new key store, in the page's language; or null. */
export function passphraseProblemText(t: TFunction, passphrase: string): string | null {
  const problem = passphraseProblem(passphrase);
  if (problem === null) return null;
  return problem.kind === 'too-short'
    ? t('vault.passphraseTooShort', { minimum: problem.minimum, length: problem.length })
    : t('vault.passphraseRepetitive');
}
