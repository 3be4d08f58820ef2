/**
 * Problems with a record, in words a counsellor understands, from zod's issues. A reason says what
 * is wrong with the field; it never repeats the value (see ./schema).
 */
import type { z } from 'zod';
import type { RecordProblemCode } from './schema';

export interface RecordProblem {
  /** The field, as a path inside the record (`receivedAt`, `languages[1]`); '' for the whole record. */
  field: string;
  code: RecordProblemCode;
  /** The reason, for a person: "is missing", "must be text, not a number". */
  message: string;
  /** The position of another record the problem is about (`messages[3]`), when there is one. */
  otherPosition?: string;
}

/** `languages[1]`, `body`, or '' for the record itself. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** What a JSON value is, in words: "a number", "a list", "null". */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return 'an object';
    default:
      return 'nothing';
  }
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function valueAt(record: unknown, path: readonly PropertyKey[]): unknown {
  let value = record;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/** One problem per field and reason, from zod's issues for `record`. */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  record: unknown,
  noun: string,
): RecordProblem[] {
  const problems: RecordProblem[] = [];
  for (const issue of issues) {
    const field = fieldPath(issue.path);
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          problems.push({
            field: fieldPath([...issue.path, key]),
            code: 'unknown-field',
            message: `is not a field of a ${noun} (a typing mistake, or a file from another version?)`,
          });
        }
        break;
      case 'invalid_type': {
        const value = valueAt(record, issue.path);
        if (value === undefined) {
          problems.push({ field, code: 'missing', message: 'is missing' });
        } else {
          const expected = EXPECTED[issue.expected] ?? issue.expected;
          problems.push({
            field,
            code: 'wrong-type',
            message: `must be ${expected}, not ${describeJsonValue(value)}`,
          });
        }
        break;
      }
      case 'custom': {
        const code = (issue.params as { problem?: RecordProblemCode } | undefined)?.problem;
        problems.push({ field, code: code ?? 'invalid-value', message: issue.message });
        break;
      }
      // Too short or too long is about text and lists; a number out of range is a wrong value.
      case 'too_small':
        problems.push({
          field,
          code: issue.origin === 'number' ? 'invalid-value' : 'empty',
          message: issue.message,
        });
        break;
      case 'too_big':
        problems.push({
          field,
          code: issue.origin === 'number' ? 'invalid-value' : 'too-long',
          message: issue.message,
        });
        break;
      default:
        problems.push({ field, code: 'invalid-value', message: issue.message });
    }
  }
  return problems;
}
