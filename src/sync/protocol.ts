/**
 * The sync server's HTTP messages (version 1, under `/v1`): sign-in and tokens, push, pull, the
 * events stream and the audit anchor (enrolment's are in ./enrolment). Every request body and
 * every response body has a schema here; the server checks what it receives, the workstation what
 * it gets back.
 */
import { z } from 'zod';
import { mutationSchema } from './mutations';
import { recordIdSchema, SYNCED_TABLE_NAMES } from './records';

export const PROTOCOL_VERSION = 1;
/** The most mutations one push carries, and the most record changes one pull page returns. */
export const MAX_PUSH_MUTATIONS = 100;
export const MAX_PULL_CHANGES = 1000;

export const ROLES = ['counsellor', 'supervisor'] as const;
export type AccountRole = (typeof ROLES)[number];

/** An organisation's short name, as typed at sign-in (`clair-counselling`). */
export const organisationSlugSchema = z
  .string()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, {
    message: 'must be lower-case letters, digits and hyphens',
  });
/** A person's sign-in name (`a.tanaka`). */
export const loginSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/, {
    message: 'must be lower-case letters, digits, dots, hyphens and underscores',
  });
export const passwordSchema = z
  .string()
  .min(12, { message: 'must be at least 12 characters' })
  .max(200);

export const loginRequestSchema = z.strictObject({
  organisation: organisationSlugSchema,
  login: loginSchema,
  password: z.string().min(1).max(200),
});

export const accountSchema = z.strictObject({
  id: z.uuid(),
  organisation: organisationSlugSchema,
  login: loginSchema,
  role: z.enum(ROLES),
  /** The counsellor record this person answers as (null for a supervisor who is no counsellor). */
  counsellorId: recordIdSchema.nullable(),
});
export type Account = z.infer<typeof accountSchema>;

export const tokensSchema = z.strictObject({
  accessToken: z.string(),
  /** Seconds the access token lives. */
  expiresIn: z.number().int().positive(),
  refreshToken: z.string(),
  account: accountSchema,
  /** The server's clock (ms), so the workstation can say when its own is off. */
  serverTime: z.number().int(),
});
export type Tokens = z.infer<typeof tokensSchema>;

export const refreshRequestSchema = z.strictObject({ refreshToken: z.string().min(1).max(200) });

/** A workstation profile signed in to an account: the unit that numbers its mutations. */
export const clientRegistrationSchema = z.strictObject({ clientId: z.uuid() });
/**
 * `POST /v1/clients`: a new client id, or (`clientId` given: the one this workstation already
 * uses for the account) that one registered again if the server does not know it, as after a
 * restore from a backup made before it was registered. The answer is `clientRegistrationSchema`.
 */
export const clientRegistrationRequestSchema = z.strictObject({ clientId: z.uuid().optional() });

export const pushRequestSchema = z.strictObject({
  clientId: z.uuid(),
  mutations: z.array(mutationSchema).min(1).max(MAX_PUSH_MUTATIONS),
});

