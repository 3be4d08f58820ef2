/**
 * Compiles an expression list into RegExps and finds its matches in a text.
 *
 * - The text is scanned as written, so match offsets are its own UTF-16 offsets. Normalisation
 *   is compiled into the Japanese patterns (characters.ts); for English, full-width letters and
 *   digits are folded to ASCII in a copy of the text, one for one, so offsets do not move.
 * - The variants are put into a prefix tree, so that the engine tests a first character once,
 *   not once per variant; optional tails are greedy, so at a position the longest variant wins.
 * - English: one RegExp over the text, whole words only.
 * - Japanese: a plain loop finds the places where a variant's first two characters stand and a
 *   sticky RegExp is tried there only. (One RegExp over the text is several times slower here:
 *   with a hundred variants starting with many different kanji and kana, the engine can no longer
 *   skip ahead and tries every alternative at every position.)
 * - A match may start inside an earlier one; all are candidates, and the final set keeps the
 *   longest and drops what overlaps them ("自殺したい" is one suicide match, not also "殺したい").
 */
import { characterAtom, characterForms, foldForMatching } from './characters';
import type { RiskExpression, RiskMatch, RiskSignals } from './types';
import { patternVariants, validateRiskExpressions } from './validate';

/**
 * A letter or digit of a Latin-script word, for English whole-word matching: ASCII, Latin-1,
 * Latin Extended-A and -B, Latin Extended Additional, full-width. Spelled out rather than
 * `\p{Script=Latin}`, because a Unicode-mode RegExp with the `i` flag is several times slower
 * (and so is any class of non-ASCII characters in the English RegExp: its letters stay ASCII).
 */
const WORD_CHAR =
  '[a-z0-9\\u00aa\\u00b5\\u00ba\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f\\u1e00-\\u1eff' +
  '\\uff10-\\uff19\\uff21-\\uff3a\\uff41-\\uff5a]';
const IS_WORD_CHAR = new RegExp(WORD_CHAR, 'i');
/** Between English words: any run of spaces (any width), line breaks, hyphens and dashes. */
const SEPARATOR = '[\\s\\-\\u2010-\\u2015\\u2212\\ufe63\\uff0d]+';
/** An apostrophe in an English pattern: any apostrophe, or none. */
const APOSTROPHE = "['\\u2018\\u2019\\u02bc`\\uff07]?";
/** `*` at the end of an English word: any further letters. */
const WILDCARD = `${WORD_CHAR}*`;
/** Between Japanese characters: spaces and line breaks are ignored. */
const GAP = '\\s*';

/**
 * Kana, kanji and the characters NFKC turns into them (half-width katakana, circled katakana,
 * Kangxi radicals, compatibility ideographs). A text without any needs no Japanese scan, when
 * every Japanese variant holds a character that can only be written with these.
 */
const JAPANESE_SCRIPT =
  /[\u2e80-\u2fdf\u3041-\u30ff\u3190-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]/;
/** The same, with the ideographic space and all full-width and half-width forms. */
const JAPANESE_OR_WIDE =
  /[\u2e80-\u2fdf\u3000-\u30ff\u3190-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
/**
 * Full-width letters and digits, which NFKC turns into ASCII one for one. (Full-width spaces,
 * hyphens and apostrophes need no folding: the English RegExp accepts them as they are.)
 */
const FULL_WIDTH_ALPHANUMERIC_RANGES = [
  [0xff10, 0xff19],
  [0xff21, 0xff3a],
  [0xff41, 0xff5a],
] as const;
const FULL_WIDTH_ALPHANUMERIC = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+/g;

/** The text with full-width letters and digits folded to ASCII; same length, same offsets. */
function foldWidth(text: string): string {
  return text.replace(FULL_WIDTH_ALPHANUMERIC, (run) => {
    let ascii = '';
    for (let i = 0; i < run.length; i += 1)
      ascii += String.fromCharCode(run.charCodeAt(i) - 0xfee0);
    return ascii;
  });
}

/** Order of siblings in the tree: fixed characters before the atoms that may match more or less. */
const atomRank = (atom: string) =>
  atom === WILDCARD ? 3 : atom === APOSTROPHE ? 2 : atom === SEPARATOR ? 1 : 0;

function englishAtoms(folded: string): string[] {
  const atoms: string[] = [];
  for (const char of folded) {
    if (char === ' ' || char === '-') {
      if (atoms.at(-1) !== SEPARATOR) atoms.push(SEPARATOR);
    } else if (char === "'") atoms.push(APOSTROPHE);
    else if (char === '*') atoms.push(WILDCARD);
    else atoms.push(char); // a-z or 0-9: validation checks it
  }
  return atoms;
}

function japaneseAtoms(folded: string): string[] {
  const atoms: string[] = [];
  for (const char of folded) {
    if (atoms.length > 0) atoms.push(GAP);
    atoms.push(characterAtom(char));
  }
  return atoms;
}

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  terminal: boolean;
}

