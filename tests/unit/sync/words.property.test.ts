/**
 * The enrolment secret as words: 16 bytes make 13 words and come back the same; one changed word,
 * two swapped words, a word off the list or a missing word is caught, and the person is told
 * which word when it can be told. And the enrolment id, one way from the secret.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { entropyToMnemonic } from '@scure/bip39';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ENROLMENT_ID_LABEL, enrolmentIdOf, newEnrolmentSecret } from '../../../src/sync/enrolment';
import {
  SECRET_BYTES,
  secretToWords,
  WORD_COUNT,
  wordProblem,
  wordsToSecret,
  type WordsDecoding,
} from '../../../src/sync/words';

const secrets = fc.uint8Array({ minLength: SECRET_BYTES, maxLength: SECRET_BYTES });
const secretOf = (decoding: WordsDecoding) => {
  if (!decoding.ok) throw new Error(`not decoded: ${JSON.stringify(decoding.problem)}`);
  return decoding.secret;
};

describe('enrolment secret as words', () => {
  it('uses the BIP-39 English list, whose words are told apart by their first four letters', () => {
    expect(wordlist).toHaveLength(2048);
    expect(new Set(wordlist.map((w) => w.slice(0, 4))).size).toBe(2048);
  });

  it('a known secret: its first twelve words are the standard BIP-39 mnemonic, then a check word', () => {
    const secret = new Uint8Array(16).fill(0x7f);
    const words = secretToWords(secret);
    expect(words).toHaveLength(WORD_COUNT);
    expect(words.slice(0, 12).join(' ')).toBe(
      'legal winner thank year wave sausage worth useful legal winner thank yellow',
    );
    expect(words.slice(0, 12).join(' ')).toBe(entropyToMnemonic(secret, wordlist));
    expect(wordlist).toContain(words[12]);
    expect(secretOf(wordsToSecret(words))).toEqual(secret);
  });

  it('decode(encode(x)) = x, however the words are typed (case, spaces, commas, line breaks)', () => {
    fc.assert(
      fc.property(secrets, fc.constantFrom(' ', '  ', ', ', '\n', '\t'), (secret, gap) => {
        const words = secretToWords(secret);
        expect(words).toHaveLength(WORD_COUNT);
        expect(secretOf(wordsToSecret(words))).toEqual(secret);
        expect(secretOf(wordsToSecret(` ${words.join(gap).toUpperCase()}\n`))).toEqual(secret);
      }),
      { numRuns: 500 },
    );
  });

  it('any single word changed for another word of the list is detected', () => {
    fc.assert(
      fc.property(
        secrets,
        fc.integer({ min: 0, max: WORD_COUNT - 1 }),
        fc.integer({ min: 1, max: 2047 }),
        (secret, position, shift) => {
          const words = secretToWords(secret);
          const index = wordlist.indexOf(words[position]!);
          const changed = [...words];
          changed[position] = wordlist[(index + shift) % 2048]!;
          expect(wordsToSecret(changed)).toEqual({ ok: false, problem: { code: 'checksum' } });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('every single-word change of one phrase is detected (all 13 × 2,047 of them)', () => {
    const words = secretToWords(randomBytes(16));
    let accepted = 0;
    for (let position = 0; position < WORD_COUNT; position++)
      for (const word of wordlist) {
        if (word === words[position]) continue;
        const changed = [...words];
        changed[position] = word;
        if (wordsToSecret(changed).ok) accepted++;
      }
    expect(accepted).toBe(0);
  });

  it('two different words swapped are detected', () => {
    fc.assert(
      fc.property(
        secrets,
        fc.integer({ min: 0, max: WORD_COUNT - 1 }),
        fc.integer({ min: 0, max: WORD_COUNT - 1 }),
        (secret, i, j) => {
          const words = secretToWords(secret);
          fc.pre(words[i] !== words[j]);
          const swapped = [...words];
          [swapped[i], swapped[j]] = [words[j]!, words[i]!];
          expect(wordsToSecret(swapped).ok).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('every swap of two different words of one phrase is detected', () => {
    for (let run = 0; run < 20; run++) {
      const words = secretToWords(randomBytes(16));
      for (let i = 0; i < WORD_COUNT; i++)
        for (let j = i + 1; j < WORD_COUNT; j++) {
          if (words[i] === words[j]) continue;
          const swapped = [...words];
          [swapped[i], swapped[j]] = [words[j]!, words[i]!];
          expect(wordsToSecret(swapped)).toEqual({ ok: false, problem: { code: 'checksum' } });
        }
    }
  });

  it('a word off the list is named by its position, with the word it most likely was', () => {
    fc.assert(
      fc.property(secrets, fc.integer({ min: 0, max: WORD_COUNT - 1 }), (secret, position) => {
        const words = secretToWords(secret);
        const typo = [...words];
        typo[position] = `${words[position]}x`;
        expect(wordsToSecret(typo)).toEqual({
          ok: false,
          problem: { code: 'unknown-word', position: position + 1, suggestion: words[position] },
        });
      }),
      { numRuns: 300 },
    );
    const words = secretToWords(new Uint8Array(16));
    expect(wordsToSecret([...words.slice(0, 4), 'qq', ...words.slice(5)])).toEqual({
      ok: false,
      problem: { code: 'unknown-word', position: 5, suggestion: null },
    });
  });

  it('a missing or extra word is told as a count', () => {
    const words = secretToWords(randomBytes(16));
    expect(wordsToSecret(words.slice(1))).toEqual({
      ok: false,
      problem: { code: 'word-count', expected: 13, found: 12 },
    });
    expect(wordsToSecret([...words, words[0]!])).toMatchObject({
      ok: false,
      problem: { code: 'word-count', found: 14 },
    });
    expect(wordsToSecret('')).toMatchObject({ ok: false, problem: { found: 0 } });
  });

  it('refuses to encode a secret of the wrong size', () => {
    expect(() => secretToWords(new Uint8Array(15))).toThrow(RangeError);
    expect(() => secretToWords(new Uint8Array(32))).toThrow(RangeError);
  });
});

describe('enrolment id', () => {
  it('is HMAC-SHA256(secret, label) cut to a version-8 UUID: the same on every workstation', async () => {
    const secret = newEnrolmentSecret();
    expect(secret).toHaveLength(16);
    const id = await enrolmentIdOf(secret);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id[14]).toBe('8');
    expect(await enrolmentIdOf(Uint8Array.from(secret))).toBe(id);
    const mac = createHmac('sha256', secret).update(ENROLMENT_ID_LABEL).digest('hex');
    // Apart from the version and variant bits, the id is the MAC's first 16 bytes.
    const hex = id.replaceAll('-', '');
    expect(hex.slice(0, 12)).toBe(mac.slice(0, 12));
    expect(hex.slice(13, 16)).toBe(mac.slice(13, 16));
    expect(hex.slice(17, 32)).toBe(mac.slice(17, 32));
    expect(id).not.toContain(Buffer.from(secret).toString('hex').slice(0, 8));
  });

  it('differs for different secrets', async () => {
    const ids = new Set(
      await Promise.all(Array.from({ length: 50 }, () => enrolmentIdOf(newEnrolmentSecret()))),
    );
    expect(ids.size).toBe(50);
    await expect(enrolmentIdOf(new Uint8Array(8))).rejects.toThrow(RangeError);
  });
});

describe('one typed word on its own (the join form checks each box)', () => {
  it('takes every word of the list, in any case and with spaces around', () => {
    for (const word of wordlist) expect(wordProblem(word)).toBeNull();
    expect(wordProblem('  Abandon ')).toBeNull();
  });

  it('names the list word a misspelt one most likely was, or none', () => {
    expect(wordProblem('abandom')).toEqual({ suggestion: 'abandon' });
    expect(wordProblem('zzzz')).toEqual({ suggestion: null });
  });
});
