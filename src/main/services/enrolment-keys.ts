/**
 * The organisation's keys wrapped under an enrolment secret (issue 15), as a supervisor's
 * workstation leaves them on the sync server and another workstation of the organisation opens
 * them (`src/sync/enrolment.ts` is the contract; the server sees only the result).
 *
 * - **Key**: HKDF-SHA256 over the 128-bit secret, a random 16-byte salt, info
 *   `counsellor-workstation.enrolment-wrap/1`, 32 bytes. No slow KDF: the secret is 128 random
 *   bits drawn by the machine, not a passphrase a person chose, so there is nothing for a
 *   dictionary to find and trying secrets costs 2^128 HMACs whatever the KDF; scrypt's cost only
 *   helps a secret with little entropy. The salt makes each blob's key its own even if a secret
 *   were ever drawn twice. The enrolment id comes from the same secret under another label
 *   (`enrolmentIdOf`, HMAC-SHA256), so the server holding the id learns nothing of this key.
 * - **Cipher**: AES-256-GCM, a random 12-byte IV, the tag at the end of `ct`; associated data
 *   `counsellor-workstation.enrolment.v1|<organisation>|<enrolment id>`, so a blob opens only for
 *   the organisation and the id it was issued under (a server cannot hand one organisation's
 *   blob, or another id's, to a claim).
 * - **Plaintext**: the organisation's key set as JSON `{currentKid, keys, indexKey}`; every key
 *   must be 32 bytes. Buffers holding key bytes are zeroed after use.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { WRAPPED_VERSION, type WrappedKeys } from '../../sync/enrolment';
import { organisationKeysSchema, type OrganisationKeys } from './key-store';

export const ENROLMENT_KDF = 'hkdf-sha256';
const HKDF_INFO = 'counsellor-workstation.enrolment-wrap/1';
const KEY_BYTES = 32;

function aadOf(organisation: string, enrolmentId: string): Buffer {
  return Buffer.from(`counsellor-workstation.enrolment.v1|${organisation}|${enrolmentId}`, 'utf8');
}

function wrappingKey(secret: Uint8Array, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, salt, HKDF_INFO, KEY_BYTES));
}

export function wrapOrganisationKeys(
  keys: OrganisationKeys,
  secret: Uint8Array,
  bound: { organisation: string; enrolmentId: string },
): WrappedKeys {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = wrappingKey(secret, salt);
  const plain = Buffer.from(JSON.stringify(keys), 'utf8');
  try {
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aadOf(bound.organisation, bound.enrolmentId));
    const ct = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      v: WRAPPED_VERSION,
      kdf: { name: ENROLMENT_KDF, params: { length: KEY_BYTES } },
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      ct: ct.toString('base64'),
    };
  } finally {
    key.fill(0);
    plain.fill(0);
  }
}

/** The organisation's keys, or null when the blob does not open (wrong secret, organisation, id, or tampering). */
export function unwrapOrganisationKeys(
  wrapped: WrappedKeys,
  secret: Uint8Array,
  bound: { organisation: string; enrolmentId: string },
): OrganisationKeys | null {
  if (wrapped.kdf.name !== ENROLMENT_KDF || wrapped.kdf.params.length !== KEY_BYTES) return null;
  const key = wrappingKey(secret, Buffer.from(wrapped.salt, 'base64'));
  const sealed = Buffer.from(wrapped.ct, 'base64');
  let plain: Buffer | null = null;
  try {
    if (sealed.length < 16) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(wrapped.iv, 'base64'));
    decipher.setAAD(aadOf(bound.organisation, bound.enrolmentId));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    plain = Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - 16)),
      decipher.final(),
    ]);
    const parsed = organisationKeysSchema.safeParse(JSON.parse(plain.toString('utf8')));
    if (!parsed.success) return null;
    const sizes = [parsed.data.indexKey, ...parsed.data.keys.map((k) => k.key)].map(
      (b64) => Buffer.from(b64, 'base64').length,
    );
    return sizes.every((n) => n === KEY_BYTES) ? parsed.data : null;
  } catch {
    return null;
  } finally {
    key.fill(0);
    plain?.fill(0);
  }
}
