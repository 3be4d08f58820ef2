/**
 * An import's problems in Japanese (issue 14 item 5): the dataset check's English sentences
 * reached the Japanese UI; each problem code is now worded there.
 */
import { describe, expect, it } from 'vitest';
import type { DocumentProblem, InvalidRecord } from '../../../src/domain/dataset';
import type { RecordProblemCode } from '../../../src/domain/dataset/schema';
import {
  documentProblemText,
  invalidRecordText,
} from '../../../src/renderer/features/import/import-problem-text';
import { tEn, tJa } from '../i18n-fixture';

const CODES: Record<RecordProblemCode, true> = {
  'not-an-object': true,
  missing: true,
  'wrong-type': true,
  empty: true,
  'invalid-value': true,
  'too-long': true,
  'damaged-text': true,
  'unknown-field': true,
  'mixed-message-kind': true,
  'duplicate-value': true,
  'duplicate-id': true,
  'unknown-reference': true,
  'invalid-reference': true,
  'reply-without-message': true,
  'thread-participant-mismatch': true,
  'in-the-future': true,
  'identifier-in-id': true,
};

function record(code: RecordProblemCode, field: string): InvalidRecord {
  return {
    collection: 'messages',
    index: 3,
    position: 'messages[3]',
    id: 'm-3',
    line: 12,
    column: 5,
    problems: [{ field, code, message: `English sentence for ${code}` }],
  };
}

describe('import problems in the UI language', () => {
  it('English keeps the check’s own sentence', () => {
    expect(invalidRecordText(record('missing', 'body'), tEn, 'en')).toBe(
      'messages[3] (id "m-3", line 12): body English sentence for missing',
    );
  });

  it('Japanese words a missing field with its position and line', () => {
    expect(invalidRecordText(record('missing', 'body'), tJa, 'ja')).toBe(
      'messages[3]（12行目）：bodyがありません',
    );
    expect(invalidRecordText(record('duplicate-id', ''), tJa, 'ja')).toBe(
      'messages[3]（12行目）：レコードのIDが別のレコードと重複しています',
    );
  });

  it.each(Object.keys(CODES) as RecordProblemCode[])(
    'code %s has Japanese words, no English sentence and no missing key',
    (code) => {
      for (const field of ['', 'receivedAt']) {
        const text = invalidRecordText(record(code, field), tJa, 'ja');
        expect(text).not.toContain('English sentence');
        expect(text).not.toContain('importProblem.');
        expect(text.replace(/messages|receivedAt|JET/g, '')).not.toMatch(/[A-Za-z]{3,}/);
      }
    },
  );

  it('every kind of whole-file problem is worded in Japanese', () => {
    const problems: DocumentProblem[] = [
      { kind: 'empty', message: 'x' },
      { kind: 'not-json', line: 3, column: 7, reason: 'Unexpected token', message: 'x' },
      { kind: 'not-an-object', message: 'x' },
      { kind: 'wrong-format', message: 'x' },
      { kind: 'unsupported-version', message: 'x' },
      { kind: 'unknown-field', field: 'extras', message: 'x' },
      { kind: 'not-a-list', collection: 'messages', message: 'x' },
    ];
    for (const problem of problems) {
      const text = documentProblemText(problem, tJa, 'ja');
      expect(text).not.toContain('importProblem.');
      expect(text.replace(/extras|messages|JSON/g, '')).not.toMatch(/[A-Za-z]{3,}/);
      expect(documentProblemText(problem, tEn, 'en')).toBe('x');
    }
    expect(documentProblemText(problems[1]!, tJa, 'ja')).toContain('3行目、7文字目');
  });
});
