import { describe, expect, it } from 'vitest';
import {
  findRiskSignals,
  splitForHighlight,
  summariseRiskSignals,
  type RiskMatch,
} from '../../../../src/domain/risk';

const match = (
  start: number,
  end: number,
  category: RiskMatch['category'] = 'suicide',
): RiskMatch => ({
  start,
  end,
  category,
  expressionId: `test.${category}`,
});

describe('splitForHighlight', () => {
  it('splits a text around its matches', () => {
    const text = 'I want to die. 死にたい';
    expect(splitForHighlight(text, findRiskSignals(text).matches)).toEqual([
      { text: 'I ' },
      {
        text: 'want to die',
        match: { category: 'suicide', expressionId: 'en.suicide.want-to-die' },
      },
      { text: '. ' },
      { text: '死にたい', match: { category: 'suicide', expressionId: 'ja.suicide.shinitai' } },
    ]);
  });

  it('gives one plain segment without matches, and none for an empty text', () => {
    expect(splitForHighlight('hello', [])).toEqual([{ text: 'hello' }]);
    expect(splitForHighlight('', [])).toEqual([]);
    expect(splitForHighlight('', [match(0, 3)])).toEqual([]);
  });

  it('highlights adjacent matches as separate segments', () => {
    expect(splitForHighlight('abcdef', [match(0, 3), match(3, 6, 'self-harm')])).toEqual([
      { text: 'abc', match: { category: 'suicide', expressionId: 'test.suicide' } },
      { text: 'def', match: { category: 'self-harm', expressionId: 'test.self-harm' } },
    ]);
  });

  it('never drops or repeats a character, whatever it is given', () => {
    const text = 'abcdefghij';
    const odd = [match(8, 20), match(-5, 2), match(3, 3), match(1, 5), match(4, 7), match(6, 4)];
    const segments = splitForHighlight(text, odd);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.match).map((s) => s.text)).toEqual(['ab', 'efg', 'ij']);
  });
});

describe('summariseRiskSignals', () => {
  it('marks possible risk and lists the categories in a fixed order', () => {
    expect(summariseRiskSignals([])).toEqual({
      possibleRisk: false,
      categories: [],
      matchCount: 0,
    });
    expect(summariseRiskSignals([match(0, 1, 'harm-to-others'), match(2, 3), match(4, 5)])).toEqual(
      { possibleRisk: true, categories: ['suicide', 'harm-to-others'], matchCount: 3 },
    );
  });
});
