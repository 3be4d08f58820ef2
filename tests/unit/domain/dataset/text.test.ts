import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MESSAGE_BODY_LIMIT,
  countCodePoints,
  exceedsCodePoints,
  isWellFormedText,
} from '../../../../src/domain/dataset';

/** Any UTF-16 string, unpaired surrogates included. */
const anyUtf16 = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 60 })
  .map((units) => String.fromCharCode(...units));
const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), anyUtf16);

describe('countCodePoints', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['孤独を感じています', 9],
    ['😔', 1],
    ['a😔b', 3],
    // A family emoji is five code points: three people joined by two zero-width joiners.
    ['👩‍👩‍👧', 5],
    ['🇯🇵', 2],
    ['\ud83d', 1],
    ['\ude14x', 2],
  ])('counts %j as %i', (text, expected) => {
    expect(countCodePoints(text)).toBe(expected);
  });

  it('agrees with the string iterator on any string', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(countCodePoints(text)).toBe(Array.from(text).length);
      }),
    );
  });
});

describe('exceedsCodePoints', () => {
  it('puts 1,200 code points at the limit and 1,201 over it, in emoji, Japanese or both', () => {
    for (const unit of ['a', 'あ', '😔']) {
      expect(exceedsCodePoints(unit.repeat(MESSAGE_BODY_LIMIT), MESSAGE_BODY_LIMIT)).toBe(false);
      expect(exceedsCodePoints(unit.repeat(MESSAGE_BODY_LIMIT + 1), MESSAGE_BODY_LIMIT)).toBe(true);
    }
    expect(exceedsCodePoints('あ'.repeat(1_199) + '😔', MESSAGE_BODY_LIMIT)).toBe(false);
    expect(exceedsCodePoints('あ'.repeat(1_200) + '😔', MESSAGE_BODY_LIMIT)).toBe(true);
  });

  it('agrees with counting, for any string and limit', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: 80 }), (text, limit) => {
        expect(exceedsCodePoints(text, limit)).toBe(countCodePoints(text) > limit);
      }),
    );
  });
});

describe('isWellFormedText', () => {
  it('refuses unpaired surrogates only', () => {
    expect(isWellFormedText('孤独 😔 fine')).toBe(true);
    expect(isWellFormedText('\ud83d')).toBe(false);
    expect(isWellFormedText('a\ude14')).toBe(false);
    expect(isWellFormedText('\ude14\ud83d')).toBe(false);
    fc.assert(
      fc.property(anyText, (text) => {
        expect(isWellFormedText(text)).toBe(text === Buffer.from(text, 'utf8').toString('utf8'));
      }),
    );
  });
});
