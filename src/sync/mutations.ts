/**
 * Named mutations: every change a person makes that the team must see is one of these, with
 * versioned zod arguments. The workstation applies it at once and writes it to its outbox in the
 * same transaction; the server applies it again, in order, with the same rules of `src/domain`
 * (DESIGN.md "Sync"). A server accepts exactly the versions listed here: an argument shape that
 * changes gets a new version, and the old one stays accepted while workstations may still hold it.
 */
import { z } from 'zod';
import { organisationSettingsSchema } from '../domain/settings/settings-schema';
import {
  ASSESSED_RISK_LEVELS,
  counsellorWireSchema,
  messageWireSchema,
  participantWireSchema,
  recordIdSchema,
  threadSubjectWireSchema,
  threadWireSchema,
} from './records';
import { sealedSchema } from './sealed';

/** At most this many records in one `records.import` (a file import is pushed in batches). */
export const MAX_IMPORT_BATCH = 200;

const tagSchema = z.string().trim().min(1).max(40);

export const MUTATIONS = {
  /** Take a thread: first come, first served on the server; the loser is told who holds it. */
  'thread.take': { v: 1, args: z.strictObject({ threadId: recordIdSchema }) },
  /** Give a thread back to the shared queue (its holder, or a supervisor). */
  'thread.release': { v: 1, args: z.strictObject({ threadId: recordIdSchema }) },
  /** Supervisors: give a thread to a counsellor, or back to the queue (null). */
  'thread.reassign': {
    v: 1,
    args: z.strictObject({ threadId: recordIdSchema, counsellorId: recordIdSchema.nullable() }),
  },
  'thread.setRisk': {
    v: 1,
    args: z.strictObject({ threadId: recordIdSchema, level: z.enum(ASSESSED_RISK_LEVELS) }),
  },
  'thread.setTags': {
    v: 1,
    args: z.strictObject({ threadId: recordIdSchema, tags: z.array(tagSchema).max(20) }),
  },
  /** Insert-only: a note is never edited or removed. */
  'note.add': {
    v: 1,
    args: z.strictObject({
      noteId: recordIdSchema,
      threadId: recordIdSchema,
      body: sealedSchema,
    }),
  },
  /**
   * Send a reply. Only the thread's holder may (an unheld thread is taken by it); refused
   * otherwise, and the workstation keeps the text as a draft. Insert-only.
   */
  'reply.send': {
    v: 1,
    args: z.strictObject({
      replyId: recordIdSchema,
      threadId: recordIdSchema,
      subject: sealedSchema,
      body: sealedSchema,
    }),
  },
  /** Supervisors: the organisation's settings, for every workstation. */
  'settings.update': { v: 1, args: z.strictObject({ settings: organisationSettingsSchema }) },
  /**
   * Supervisors: records from a file import (participants, counsellors, threads and their
   * messages), sealed as the workstation stores them. A record already held is left as it is.
   */
  'records.import': {
    v: 1,
    args: z.strictObject({
      records: z
        .array(
          z.discriminatedUnion('table', [
            z.strictObject({ table: z.literal('participants'), record: participantWireSchema }),
            z.strictObject({ table: z.literal('counsellors'), record: counsellorWireSchema }),
            z.strictObject({ table: z.literal('threads'), record: threadWireSchema }),
            z.strictObject({
              table: z.literal('threadSubjects'),
              record: threadSubjectWireSchema,
            }),
            z.strictObject({ table: z.literal('messages'), record: messageWireSchema }),
          ]),
        )
        .min(1)
        .max(MAX_IMPORT_BATCH),
    }),
  },
} as const;

export type MutationName = keyof typeof MUTATIONS;
export const MUTATION_NAMES = Object.keys(MUTATIONS) as MutationName[];
export type MutationArgs<N extends MutationName> = z.infer<(typeof MUTATIONS)[N]['args']>;

/** One mutation as the outbox holds it and the push carries it. */
export const mutationSchema = z.strictObject({
  /** Per-workstation client, increasing by one from 1. */
  id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  name: z.string().min(1).max(64),
  /** The version of the argument shape. */
  v: z.number().int().min(1).max(1000),
  args: z.unknown(),
  /** When the person did it, by the workstation's clock (shown, never trusted for rules). */
  at: z.number().int().min(0),
});
export type Mutation = z.infer<typeof mutationSchema>;

/** Checks a mutation's name, version and arguments; the refusal code when they do not fit. */
export function parseMutation(mutation: Mutation):
  | { ok: true; name: MutationName; args: unknown }
  | {
      ok: false;
      code: 'unknown-mutation' | 'unsupported-version' | 'invalid-arguments';
      path?: string;
      message?: string;
    } {
  if (!Object.hasOwn(MUTATIONS, mutation.name)) return { ok: false, code: 'unknown-mutation' };
  const name = mutation.name as MutationName;
  const entry = MUTATIONS[name];
  if (entry.v !== mutation.v) return { ok: false, code: 'unsupported-version' };
  const parsed = entry.args.safeParse(mutation.args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      code: 'invalid-arguments',
      path: issue ? issue.path.join('.') : '',
      message: issue?.message ?? 'invalid',
    };
  }
  return { ok: true, name, args: parsed.data };
}
