import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { participantSchema } from '../../../../src/domain/dataset/schema';
import { MAX_INVALID_KEPT, validateDataset } from '../../../../src/domain/dataset/validate';

describe('invalid records are capped (issue 12.5)', () => {
  it('keeps the first ones with their problems and line, and counts all of them', () => {
    const n = 5_000;
    const text = `{"format":"counsellor-workstation.dataset","version":1,"messages":[\n${Array(n).fill('{}').join(',\n')}\n]}`;
    const result = validateDataset(text);
    if (!result.ok) throw new Error('rejected');
    expect(result.counts).toMatchObject({ records: n, valid: 0, invalid: n });
    expect(result.invalid).toHaveLength(MAX_INVALID_KEPT);
    expect(result.collections.messages.invalid).toHaveLength(MAX_INVALID_KEPT);
    expect(result.invalid.map((r) => r.index)).toEqual(
      Array.from({ length: MAX_INVALID_KEPT }, (_, i) => i),
    );
    expect(result.invalid[0]).toMatchObject({ position: 'messages[0]', line: 2 });
    expect(result.invalid[0]!.problems.length).toBeGreaterThan(0);
  });
});

describe('the check of many invalid records is bounded (issue 12.5, streaming the check)', () => {
  const fileOf = (collection: string, records: string[]) =>
    `{"format":"counsellor-workstation.dataset","version":1,"${collection}":[\n${records.join(',\n')}\n]}`;

  it('past the ones kept in full, a record lacking a required field is counted without its schema working out its problems', () => {
    const n = 20_000;
    const spy = vi.spyOn(participantSchema, 'safeParse');
    try {
      const result = validateDataset(fileOf('participants', Array(n).fill('{}')));
      if (!result.ok) throw new Error('rejected');
      expect(result.counts).toMatchObject({ records: n, valid: 0, invalid: n });
      expect(result.invalid).toHaveLength(MAX_INVALID_KEPT);
      // The schema ran for the margin kept in full (MAX_INVALID_KEPT * 10), not for all 20,000.
      expect(spy.mock.calls.length).toBeLessThanOrEqual(MAX_INVALID_KEPT * 10);
    } finally {
      spy.mockRestore();
    }
  });

  it('counts and valid records are the same as a full check of each record, with or without missing fields', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            '{}',
            '{"id":"p-1"}',
            '{"id":"p-x","name":"A","email":"a@example.com","language":"en"}',
            '{"id":"p-y","name":"B","email":"b@example.com","language":"xx"}',
            '{"name":"C","email":"c@example.com","language":"ja"}',
            '[]',
          ),
          { minLength: 1, maxLength: 60 },
        ),
        (kinds) => {
          // Each record its own id where it has one, so duplicates do not mix in.
          const records = kinds.map((k, i) => k.replace(/"p-[a-z0-9]+"/, `"p-${i}"`));
          // A small file (everything checked in full) against a long one where the same records come
          // after 1,000 invalid ones (past the margin): the same records are valid.
          const alone = validateDataset(fileOf('participants', records));
          const filler = Array(MAX_INVALID_KEPT * 10).fill('{"id":1}');
          const late = validateDataset(fileOf('participants', [...filler, ...records]));
          if (!alone.ok || !late.ok) throw new Error('rejected');
          expect(late.counts.valid).toBe(alone.counts.valid);
          expect(late.counts.invalid).toBe(alone.counts.invalid + filler.length);
          expect(late.collections.participants.valid.map((r) => r.record)).toEqual(
            alone.collections.participants.valid.map((r) => r.record),
          );
        },
      ),
      { numRuns: 30 },
    );
  });
});
