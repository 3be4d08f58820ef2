import { z } from 'zod';

/** What went wrong with a bridge call, in a form the page can show. */
export const bridgeErrorCodeSchema = z.enum([
  'invalid-input',
  'invalid-output',
  'unknown-channel',
  'unauthorized',
  /** The role the main process recorded may not do this (e.g. a counsellor saving the rules). */
  'forbidden-role',
  'forbidden-origin',
  'forbidden-sender',
  'failed',
  /** The request body is larger than the channel takes (HTTP 413 in the browser host). */
  'too-large',
  'internal',
]);
export type BridgeErrorCode = z.infer<typeof bridgeErrorCodeSchema>;

const pathSchema = z.array(z.union([z.string(), z.number()]));

/**
 * Why a call was refused, in a form the page words in its own language: a key with parameters
 * (numbers and tokens, never a person's data). The error's `message` stays English for the log,
 * the CLI and older pages; the renderer shows the reason (renderer/app/bridge-words.ts), and a
 * test checks that every key has its words in English and Japanese.
 */
export const BRIDGE_REASONS = [
  /** The key store could not be read as it is: restore it from a backup. */
  'key-store-damaged',
  'passphrase-not-set',
  'passphrase-already-set',
  /** A new passphrase is too short: `minimum`, `length`. */
  'passphrase-too-short',
  /** A new passphrase repeats one character or a short pattern. */
  'passphrase-repetitive',
  /** The supervisors' credentials file is damaged. */
  'credentials-damaged',
  /** A profile tied to a sync account: its credential is the account's password. */
  'credential-from-account',
  /** Only a supervisor may: `action` (a SUPERVISOR_ACTIONS token). */
  'supervisor-only',
  'no-update-settings',
  /** The report's audit found a suppressed count that could be worked out. */
  'report-not-safe',
  /** Checking the report took longer than `seconds`. */
  'report-timeout',
  'report-busy',
  'report-failed',
  'backup-failed',
  /** The backup's data as sent was not a backup (damaged on the way). */
  'backup-invalid',
  'backup-busy',
  /** Writing the backup took longer than `seconds`. */
  'backup-timeout',
  /** The holiday list shipped with the app is missing or damaged. */
  'holidays-missing',
  'demo-already-stored',
  /** A file could not be written: `fsCode` (ENOSPC, EACCES…). */
  'file-not-written',
  /** This host has no sync transport. */
  'sync-unavailable',
  /** The workstation is locked: the sync connection is sealed under its keys. */
  'sync-locked',
  /** Not signed in to the sync server (or the server ended the session). */
  'sync-signed-out',
  /** Signed in already: sign out first. */
  'sync-already-signed-in',
  /** The sync server cannot be reached; the transport keeps trying (`retryAt`, ms, when known). */
  'sync-offline',
  /**
   * The sync server refused the request: `code` (an ERROR_CODES token of src/sync/protocol.ts),
   * with `expected` for a mutation gap, `retryAfter` (s) for too many attempts, `path` for an
   * invalid request. Never the server's own words.
   */
  'sync-refused',
  /** The server address is not https:// and not this computer. */
  'sync-insecure-url',
  /** The server address is not an http(s) URL, or carries a name, password, query or fragment. */
  'sync-invalid-url',
  /** What answered is not the sync server (a wrong address, a proxy's page). */
  'sync-bad-answer',
  /**
   * The enrolment words are not right (nothing was sent): `problem` `word-count` (`expected`,
   * `found`), `unknown-word` (`position`, 1-based, and `suggestion` when there is one) or
   * `checksum` (one word is wrong or two are swapped).
   */
  'enrolment-words',
  /** No enrolment for these words: never issued, expired, or issued for another organisation. */
  'enrolment-not-found',
  /** These words were used already: an enrolment is claimed once. */
  'enrolment-already-claimed',
  /** The claimed keys do not open with these words for this organisation (nothing changed). */
  'enrolment-unopenable',
  /** This workstation holds `records` records that sync: joining would orphan them. */
  'enrolment-not-empty',
  /** This workstation already holds other organisation keys (nothing changed). */
  'enrolment-already-enrolled',
  /** A key id of the organisation's is also one of this workstation's (nothing changed). */
  'enrolment-kid-clash',
  /** This workstation's current key is its own, not the organisation's: it cannot enrol others. */
  'enrolment-not-organisation-keys',
] as const;
export type BridgeReasonKey = (typeof BRIDGE_REASONS)[number];

/** What only a supervisor may do (the `action` of a `supervisor-only` reason). */
export const SUPERVISOR_ACTIONS = [
  'change-rules',
  'change-update-settings',
  'export-session-log',
  'export-report',
  'set-credential',
  'issue-enrolment',
] as const;
export type SupervisorAction = (typeof SUPERVISOR_ACTIONS)[number];

export const bridgeReasonSchema = z.strictObject({
  key: z.enum(BRIDGE_REASONS),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type BridgeReason = z.infer<typeof bridgeReasonSchema>;

export const bridgeErrorSchema = z.strictObject({
  code: bridgeErrorCodeSchema,
  /** A sentence for the user: what was wrong and where. */
  message: z.string(),
  /** Where in the input the (first) problem is, e.g. `["serviceHours", "open"]`; empty if nowhere. */
  path: pathSchema,
  /** Every problem found, each with its own path (validation errors list them all). */
  issues: z.array(z.strictObject({ path: pathSchema, message: z.string() })),
  /** Why, for the page to word (absent for errors of the bridge itself: its code says it). */
  reason: bridgeReasonSchema.optional(),
});
export type BridgeError = z.infer<typeof bridgeErrorSchema>;

export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

export const bridgeResultSchema = z.union([
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: bridgeErrorSchema }),
]);

/** Thrown by a handler to refuse a call with a structured reason the user can act on. */
export class BridgeFailure extends Error {
  readonly code: BridgeErrorCode;
  readonly path: (string | number)[];
  readonly reason: BridgeReason | undefined;

  /**
   * `message`: English, for the log and the CLI; `reason`: what the page shows, in its language.
   */
  constructor(
    code: BridgeErrorCode,
    message: string,
    path: (string | number)[] = [],
    reason?: BridgeReason,
  ) {
    super(message);
    this.name = 'BridgeFailure';
    this.code = code;
    this.path = path;
    this.reason = reason;
  }

  toBridgeError(): BridgeError {
    return {
      code: this.code,
      message: this.message,
      path: this.path,
      issues: [{ path: this.path, message: this.message }],
      ...(this.reason ? { reason: this.reason } : {}),
    };
  }
}

/** A reason with its parameters (the shorthand the services use). */
export const reason = (
  key: BridgeReasonKey,
  params: Record<string, string | number> = {},
): BridgeReason => ({ key, params });

/** Turns zod issues into a bridge error whose message names the field. */
export function bridgeErrorFromZod(
  code: 'invalid-input' | 'invalid-output',
  channel: string,
  error: z.ZodError,
): BridgeError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
  const first = issues[0] ?? { path: [], message: 'invalid value' };
  const where = first.path.length > 0 ? first.path.join('.') : 'input';
  const lead =
    code === 'invalid-input' ? `Invalid input for ${channel}` : `Invalid answer from ${channel}`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return { code, message: `${lead}: ${where}: ${first.message}${more}`, path: first.path, issues };
}
