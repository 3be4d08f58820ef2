/**
 * The workstation's key store: a random 256-bit data key and a 256-bit index key, kept only
 * wrapped (AES-256-GCM) under a key derived from the workstation passphrase with scrypt. The salt
 * and the scrypt parameters are stored beside the wrapped keys, so the passphrase can be changed by
 * re-wrapping, without touching the data.
 *
 * Today the store answers one question, "is this the workstation passphrase?", which the page asks
 * before it lets a profile switch to a role that sees more (issue 6). The keys themselves are
 * unwrapped only to check the passphrase and zeroed at once; handing them to the page after an
 * unlock is the secure-storage issue's work, on the same file.
 *
 * Fail closed: a damaged key file is never replaced by a new one (that would orphan the data
 * encrypted under the old keys); it is reported, and the passphrase cannot be created or checked.
 */
import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { BridgeFailure } from '../../bridge/errors';
import { describePassphraseProblem, passphraseProblem } from '../../domain/privacy/passphrase';
import type { Logger } from './logger';
import { writeFileAtomically } from './settings-store';

export const KEY_STORE_FILE_NAME = 'keystore.json';
const FORMAT = 'counsellor-workstation.keystore';
const AAD = Buffer.from('counsellor-workstation.keystore.v1', 'utf8');

/** After this many wrong passphrases in a row, checks are refused for a while. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 30_000;

export interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}
/** OWASP's scrypt recommendation (N = 2^17, r = 8, p = 1): about 128 MiB and a fraction of a second. */
export const DEFAULT_SCRYPT: ScryptParameters = { N: 2 ** 17, r: 8, p: 1 };

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64');
const keyFileSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(1),
  createdAt: z.string(),
  kdf: z.strictObject({
    name: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(2 ** 10)
      .max(2 ** 22),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    salt: base64,
  }),
  wrapped: z.strictObject({ alg: z.literal('A256GCM'), iv: base64, ct: base64, tag: base64 }),
});
type KeyFile = z.infer<typeof keyFileSchema>;

export type PassphraseState =
  { state: 'unset' } | { state: 'set' } | { state: 'damaged'; problem: string };

export interface PassphraseCheck {
  ok: boolean;
  /** When checks are refused after too many wrong passphrases: how long until the next try. */
  retryAfterMs: number | null;
}

export interface KeyStore {
  status(): Promise<PassphraseState>;
  /** Creates the keys and wraps them under a new passphrase. Refused when one is already set. */
  create(passphrase: string): Promise<PassphraseState>;
  /** Whether the passphrase unwraps the keys. */
  verify(passphrase: string): Promise<PassphraseCheck>;
}

export interface KeyStoreOptions {
  dataDir: string;
  log: Logger;
  /** Lower parameters only for tests. */
  scryptParameters?: ScryptParameters;
  nowMs?: () => number;
}

function deriveKey(passphrase: string, salt: Buffer, kdf: ScryptParameters): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFC'),
      salt,
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export function createKeyStore({
  dataDir,
  log,
  scryptParameters = DEFAULT_SCRYPT,
  nowMs = () => Date.now(),
}: KeyStoreOptions): KeyStore {
  const file = path.join(dataDir, KEY_STORE_FILE_NAME);
  let failures = 0;
  let lockedUntilMs = 0;
  // One check or creation at a time: two concurrent creations must not both write a file.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  async function read(): Promise<{ state: PassphraseState; keyFile: KeyFile | null }> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { state: { state: 'unset' }, keyFile: null };
      return {
        state: {
          state: 'damaged',
          problem: `${KEY_STORE_FILE_NAME} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        },
        keyFile: null,
      };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return {
        state: { state: 'damaged', problem: `${KEY_STORE_FILE_NAME} is not valid JSON` },
        keyFile: null,
      };
    }
    const parsed = keyFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        state: {
          state: 'damaged',
          problem: `${KEY_STORE_FILE_NAME}: ${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`,
        },
        keyFile: null,
      };
    }
    return { state: { state: 'set' }, keyFile: parsed.data };
  }

  const damaged = (state: PassphraseState) =>
    new BridgeFailure(
      'failed',
      `The key store is damaged and was left as it is: ${state.state === 'damaged' ? state.problem : ''}. Restore it from a backup.`,
    );

  return {
    async status() {
      return (await read()).state;
    },
    create: (passphrase) =>
      serial(async () => {
        const { state } = await read();
        if (state.state === 'damaged') throw damaged(state);
        if (state.state === 'set')
          throw new BridgeFailure('failed', 'A workstation passphrase is already set.');
        const problem = passphraseProblem(passphrase);
        if (problem !== null)
          throw new BridgeFailure('invalid-input', describePassphraseProblem(problem), [
            'passphrase',
          ]);
        const salt = randomBytes(16);
        const kek = await deriveKey(passphrase, salt, scryptParameters);
        const keys = randomBytes(64); // data key ‖ index key
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', kek, iv);
        cipher.setAAD(AAD);
        const ct = Buffer.concat([cipher.update(keys), cipher.final()]);
        const tag = cipher.getAuthTag();
        keys.fill(0);
        kek.fill(0);
        const document: KeyFile = {
          format: FORMAT,
          version: 1,
          createdAt: new Date(nowMs()).toISOString(),
          kdf: { name: 'scrypt', ...scryptParameters, salt: salt.toString('base64') },
          wrapped: {
            alg: 'A256GCM',
            iv: iv.toString('base64'),
            ct: ct.toString('base64'),
            tag: tag.toString('base64'),
          },
        };
        await writeFileAtomically(file, `${JSON.stringify(document, null, 2)}\n`);
        log.info('keystore.created');
        return { state: 'set' };
      }),
    verify: (passphrase) =>
      serial(async () => {
        const now = nowMs();
        if (now < lockedUntilMs) return { ok: false, retryAfterMs: lockedUntilMs - now };
        const { state, keyFile } = await read();
        if (keyFile === null) {
          if (state.state === 'damaged') throw damaged(state);
          throw new BridgeFailure('failed', 'No workstation passphrase has been set yet.');
        }
        const kek = await deriveKey(passphrase, Buffer.from(keyFile.kdf.salt, 'base64'), {
          N: keyFile.kdf.N,
          r: keyFile.kdf.r,
          p: keyFile.kdf.p,
        });
        let ok = false;
        try {
          const decipher = createDecipheriv(
            'aes-256-gcm',
            kek,
            Buffer.from(keyFile.wrapped.iv, 'base64'),
          );
          decipher.setAAD(AAD);
          decipher.setAuthTag(Buffer.from(keyFile.wrapped.tag, 'base64'));
          const keys = Buffer.concat([
            decipher.update(Buffer.from(keyFile.wrapped.ct, 'base64')),
            decipher.final(),
          ]);
          ok = keys.length === 64 && !timingSafeEqual(keys, Buffer.alloc(64));
          keys.fill(0);
        } catch {
          // A wrong passphrase (or a damaged wrapped key) fails authentication: ok stays false.
        } finally {
          kek.fill(0);
        }
        if (ok) {
          failures = 0;
          log.info('keystore.passphrase-accepted');
          return { ok: true, retryAfterMs: null };
        }
        failures += 1;
        log.warn('keystore.passphrase-refused', { failures });
        if (failures >= MAX_FAILED_ATTEMPTS) {
          failures = 0;
          lockedUntilMs = nowMs() + LOCKOUT_MS;
          return { ok: false, retryAfterMs: LOCKOUT_MS };
        }
        return { ok: false, retryAfterMs: null };
      }),
  };
}
