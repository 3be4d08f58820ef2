/**
 * Roles as the main process knows them (issue 13 item 5). The page claims nothing: the main
 * process records the active role after it has checked the person's own credential (supervisor)
 * or the workstation passphrase (back up from a CO view to a counsellor), and authorises the
 * bridge's protected channels from that record.
 */
import { z } from 'zod';
import { ROLES } from '../../domain/privacy/roles';

const profileId = z
  .string()
  .min(1, 'needs a profile id')
  .max(64, 'at most 64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');

/** A secret as typed: never trimmed or logged. */
const secret = z.string().min(1, 'type it').max(1024, 'at most 1024 characters');

export const roleSessionSchema = z.strictObject({
  /** The profile whose role was proven here; null when none was (the team's passphrase only). */
  profileId: profileId.nullable(),
  role: z.enum(ROLES),
});
export type RoleSession = z.infer<typeof roleSessionSchema>;

export const roleStatusSchema = z.strictObject({
  active: roleSessionSchema,
  /** Profiles that have their own credential (supervisors). */
  credentials: z.array(profileId),
  /**
   * No supervisor has a credential yet: the first one is set with the workstation passphrase.
   * After that only a proven supervisor sets one.
   */
  bootstrap: z.boolean(),
  /** The credential file cannot be used (left as it is): nobody can become a supervisor. */
  problem: z.string().nullable(),
});
export type RoleStatus = z.infer<typeof roleStatusSchema>;

export const roleSwitchInputSchema = z.strictObject({
  profileId,
  /** The role the page shows for the profile. Supervisor is granted only by its credential. */
  role: z.enum(ROLES),
  /** The supervisor's own credential, or the workstation passphrase (co → counsellor); null down. */
  secret: secret.nullable(),
});

export const roleSwitchOutputSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), active: roleSessionSchema }),
  z.strictObject({
    ok: z.literal(false),
    /**
     * `secret-required`: a role that sees more needs one; `wrong-secret`: it did not match;
     * `no-credential`: this supervisor profile has no credential yet; `locked-out`: too many
     * wrong attempts, `retryAfterMs` says for how long; `account-ended`: the sync server ended
     * the session of the account this profile is tied to (sign in again).
     */
    reason: z.enum([
      'secret-required',
      'wrong-secret',
      'no-credential',
      'locked-out',
      'account-ended',
    ]),
    retryAfterMs: z.number().int().nonnegative().nullable(),
    /** Wrong attempts left before the lock-out (null when not counted). */
    attemptsLeft: z.number().int().nonnegative().nullable(),
  }),
]);
export type RoleSwitchOutput = z.infer<typeof roleSwitchOutputSchema>;

export const credentialSetInputSchema = z.strictObject({
  profileId,
  /** The supervisor's own credential (the rule of the workstation passphrase applies). */
  credential: secret,
  /** The workstation passphrase: only for the first supervisor (bootstrap); else null. */
  passphrase: secret.nullable(),
});

export const credentialSetOutputSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true) }),
  z.strictObject({
    ok: z.literal(false),
    reason: z.enum(['wrong-passphrase', 'locked-out']),
    retryAfterMs: z.number().int().nonnegative().nullable(),
  }),
]);
