/** The risk-signal matcher the page uses when it stores messages (see docs/risk-signals.md). */
import { findRiskSignals } from '../../domain/risk';

export function hasRiskSignal(text: string): boolean {
  return findRiskSignals(text).matches.length > 0;
}
