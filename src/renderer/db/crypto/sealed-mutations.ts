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
import { SYNCED_TABLES } from '../../../sync/records';

/**
 * The mutations this workstation writes with sealed arguments: the table the values are bound to,
 * the argument holding the record's id, and the sealed arguments. `records.import` carries whole
 * records (an import for the team, ../repositories/share.ts): their sealed fields are those of
 * their tables in the contract (`SYNCED_TABLES`), each bound to its record.
 */
export const SEALED_ARGUMENTS = {
  'note.add': { table: 'notes', id: 'noteId', fields: ['body'] },
  'reply.send': { table: 'messages', id: 'replyId', fields: ['subject', 'body'] },
  'sessionNote.add': { table: 'sessionNotes', id: 'noteId', fields: ['body'] },
} as const satisfies Partial<
  Record<MutationName, { table: SealedTableName; id: string; fields: readonly string[] }>
>;

export interface SealedArgument {
  /** Where it is in the arguments: `['body']`, or `['records', 3, 'record', 'name']`. */
  path: readonly (string | number)[];
  sealed: Sealed;
  place: FieldPlace;
}

type Loose = Record<string, unknown>;

/** The sealed values of a `records.import`'s records. */
function importedSealedValues(args: Loose): SealedArgument[] {
  const records = Array.isArray(args.records) ? (args.records as Loose[]) : [];
  return records.flatMap((entry, index) => {
    const table = entry.table as keyof typeof SYNCED_TABLES;
    const record = (entry.record ?? {}) as Loose;
    if (!Object.hasOwn(SYNCED_TABLES, table)) return [];
    return (SYNCED_TABLES[table].sealed as readonly string[]).flatMap((field) => {
      const sealed = record[field] as Sealed | null | undefined;
      if (sealed === null || sealed === undefined) return [];
      return [
        {
          path: ['records', index, 'record', field],
          sealed,
          place: { table: table as SealedTableName, id: String(record.id), field },
        },
      ];
    });
  });
}

/** The sealed values of an `intake.accept`: a registration's or a message's fields, in place. */
function intakeSealedValues(args: Loose): SealedArgument[] {
  const places: [string, SealedTableName, unknown][] =
    args.kind === 'participant'
      ? [
          ['name', 'participants', args.participantId],
          ['email', 'participants', args.participantId],
          ['jetNumber', 'participants', args.participantId],
        ]
      : [
          ['subject', 'messages', args.messageId],
          ['body', 'messages', args.messageId],
          ['threadSubject', 'threadSubjects', args.threadId],
        ];
  return places.flatMap(([argument, table, id]) => {
    const sealed = args[argument] as Sealed | null | undefined;
    if (sealed === null || sealed === undefined) return [];
    const field = argument === 'threadSubject' ? 'subject' : argument;
    return [{ path: [argument], sealed, place: { table, id: String(id), field } }];
  });
}

/** The sealed arguments of one outbox entry, with their places (none for most mutations). */
export function sealedArguments(entry: { name: string; args: unknown }): SealedArgument[] {
  if (entry.name === 'records.import') return importedSealedValues((entry.args ?? {}) as Loose);
  if (entry.name === 'intake.accept') return intakeSealedValues((entry.args ?? {}) as Loose);
  if (!Object.hasOwn(SEALED_ARGUMENTS, entry.name)) return [];
  const spec = SEALED_ARGUMENTS[entry.name as keyof typeof SEALED_ARGUMENTS];
  const args = (entry.args ?? {}) as Loose;
  return spec.fields.flatMap((argument) => {
    const sealed = args[argument] as Sealed | null | undefined;
    if (sealed === null || sealed === undefined) return [];
    return [
      {
        path: [argument],
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
  // A deep copy: the entry read from the outbox is left as it was.
  const args = structuredClone(entry.args) as Loose;
  for (const value of values) {
    let at: Loose = args;
    for (const step of value.path.slice(0, -1)) at = at[step as string] as Loose;
    at[value.path.at(-1) as string] = await reseal(value);
  }
  return { ...entry, args };
}