/** Why the server refused a mutation. A refused mutation consumes its id; it never blocks others. */
export const REFUSAL_CODES = [
  'unknown-mutation',
  'unsupported-version',
  'invalid-arguments',
  'forbidden-role',
  'not-found',
  'thread-held',
  'already-exists',
  /** A booking, change, cancellation or outcome the booking rules refuse (`problems` says why). */
  'booking-refused',
  /** An availability rule or exception the rules cannot read. */
  'invalid-availability',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export const refusalSchema = z.strictObject({
  mutationId: z.number().int(),
  name: z.string(),
  code: z.enum(REFUSAL_CODES),
  /** What the workstation needs to word it (`holderId`, `path`…): never text or identifiers of participants. */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  at: z.number().int(),
});
export type Refusal = z.infer<typeof refusalSchema>;

export const pushResultSchema = z.strictObject({
  id: z.number().int(),
  status: z.enum(['applied', 'refused', 'skipped']),
});

export const pushResponseSchema = z.strictObject({
  /** The highest mutation id of this client the server has dealt with (applied or refused). */
  lastMutationId: z.number().int().min(0),
  results: z.array(pushResultSchema),
  refusals: z.array(refusalSchema),
  serverTime: z.number().int(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullRequestSchema = z.strictObject({
  clientId: z.uuid(),
  /** The version the workstation has everything up to (0: nothing yet). */
  cursor: z.number().int().min(0),
  /**
   * The organisation's log id as this workstation last pulled it (the response's `log`): another
   * one now means the server was restored from a backup, and the pull starts over.
   */
  log: z.string().min(1).max(100).optional(),
  limit: z.number().int().min(1).max(MAX_PULL_CHANGES).optional(),
  /** Refusals up to this mutation id have been shown: the server stops sending them. */
  refusalsSeenThrough: z.number().int().min(0).optional(),
  /** The next page of a snapshot: echo the last response's `snapshot` while `more` is true. */
  snapshot: z.boolean().optional(),
});

export const changeSchema = z.strictObject({
  table: z.enum(SYNCED_TABLE_NAMES as [string, ...string[]]),
  id: recordIdSchema,
  version: z.number().int(),
  /** The record as the server holds it (sealed fields as envelopes), or null when gone for you. */
  record: z.record(z.string(), z.unknown()).nullable(),
});
export type Change = z.infer<typeof changeSchema>;

export const pullResponseSchema = z.strictObject({
  /** True when the cursor was older than the tombstone horizon: drop what you hold, this is a snapshot. */
  reset: z.boolean(),
  /**
   * The reset is because the server was restored from a backup (the workstation was ahead of it):
   * what reached the server after that backup was made is no longer on it.
   */
  restored: z.boolean(),
  /** The organisation's log id: pass it with the next pull. */
  log: z.string().min(1).max(100),
  changes: z.array(changeSchema),
  /** Pass this as the next cursor. */
  cursor: z.number().int(),
  /** More changes wait: pull again at once. */
  more: z.boolean(),
  /** This page is part of a snapshot that goes on: pass `snapshot: true` with the next pull. */
  snapshot: z.boolean(),
  lastMutationId: z.number().int().min(0),
  refusals: z.array(refusalSchema),
  serverTime: z.number().int(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/**
 * The audit log's anchor kept on the server, per client (a workstation profile): how many entries
 * its log had and the newest entry's hash, as the workstation's audit chain makes it (hex SHA-256,
 * src/domain/audit/chain.ts; the same pair src/domain/audit/anchor.ts compares a log with). It only
 * moves forward, so a workstation put back to an earlier copy of its data is found: the server's
 * anchor is ahead of it (`rolled-back`), or at its count with another hash (a fork).
 */
export const auditHashSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { message: 'must be 64 lower-case hex digits' });
export const auditAnchorSchema = z.strictObject({
  count: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  hash: auditHashSchema,
});
export type AuditAnchor = z.infer<typeof auditAnchorSchema>;

/** `POST /v1/audit-anchor`: move the client's anchor to this (count, hash). */
export const auditAnchorRequestSchema = z.strictObject({
  clientId: z.uuid(),
  count: auditAnchorSchema.shape.count,
  hash: auditHashSchema,
});
/** `POST /v1/audit-anchor/get`: the anchor the server holds for the client. */
export const auditAnchorGetRequestSchema = z.strictObject({ clientId: z.uuid() });
export const auditAnchorResponseSchema = z.strictObject({
  /** Null when the client has never sent one. */
  anchor: auditAnchorSchema.nullable(),
  serverTime: z.number().int(),
});
export type AuditAnchorResponse = z.infer<typeof auditAnchorResponseSchema>;

/** What every error response of the server says: a code, and where when a request was malformed. */
export const ERROR_CODES = [
  'invalid-request',
  'unauthenticated',
  'token-expired',
  'forbidden',
  'too-many-attempts',
  'unknown-client',
  'mutation-gap',
  'not-found',
  'conflict',
  /** The server cannot do it yet (the organisation has not published its intake key). */
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorResponseSchema = z.strictObject({
  error: z.enum(ERROR_CODES),
  /** For `invalid-request`: the field, dotted (`mutations.3.args.threadId`). */
  path: z.string().optional(),
  message: z.string(),
  /** For `mutation-gap`: the id the server expects next. */
  expected: z.number().int().optional(),
  /** For `too-many-attempts`: seconds to wait. */
  retryAfter: z.number().int().optional(),
  /** For `conflict` on the audit anchor: the anchor the server holds (ahead, or another hash). */
  anchor: auditAnchorSchema.optional(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** The events stream (`GET /v1/events`, server-sent events): a poke says "pull now". */
export const EVENT_POKE = 'poke';
