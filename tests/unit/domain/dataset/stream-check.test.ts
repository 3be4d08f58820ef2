/**
 * The streaming dataset check (issue 12.5): fed the file in pieces, it gives what validateDataset
 * gives for the whole text (records, invalid records with their problems, lines and columns,
 * counts), and hands back to validateDataset (null) only for text that is no dataset to stream.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  createDatasetStreamCheck,
  generateDemoDataset,
  serializeDataset,
  validateDataset,
  type DatasetValidation,
  type ValidateDatasetOptions,
} from '../../../../src/domain/dataset';
import { participantSchema } from '../../../../src/domain/dataset/schema';
import { MAX_INVALID_KEPT } from '../../../../src/domain/dataset/validate';
import { createBusinessCalendar } from '../../../../src/domain/calendar';
import { loadHolidayData } from '../../../../src/cli/commands/shared';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../../src/domain/settings/organisation-settings';
import { counsellor, message, participant, reply, type Json } from './builders';

function streamed(
  text: string,
  cuts: number[],
  options: ValidateDatasetOptions = {},
): DatasetValidation | null {
  const check = createDatasetStreamCheck(options);
  let at = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= at || cut >= text.length) continue;
    check.write(text.slice(at, cut));
    at = cut;
  }
  check.write(text.slice(at));
  return check.end();
}

/** Records, valid and not, of every kind the collections see. */
const anyRecord = fc.oneof(
  fc.constantFrom<Json>(
    participant(),
    participant({ id: 'p-2', jetNumber: null, email: 'x@example.com' }),
    participant({ id: 'p-1' }),
    participant({ language: 'fr' }),
    counsellor(),
    counsellor({ id: 'c-2', languages: [] }),
    message(),
    message({ id: 'm-2', participantId: 'p-2' }),
    message({ id: 'm-3', participantId: 'nobody' }),
    message({ id: 'm-4', receivedAt: '2030-01-01T00:00:00+09:00' }),
    reply(),
    reply({ id: 'r-2', threadId: 't-none' }),
    {},
    { id: 'p-9' },
  ),
  fc.jsonValue().map((v) => v as Json),
);

const collectionName = fc.constantFrom(
  'participants',
  'counsellors',
  'messages',
  'availability',
  'availabilityExceptions',
  'sessions',
);

/** A document: its fields in any order, some collections not lists, sometimes an extra field. */
const documentText = fc
  .tuple(
    fc.array(fc.tuple(collectionName, fc.array(anyRecord, { maxLength: 6 })), { maxLength: 5 }),
    fc.boolean(),
    fc.constantFrom(0, 1, 2),
    fc.option(
      fc.constantFrom<[string, unknown]>(
        ['mesages', []],
        ['format', 'x'],
        ['version', 2],
        ['messages', {}],
      ),
    ),
  )
  .map(([collections, formatFirst, indent, extra]) => {
    const head: [string, unknown][] = [
      ['format', 'counsellor-workstation.dataset'],
      ['version', 1],
    ];
    const fields = new Map<string, unknown>(formatFirst ? head : []);
    for (const [name, records] of collections) fields.set(name, records);
    if (!formatFirst) for (const [k, v] of head) fields.set(k, v);
    if (extra !== null) fields.set(extra[0], extra[1]);
    return JSON.stringify(Object.fromEntries(fields), null, indent);
  });

/** Now and then a character broken, removed or added. */
const nearDataset = fc
  .tuple(
    documentText,
    fc.nat(),
    fc.constantFrom('', ',', '}', ']', '"', 'x', ' ', '\n', '\uFEFF'),
    fc.constantFrom('keep', 'keep', 'keep', 'replace', 'insert', 'delete'),
  )
  .map(([text, at, piece, how]) => {
    const i = at % Math.max(1, text.length);
    if (how === 'keep') return text;
    if (how === 'replace') return text.slice(0, i) + piece + text.slice(i + 1);
    if (how === 'insert') return text.slice(0, i) + piece + text.slice(i);
    return text.slice(0, i) + text.slice(i + 1);
  });

const options = { nowMs: Date.parse('2027-01-01T00:00:00Z') };

