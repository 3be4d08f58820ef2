import { z } from 'zod';

/** A passphrase as typed: never trimmed or logged; long enough for any sentence a person types. */
const passphraseSchema = z
  .string()
  .min(1, 'type the passphrase')
  .max(1024, 'at most 1024 characters');

export const passphraseInputSchema = z.strictObject({ passphrase: passphraseSchema });

export const passphraseStateSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('unset') }),
  z.strictObject({
    state: z.literal('set'),
    /** The operating system's store can unlock without the passphrase (Electron). */
    osUnlock: z.boolean(),
    /** The browser host was started with `--passphrase-file`: unlock without typing. */
    autoUnlock: z.boolean(),
  }),
  /** The key store file exists but cannot be used; it is left as it is. */
  z.strictObject({ state: z.literal('damaged'), problem: z.string() }),
]);
export type PassphraseStateOutput = z.infer<typeof passphraseStateSchema>;

export const passphraseCheckSchema = z.strictObject({
  ok: z.boolean(),
  /** Set when checks are refused for a while after too many wrong passphrases. */
  retryAfterMs: z.number().int().nonnegative().nullable(),
});

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64');

/** Unlock: by passphrase, or (null) by the OS store or the host's passphrase file. */
export const unlockInputSchema = z.strictObject({ passphrase: passphraseSchema.nullable() });

/** The keys after an unlock: the only place key material crosses the bridge. */
export const unlockOutputSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    keys: z.strictObject({
      currentKid: z.string().min(1),
      keys: z.array(z.strictObject({ kid: z.string().min(1), key: base64 })).min(1),
      indexKey: base64,
    }),
  }),
  z.strictObject({
    ok: z.literal(false),
    retryAfterMs: z.number().int().nonnegative().nullable(),
  }),
]);

export const changePassphraseInputSchema = z.strictObject({
  current: passphraseSchema,
  next: passphraseSchema,
});

export const rotateOutputSchema = passphraseCheckSchema.extend({ newKid: z.string().nullable() });

export const retireKeysInputSchema = z.strictObject({
  passphrase: passphraseSchema,
  /** Data keys still in use (besides the current one). */
  keep: z.array(z.string().min(1)).max(100),
});

export type UnlockOutput = z.infer<typeof unlockOutputSchema>;
