import { z } from 'zod';

/** A passphrase as typed: never trimmed or logged; long enough for any sentence a person types. */
export const passphraseSchema = z
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

/**
 * scrypt parameters and salt as this app writes them (key sets, supervisors' credentials). A
 * hand-made file must not make the main process spend gigabytes or minutes on scrypt.
 */
export const scryptKdfSchema = z
  .strictObject({
    name: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(2 ** 10)
      .max(2 ** 18),
    r: z.number().int().min(1).max(16),
    p: z.number().int().min(1).max(4),
    salt: base64,
  })
  .refine((kdf) => 128 * kdf.N * kdf.r <= 256 * 1024 * 1024, {
    message: 'scrypt parameters beyond what this app writes',
  });

/** The key set wrapped under a passphrase, as a backup file carries it (never the OS copy). */
export const backupKeystoreSectionSchema = z.strictObject({
  kdf: scryptKdfSchema,
  wrapped: z.strictObject({ alg: z.literal('A256GCM'), iv: base64, ct: base64, tag: base64 }),
});
export type BackupKeystoreSectionInput = z.infer<typeof backupKeystoreSectionSchema>;

/**
 * Unlock: by passphrase, or (null) by the OS store or the host's passphrase file. With `backup`,
 * the keys of a backup file instead (a restore), which always need the passphrase it was made
 * under. The one channel that hands key material to the page.
 */
export const unlockInputSchema = z
  .strictObject({
    passphrase: passphraseSchema.nullable(),
    backup: backupKeystoreSectionSchema.optional(),
  })
  .refine((input) => input.backup === undefined || input.passphrase !== null, {
    message: 'a backup is opened with its passphrase',
    path: ['passphrase'],
  });

/** The keys after an unlock: the only place key material crosses the bridge. */
export const unlockOutputSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    keys: z.strictObject({
      currentKid: z.string().min(1),
      keys: z.array(z.strictObject({ kid: z.string().min(1), key: base64 })).min(1),
      indexKey: base64,
      /**
       * Once the workstation adopted the organisation's keys (issue 15): its own index key, which
       * keeps keying what is its own (the audit log's head mark and reason marks).
       */
      localIndexKey: base64.optional(),
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

/** A backup: the page's data (still sealed) as JSON text; the main process adds the wrapped keys. */
export const backupSaveInputSchema = z.strictObject({
  suggestedName: z
    .string()
    .min(1)
    .max(120)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.cwbackup$/, 'a file name ending in .cwbackup'),
  data: z.string().max(300 * 1024 * 1024, 'at most 300 MiB'),
});
