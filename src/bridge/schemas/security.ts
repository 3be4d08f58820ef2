import { z } from 'zod';

/** A passphrase as typed: never trimmed or logged; long enough for any sentence a person types. */
const passphraseSchema = z
  .string()
  .min(1, 'type the passphrase')
  .max(1024, 'at most 1024 characters');

export const passphraseInputSchema = z.strictObject({ passphrase: passphraseSchema });

export const passphraseStateSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('unset') }),
  z.strictObject({ state: z.literal('set') }),
  /** The key store file exists but cannot be used; it is left as it is. */
  z.strictObject({ state: z.literal('damaged'), problem: z.string() }),
]);
export type PassphraseStateOutput = z.infer<typeof passphraseStateSchema>;

export const passphraseCheckSchema = z.strictObject({
  ok: z.boolean(),
  /** Set when checks are refused for a while after too many wrong passphrases. */
  retryAfterMs: z.number().int().nonnegative().nullable(),
});