const newNode = (): TrieNode => ({ children: new Map(), terminal: false });

function addToTrie(root: TrieNode, atoms: readonly string[]): void {
  let node = root;
  for (const atom of atoms) {
    let child = node.children.get(atom);
    if (!child) {
      child = newNode();
      node.children.set(atom, child);
    }
    node = child;
  }
  node.terminal = true;
}

/** Writes a tree out as a regular expression; optional tails are greedy, so longer wins. */
function trieSource(node: TrieNode): string {
  const alternatives = [...node.children]
    .sort(([a], [b]) => atomRank(a) - atomRank(b))
    .map(([atom, child]) => atom + trieSource(child));
  if (alternatives.length === 0) return '';
  const body =
    alternatives.length === 1 && !node.terminal
      ? alternatives[0]!
      : `(?:${alternatives.join('|')})`;
  return node.terminal ? `${body}?` : body;
}

/** Flags of a code unit in the start table. */
const MAY_START = 1; // a Japanese variant may start here: check the next character
const STARTS_ALONE = 2; // a one-character Japanese variant starts here: try at once
const WIDE_LATIN = 4; // a full-width letter or digit: English needs the width folded

/**
 * Which code units may begin a Japanese variant (`first`, with the flags above), and which first
 * two code units may (`pairs`, a hashed bit table: a false "yes" only costs one RegExp try, and
 * the table answers far faster than a Set in the loop over every character of a message).
 */
interface StartFilter {
  readonly first: Uint8Array;
  readonly pairs: Uint8Array;
}

const PAIR_TABLE_BITS = 16;
const pairHash = (a: number, b: number) =>
  Math.imul((a << 16) | b, 0x9e3779b1) >>> (32 - PAIR_TABLE_BITS);

/** A code unit and its other case, if it has one (the RegExps run with the `i` flag). */
function unitCases(unit: string): number[] {
  const cases = [unit, unit.toUpperCase(), unit.toLowerCase()].filter((u) => u.length === 1);
  return [...new Set(cases.map((u) => u.charCodeAt(0)))];
}

/**
 * `foldedVariants`: the Japanese variants, folded. `wideDigitsMatter`: whether an English variant
 * holds a digit (full-width digits are common in Japanese text; folding them for nothing is not
 * free).
 */
function startFilter(foldedVariants: readonly string[], wideDigitsMatter: boolean): StartFilter {
  const first = new Uint8Array(0x10000);
  const pairs = new Uint8Array(1 << PAIR_TABLE_BITS);
  for (const variant of foldedVariants) {
    const [one, two] = Array.from(variant);
    const secondUnits = two === undefined ? [] : characterForms(two).map((form) => form[0]!);
    for (const form of characterForms(one!)) {
      for (const a of unitCases(form[0]!)) {
        if (two === undefined && form.length === 1) {
          first[a]! |= STARTS_ALONE;
          continue;
        }
        first[a]! |= MAY_START;
        const nextUnits = form.length > 1 ? [form[1]!] : secondUnits;
        for (const next of nextUnits) for (const b of unitCases(next)) pairs[pairHash(a, b)] = 1;
      }
    }
  }
  for (const [from, to] of FULL_WIDTH_ALPHANUMERIC_RANGES) {
    if (from === 0xff10 && !wideDigitsMatter) continue;
    for (let code = from; code <= to; code += 1) first[code]! |= WIDE_LATIN;
  }
  return { first, pairs };
}

interface JapaneseStarts {
  /** Positions where a Japanese variant may start. */
  readonly starts: number[];
  /** Whether the text holds a full-width letter or digit. */
  readonly wideLatin: boolean;
}

/**
 * One plain loop over the text's code units: where a Japanese variant may start, and whether
 * English needs the width folded. Most code units are settled by one table look-up.
 */
function japaneseStartsIn(text: string, { first, pairs }: StartFilter): JapaneseStarts {
  const starts: number[] = [];
  let wideLatin = false;
  const length = text.length;
  for (let at = 0; at < length; at += 1) {
    const code = text.charCodeAt(at);
    const flags = first[code]!;
    if (flags === 0) continue;
    if (flags & WIDE_LATIN) wideLatin = true;
    if (flags & STARTS_ALONE) {
      starts.push(at);
    } else if (flags & MAY_START) {
      let next = at + 1;
      while (next < length && isWhitespace(text.charCodeAt(next))) next += 1;
      if (next < length && pairs[pairHash(code, text.charCodeAt(next))] === 1) starts.push(at);
    }
  }
  return { starts, wideLatin };
}

/** The characters `\s` matches in a JavaScript RegExp. */
function isWhitespace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    (code >= 0xa0 &&
      (code === 0xa0 ||
        code === 0x1680 ||
        (code >= 0x2000 && code <= 0x200a) ||
        code === 0x2028 ||
        code === 0x2029 ||
        code === 0x202f ||
        code === 0x205f ||
        code === 0x3000 ||
        code === 0xfeff))
  );
}