/** Whether a field of the top-level object appears twice (the streamed check leaves that to the whole check). */
function hasDuplicateTopLevelKey(text: string): boolean {
  const keys = new Set<string>();
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) {
        const key = text.slice(i, j + 1);
        if (keys.has(key)) return true;
        keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      depth += 1;
      if (depth === 1) expectKey = c === '{';
    } else if (c === '}' || c === ']') depth -= 1;
    else if (c === ',' && depth === 1) expectKey = true;
  }
  return false;
}

describe('the dataset check fed in pieces', () => {
  it('property: the same result as validateDataset on the whole text, however it is cut; null only when that refuses the text as no JSON object, or a top-level field appears twice', () => {
    fc.assert(
      fc.property(nearDataset, fc.array(fc.nat({ max: 3000 }), { maxLength: 8 }), (text, cuts) => {
        const whole = validateDataset(text, options);
        const pieces = streamed(text, cuts, options);
        if (pieces === null) {
          // A field given twice: the whole check decides (as JSON.parse, the last one counts).
          if (hasDuplicateTopLevelKey(text)) return;
          expect(whole.ok).toBe(false);
          if (!whole.ok)
            expect(['not-json', 'not-an-object', 'empty']).toContain(whole.problems[0]!.kind);
        } else expect(pieces).toEqual(whole);
      }),
      { numRuns: 800 },
    );
  }, 60_000);

  it('leaves a top-level field given twice to the whole check (found by the property in CI)', () => {
    const text =
      '{\n "mesages": [],\n "format": "counsellor-workstation.dataset",\n "version": 1,\n "mesages": []\n}';
    expect(hasDuplicateTopLevelKey(text)).toBe(true);
    expect(streamed(text, [], options)).toBeNull();
    expect(hasDuplicateTopLevelKey('{"a": {"b": 1, "b": 2}, "c": "a"}')).toBe(false);
  });

  it('a demo dataset: the same records and counts, with a leading byte order mark too', () => {
    const calendar = createBusinessCalendar({
      holidays: loadHolidayData(),
      settings: DEFAULT_ORGANISATION_SETTINGS,
    });
    const text = `\uFEFF${serializeDataset(generateDemoDataset({ calendar, messages: 300 }))}`;
    const cuts = Array.from({ length: 40 }, (_, i) => i * 997 + 1);
    expect(streamed(text, cuts)).toEqual(validateDataset(text));
  });

  it('a file of many records is never held whole: each record is parsed on its own, then dropped', () => {
    const n = 20_000;
    const check = createDatasetStreamCheck();
    const parse = vi.spyOn(JSON, 'parse');
    const spy = vi.spyOn(participantSchema, 'safeParse');
    try {
      check.write('{"format":"counsellor-workstation.dataset","version":1,"participants":[\n');
      for (let i = 0; i < n; i += 1) check.write(i === 0 ? '{}' : ',\n{}');
      check.write('\n]}');
      const result = check.end();
      if (result === null || !result.ok) throw new Error('refused');
      expect(result.counts).toMatchObject({ records: n, valid: 0, invalid: n });
      expect(result.invalid).toHaveLength(MAX_INVALID_KEPT);
      expect(result.invalid[1]).toMatchObject({ position: 'participants[1]', line: 3, column: 1 });
      // Parsed one record at a time (never the whole text), and the schema ran for the margin only.
      expect(Math.max(...parse.mock.calls.map(([text]) => String(text).length))).toBeLessThan(100);
      expect(spy.mock.calls.length).toBeLessThanOrEqual(MAX_INVALID_KEPT * 10);
    } finally {
      parse.mockRestore();
      spy.mockRestore();
    }
  });

  it('reports progress as it reads, with a total estimated from the size', () => {
    const text = `{"format":"counsellor-workstation.dataset","version":1,"participants":[${Array(5000).fill('{}').join(',')}]}`;
    const seen: { done: number; total: number }[] = [];
    const check = createDatasetStreamCheck({
      sizeHint: text.length,
      onProgress: (p) => seen.push(p),
    });
    for (let at = 0; at < text.length; at += 1000) check.write(text.slice(at, at + 1000));
    check.end();
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[0]!.total).toBeGreaterThan(4000);
    expect(seen.at(-1)).toEqual({ done: 5000, total: 5000 });
  });
});
