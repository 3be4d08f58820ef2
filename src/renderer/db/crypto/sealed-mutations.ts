/**
 * The sealed values in the outbox: which arguments of a named mutation are envelopes, and the
 * record and field each is bound to (the place it is stored in here, and will rest in on the sync
 * server). A key rotation and a restore seal these again as they do the records' own fields, so
 * that a mutation waiting in the outbox never holds a value under a key this workstation retired.
 */
import type { MutationName } from '../../../sync/mutations';
import type { Sealed } from '../../../sync/sealed';
import type { FieldPlace } from './field-cipher';
import type { SealedTableName } from './sealed-records';

/**
 * The mutations this workstation writes with sealed arguments: the table the values are bound to,
 * the argument holding the record's id, and the sealed arguments. (`records.import` carries sealed
 * records too, but the workstation does not write it to its outbox.)
 */
export const SEALED_ARGUMENTS = {
  'note.add': { table: 'notes', id: 'noteId', fields: ['body'] },
  'reply.send': { table: 'messages', id: 'replyId', fields: ['subject', 'body'] },
  'sessionNote.add': { table: 'sessionNotes', id: 'noteId', fields: ['body'] },
} as const satisfies Partial<
  Record<MutationName, { table: SealedTableName; id: string; fields: readonly string[] }>
>;

export interface SealedArgument {
  /** The argument's name. */
  argument: string;
  sealed: Sealed;
  place: FieldPlace;
}

type Loose = Record<string, unknown>;

/** The sealed arguments of one outbox entry, with their places (none for most mutations). */
export function sealedArguments(entry: { name: string; args: unknown }): SealedArgument[] {
  if (!Object.hasOwn(SEALED_ARGUMENTS, entry.name)) return [];
  const spec = SEALED_ARGUMENTS[entry.name as keyof typeof SEALED_ARGUMENTS];
  const args = (entry.args ?? {}) as Loose;
  return spec.fields.flatMap((argument) => {
    const sealed = args[argument] as Sealed | null | undefined;
    if (sealed === null || sealed === undefined) return [];
    return [
      {
        argument,
        sealed,
        place: { table: spec.table, id: String(args[spec.id]), field: argument },
      },
    ];
  });
}

/** The entry with each sealed argument replaced by what `reseal` makes of it. */
export async function resealArguments<E extends { name: string; args: unknown }>(
  entry: E,
  reseal: (value: SealedArgument) => Promise<Sealed>,
): Promise<E> {
  const values = sealedArguments(entry);
  if (values.length === 0) return entry;
  const args: Loose = { ...(entry.args as Loose) };
  for (const value of values) args[value.argument] = await reseal(value);
  return { ...entry, args };
}
