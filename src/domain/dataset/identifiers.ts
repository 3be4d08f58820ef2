/**
 * Identifiers never become ids (issue 13, DOMAIN.md section 7). Ids are stored unsealed (they are
 * keys and indexes), travel to the sync server in clear and end up in the audit log, so an id that
 * holds a JET number, an e-mail address or a participant's name would put that identifier where
 * nothing protects it. The import refuses such ids, of every kind of record.
 *
 * Pure: no I/O. What counts:
 * - a JET number: 11 digits beginning with 20, anywhere in the id (also inside a longer run of
 *   digits), also written with separators between the digits (`2022-222-2222`, `20 222 222 222`)
 *   or in full-width digits. Ids that hold long runs of digits, such as `20261201120000` (a
 *   timestamp), are refused too: they cannot be told apart from a JET number. In an id that is a
 *   UUID (as the app makes them) the hyphens between its groups do not count as separators.
 * - an e-mail address: any `@` (also the full-width `＠`). An id never needs one.
 * - the participant's own name (see `idHoldsName`).
 */

/** What may stand between the digits of a JET number written by hand. */
const SEPARATORS = String.raw`[\s\-‐-―_./:()]`;

/** A JET number inside an id, after NFKC (full-width digits become ASCII). */
export const JET_NUMBER_IN_ID = new RegExp(`2${SEPARATORS}*0(?:${SEPARATORS}*[0-9]){9}`, 'u');

/** The same, for the JSON Schema (which cannot normalise first). */
export const JET_NUMBER_IN_ID_SOURCE = `2${SEPARATORS}*0(?:${SEPARATORS}*[0-9]){9}`;

export type IdentifierInId = 'jet-number' | 'e-mail';

/** A JET number written without separators (inside a UUID's groups). */
const JET_NUMBER_UNSEPARATED = /20[0-9]{9}/;

/** A UUID as the app makes them (v7): its hyphens are not separators written between digits. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Printable ASCII: NFKC leaves it as it is. */
const ASCII = /^[\x20-\x7e]*$/;

/** Which identifier the id looks like it holds, or null when it holds none. */
export function identifierInId(id: string): IdentifierInId | null {
  const normalised = ASCII.test(id) ? id : id.normalize('NFKC');
  if (normalised.includes('@')) return 'e-mail';
  const jet = UUID.test(normalised) ? JET_NUMBER_UNSEPARATED : JET_NUMBER_IN_ID;
  if (jet.test(normalised)) return 'jet-number';
  return null;
}

/** The reason shown for an id that holds an identifier (it never repeats the id). */
export function identifierInIdReason(kind: IdentifierInId | 'name'): string {
  const what = {
    'jet-number': 'looks like it holds a JET number (11 digits beginning with 20)',
    'e-mail': 'looks like it holds an e-mail address (it has an @)',
    name: "holds the participant's name",
  }[kind];
  return `${what}; ids are stored and sent unsealed, so they must not hold identifiers: use an opaque id such as "p-0001" or a ULID`;
}

/** Scripts written without spaces between words: a name part is found anywhere in the id. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function letters(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Whether the id holds the participant's name: a part of the name (a word of at least 2 letters,
 * e.g. "Emily" or "佐藤") that is a whole word of the id (`p-emily-3`, `johnson_e`), a part in a
 * script written without spaces found anywhere in the id, or the whole name with its spaces and
 * punctuation taken out (`emilyjohnson42`). Case and width do not matter.
 */
export function idHoldsName(id: string, name: string): boolean {
  return nameInIdMatcher([name])(id);
}

/** `idHoldsName` for several names at once, prepared once (the import checks many ids). */
export function nameInIdMatcher(names: readonly string[]): (id: string) => boolean {
  const words = new Set<string>();
  const anywhere: string[] = [];
  for (const name of names) {
    for (const part of name
      .normalize('NFKC')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)) {
      // A name part is a word of letters: digits alone ("Participant 10") name nobody, and
      // matching them would refuse ordinary ids such as `p10`.
      if ([...part].length < 2 || !/\p{L}/u.test(part)) continue;
      words.add(part);
      if (CJK.test(part)) anywhere.push(part);
    }
    const whole = letters(name);
    if ([...whole].length >= 4) anywhere.push(whole);
  }
  return (id) => {
    const ascii = ASCII.test(id);
    const normalisedId = (ascii ? id : id.normalize('NFKC')).toLowerCase();
    for (const word of normalisedId.split(ascii ? ASCII_NOT_WORD : NOT_WORD)) {
      if (words.has(word)) return true;
      // `emily42` holds `emily`: letters and digits part too.
      if (!(ascii ? ASCII_LETTER_AND_DIGIT : LETTER_AND_DIGIT).test(word)) continue;
      for (const piece of word.split(LETTERS_DIGITS_BOUNDARY)) if (words.has(piece)) return true;
    }
    if (anywhere.length === 0) return false;
    const idLetters = normalisedId.replace(ascii ? ASCII_NOT_WORD_G : NOT_WORD_G, '');
    return anywhere.some((part) => idLetters.includes(part));
  };
}

const NOT_WORD = /[^\p{L}\p{N}]+/u;
const NOT_WORD_G = /[^\p{L}\p{N}]+/gu;
const ASCII_NOT_WORD = /[^a-z0-9]+/;
const ASCII_NOT_WORD_G = /[^a-z0-9]+/g;
const LETTER_AND_DIGIT = /\p{L}.*\p{N}|\p{N}.*\p{L}/u;
const ASCII_LETTER_AND_DIGIT = /[a-z].*[0-9]|[0-9].*[a-z]/;
const LETTERS_DIGITS_BOUNDARY = /(?<=\p{N})(?=\p{L})|(?<=\p{L})(?=\p{N})/u;
