/**
 * Character equivalence for matching. Instead of normalising every message (a pass over 50
 * million characters, and a map back to the original offsets), the normalisation is applied to
 * the list: each character of a Japanese pattern is compiled into a class of everything Unicode
 * NFKC turns into it, so the RegExp runs over the text as written and its offsets are the text's
 * own. (English patterns stay ASCII, which keeps their RegExp fast; matcher.ts folds full-width
 * letters in a copy of the text instead.)
 *
 * A Japanese pattern character `c` matches:
 * - `c` itself, and for a Latin letter its other case (the RegExp's `i` flag);
 * - every single character whose NFKC form is `c` (full-width ｋ, half-width ﾘ and ｰ, circled ⓚ…);
 * - for kana, the same sound in the other script (し = シ = ｼ);
 * - a base and a combining sound mark, when `c` is a voiced kana (ド = ト + ゛ as U+3099, or the
 *   half-width ﾄﾞ).
 * What it does not cover: a single character NFKC turns into several (㍻ → 平成, ﬁ → fi).
 */

/** How the patterns of the list are compared: NFKC and lower case. */
export function foldForMatching(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Hiragana and katakana of the same sound, or the character alone. */
export function kanaPair(char: string): string[] {
  const code = char.charCodeAt(0);
  if (char.length !== 1) return [char];
  if (code >= 0x3041 && code <= 0x3096) return [char, String.fromCharCode(code + 0x60)];
  if (code >= 0x30a1 && code <= 0x30f6) return [String.fromCharCode(code - 0x60), char];
  return [char];
}

let preimageTable: Map<string, string[]> | null = null;

/** Single BMP characters whose NFKC form is a different single character, by that form. */
function preimages(char: string): readonly string[] {
  if (preimageTable === null) {
    const table = new Map<string, string[]>();
    for (let code = 0xa0; code <= 0xffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const source = String.fromCharCode(code);
      const target = source.normalize('NFKC');
      if (target.length !== 1 || target === source) continue;
      const list = table.get(target);
      if (list) list.push(source);
      else table.set(target, [source]);
    }
    preimageTable = table;
  }
  return preimageTable.get(char) ?? [];
}

const COMBINING_MARK = /^\p{M}$/u;

/**
 * Every way a pattern character (already NFKC and lower case) may be written in a text, as
 * strings of one or two code units; the other case of a letter is left to the `i` flag.
 */
export function characterForms(char: string): string[] {
  const forms = new Set<string>();
  for (const target of kanaPair(char)) {
    forms.add(target);
    const upper = target.toUpperCase();
    for (const cased of upper.length === 1 && upper !== target ? [target, upper] : [target]) {
      for (const source of preimages(cased)) forms.add(source);
    }
    // A voiced kana written as its base and a combining sound mark (ド = ト + U+3099 = ﾄﾞ).
    const decomposed = target.normalize('NFD');
    if (decomposed.length === 2 && COMBINING_MARK.test(decomposed[1]!)) {
      const bases = [decomposed[0]!, ...preimages(decomposed[0]!)];
      const marks = [decomposed[1]!, ...preimages(decomposed[1]!)];
      for (const base of bases) for (const mark of marks) forms.add(base + mark);
    }
  }
  return [...forms];
}

const hex = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;

/** The inside of a RegExp character class holding these single code units. */
function classBody(units: readonly string[]): string {
  return units.map((unit) => (/^[a-z0-9]$/i.test(unit) ? unit : hex(unit.charCodeAt(0)))).join('');
}

/** A RegExp fragment matching any of the forms of a pattern character. */
export function characterAtom(char: string): string {
  const forms = characterForms(char);
  const singles = forms.filter((f) => f.length === 1);
  const longer = forms
    .filter((f) => f.length > 1)
    .map((f) =>
      f
        .split('')
        .map((unit) => hex(unit.charCodeAt(0)))
        .join(''),
    );
  const alternatives = [...longer];
  if (singles.length === 1 && /^[a-z0-9]$/i.test(singles[0]!)) alternatives.unshift(singles[0]!);
  else if (singles.length > 0) alternatives.unshift(`[${classBody(singles)}]`);
  return alternatives.length === 1 ? alternatives[0]! : `(?:${alternatives.join('|')})`;
}
