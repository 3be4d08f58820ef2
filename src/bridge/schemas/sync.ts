/**
 * The sync channels (issue 15): the page asks the main process (the browser host in its place),
 * which does all network I/O, to sign in, push, pull and wait for the server's pokes. Pushes and
 * pulls carry the sync contract's own messages (src/sync/protocol.ts), checked both ways.
 */
import { z } from 'zod';
import { MAX_ENROLMENT_SECONDS, MIN_ENROLMENT_SECONDS } from '../../sync/enrolment';
import { mutationSchema } from '../../sync/mutations';
import {
  MAX_PUSH_MUTATIONS,
  ROLES,
  loginSchema,
  organisationSlugSchema,
  pullRequestSchema,
} from '../../sync/protocol';
import { WORD_COUNT } from '../../sync/words';
import { passphraseSchema } from './security';

/** The longest a `sync.waitForChange` long-poll waits. */
export const SYNC_WAIT_MAX_MS = 30_000;

export const syncSignInInputSchema = z.strictObject({
  /** `https://…` (plain `http://` only to this computer: 127.0.0.1, ::1, localhost). */
  serverUrl: z.string().trim().min(1).max(2000),
  organisation: organisationSlugSchema,
  login: loginSchema,
  password: z.string().min(1).max(200),
  /**
   * The workstation profile the person signs in as: the main process ties it to the account
   * (a supervisor account's password becomes the profile's credential, and proves the role now).
   */
  profileId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
    .optional(),
});
export type SyncSignInInput = z.infer<typeof syncSignInInputSchema>;

export const syncPushInputSchema = z.strictObject({
  mutations: z.array(mutationSchema).min(1).max(MAX_PUSH_MUTATIONS),
});

/** A pull as the page asks for it: the transport adds the client id. */
export const syncPullInputSchema = pullRequestSchema.omit({ clientId: true });
export type SyncPullInput = z.infer<typeof syncPullInputSchema>;

export const syncWaitInputSchema = z.strictObject({
  timeoutMs: z.number().int().min(0).max(SYNC_WAIT_MAX_MS),
});
/** `changed`: a poke (or a reconnect, a wake, the fallback timer) since the last call: pull now. */
export const syncWaitOutputSchema = z.strictObject({ changed: z.boolean() });

export const SYNC_CONNECTION_STATES = [
  /** The workstation is locked: the connection (sealed under its keys) cannot be read. */
  'locked',
  'signed-out',
  /** Signed in, no answer from the server yet since the unlock or the sign-in. */
  'connecting',
  'online',
  /** The last attempt failed; the next one is due or under way. */
  'offline',
  /** The last attempts failed; the next one waits until `nextAttemptAt`. */
  'backing-off',
] as const;

/** How far the workstation's clock may be off the server's before it says so (DOMAIN.md 8). */
export const CLOCK_TOLERANCE_MS = 2 * 60_000;

export const syncStatusSchema = z.strictObject({
  connection: z.enum(SYNC_CONNECTION_STATES),
  /** The server signed in to, or last signed in to (null while locked or never). */
  serverUrl: z.string().nullable(),
  organisation: z.string().nullable(),
  /** Who is signed in. */
  account: z
    .strictObject({
      login: z.string(),
      role: z.enum(ROLES),
      organisation: z.string(),
      counsellorId: z.string().nullable(),
    })
    .nullable(),
  /** The client id this workstation's mutations for the account are numbered under. */
  clientId: z.string().nullable(),
  /** The events stream (pokes): `connected` once the server said it is ready. */
  events: z.enum(['stopped', 'connecting', 'connected']),
  /** When the next attempt goes, while backing off (ms since the epoch). */
  nextAttemptAt: z.number().int().nullable(),
  /** The last push or pull the server answered (ms since the epoch, this workstation's clock). */
  lastSyncAt: z.number().int().nullable(),
  /** The server's clock minus this workstation's, from the server's last answer. */
  clock: z.strictObject({ offsetMs: z.number().int(), off: z.boolean() }).nullable(),
  /**
   * Why signed out, when it was not the person: `unreadable` (the stored connection does not open
   * with this workstation's keys), `session-ended` (the server ended the session: sign in again).
   */
  problem: z.enum(['unreadable', 'session-ended']).nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/** `revoked`: the server was told (false when it could not be reached; the token is gone here). */
export const syncSignOutOutputSchema = z.strictObject({ revoked: z.boolean() });

/** How long an enrolment waits to be claimed unless the supervisor says otherwise. */
export const DEFAULT_ENROLMENT_MINUTES = 60;

/**
 * Enrol another workstation (a supervisor signed in): the passphrase opens this workstation's
 * keys (the main process holds none between calls), which leave wrapped under a one-time secret.
 */
export const syncIssueEnrolmentInputSchema = z.strictObject({
  passphrase: passphraseSchema,
  expiresInMinutes: z
    .number()
    .int()
    .min(MIN_ENROLMENT_SECONDS / 60)
    .max(MAX_ENROLMENT_SECONDS / 60)
    .optional(),
});
/** The 13 words (shown once, never kept) and when the enrolment expires (the server's clock, ms). */
export const syncIssueEnrolmentOutputSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    words: z.array(z.string().min(1)).length(WORD_COUNT),
    expiresAt: z.number().int(),
  }),
  z.strictObject({ ok: z.literal(false), retryAfterMs: z.number().int().nonnegative().nullable() }),
]);
export type SyncIssueEnrolmentOutput = z.infer<typeof syncIssueEnrolmentOutputSchema>;

/**
 * Join the organisation with the words (signed in to it). `words`: as typed (one text) or one
 * entry per word; checked in the main process, word by word, before anything is sent.
 * `heldRecords`: the records of the tables that sync this workstation holds, as the page counted
 * them (only the page reads its database): joining is refused unless it is 0.
 */
export const syncClaimEnrolmentInputSchema = z.strictObject({
  words: z.union([z.string().max(2000), z.array(z.string().max(100)).max(64)]),
  passphrase: passphraseSchema,
  heldRecords: z.number().int().min(0),
});
/** `changed`: false when this workstation held the organisation's keys already. */
export const syncClaimEnrolmentOutputSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), changed: z.boolean() }),
  z.strictObject({ ok: z.literal(false), retryAfterMs: z.number().int().nonnegative().nullable() }),
]);
export type SyncClaimEnrolmentOutput = z.infer<typeof syncClaimEnrolmentOutputSchema>;
