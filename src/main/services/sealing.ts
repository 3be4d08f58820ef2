/**
 * How the main process seals a small secret at rest: AES-256-GCM under a 256-bit key, a random
 * 96-bit IV per seal, and associated data that names what is sealed (so a sealed key set cannot
 * be passed off as a sealed sync connection, or the reverse). The key store wraps its key set this
 * way (under the passphrase's key); the sync connection store wraps the server's tokens this way
 * (under a key derived from the key store's index key).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { backupKeystoreSectionSchema } from '../../bridge/schemas/security';

/** A sealed value as files keep it: `{ alg: 'A256GCM', iv, ct, tag }`, each base64. */
export const wrappedSchema = backupKeystoreSectionSchema.shape.wrapped;
export type Wrapped = z.infer<typeof wrappedSchema>;

export function sealBytes(key: Buffer, plain: Buffer, aad: Buffer): Wrapped {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return {
    alg: 'A256GCM',
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** The plaintext, or null when the key does not open it (another key, or tampering). */
export function openBytes(key: Buffer, wrapped: Wrapped, aad: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(wrapped.iv, 'base64'));
    decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(wrapped.ct, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}
