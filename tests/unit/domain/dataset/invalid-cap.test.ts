import { describe, expect, it } from 'vitest';
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
