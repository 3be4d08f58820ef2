import { describe, expect, it } from 'vitest';
import {
  RISK_CATEGORIES,
  RISK_EXPRESSIONS,
  RISK_EXPRESSION_LIST_VERSION,
  findRiskSignals,
  patternVariants,
  validateRiskExpressions,
  type RiskExpression,
} from '../../../../src/domain/risk';

/** FNV-1a over the list as JSON: changes whenever an entry does. */
function fingerprint(value: unknown): string {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(value)) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

describe('the maintained expression list', () => {
  it('is valid', () => {
    expect(validateRiskExpressions(RISK_EXPRESSIONS)).toEqual([]);
  });

  it('covers every category in both languages', () => {
    for (const language of ['en', 'ja'] as const) {
      for (const category of RISK_CATEGORIES) {
        const entries = RISK_EXPRESSIONS.filter(
          (e) => e.language === language && e.category === category,
        );
        expect(entries.length, `${language} ${category}`).toBeGreaterThan(0);
      }
    }
  });

  it('names each entry <language>.<category>.<name>', () => {
    for (const e of RISK_EXPRESSIONS)
      expect(e.id.startsWith(`${e.language}.${e.category}.`)).toBe(true);
  });

  it.each([
    ['kill myself', 'suicide'],
    ['end my life', 'suicide'],
    ['want to die', 'suicide'],
    ['suicide', 'suicide'],
    ['suicidal', 'suicide'],
    ['no reason to live', 'suicide'],
    ['better off dead', 'suicide'],
    ['hurt myself', 'self-harm'],
    ['cut myself', 'self-harm'],
    ['overdose', 'self-harm'],
    ['hurt someone', 'harm-to-others'],
    ['kill him', 'harm-to-others'],
    ['kill her', 'harm-to-others'],
    ['kill them', 'harm-to-others'],
    ['死にたい', 'suicide'],
    ['消えたい', 'suicide'],
    ['自殺', 'suicide'],
    ['自殺したい', 'suicide'],
    ['生きていたくない', 'suicide'],
    ['生きる意味がない', 'suicide'],
    ['首を吊', 'suicide'],
    ['飛び降り', 'suicide'],
    ['リストカット', 'self-harm'],
    ['自傷', 'self-harm'],
    ['オーバードーズ', 'self-harm'],
    ['殺したい', 'harm-to-others'],
    ['傷つけたい', 'harm-to-others'],
  ])('holds %j (%s)', (phrase, category) => {
    const text = `「${phrase}」 `;
    const matches = findRiskSignals(text).matches;
    expect(matches).toHaveLength(1);
    expect(text.slice(matches[0]!.start, matches[0]!.end)).toBe(phrase);
    expect(matches[0]!.category).toBe(category);
  });

  it('finds every variant of every entry as that entry, in a sentence', () => {
    for (const expression of RISK_EXPRESSIONS) {
      for (const variant of patternVariants(expression)) {
        const written = variant.replaceAll('*', '');
        const text = expression.language === 'en' ? `Well, ${written}. OK` : `それで${written}。`;
        const matches = findRiskSignals(text).matches;
        const where = `${expression.id}: ${variant}`;
        expect(matches, where).toHaveLength(1);
        expect(text.slice(matches[0]!.start, matches[0]!.end), where).toBe(written);
        expect(matches[0]!.expressionId, where).toBe(expression.id);
      }
    }
  });

  // When the list changes, stored signals must be recomputed: bump RISK_EXPRESSION_LIST_VERSION
  // in expressions.ts, then write the new version and fingerprint here.
  it('changes only together with its version number', () => {
    expect({
      version: RISK_EXPRESSION_LIST_VERSION,
      fingerprint: fingerprint(RISK_EXPRESSIONS),
    }).toEqual({ version: 1, fingerprint: 'f555fe9e' });
  });
});

describe('validateRiskExpressions', () => {
  const entry = (over: Partial<RiskExpression>): RiskExpression => ({
    id: 'en.suicide.test',
    language: 'en',
    category: 'suicide',
    pattern: 'kill myself',
    note: 'a note',
    ...over,
  });
  const messages = (list: RiskExpression[]) => validateRiskExpressions(list).map((p) => p.message);

  it.each<[string, Partial<RiskExpression>, RegExp]>([
    ['a bad id', { id: 'EN Suicide' }, /entry 1: id must be/],
    ['a regex in English', { pattern: 'kill (myself|me)' }, /must be words of letters/],
    ['a wildcard inside a word', { pattern: 'ki*ll' }, /must be words of letters/],
    ['a leading apostrophe', { pattern: "'til the end" }, /must be words of letters/],
    ['double spaces', { pattern: 'kill  myself' }, /must be words of letters/],
    ['full-width letters in English', { pattern: 'ｋｉｌｌ' }, /must be words of letters/],
    ['an empty variant', { pattern: ['kill myself', ' '] }, /a variant is empty/],
    ['no variants', { pattern: [] }, /the pattern has no variants/],
    ['no note', { note: ' ' }, /a note saying why/],
    ['a space in Japanese', { language: 'ja', pattern: '死に たい' }, /must not contain spaces/],
    [
      'a wildcard in Japanese',
      { language: 'ja', pattern: '死に*' },
      /must not contain spaces or "\*"/,
    ],
    [
      'Japanese without kana or kanji',
      { language: 'ja', pattern: 'od' },
      /at least one kana or kanji/,
    ],
    [
      'a variant that finds the same text',
      { pattern: ["don't want to live", 'dont want to live'] },
      /finds the same text as a variant of en\.suicide\.test/,
    ],
    [
      'kana variants that find the same text',
      { language: 'ja', pattern: ['しにたい', 'シニタイ'] },
      /finds the same text/,
    ],
    [
      'an unknown category',
      { category: 'sadness' as RiskExpression['category'] },
      /category must be/,
    ],
    ['an unknown language', { language: 'fr' as RiskExpression['language'] }, /language must be/],
  ])('reports %s', (_what, over, expected) => {
    expect(messages([entry(over)]).join('\n')).toMatch(expected);
  });

  it('reports an id used twice', () => {
    expect(messages([entry({}), entry({ pattern: 'end my life' })])).toEqual([
      'en.suicide.test: the id is used twice (entries 1 and 2)',
    ]);
  });

  it('accepts hyphens, apostrophes, digits and a wildcard at the end of a word', () => {
    expect(messages([entry({ pattern: ["can't go on", 'self-harm*', 'take 20 pills'] })])).toEqual(
      [],
    );
  });
});
