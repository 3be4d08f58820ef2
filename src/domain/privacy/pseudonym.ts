/**
 * Pseudonyms for the CO view (DOMAIN.md section 7): a participant is replaced by a short opaque
 * string that is stable within one view and different in every other view.
 *
 * The pseudonym is a keyed, deterministic hash of (key, participant id): cyrb53 (bryc's public
 * domain 53-bit hash, two 32-bit lanes mixed with `Math.imul`), fed first with the key (length-
 * prefixed, so key and id cannot run into each other) and then with the id. The key is random per
 * view (see `pseudonymKeyFromBytes`) and never stored, so two views cannot be linked by their
 * pseudonyms. The protection comes from the key's secrecy, not from the strength of the hash:
 * cyrb53 is not a cryptographic MAC, and nothing here should be used where one is needed.
 */

/** The fewest characters a pseudonym key may have (16 hex characters = 64 random bits). */
export const MIN_PSEUDONYM_KEY_LENGTH = 16;

/**
 * A pseudonym key from random bytes the caller draws (e.g. `crypto.getRandomValues(new
 * Uint8Array(16))` in the renderer); the domain reads no random source itself.
 */
export function pseudonymKeyFromBytes(bytes: Uint8Array): string {
  const key = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  if (key.length < MIN_PSEUDONYM_KEY_LENGTH) {
    throw new RangeError(`A pseudonym key needs at least ${MIN_PSEUDONYM_KEY_LENGTH / 2} bytes.`);
  }
  return key;
}

function cyrb53Keyed(key: string, text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const feed = (code: number) => {
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  };
  feed(key.length);
  for (let i = 0; i < key.length; i++) feed(key.charCodeAt(i));
  feed(0xffff);
  for (let i = 0; i < text.length; i++) feed(text.charCodeAt(i));
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Throws unless the key is long enough to be a per-view random secret. */
export function assertPseudonymKey(key: string): void {
  if (key.length < MIN_PSEUDONYM_KEY_LENGTH) {
    throw new RangeError(
      `A pseudonym key must be a random per-view secret of at least ${MIN_PSEUDONYM_KEY_LENGTH} characters.`,
    );
  }
}

/** `P-` and 11 base-36 characters: the same for the same (key, id), opaque otherwise. */
export function pseudonymFor(key: string, participantId: string): string {
  assertPseudonymKey(key);
  return `P-${cyrb53Keyed(key, participantId).toString(36).padStart(11, '0')}`;
}
