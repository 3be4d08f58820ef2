import { describe, expect, it } from 'vitest';
import {
  COUNT_MEASURES,
  DERIVED_MEASURES,
  REPORTED_OUTCOMES,
  TOPIC_CATEGORIES,
} from '../../../../src/domain/reports';
import {
  JA_CATEGORIES,
  JA_MEASURES,
  PDF_TEXT,
} from '../../../../src/main/services/report-pdf-text';
import { ja } from '../../../../src/renderer/i18n/ja';

describe('the Japanese words of the report PDF', () => {
  it('name every measure as the app does', () => {
    for (const measure of [...COUNT_MEASURES, ...DERIVED_MEASURES]) {
      expect(JA_MEASURES[measure], measure).toBe(
        (ja.reports.measures as Record<string, string>)[measure],
      );
    }
  });

  it('name every category as the app does', () => {
    const app = ja.reports.categories;
    expect(JA_CATEGORIES.all).toBe(app.all);
    for (const language of ['en', 'ja', 'unknown'] as const)
      expect(JA_CATEGORIES[`language:${language}`]).toBe(app.language[language]);
    for (const topic of TOPIC_CATEGORIES) {
      const slug = topic.slice('topic:'.length);
      expect(JA_CATEGORIES[topic], topic).toBe((app.topic as Record<string, string>)[slug]);
    }
    for (const outcome of REPORTED_OUTCOMES) {
      const word = (ja.sessions.outcomes as Record<string, string>)[outcome];
      expect(JA_CATEGORIES[`outcome:${outcome}`], outcome).toBe(
        app.outcome.replace('{{outcome}}', word!),
      );
    }
    expect(JA_CATEGORIES['counsellor:none']).toBe(app.counsellorNone);
    expect(PDF_TEXT.ja.categoryLabel('counsellor:3')).toBe(app.counsellor.replace('{{id}}', '3'));
  });

  it('show a token it has no word for as the token', () => {
    expect(PDF_TEXT.ja.measure('a-new-measure')).toBe('a-new-measure');
    expect(PDF_TEXT.ja.categoryLabel('topic:new')).toBe('topic:new');
    expect(PDF_TEXT.en.categoryLabel('language:ja')).toBe('language:ja');
  });
});
