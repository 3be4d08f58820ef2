/**
 * Which fields of which tables are sealed at rest, and the two moves between a record as the page
 * uses it and as IndexedDB holds it (DESIGN.md "Data", issue 7).
 *
 * Seal before a write transaction, open after a read one: WebCrypto is asynchronous, and awaiting it
 * inside an IndexedDB transaction lets the transaction commit early. A sealed value is bound to its
 * table, record key and field (the cipher's additional data), so a ciphertext moved elsewhere does
 * not open. A DBCore middleware (`sealedFieldGuard`) refuses any write that would put plaintext in
 * one of these fields, whatever code path tries it.
 */
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import type {
  DraftRecord,
  MessageRecord,
  NoteRecord,
  ParticipantRecord,
  SessionNoteRecord,
  StoredDraftRecord,
  StoredMessageRecord,
  StoredNoteRecord,
  StoredParticipantRecord,
  StoredSessionNoteRecord,
  StoredTemplateRecord,
  StoredThreadSubjectRecord,
  TemplateRecord,
  ThreadSubjectRecord,
} from '../records';
import {
  FieldDecryptionError,
  isEnvelope,
  normaliseJetNumber,
  type FieldCipher,
} from './field-cipher';

/** The sealed fields of each table, and the field that is the record's key (for the binding). */
export const SEALED_FIELDS = {
  participants: { key: 'id', fields: ['jetNumber', 'name', 'email', 'sourceHash'] },
  messages: { key: 'id', fields: ['subject', 'body', 'sourceHash'] },
  threadSubjects: { key: 'threadId', fields: ['subject'] },
  notes: { key: 'id', fields: ['body'] },
  drafts: { key: 'threadId', fields: ['body'] },
  templates: { key: 'id', fields: ['title', 'body'] },
  sessionNotes: { key: 'id', fields: ['body'] },
  claims: { key: 'id', fields: ['provider'] },
  auditReasons: { key: 'entryHash', fields: ['reason'] },
} as const satisfies Record<string, { key: string; fields: readonly string[] }>;

export type SealedTableName = keyof typeof SEALED_FIELDS;

/** The plain and the stored shape of each table with sealed fields (claims: see claims.ts). */
interface Shapes {
  participants: [ParticipantRecord, StoredParticipantRecord];
  messages: [MessageRecord, StoredMessageRecord];
  threadSubjects: [ThreadSubjectRecord, StoredThreadSubjectRecord];
  notes: [NoteRecord, StoredNoteRecord];
  drafts: [DraftRecord, StoredDraftRecord];
  templates: [TemplateRecord, StoredTemplateRecord];
  sessionNotes: [SessionNoteRecord, StoredSessionNoteRecord];
}
export type RecordTable = keyof Shapes;
export type PlainOf<N extends RecordTable> = Shapes[N][0];
export type StoredOf<N extends RecordTable> = Shapes[N][1];

type Loose = Record<string, unknown>;

/** Seals every sealed field of one record (and, for participants, adds the JET number's index). */
export async function sealRecord<N extends RecordTable>(
  cipher: FieldCipher,
  table: N,
  record: PlainOf<N>,
): Promise<StoredOf<N>> {
  const { key, fields } = SEALED_FIELDS[table];
  const plain = record as unknown as Loose;
  const id = String(plain[key]);
  const out: Loose = { ...plain };
  for (const field of fields) {
    const value = plain[field];
    if (value === undefined) continue;
    if (value !== null && typeof value !== 'string')
      throw new TypeError(`${table}.${field} must be text to be sealed`);
    out[field] = await cipher.sealNullable(value, { table, id, field });
  }
  if (table === 'participants') {
    const jet = plain.jetNumber as string | null;
    out.jetIndex = jet === null ? null : await cipher.blindIndex(normaliseJetNumber(jet));
  }
  return out as unknown as StoredOf<N>;
}

/** Opens every sealed field of one stored record; a value that does not open throws. */
export async function openRecord<N extends RecordTable>(
  cipher: FieldCipher,
  table: N,
  stored: StoredOf<N>,
): Promise<PlainOf<N>> {
  const { key, fields } = SEALED_FIELDS[table];
  const record = stored as unknown as Loose;
  const id = String(record[key]);
  const out: Loose = { ...record };
  for (const field of fields) {
    const value = record[field];
    if (value === undefined) continue;
    out[field] =
      value === null ? null : await cipher.open(value, { table, id, field: String(field) });
  }
  delete out.jetIndex;
  return out as unknown as PlainOf<N>;
}

export function sealAll<N extends RecordTable>(
  cipher: FieldCipher,
  table: N,
  records: readonly PlainOf<N>[],
): Promise<StoredOf<N>[]> {
  return Promise.all(records.map((r) => sealRecord(cipher, table, r)));
}

export function openAll<N extends RecordTable>(
  cipher: FieldCipher,
  table: N,
  records: readonly StoredOf<N>[],
): Promise<PlainOf<N>[]> {
  return Promise.all(records.map((r) => openRecord(cipher, table, r)));
}

/**
 * Opens records for a list, leaving out any that do not open (changed on disk, or under a key this
 * workstation no longer has): one bad record must not empty a whole list. Counts what it left out.
 */
export async function openReadable<N extends RecordTable>(
  cipher: FieldCipher,
  table: N,
  records: readonly StoredOf<N>[],
): Promise<{ records: PlainOf<N>[]; unreadable: number }> {
  const opened = await Promise.all(
    records.map((r) =>
      openRecord(cipher, table, r).catch((error: unknown) => {
        if (error instanceof FieldDecryptionError) return null;
        throw error;
      }),
    ),
  );
  const readable = opened.filter((r): r is Awaited<PlainOf<N>> => r !== null);
  return { records: readable, unreadable: opened.length - readable.length };
}

/** The sealed field of `table` holding plaintext in `value`, or null when there is none. */
export function plaintextField(table: string, value: unknown): string | null {
  const spec = (SEALED_FIELDS as Record<string, { fields: readonly string[] }>)[table];
  if (spec === undefined || typeof value !== 'object' || value === null) return null;
  for (const field of spec.fields) {
    const v = (value as Loose)[field];
    if (v !== undefined && v !== null && !isEnvelope(v)) return field;
  }
  return null;
}

/** A write refused because it would have stored plaintext in a sealed field. */
export class PlaintextRefusedError extends Error {
  constructor(
    readonly table: string,
    readonly field: string,
  ) {
    super(`${table}.${field} is sealed at rest: refusing to store it unencrypted`);
    this.name = 'PlaintextRefusedError';
  }
}

/**
 * The guard: a DBCore middleware that refuses an add or put carrying plaintext in a sealed field.
 * It never encrypts (that cannot be done inside a transaction); it only makes a mistake loud.
 */
export const sealedFieldGuard: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'sealed-field-guard',
  create(down) {
    return {
      ...down,
      table(name) {
        const table = down.table(name);
        if (!(name in SEALED_FIELDS)) return table;
        return {
          ...table,
          mutate(request: DBCoreMutateRequest) {
            if (request.type === 'add' || request.type === 'put') {
              for (const value of request.values) {
                const field = plaintextField(name, value);
                if (field !== null) return Promise.reject(new PlaintextRefusedError(name, field));
              }
            }
            return table.mutate(request);
          },
        };
      },
    };
  },
};
