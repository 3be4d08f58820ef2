/**
 * Checks an expression list before it is compiled: a mistake in the list must be reported with the
 * entry it is in, never silently turn into a pattern that finds nothing (or everything).
 */
import { foldForMatching } from './characters';
import { RISK_CATEGORIES, type RiskExpression } from './types';

export interface RiskExpressionProblem {
  /** Position of the entry in the list. */
  readonly index: number;
  /** The entry's id, when it has a usable one. */
  readonly id: string | null;
  readonly message: string;
}

const ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
/**
 * English: words of ASCII letters, digits and apostrophes, starting with a letter or digit, a `*`
 * only at a word's end.
 */
const ENGLISH_VARIANT = /^[a-z0-9][a-z0-9']*\*?(?:[ -][a-z0-9']+\*?)*$/;
const WHITESPACE_OR_WILDCARD = /[\s*]/u;
const APOSTROPHES = /['\u2018\u2019\u02bc`]/g;
const KATAKANA = /[\u30a1-\u30f6]/g;
/** Kana and kanji: a Japanese variant without any belongs in English. */
const KANA_OR_KANJI = /[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

/** The variants of an entry's pattern. */
export function patternVariants(expression: Pick<RiskExpression, 'pattern'>): readonly string[] {
  return typeof expression.pattern === 'string' ? [expression.pattern] : expression.pattern;
}

/** Two variants with the same key find exactly the same text. */
export function variantKey(language: RiskExpression['language'], variant: string): string {
  const folded = foldForMatching(variant);
  if (language === 'en') return `en:${folded.replace(APOSTROPHES, '').replace(/[\s-]+/g, ' ')}`;
  const hiragana = folded.replace(KATAKANA, (k) => String.fromCharCode(k.charCodeAt(0) - 0x60));
  return `ja:${hiragana.replace(/\s+/gu, '')}`;
}

export function validateRiskExpressions(list: readonly RiskExpression[]): RiskExpressionProblem[] {
  const problems: RiskExpressionProblem[] = [];
  const ids = new Map<string, number>();
  const keys = new Map<string, string>();
  list.forEach((expression, index) => {
    const id = typeof expression.id === 'string' && ID.test(expression.id) ? expression.id : null;
    const problem = (message: string) => problems.push({ index, id, message });
    if (id === null) {
      problem(`entry ${index + 1}: id must be lower-case letters and digits joined by "." or "-"`);
    } else if (ids.has(id)) {
      problem(`${id}: the id is used twice (entries ${ids.get(id)! + 1} and ${index + 1})`);
    } else {
      ids.set(id, index);
    }
    const name = id ?? `entry ${index + 1}`;
    if (expression.language !== 'en' && expression.language !== 'ja') {
      problem(`${name}: language must be "en" or "ja"`);
      return;
    }
    if (!RISK_CATEGORIES.includes(expression.category)) {
      problem(`${name}: category must be one of ${RISK_CATEGORIES.join(', ')}`);
    }
    if (typeof expression.note !== 'string' || expression.note.trim() === '') {
      problem(`${name}: a note saying why the expression is on the list is required`);
    }
    const variants = patternVariants(expression);
    if (variants.length === 0) problem(`${name}: the pattern has no variants`);
    for (const variant of variants) {
      if (typeof variant !== 'string' || variant.trim() === '') {
        problem(`${name}: a variant is empty`);
        continue;
      }
      if (expression.language === 'en' && !ENGLISH_VARIANT.test(variant.toLowerCase())) {
        problem(
          `${name}: "${variant}" must be words of letters, digits and apostrophes, starting with a letter or digit, separated by single spaces or hyphens, with "*" only at the end of a word`,
        );
        continue;
      }
      if (expression.language === 'ja' && WHITESPACE_OR_WILDCARD.test(variant)) {
        problem(
          `${name}: "${variant}" must not contain spaces or "*" (Japanese is matched as written)`,
        );
        continue;
      }
      if (expression.language === 'ja' && !KANA_OR_KANJI.test(foldForMatching(variant))) {
        problem(`${name}: "${variant}" must contain at least one kana or kanji`);
        continue;
      }
      const key = variantKey(expression.language, variant);
      const other = keys.get(key);
      if (other !== undefined) {
        problem(`${name}: "${variant}" finds the same text as a variant of ${other}`);
      } else {
        keys.set(key, name);
      }
    }
  });
  return problems;
}
