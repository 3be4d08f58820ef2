/**
 * An enrolment secret as words a person reads on one screen and types on another (issue 15). Pure:
 * no clock, no I/O, no randomness (the caller brings the 16 random bytes).
 *
 * The words come from BIP-39's English list (2,048 words, 11 bits each, no two sharing their first
 * four letters), as `@scure/bip39` (audited, no native code) ships it, pinned exactly. The phrase is
 * 13 words:
 *
 * - words 1-12: the 16 bytes (128 bits) as a standard BIP-39 mnemonic, whose last word carries a
 *   4-bit SHA-256 checksum;
 * - word 13: a check word, C = XOR over p = 1..12 of ((p + 1) · w_p) in GF(2^11), w_p the list
 *   index of word p, in the field given by the primitive polynomial x^11 + x^2 + 1. So the whole
 *   phrase sums to 0 with a weight for each position: p + 1 for word p, 1 for the check word.
 *
 * Why a 13th word: BIP-39's 4-bit checksum lets one mistyped word in sixteen through (a single
 * changed word moves 11 bits; 4 bits of hash cannot tell 2,048 values apart). The check word
 * catches every single changed word (weight · d is never 0 for d ≠ 0 in a field), and every swap of
 * two different words (no two positions share a weight); together the two checks let a random
 * wrong phrase through about once in 32,768 times. A mistyped word not on the list is named by its
 * position, with the list word sharing its first four letters when there is one.
 */
import { entropyToMnemonic, mnemonicToEntropy } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';

/** The secret's size: 128 bits. */
export const SECRET_BYTES = 16;
/** Twelve BIP-39 words, then the check word. */
export const WORD_COUNT = 13;

const DATA_WORDS = 12;
const FIELD_BITS = 11;
const FIELD_SIZE = 1 << FIELD_BITS; // 2,048: one element per word of the list
/** x^11 + x^2 + 1. */
const POLYNOMIAL = 0b1000_0000_0101;

/** Powers of the generator x (exp) and their logarithms (log), for multiplication in GF(2^11). */
const exp = new Uint16Array(2 * FIELD_SIZE);
const log = new Uint16Array(FIELD_SIZE);
{
  let value = 1;
  for (let i = 0; i < FIELD_SIZE - 1; i++) {
    exp[i] = value;
    log[value] = i;
    value <<= 1;
    if (value & FIELD_SIZE) value ^= POLYNOMIAL;
    if (value === 1 && i < FIELD_SIZE - 2)
      throw new Error('words: the polynomial is not primitive');
  }
  for (let i = FIELD_SIZE - 1; i < exp.length; i++) exp[i] = exp[i - (FIELD_SIZE - 1)]!;
}

function multiply(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return exp[log[a]! + log[b]!]!;
}

const indexOf = new Map(wordlist.map((word, index) => [word, index]));
const byPrefix = new Map(wordlist.map((word) => [word.slice(0, 4), word]));

/** The list word a mistyped word most likely was: the one sharing its first four letters. */
function suggestionFor(typed: string): string | null {
  const byFour = typed.length >= 4 ? byPrefix.get(typed.slice(0, 4)) : undefined;
  if (byFour) return byFour;
  // The list's three-letter words (`act`, `add`…) with a letter too many.
  const three = typed.slice(0, 3);
  return typed.length > 3 && indexOf.has(three) ? three : null;
}

/** The check word's index for the twelve data words' indices (word p weighs p + 1; the check, 1). */
function checkIndex(indices: readonly number[]): number {
  let check = 0;
  indices.forEach((w, i) => {
    check ^= multiply(i + 2, w);
  });
  return check;
}

/** The 13 words for a 16-byte secret. */
export function secretToWords(secret: Uint8Array): string[] {
  if (secret.length !== SECRET_BYTES)
    throw new RangeError(`an enrolment secret is ${SECRET_BYTES} bytes, not ${secret.length}`);
  const words = entropyToMnemonic(secret, wordlist).split(' ');
  return [...words, wordlist[checkIndex(words.map((w) => indexOf.get(w)!))]!];
}

/**
 * One typed word on its own (a form checking each box as it is typed): null when it is a word of
 * the list, else the list word it most likely was (or null when none is near).
 */
export function wordProblem(typed: string): { suggestion: string | null } | null {
  const word = typed.normalize('NFKC').trim().toLowerCase();
  return indexOf.has(word) ? null : { suggestion: suggestionFor(word) };
}

export type WordsProblem =
  | { code: 'word-count'; expected: number; found: number }
  /** `position` is 1-based; `suggestion` is the list word with the same first four letters. */
  | { code: 'unknown-word'; position: number; suggestion: string | null }
  /** Every word is on the list, but they do not fit together: one is wrong, or two are swapped. */
  | { code: 'checksum' };

export type WordsDecoding = { ok: true; secret: Uint8Array } | { ok: false; problem: WordsProblem };

/** Splits what a person typed into words: any case, any spaces, commas or line breaks between. */
export function splitWords(typed: string): string[] {
  return typed
    .normalize('NFKC')
    .toLowerCase()
    .split(/[\s,;.]+/u)
    .filter((w) => w.length > 0);
}

/** The secret back from its words (a typed text or a list), or what is wrong with them. */
export function wordsToSecret(typed: string | readonly string[]): WordsDecoding {
  const words = typeof typed === 'string' ? splitWords(typed) : typed.flatMap(splitWords);
  if (words.length !== WORD_COUNT)
    return {
      ok: false,
      problem: { code: 'word-count', expected: WORD_COUNT, found: words.length },
    };
  const indices: number[] = [];
  for (const [i, word] of words.entries()) {
    const index = indexOf.get(word);
    if (index === undefined) {
      return {
        ok: false,
        problem: { code: 'unknown-word', position: i + 1, suggestion: suggestionFor(word) },
      };
    }
    indices.push(index);
  }
  if (checkIndex(indices.slice(0, DATA_WORDS)) !== indices[DATA_WORDS])
    return { ok: false, problem: { code: 'checksum' } };
  try {
    return { ok: true, secret: mnemonicToEntropy(words.slice(0, DATA_WORDS).join(' '), wordlist) };
  } catch {
    // The words are all on the list (checked above): only BIP-39's own checksum can fail here.
    return { ok: false, problem: { code: 'checksum' } };
  }
}
