/**
 * Risk signals (issue 4, item 7): a transparent, local aid, not a diagnosis. A message whose text
 * contains an expression from the maintained list (`RISK_EXPRESSIONS`) is marked "possible risk"
 * with the matched words highlighted, so that a counsellor reads it first. The counsellor sets the
 * risk level; nothing here does. See docs/risk-signals.md.
 */
import { RISK_EXPRESSIONS } from './expressions';
import { createRiskMatcher, type RiskMatcher } from './matcher';
import type { RiskSignals } from './types';

export { RISK_EXPRESSIONS, RISK_EXPRESSION_LIST_VERSION } from './expressions';
export { createRiskMatcher, type RiskMatcher } from './matcher';
export { splitForHighlight, summariseRiskSignals, type RiskSignalSummary } from './highlight';
export { patternVariants, validateRiskExpressions, type RiskExpressionProblem } from './validate';
export {
  RISK_CATEGORIES,
  type HighlightSegment,
  type RiskCategory,
  type RiskExpression,
  type RiskExpressionLanguage,
  type RiskMatch,
  type RiskSignals,
} from './types';

let defaultMatcher: RiskMatcher | null = null;

/**
 * Finds the maintained list's expressions in a text. Offsets are UTF-16 code units of the text as
 * given (ready for `splitForHighlight`); matches are in text order and never overlap, the longer
 * expression winning where two would. English is matched as whole words in any case; Japanese
 * anywhere, with hiragana = katakana and full-width = half-width.
 */
export function findRiskSignals(text: string): RiskSignals {
  defaultMatcher ??= createRiskMatcher(RISK_EXPRESSIONS);
  return defaultMatcher.find(text);
}
