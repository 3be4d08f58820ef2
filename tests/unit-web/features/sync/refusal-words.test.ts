/** Every refusal of the sync server has words in both languages, naming the holder, never an id. */
import { describe, expect, it } from 'vitest';
import {
  actionKey,
  codeKey,
  refusalWords,
} from '../../../../src/renderer/features/sync/refusal-words';
import { MUTATION_NAMES } from '../../../../src/sync/mutations';
import { REFUSAL_CODES } from '../../../../src/sync/protocol';
import { tEn, tJa } from '../../i18n-fixture';

describe('refusal words', () => {
  it.each([
    ['en', tEn],
    ['ja', tJa],
  ] as const)('word every mutation and every code in %s', (_, t) => {
    for (const name of MUTATION_NAMES) expect(t(actionKey(name))).not.toBe(actionKey(name));
    for (const code of REFUSAL_CODES) expect(t(codeKey(code))).not.toBe(codeKey(code));
  });

  it('names who holds the thread by name, and someone when the name is not known here', () => {
    const refusal = { name: 'thread.take', code: 'thread-held', params: { holderId: 'c-01' } };
    const named = refusalWords(tEn, refusal, (id) => (id === 'c-01' ? 'Dr Kim' : undefined));
    expect(named.action).toBe('Taking a thread');
    expect(named.what).toContain('Dr Kim holds this thread');
    expect(named.what).not.toContain('c-01');
    const unknown = refusalWords(tJa, refusal, () => undefined);
    expect(unknown.what).toContain('別のカウンセラー');
    expect(unknown.what).not.toContain('c-01');
    expect(refusalWords(tEn, { ...refusal, name: 'future.thing' }, () => undefined).action).toBe(
      'A change',
    );
  });
});
