/**
 * A refusal of the sync server in the person's words: what was refused (the mutation, never its
 * arguments) and what happened and what to do (the refusal code). The holder of a thread is named
 * by the counsellor's name; no id is ever shown.
 */
import type { TFunction } from 'i18next';
import { MUTATION_NAMES, type MutationName } from '../../../sync/mutations';
import { REFUSAL_CODES, type RefusalCode } from '../../../sync/protocol';

/** `thread.take` → `thread-take` (i18next reads a dot in a key as a level). */
type Hyphenated<N> = N extends `${infer A}.${infer B}` ? `${A}-${B}` : never;

/**
 * The key of a mutation's words (every name of the contract has words: the type checks it
 * against the English table), or the general one for a name this app does not know.
 */
export const actionKey = (name: string) =>
  (MUTATION_NAMES as readonly string[]).includes(name)
    ? (`syncRefusals.action.${name.replace('.', '-') as Hyphenated<MutationName>}` as const)
    : ('syncRefusals.action.other' as const);

/** The key of a refusal code's words: what happened and what to do. */
export const codeKey = (code: string) =>
  (REFUSAL_CODES as readonly string[]).includes(code)
    ? (`syncRefusals.code.${code as RefusalCode}` as const)
    : ('syncRefusals.code.invalid-arguments' as const);

export function refusalWords(
  t: TFunction,
  refusal: { name: string; code: string; params: Record<string, string | number | null> },
  counsellorName: (id: string) => string | undefined,
): { action: string; what: string } {
  const holderId = refusal.params.holderId;
  const holder =
    (typeof holderId === 'string' ? counsellorName(holderId) : undefined) ??
    t('syncRefusals.someone');
  // A reply refused for a thread held by another is back as a draft: that is said for replies only.
  const what =
    refusal.code === 'thread-held' && refusal.name === 'reply.send'
      ? t('syncRefusals.code.thread-held-reply', { holder })
      : t(codeKey(refusal.code), { holder });
  return { action: t(actionKey(refusal.name)), what };
}
