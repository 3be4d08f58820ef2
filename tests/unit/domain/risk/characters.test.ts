import { describe, expect, it } from 'vitest';
import {
  characterAtom,
  characterForms,
  foldForMatching,
  kanaPair,
} from '../../../../src/domain/risk/characters';

describe('character equivalence', () => {
  it('folds patterns with NFKC and lower case', () => {
    expect(foldForMatching('ＫＩＬＬ Myself')).toBe('kill myself');
    expect(foldForMatching('ｵｰﾊﾞｰﾄﾞｰｽﾞ')).toBe('オーバードーズ');
  });

  it('pairs hiragana with katakana', () => {
    expect(kanaPair('し')).toEqual(['し', 'シ']);
    expect(kanaPair('シ')).toEqual(['し', 'シ']);
    expect(kanaPair('死')).toEqual(['死']);
    expect(kanaPair('ー')).toEqual(['ー']);
  });

  it.each<[string, string[]]>([
    ['k', ['k', 'ｋ', 'Ｋ', '\u212a' /* Kelvin sign */]],
    ['リ', ['り', 'リ', 'ﾘ']],
    ['ー', ['ー', 'ｰ']],
    ['ド', ['ど', 'ド', 'ﾄﾞ', 'ト\u3099', 'と\u3099', 'ﾄ\u3099']],
    ['ぱ', ['ぱ', 'パ', 'ﾊﾟ', 'は\u309a']],
    ['1', ['1', '１', '①']],
  ])('writes %j as, among others, %j', (char, expected) => {
    const forms = characterForms(char);
    for (const form of expected) expect(forms).toContain(form);
  });

  it('only lists forms that NFKC turns into the character (or its other kana, or case)', () => {
    for (const char of ['k', 'o', 'リ', 'ド', 'ぱ', 'ー', '死', '1']) {
      const targets = new Set(kanaPair(char).flatMap((c) => [c, c.toUpperCase()]));
      for (const form of characterForms(char)) {
        expect(targets.has(form.normalize('NFKC')), `${char}: ${form}`).toBe(true);
      }
    }
  });

  it('compiles to a fragment that matches every form and nothing else nearby', () => {
    for (const char of ['k', 'リ', 'ド', '死']) {
      const atom = new RegExp(`^(?:${characterAtom(char)})$`, 'i');
      for (const form of characterForms(char))
        expect(atom.test(form), `${char}: ${form}`).toBe(true);
    }
    expect(new RegExp(`^(?:${characterAtom('ド')})$`).test('ト')).toBe(false);
    expect(new RegExp(`^(?:${characterAtom('リ')})$`).test('ル')).toBe(false);
  });
});
