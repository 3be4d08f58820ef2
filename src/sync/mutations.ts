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
  MAX_TAG_LENGTH,
  MAX_TAGS,
  ASSESSED_RISK_LEVELS,
  availabilityExceptionWireSchema,
  availabilityRuleWireSchema,
  counsellorWireSchema,
  messageWireSchema,
  participantWireSchema,
  recordIdSchema,
  releaseWireSchema,
  sessionWireSchema,
  threadSubjectWireSchema,
  threadWireSchema,
} from './records';
import { keySealedSchema } from './intake';
import { optionalSealedSchema, sealedSchema } from './sealed';

/** At most this many records in one `records.import` (a file import is pushed in batches). */
export const MAX_IMPORT_BATCH = 200;

/** The most tags a thread carries, and the longest tag (UTF-16 code units, as zod counts). */
export { MAX_TAG_LENGTH, MAX_TAGS } from './records';

const tagSchema = z.string().trim().min(1).max(MAX_TAG_LENGTH);

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
    args: z.strictObject({ threadId: recordIdSchema, tags: z.array(tagSchema).max(MAX_TAGS) }),
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
  /**
   * Book a session on a participant's behalf. The server decides with its own clock and the
   * sessions it holds: the slot still free, the cutoff not passed, the quota not used up.
   */
  'session.book': {
    v: 1,
    args: z.strictObject({
      sessionId: recordIdSchema,
      participantId: recordIdSchema,
      counsellorId: recordIdSchema,
      startMs: z.number().int().min(0),
    }),
  },
  /** Move a scheduled session (before its cutoff) to a new start and/or counsellor. */
  'session.change': {
    v: 1,
    args: z.strictObject({
      sessionId: recordIdSchema,
      startMs: z.number().int().min(0),
      counsellorId: recordIdSchema.optional(),
    }),
  },
  /** Cancel a scheduled session: `cancelled` before its cutoff, `late-cancelled` after (server clock). */
  'session.cancel': { v: 1, args: z.strictObject({ sessionId: recordIdSchema }) },
  /** Record that a session took place or that the participant did not come. */
  'session.recordOutcome': {
    v: 1,
    args: z.strictObject({
      sessionId: recordIdSchema,
      outcome: z.enum(['completed', 'no-show']),
      channel: z.enum(['video', 'phone']).optional(),
      durationMinutes: z.number().int().min(1).max(120).nullable().optional(),
    }),
  },
  /**
   * A note on a video session (its counsellor's, or a supervisor's). Insert-only: a note is never
   * edited or removed.
   */
  'sessionNote.add': {
    v: 1,
    args: z.strictObject({
      noteId: recordIdSchema,
      sessionId: recordIdSchema,
      body: sealedSchema,
    }),
  },
  /** A counsellor's recurring availability (their own; supervisors any), added or replaced. */
  'availability.putRule': { v: 1, args: z.strictObject({ rule: availabilityRuleWireSchema }) },
  'availability.removeRule': { v: 1, args: z.strictObject({ ruleId: recordIdSchema }) },
  /** A day off or an extra window on one date, added or replaced. */
  'availability.putException': {
    v: 1,
    args: z.strictObject({ exception: availabilityExceptionWireSchema }),
  },
  'availability.removeException': { v: 1, args: z.strictObject({ exceptionId: recordIdSchema }) },
  /**
   * A report release on the organisation's register, recorded before its file is written (anyone
   * who may export or show a CO view; a release only ever adds suppression).
   */
  'release.record': { v: 1, args: z.strictObject({ release: releaseWireSchema }) },
  /** Supervisors: a release taken off the register (its export was cancelled or failed). */
  'release.withdraw': { v: 1, args: z.strictObject({ releaseId: recordIdSchema }) },
  /**
   * A delivery from the portal taken in (issue 16): the workstation opened it with the
   * organisation's intake key and sealed its fields again under the organisation's data keys, as
   * it stores them. The server builds the records from what it holds of the delivery (ids, its own
   * receipt instant, the flags) with these sealed fields, and empties its sealed copy. Anyone of
   * the organisation may; a delivery taken in already changes nothing.
   */
  'intake.accept': {
    v: 1,
    args: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('participant'),
        participantId: recordIdSchema,
        name: sealedSchema,
        email: sealedSchema,
        jetNumber: optionalSealedSchema,
        jetIndex: participantWireSchema.shape.jetIndex,
      }),
      z.strictObject({
        kind: z.literal('message'),
        messageId: recordIdSchema,
        /** The delivery's conversation (the server checks it is the one it holds). */
        threadId: recordIdSchema,
        subject: sealedSchema,
        body: sealedSchema,
        /** The subject again, sealed for the thread (used when the message starts one). */
        threadSubject: sealedSchema,
        /** The crisis-expression signal the workstation found in the text (DOMAIN.md). */
        riskSignal: z.boolean(),
      }),
    ]),
  },
  /**
   * A reply to a participant who came through the portal, sealed to the portal's public key (the
   * server cannot open it) so that the portal shows it on their My Page. Anyone of the
   * organisation who can read the reply may; the first stands, a later one changes nothing.
   */
  'reply.forPortal': {
    v: 1,
    args: z.strictObject({
      replyId: recordIdSchema,
      subject: keySealedSchema,
      body: keySealedSchema,
    }),
  },
  /** Supervisors: the organisation's settings, for every workstation. */
  'settings.update': { v: 1, args: z.strictObject({ settings: organisationSettingsSchema }) },
  /**
   * Supervisors: records from a file import (participants, counsellors, threads and their
   * messages, sessions and availability), sealed as the workstation stores them. A record already held is left as it is.
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
            z.strictObject({ table: z.literal('sessions'), record: sessionWireSchema }),
            z.strictObject({
              table: z.literal('availabilityRules'),
              record: availabilityRuleWireSchema,
            }),
            z.strictObject({
              table: z.literal('availabilityExceptions'),
              record: availabilityExceptionWireSchema,
            }),
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
