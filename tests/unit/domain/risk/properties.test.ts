import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RISK_EXPRESSIONS,
  findRiskSignals,
  patternVariants,
  splitForHighlight,
} from '../../../../src/domain/risk';

const byId = new Map(RISK_EXPRESSIONS.map((e) => [e.id, e]));
/** Every variant of the list as it would be written (a `*` standing for no further letters). */
const phrases = RISK_EXPRESSIONS.flatMap((e) =>
  patternVariants(e).map((v) => v.replaceAll('*', '')),
);

/** Pieces that make texts where matches, near misses, overlaps and odd characters meet. */
const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...phrases) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      ' ',
      '\n',
      '\r\n',
      '\u3000',
      '。',
      '、',
      ', ',
      '.',
      '-',
      "'",
      '’',
      '😀',
      '👨‍👩‍👧',
      'ﾞ',
      '\u3099',
      'é',
      's',
      'kill',
      'my',
      'self',
      'him',
      'ing',
      '死',
      '自',
      '殺',
      'し',
      'に',
      'た',
      'い',
      'ﾘ',
      'ｽ',
      'ｶ',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
);
const text = fc.array(fragment, { maxLength: 24 }).map((parts) => parts.join(''));

describe('risk signal properties (fast-check)', () => {
  it('gives offsets within the text, in order, never overlapping, for known expressions', () => {
    fc.assert(
      fc.property(text, (t) => {
        const { matches } = findRiskSignals(t);
        let previousEnd = 0;
        for (const m of matches) {
          expect(Number.isInteger(m.start) && Number.isInteger(m.end)).toBe(true);
          expect(m.start).toBeGreaterThanOrEqual(previousEnd);
          expect(m.end).toBeGreaterThan(m.start);
          expect(m.end).toBeLessThanOrEqual(t.length);
          expect(byId.get(m.expressionId)?.category).toBe(m.category);
          previousEnd = m.end;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('finds every match again, whole and as the same expression, when it stands alone', () => {
    fc.assert(
      fc.property(text, (t) => {
        for (const m of findRiskSignals(t).matches) {
          const alone = t.slice(m.start, m.end);
          expect(findRiskSignals(alone).matches).toEqual([
            { start: 0, end: alone.length, expressionId: m.expressionId, category: m.category },
          ]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('always finds a listed phrase written on a line of its own', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...phrases), text, (before, phrase, after) => {
        const t = `${before}\n${phrase}\n${after}`;
        const from = before.length + 1;
        const to = from + phrase.length;
        const overlapping = findRiskSignals(t).matches.filter((m) => m.start < to && m.end > from);
        expect(overlapping.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same matches whatever the case, the width or the kana script', () => {
    const plain = fc
      .array(
        fc.oneof(
          fc.constantFrom(...phrases),
          fc.constantFrom(' ', '\n', '. ', 'a', 'skill', 'の', 'は', 'し', 'に', 'たい'),
        ),
        { maxLength: 16 },
      )
      .map((parts) => parts.join(''));
    const variant = fc.tuple(plain, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1 }));
    fc.assert(
      fc.property(variant, ([t, choices]) => {
        // Each character changed one for one: upper case, full width, katakana, or kept.
        const changed = Array.from(t, (char, i) => {
          const choice = choices[i % choices.length];
          const code = char.charCodeAt(0);
          if (/[a-z]/.test(char) && choice === 1) return char.toUpperCase();
          if (/[a-zA-Z0-9]/.test(char) && choice === 2) return String.fromCharCode(code + 0xfee0);
          if (code >= 0x3041 && code <= 0x3096 && choice !== 0) {
            return String.fromCharCode(code + 0x60);
          }
          return char;
        }).join('');
        expect(changed.length).toBe(t.length);
        expect(findRiskSignals(changed).matches).toEqual(findRiskSignals(t).matches);
      }),
      { numRuns: 300 },
    );
  });

  it('splits any text for highlighting into pieces that join back to it exactly', () => {
    fc.assert(
      fc.property(text, (t) => {
        const { matches } = findRiskSignals(t);
        const segments = splitForHighlight(t, matches);
        expect(segments.map((s) => s.text).join('')).toBe(t);
        expect(segments.every((s) => s.text.length > 0)).toBe(true);
        expect(segments.filter((s) => s.match).length).toBe(matches.length);
      }),
      { numRuns: 500 },
    );
  });

  it('joins back exactly even from arbitrary (invalid) matches', () => {
    const anyMatch = fc.record({
      start: fc.integer({ min: -5, max: 40 }),
      end: fc.integer({ min: -5, max: 40 }),
      category: fc.constantFrom('suicide', 'self-harm', 'harm-to-others') as fc.Arbitrary<
        'suicide' | 'self-harm' | 'harm-to-others'
      >,
      expressionId: fc.constant('x'),
    });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), fc.array(anyMatch), (t, ms) => {
        expect(
          splitForHighlight(t, ms)
            .map((s) => s.text)
            .join(''),
        ).toBe(t);
      }),
      { numRuns: 500 },
    );
  });
});
