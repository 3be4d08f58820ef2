import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, positionAt } from '../../../../src/domain/dataset';
import { locateArrayElements } from '../../../../src/domain/dataset/json-text';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('findJsonSyntaxError', () => {
  it.each([
    ['{"a": 1,\n "b": 2\n "c": 3}', 3, 2, 'is a comma missing?'],
    ['{"a": [1, 2,]}', 1, 13, 'a comma too many?'],
    ['{"a": 1,}', 1, 9, 'a comma too many?'],
    ["{'a': 1}", 1, 2, 'double quotes'],
    ['{"a": "text}', 1, 7, 'never closed'],
    ['{"a": "line\nbreak"}', 1, 12, 'line break'],
    ['{"a": 1', 1, 8, 'a closing "}" is missing'],
    ['[1, 2', 1, 6, 'a closing "]" is missing'],
    ['{"a" 1}', 1, 6, 'expected ":"'],
    ['{"a": True}', 1, 7, 'lower case'],
    ['{"a": 01}', 1, 8, 'is a comma missing?'],
    ['{"a": "\\x"}', 1, 8, 'not an escape'],
    ['{"a": "\\u12"}', 1, 8, 'four hexadecimal digits'],
    ['{} {}', 1, 4, 'after the end'],
    ['\u00a0{}', 1, 1, 'special space'],
    ['', 1, 1, 'empty'],
  ])('finds the error in %j at line %i, column %i', (text, line, column, reason) => {
    expect(parses(text)).toBe(false);
    const error = findJsonSyntaxError(text);
    expect(error).toMatchObject({ line, column });
    expect(error?.reason).toContain(reason);
  });

  it('finds nothing in valid JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 0, 2, '\t'), (value, indent) => {
        expect(findJsonSyntaxError(JSON.stringify(value, null, indent))).toBeNull();
      }),
    );
  });

  it('agrees with JSON.parse on damaged JSON', () => {
    const damaged = fc
      .tuple(
        fc.json(),
        fc.nat(),
        fc.constantFrom('', ',', '"', '}', ']', '{', '[', ':', 'x', '\n', '\\', '1', ' '),
        fc.nat({ max: 2 }),
      )
      .map(([text, at, insert, remove]) => {
        const i = text.length === 0 ? 0 : at % text.length;
        return text.slice(0, i) + insert + text.slice(i + remove);
      });
    fc.assert(
      fc.property(damaged, (text) => {
        expect(findJsonSyntaxError(text) === null).toBe(parses(text));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('positionAt', () => {
  it('counts lines and columns from 1', () => {
    expect(positionAt('ab\ncd\r\nef', 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt('ab\ncd\r\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(positionAt('ab\ncd\r\nef', 8)).toEqual({ line: 3, column: 2 });
  });
});

describe('locateArrayElements', () => {
  it('finds where the wanted elements of the top-level arrays start', () => {
    const document = {
      format: 'x',
      note: ['not', 'wanted'],
      messages: [{ id: 'a', text: 'with "quotes", [brackets] and \\ backslashes' }, 7, { id: 'c' }],
      participants: [],
    };
    const text = JSON.stringify(document, null, 2);
    const found = locateArrayElements(
      text,
      new Map([
        ['messages', new Set([0, 2])],
        ['participants', new Set([0])],
      ]),
    );
    const lines = text.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(found.get('messages')).toEqual(
      new Map([
        [0, { line: lineOf('"id": "a"') - 1, column: 5 }],
        [2, { line: lineOf('"id": "c"') - 1, column: 5 }],
      ]),
    );
    expect(found.get('participants')).toEqual(new Map());
  });

  it('takes the last of a repeated top-level field, as JSON.parse does', () => {
    const text = '{"messages": [1], "messages": [2, 3]}';
    const found = locateArrayElements(text, new Map([['messages', new Set([1])]]));
    expect(found.get('messages')?.get(1)).toEqual({ line: 1, column: 35 });
  });
});
