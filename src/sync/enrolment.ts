/**
 * Enrolling a workstation into the organisation's keys (issue 15), without the server ever holding
 * a key or the secret that opens them.
 *
 * The first supervisor's workstation creates the organisation's keys. To enrol another, a
 * supervisor's workstation draws a one-time secret of 128 bits (`newEnrolmentSecret`), shows it as
 * words (./words), wraps the keys under a key it derives from the secret (its choice of KDF, salt
 * and parameters, sent along as opaque values), and sends only the wrapped blob, with an expiry of
 * at most 24 hours, under an enrolment id. The person types the words on the new workstation,
 * which claims the blob (once: the server hands it out a single time and forgets it) and unwraps
 * it.
 *
 * The enrolment id is what both workstations name the blob by, and the server sees it: it must
 * not let the server find the secret. It is derived from the secret one way
 * (`enrolmentIdOf`: HMAC-SHA256 keyed with the secret over a fixed label, cut to a UUID), so the
 * words alone are enough on the new workstation; the server holding the id learns nothing it could
 * use short of trying 2^128 secrets. (A workstation may instead send a random id and show it beside
 * the words; the server cannot tell the two apart and does not care.) The wrapping key must come
 * from the secret by another derivation (another label, or a KDF with its own salt), never the id.
 */
import { z } from 'zod';
import { base64Schema } from './sealed';
import { SECRET_BYTES } from './words';

/** The longest an enrolment waits to be claimed. */
export const MAX_ENROLMENT_SECONDS = 24 * 60 * 60;
export const MIN_ENROLMENT_SECONDS = 60;
/** The wrapped keys' ciphertext, at most: the organisation's keys are a few hundred bytes. */
export const MAX_WRAPPED_BYTES = 64 * 1024;
export const WRAPPED_VERSION = 1;

/** The label the enrolment id is derived under (HMAC-SHA256 keyed with the secret). */
export const ENROLMENT_ID_LABEL = 'counsellor-workstation.enrolment-id/1';

/**
 * The organisation's keys wrapped under the enrolment secret, as the server stores and returns
 * them: it checks the shape and the size only.
 */
export const wrappedKeysSchema = z.strictObject({
  v: z.literal(WRAPPED_VERSION),
  /** How the workstation derived the wrapping key from the secret: a name and whole numbers. */
  kdf: z.strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/, { message: 'must be lower-case letters, digits and hyphens' }),
    params: z
      .record(
        z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,15}$/, { message: 'must be a short name' }),
        z
          .number()
          .int()
          .min(0)
          .max(2 ** 32),
      )
      .refine((params) => Object.keys(params).length <= 8, { message: 'at most 8 parameters' }),
  }),
  salt: base64Schema('salt', 16, 64),
  iv: base64Schema('iv', 12, 12),
  /** Ciphertext with the GCM tag at its end. */
  ct: base64Schema('ciphertext', 16, MAX_WRAPPED_BYTES),
});
export type WrappedKeys = z.infer<typeof wrappedKeysSchema>;

/** `POST /v1/enrolments` (supervisors only). */
export const issueEnrolmentRequestSchema = z.strictObject({
  enrolmentId: z.uuid(),
  wrapped: wrappedKeysSchema,
  expiresInSeconds: z.number().int().min(MIN_ENROLMENT_SECONDS).max(MAX_ENROLMENT_SECONDS),
});
export type IssueEnrolmentRequest = z.infer<typeof issueEnrolmentRequestSchema>;

export const issueEnrolmentResponseSchema = z.strictObject({
  /** By the server's clock (ms): after this the blob is gone. */
  expiresAt: z.number().int(),
  serverTime: z.number().int(),
});

/** `POST /v1/enrolments/claim` (any signed-in account of the organisation). */
export const claimEnrolmentRequestSchema = z.strictObject({ enrolmentId: z.uuid() });

export const claimEnrolmentResponseSchema = z.strictObject({
  wrapped: wrappedKeysSchema,
  serverTime: z.number().int(),
});
export type ClaimEnrolmentResponse = z.infer<typeof claimEnrolmentResponseSchema>;

/** A new enrolment secret: 16 bytes from the platform's cryptographic random source. */
export function newEnrolmentSecret(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
}

/**
 * The enrolment id of a secret: HMAC-SHA256(secret, ENROLMENT_ID_LABEL), its first 16 bytes as a
 * UUID of version 8 (RFC 9562's "custom"). One way: the id does not give the secret back.
 */
export async function enrolmentIdOf(secret: Uint8Array): Promise<string> {
  if (secret.length !== SECRET_BYTES)
    throw new RangeError(`an enrolment secret is ${SECRET_BYTES} bytes, not ${secret.length}`);
  const key = await crypto.subtle.importKey(
    'raw',
    Uint8Array.from(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(ENROLMENT_ID_LABEL)),
  );
  const bytes = mac.slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
