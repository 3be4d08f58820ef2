/** The reason a new passphrase is refused, for the page to word (bridge/errors.ts). */
import { reason, type BridgeReason } from '../../bridge/errors';
import type { PassphraseProblem } from '../../domain/privacy/passphrase';

export function passphraseReason(problem: PassphraseProblem): BridgeReason {
  return problem.kind === 'too-short'
    ? reason('passphrase-too-short', { minimum: problem.minimum, length: problem.length })
    : reason('passphrase-repetitive');
}
