import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createJsonChecker } from '../../../src/main/services/json-stream';

/** The text cut at the given places and fed piece by piece. */
function check(text: string, cuts: number[]): string | null {
  const checker = createJsonChecker();
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const to = Math.min(cut, text.length);
    if (checker.write(text.slice(at, Math.max(at, to))) !== null) break;
    at = Math.max(at, to);
  }
  checker.write(text.slice(at));
  return checker.end();
}

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** JSON texts, and texts near JSON (a character replaced, removed or added). */
const nearJson = fc
  .tuple(
    fc.oneof(
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v, null, 1) ?? 'null'),
    ),
    fc.nat(),
    fc.constantFrom(
      '',
      ',',
      '}',
      ']',
      '"',
      '\\',
      '0',
      '-',
      '.',
      'e',
      'x',
      ' ',
      '\n',
      '\u0001',
      'tru',
    ),
    fc.constantFrom('keep', 'replace', 'insert', 'delete'),
  )
  .map(([text, at, piece, how]) => {
    const i = text.length === 0 ? 0 : at % text.length;
    if (how === 'keep') return text;
    if (how === 'replace') return text.slice(0, i) + piece + text.slice(i + 1);
    if (how === 'insert') return text.slice(0, i) + piece + text.slice(i);
    return text.slice(0, i) + text.slice(i + 1);
  });

describe('the JSON check fed in pieces', () => {
  it('property: agrees with JSON.parse on what is one JSON value, however the text is cut', () => {
    fc.assert(
      fc.property(nearJson, fc.array(fc.nat({ max: 400 }), { maxLength: 6 }), (text, cuts) => {
        expect(check(text, cuts) === null).toBe(parses(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('numbers and literals at the edges', () => {
    for (const text of [
      '0',
      '-0',
      '1.5e+3',
      ' 12 ',
      'true',
      'null',
      '[]',
      '{}',
      '"a\\u00e9"',
      '[1,2]',
    ])
      expect(check(text, [1, 2]), text).toBeNull();
    for (const text of [
      '01',
      '-',
      '1.',
      '1e',
      '.5',
      'tru',
      '[1,]',
      '{"a"}',
      '{"a":1,}',
      '"\\x"',
      '1 2',
      '',
    ])
      expect(check(text, [1]), text).not.toBeNull();
  });

  it('says what and where', () => {
    expect(check('{"a": [1, 2 3]}', [5])).toBe('a missing comma or bracket at character 12');
    expect(check('["abc', [2])).toBe('an unterminated string at character 5');
  });
});