interface CompiledVariant {
  readonly expression: RiskExpression;
  readonly whole: RegExp;
}

export interface RiskMatcher {
  /** Finds the list's expressions in a text; see `findRiskSignals`. */
  find(text: string): RiskSignals;
  /** The list the matcher was built from. */
  readonly expressions: readonly RiskExpression[];
}

/** Builds a matcher from an expression list; throws with every problem if the list is invalid. */
export function createRiskMatcher(expressions: readonly RiskExpression[]): RiskMatcher {
  const problems = validateRiskExpressions(expressions);
  if (problems.length > 0) {
    throw new Error(
      `The risk expression list has ${problems.length} problem(s):\n${problems.map((p) => `- ${p.message}`).join('\n')}`,
    );
  }

  const english = newNode();
  const japanese = newNode();
  const japaneseFolded: string[] = [];
  const variants: CompiledVariant[] = [];
  let everyVariantNeedsJapaneseScript = true;
  for (const expression of expressions) {
    for (const variant of patternVariants(expression)) {
      const folded = foldForMatching(variant);
      let atoms: string[];
      if (expression.language === 'en') {
        atoms = englishAtoms(folded);
        addToTrie(english, atoms);
      } else {
        atoms = japaneseAtoms(folded);
        addToTrie(japanese, atoms);
        japaneseFolded.push(folded);
        const scriptBound = Array.from(folded).some((char) =>
          characterForms(char).every((form) => JAPANESE_SCRIPT.test(form)),
        );
        if (!scriptBound) everyVariantNeedsJapaneseScript = false;
      }
      variants.push({ expression, whole: new RegExp(`^(?:${atoms.join('')})$`, 'i') });
    }
  }

  // Every English variant starts with an ASCII letter or digit (validation checks it), so `\b`
  // must stand before it. That cheap test skips the inside of words; the exact check (no Latin
  // letter or digit before) is done on each match, outside the RegExp: a lookbehind at the head of
  // the pattern would be evaluated at every position, several times slower.
  const englishScanner =
    english.children.size > 0
      ? new RegExp(`\\b(?:${trieSource(english)})(?!${WORD_CHAR})`, 'gi')
      : null;
  const japaneseScanner =
    japanese.children.size > 0 ? new RegExp(trieSource(japanese), 'iy') : null;
  const englishDigits = expressions.some(
    (e) => e.language === 'en' && patternVariants(e).some((v) => /[0-9]/.test(v)),
  );
  const japaneseStarts = startFilter(japaneseFolded, englishDigits);

  /** The first entry of the list (in list order) that the matched text belongs to. */
  const identify = (matched: string): RiskExpression | undefined =>
    variants.find((v) => v.whole.test(matched))?.expression;

  const candidate = (start: number, end: number, expression: RiskExpression): RiskMatch => ({
    start,
    end,
    expressionId: expression.id,
    category: expression.category,
  });

  function scanEnglish(scanner: RegExp, text: string, candidates: RiskMatch[]): void {
    scanner.lastIndex = 0;
    for (let found = scanner.exec(text); found; found = scanner.exec(text)) {
      const start = found.index;
      const whole = start === 0 || !IS_WORD_CHAR.test(text[start - 1]!);
      const expression = whole ? identify(found[0]) : undefined;
      if (expression) candidates.push(candidate(start, start + found[0].length, expression));
      // Look again from the next character: a longer match may start inside this one.
      scanner.lastIndex = start + 1;
    }
  }

  function find(text: string): RiskSignals {
    const candidates: RiskMatch[] = [];
    // One quick search tells most English messages apart: no Japanese, nothing full-width. The
    // others get the loop, which also says whether they hold full-width letters or digits.
    const loop =
      JAPANESE_OR_WIDE.test(text) || !everyVariantNeedsJapaneseScript
        ? japaneseStartsIn(text, japaneseStarts)
        : null;
    if (englishScanner) {
      scanEnglish(englishScanner, loop?.wideLatin ? foldWidth(text) : text, candidates);
    }
    if (japaneseScanner && loop) {
      for (const at of loop.starts) {
        japaneseScanner.lastIndex = at;
        const found = japaneseScanner.exec(text);
        const expression = found ? identify(found[0]) : undefined;
        if (found && expression) candidates.push(candidate(at, at + found[0].length, expression));
      }
    }
    return { matches: longestFirst(candidates, text.length) };
  }

  return { find, expressions };
}

/** Keeps the longest candidates that do not overlap a longer one, in text order. */
function longestFirst(candidates: RiskMatch[], textLength: number): RiskMatch[] {
  if (candidates.length <= 1) return candidates;
  const byLength = [...candidates].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const taken = new Uint8Array(textLength);
  const kept: RiskMatch[] = [];
  for (const match of byLength) {
    let free = true;
    for (let i = match.start; i < match.end && free; i += 1) free = taken[i] === 0;
    if (!free) continue;
    taken.fill(1, match.start, match.end);
    kept.push(match);
  }
  return kept.sort((a, b) => a.start - b.start);
}
