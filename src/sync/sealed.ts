/**
 * A sealed field as it travels to the sync server and rests there: the workstation's envelope
 * (AES-256-GCM under one of the organisation's data keys, bound to its table, record and field),
 * with its bytes written in base64. The server checks only the shape: it holds no key that opens
 * one (DOMAIN.md section 8, docs/sync.md).
 */
import { z } from 'zod';

/** The envelope layout the workstations write (`ENVELOPE_VERSION` of the field cipher). */
export const SEALED_VERSION = 1;
/** The longest sealed value accepted: a message is at most a few thousand code points. */
export const MAX_SEALED_BYTES = 256 * 1024;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** How many bytes a valid base64 text holds. */
export function base64Bytes(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/** Base64 text (standard alphabet, padded) holding `min` to `max` bytes. */
export const base64Schema = (what: string, min: number, max: number) =>
  z
    .string()
    .regex(BASE64, { message: `${what} must be base64` })
    .refine((text) => base64Bytes(text) >= min && base64Bytes(text) <= max, {
      message:
        min === max ? `${what} must be ${min} bytes` : `${what} must be ${min} to ${max} bytes`,
    });

export const sealedSchema = z.strictObject({
  v: z.literal(SEALED_VERSION),
  /** The data key it was sealed with. */
  kid: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, { message: 'key id must be letters, digits, . _ -' }),
  iv: base64Schema('iv', 12, 12),
  /** Ciphertext with the GCM tag at its end (so at least 16 bytes). */
  ct: base64Schema('ciphertext', 16, MAX_SEALED_BYTES),
});
export type Sealed = z.infer<typeof sealedSchema>;

/** A sealed field that may be absent (a participant without a JET number). */
export const optionalSealedSchema = sealedSchema.nullable();
