import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSyntaxProblem } from '../../../src/main/services/json-check';

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('the JSON check that builds nothing', () => {
  it('accepts every JSON value JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        expect(jsonSyntaxProblem(JSON.stringify(value, null, pretty ? 2 : 0))).toBeNull();
      }),
    );
  });

  it('agrees with JSON.parse on damaged texts', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.nat(),
        fc.constantFrom('', ',', '}', ']', '"', '\\', 'x', '{', ':', '\u0001'),
        fc.boolean(),
        (value, at, insert, cut) => {
          const text = JSON.stringify(value);
          const position = at % (text.length + 1);
          const damaged = cut
            ? text.slice(0, position)
            : text.slice(0, position) + insert + text.slice(position);
          expect(jsonSyntaxProblem(damaged) === null).toBe(parses(damaged));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each(['', '{', '{"a":1,}', '[1 2]', '{"a" 1}', 'tru', '01', '"a\\q"', '{} {}'])(
    'says where %j is not JSON',
    (text) => {
      expect(jsonSyntaxProblem(text)).toMatch(/at character \d+/);
    },
  );
});
