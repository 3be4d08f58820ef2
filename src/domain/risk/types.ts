/**
 * Types of the risk signal: a transparent, local aid that marks a message "possible risk" when its
 * text contains an expression from a maintained list, so that a counsellor looks at it first. It
 * is not a diagnosis and never sets a thread's risk level: the counsellor does (docs/risk-signals.md).
 */

/** What an expression is about. */
export type RiskCategory = 'suicide' | 'self-harm' | 'harm-to-others';

export const RISK_CATEGORIES: readonly RiskCategory[] = ['suicide', 'self-harm', 'harm-to-others'];

export type RiskExpressionLanguage = 'en' | 'ja';

/**
 * One entry of the maintained list.
 *
 * `pattern` is one phrase or a list of variants, written in the small, plain syntax described in
 * docs/risk-signals.md:
 * - English (`en`): whole words, any case. A space or a hyphen between words matches any run of
 *   spaces, line breaks or hyphens ("self harm" finds "self-harm" and "self\nharm"); an apostrophe
 *   matches any apostrophe or none ("don't" finds "don’t" and "dont"); a `*` at the end of a word
 *   matches any further letters ("suicid*" finds "suicide", "suicidal").
 * - Japanese (`ja`): the characters as written, found anywhere in the text. Hiragana and katakana
 *   are interchangeable, full-width and half-width forms are the same (Unicode NFKC), and spaces or
 *   line breaks between the characters are ignored.
 */
export interface RiskExpression {
  /** Stable identifier, e.g. `en.suicide.kill-myself`; lower-case letters, digits, `.` and `-`. */
  readonly id: string;
  readonly language: RiskExpressionLanguage;
  readonly category: RiskCategory;
  readonly pattern: string | readonly string[];
  /** Why the expression is on the list, and what it is known to catch by mistake. */
  readonly note: string;
}

/** One place in a text where an expression was found. Offsets are UTF-16 code units. */
export interface RiskMatch {
  /** Index of the first code unit of the match in the original text. */
  readonly start: number;
  /** Index just past the last code unit of the match in the original text. */
  readonly end: number;
  readonly expressionId: string;
  readonly category: RiskCategory;
}

/** What `findRiskSignals` returns: the matches, ordered by position, never overlapping. */
export interface RiskSignals {
  readonly matches: readonly RiskMatch[];
}

/** A piece of text for display; `match` is present when the piece is a matched expression. */
export interface HighlightSegment {
  readonly text: string;
  readonly match?: { readonly category: RiskCategory; readonly expressionId: string };
}
