import { describe, expect, it } from 'vitest';
import {
  createRiskMatcher,
  findRiskSignals,
  type RiskExpression,
} from '../../../../src/domain/risk';

/** The matched pieces of a text, as `[matched text, expression id]`. */
function found(text: string): [string, string][] {
  return findRiskSignals(text).matches.map((m) => [text.slice(m.start, m.end), m.expressionId]);
}

describe('findRiskSignals: English', () => {
  it.each<[string, string, string]>([
    ['I will kill myself', 'kill myself', 'en.suicide.kill-myself'],
    ['I am going to KILL MYSELF tonight', 'KILL MYSELF', 'en.suicide.kill-myself'],
    ['I want to kill\nmyself', 'kill\nmyself', 'en.suicide.kill-myself'],
    ['kill\r\n  myself', 'kill\r\n  myself', 'en.suicide.kill-myself'],
    ['I have been thinking about suicide.', 'suicide', 'en.suicide.suicide'],
    ['suicide prevention week is next month', 'suicide', 'en.suicide.suicide'],
    ['I feel suicidal again', 'suicidal', 'en.suicide.suicide'],
    ['Suicides among teachers', 'Suicides', 'en.suicide.suicide'],
    ['I just want to end my life', 'end my life', 'en.suicide.end-my-life'],
    ['sometimes I want to die', 'want to die', 'en.suicide.want-to-die'],
    ['I don’t want to die', 'want to die', 'en.suicide.want-to-die'],
    ['there is no reason to live', 'no reason to live', 'en.suicide.no-reason-to-live'],
    ["I don't want to live anymore", "don't want to live", 'en.suicide.no-reason-to-live'],
    ['I don’t want to live', 'don’t want to live', 'en.suicide.no-reason-to-live'],
    ['I dont want to live', 'dont want to live', 'en.suicide.no-reason-to-live'],
    ['everyone would be better off dead', 'better off dead', 'en.suicide.better-off-dead'],
    ['"better off dead," she said', 'better off dead', 'en.suicide.better-off-dead'],
    ['I hurt myself last night', 'hurt myself', 'en.self-harm.hurt-myself'],
    ['I cut myself again', 'cut myself', 'en.self-harm.cut-myself'],
    ['I have been self-harming', 'self-harming', 'en.self-harm.self-harm'],
    ['self harm', 'self harm', 'en.self-harm.self-harm'],
    ['self\u2013harm', 'self\u2013harm', 'en.self-harm.self-harm'],
    ['thinking of an overdose', 'overdose', 'en.self-harm.overdose'],
    ['I overdosed once', 'overdosed', 'en.self-harm.overdose'],
    ['I might hurt someone', 'hurt someone', 'en.harm-to-others.hurt-someone'],
    ['I could kill him', 'kill him', 'en.harm-to-others.kill-someone'],
    ['I want to kill her.', 'kill her', 'en.harm-to-others.kill-someone'],
    ['I will kill them all', 'kill them', 'en.harm-to-others.kill-someone'],
    ['my friend wants to kill himself', 'kill himself', 'en.suicide.kill-oneself-other'],
    ['(kill myself)', 'kill myself', 'en.suicide.kill-myself'],
    ['死にたいkill myself', 'kill myself', 'en.suicide.kill-myself'],
  ])('%j → %j (%s)', (text, match, id) => {
    expect(found(text)).toContainEqual([match, id]);
  });

  it.each([
    ['skill myself', 'a letter before the first word'],
    ['I upskill myself every week', 'inside a word'],
    ['killing myselfish', 'a letter after the last word'],
    ['kill hims', 'a letter after the last word'],
    ['killmyself', 'no space between the words'],
    ['kill, myself', 'punctuation between the words'],
    ['kill_myself', 'an underscore is not a separator'],
    ['I want to diet', 'a longer word'],
    ['I feel fine, thank you for asking.', 'nothing of the sort'],
    ['ｓkill myself', 'a full-width letter before the first word'],
    ['ékill myself', 'an accented Latin letter before the first word'],
    ['', 'an empty text'],
  ])('%j has no match (%s)', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('finds full-width English, with offsets into the text as written', () => {
    const text = 'ｋｉｌｌ　ｍｙｓｅｌｆ';
    expect(findRiskSignals(text).matches).toEqual([
      { start: 0, end: 11, expressionId: 'en.suicide.kill-myself', category: 'suicide' },
    ]);
    expect(found('ＳＵＩＣＩＤＥ')).toEqual([['ＳＵＩＣＩＤＥ', 'en.suicide.suicide']]);
    expect(found('ｓｅｌｆ－ｈａｒｍ')).toEqual([['ｓｅｌｆ－ｈａｒｍ', 'en.self-harm.self-harm']]);
  });
});

describe('findRiskSignals: Japanese', () => {
  it.each<[string, string, string]>([
    ['もう死にたい', '死にたい', 'ja.suicide.shinitai'],
    ['最近ずっとしにたいと思う', 'しにたい', 'ja.suicide.shinitai'],
    ['シニタイ', 'シニタイ', 'ja.suicide.shinitai'],
    ['ｼﾆﾀｲ', 'ｼﾆﾀｲ', 'ja.suicide.shinitai'],
    ['死にたくなる', '死にたく', 'ja.suicide.shinitai'],
    ['消えたい', '消えたい', 'ja.suicide.kietai'],
    ['自殺について考えている', '自殺', 'ja.suicide.jisatsu'],
    ['自殺したい', '自殺したい', 'ja.suicide.jisatsu-shitai'],
    ['もう生きていたくない。', '生きていたくない', 'ja.suicide.ikitakunai'],
    ['生きる意味がないと感じる', '生きる意味がない', 'ja.suicide.ikitakunai'],
    ['首を吊ろうかと', '首を吊', 'ja.suicide.method'],
    ['屋上から飛び降りたい', '飛び降り', 'ja.suicide.method'],
    ['リストカットをしてしまった', 'リストカット', 'ja.self-harm.wrist-cut'],
    ['りすとかっと', 'りすとかっと', 'ja.self-harm.wrist-cut'],
    ['ﾘｽﾄｶｯﾄ', 'ﾘｽﾄｶｯﾄ', 'ja.self-harm.wrist-cut'],
    ['昨日リスカした', 'リスカ', 'ja.self-harm.wrist-cut'],
    ['自傷行為がやめられない', '自傷', 'ja.self-harm.jishou'],
    ['オーバードーズした', 'オーバードーズ', 'ja.self-harm.overdose'],
    ['ｵｰﾊﾞｰﾄﾞｰｽﾞ', 'ｵｰﾊﾞｰﾄﾞｰｽﾞ', 'ja.self-harm.overdose'],
    ['おーばーどーず', 'おーばーどーず', 'ja.self-harm.overdose'],
    [
      'オーハ\u3099ート\u3099ース\u3099',
      'オーハ\u3099ート\u3099ース\u3099',
      'ja.self-harm.overdose',
    ],
    ['昨日ＯＤした', 'ＯＤした', 'ja.self-harm.overdose'],
    ['昨日ODした', 'ODした', 'ja.self-harm.overdose'],
    ['上司を殺したい', '殺したい', 'ja.harm-to-others.koroshitai'],
    ['誰かを傷つけたい', '傷つけたい', 'ja.harm-to-others.kizutsuketai'],
    ['死に\nたい', '死に\nたい', 'ja.suicide.shinitai'],
    ['死に　たい', '死に　たい', 'ja.suicide.shinitai'],
    ['自 殺', '自 殺', 'ja.suicide.jisatsu'],
  ])('%j → %j (%s)', (text, match, id) => {
    expect(found(text)).toContainEqual([match, id]);
  });

  it.each([
    ['死ぬほど疲れた', '"死ぬ" alone is not on the list (死ぬほど is an idiom)'],
    ['市にたいして要望を出した', 'a look-alike (市にたいして) is not on the list'],
    ['毎日楽しく働いています。', 'nothing of the sort'],
    ['自分で決めました', '"自分" alone'],
    ['生きがいを見つけた', '"生き" alone'],
  ])('%j has no match (%s)', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('findRiskSignals: offsets, overlaps, order', () => {
  it('gives UTF-16 offsets into the original text, emoji and all', () => {
    const text = '😀😀 I want to die 👋';
    const [match] = findRiskSignals(text).matches;
    // Each emoji is two UTF-16 code units: 4 + " I " = 7.
    expect(match).toEqual({
      start: 7,
      end: 18,
      expressionId: 'en.suicide.want-to-die',
      category: 'suicide',
    });
    expect(text.slice(match!.start, match!.end)).toBe('want to die');

    const japanese = '👨‍👩‍👧 ﾄﾞｳｼﾖｳ… ｼﾆﾀｲ';
    const [jm] = findRiskSignals(japanese).matches;
    expect(japanese.slice(jm!.start, jm!.end)).toBe('ｼﾆﾀｲ');
  });

  it('prefers the longest expression where two overlap', () => {
    // 自殺したい (suicide) contains 殺したい (harm to others) and 自殺 (suicide).
    expect(found('自殺したい')).toEqual([['自殺したい', 'ja.suicide.jisatsu-shitai']]);
    // 自分を傷つけたい (self-harm) contains 傷つけたい (harm to others).
    expect(found('自分を傷つけたい')).toEqual([['自分を傷つけたい', 'ja.self-harm.jishou']]);
    expect(found('kill himself')).toEqual([['kill himself', 'en.suicide.kill-oneself-other']]);
  });

  it('prefers the longest match even when it starts later', () => {
    const list: RiskExpression[] = [
      { id: 'en.t.short', language: 'en', category: 'self-harm', pattern: 'cut my', note: 't' },
      {
        id: 'en.t.long',
        language: 'en',
        category: 'suicide',
        pattern: 'my life is over',
        note: 't',
      },
    ];
    const matcher = createRiskMatcher(list);
    const text = 'cut my life is over';
    expect(matcher.find(text).matches).toEqual([
      { start: 4, end: 19, expressionId: 'en.t.long', category: 'suicide' },
    ]);
  });

  it('prefers the longer variant at one position, over a wildcard or an optional apostrophe', () => {
    const matcher = createRiskMatcher([
      { id: 'en.t.w', language: 'en', category: 'harm-to-others', pattern: 'murder*', note: 't' },
      { id: 'en.t.l', language: 'en', category: 'suicide', pattern: 'murder suicide', note: 't' },
      { id: 'en.t.a', language: 'en', category: 'suicide', pattern: "can't", note: 't' },
      { id: 'en.t.b', language: 'en', category: 'suicide', pattern: "can't go on", note: 't' },
    ]);
    const ids = (text: string) => matcher.find(text).matches.map((m) => m.expressionId);
    expect(ids('a murder suicide case')).toEqual(['en.t.l']);
    expect(ids('murders')).toEqual(['en.t.w']);
    expect(ids("I can't go on")).toEqual(['en.t.b']);
    expect(ids('I cant go on')).toEqual(['en.t.b']);
    expect(ids("I can't sleep")).toEqual(['en.t.a']);
  });

  it('returns several matches in text order, never overlapping', () => {
    const text = 'I want to die. 死にたい。 I cut myself. suicide';
    expect(found(text)).toEqual([
      ['want to die', 'en.suicide.want-to-die'],
      ['死にたい', 'ja.suicide.shinitai'],
      ['cut myself', 'en.self-harm.cut-myself'],
      ['suicide', 'en.suicide.suicide'],
    ]);
  });

  it('finds the same expression twice', () => {
    expect(found('死にたい死にたい')).toEqual([
      ['死にたい', 'ja.suicide.shinitai'],
      ['死にたい', 'ja.suicide.shinitai'],
    ]);
  });
});

describe('createRiskMatcher', () => {
  it('refuses an invalid list and says what is wrong', () => {
    const bad: RiskExpression[] = [
      { id: 'en.t.a', language: 'en', category: 'suicide', pattern: 'kill (myself)', note: 'x' },
    ];
    expect(() => createRiskMatcher(bad)).toThrow(/en\.t\.a: "kill \(myself\)"/);
  });

  it('works with a list of one language only, or none', () => {
    expect(createRiskMatcher([]).find('kill myself 死にたい').matches).toEqual([]);
    const ja = createRiskMatcher([
      { id: 'ja.t.a', language: 'ja', category: 'suicide', pattern: '死にたい', note: 'x' },
    ]);
    expect(ja.find('kill myself 死にたい').matches).toHaveLength(1);
  });

  it('handles a Japanese pattern outside the Basic Multilingual Plane', () => {
    const matcher = createRiskMatcher([
      { id: 'ja.t.a', language: 'ja', category: 'suicide', pattern: '𠮷野家', note: 'x' },
    ]);
    expect(matcher.find('今日は𠮷野家へ').matches).toEqual([
      { start: 3, end: 7, expressionId: 'ja.t.a', category: 'suicide' },
    ]);
  });
});
