/**
 * An import's problems in the UI's language. The dataset check (src/domain/dataset) gives each
 * problem a code (and a kind for the whole file) with an English sentence for the CLI; in English
 * the page shows that sentence, which carries the exact detail, and in Japanese it words the code
 * with the position, line and field (the file's own names, which stay as written).
 */
import type { TFunction } from 'i18next';
import {
  describeInvalidRecord,
  type DocumentProblem,
  type InvalidRecord,
} from '../../../domain/dataset/validate';

export function invalidRecordText(record: InvalidRecord, t: TFunction, language: string): string {
  if (language !== 'ja') return describeInvalidRecord(record);
  const head =
    record.line === null
      ? record.position
      : t('importProblem.at', { position: record.position, line: record.line });
  const reasons = record.problems.map((p) => {
    const reason = t(`importProblem.codes.${p.code}`);
    return p.field === ''
      ? t('importProblem.record', { reason })
      : t('importProblem.field', { field: p.field, reason });
  });
  return `${head}：${reasons.join('／')}`;
}

export function documentProblemText(
  problem: DocumentProblem,
  t: TFunction,
  language: string,
): string {
  if (language !== 'ja') return problem.message;
  switch (problem.kind) {
    case 'not-json':
      return t('importProblem.document.not-json', { line: problem.line, column: problem.column });
    case 'unknown-field':
      return t('importProblem.document.unknown-field', { field: problem.field });
    case 'not-a-list':
      return t('importProblem.document.not-a-list', { collection: problem.collection });
    default:
      return t(`importProblem.document.${problem.kind}`);
  }
}
