/**
 * A sealed value as the workstation stores it (`Envelope`: bytes) and as it travels to the sync
 * server (`Sealed` of `src/sync/sealed.ts`: the same envelope with its bytes in base64). Nothing is
 * opened or sealed again on the way: the server receives exactly the envelope stored here, bound
 * by its additional data to the same table, record and field.
 */
import type { Sealed } from '../../../sync/sealed';
import { ENVELOPE_VERSION, isEnvelope, type Envelope } from './field-cipher';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** The stored envelope as it travels (a copy: nothing is shared with the stored record). */
export function sealedToWire(envelope: Envelope): Sealed {
  if (!isEnvelope(envelope)) throw new TypeError('not an envelope');
  return { v: envelope.v, kid: envelope.kid, iv: toBase64(envelope.iv), ct: toBase64(envelope.ct) };
}

/** An envelope that travelled, as the workstation stores it; throws TypeError when it is not one. */
export function sealedFromWire(sealed: Sealed): Envelope {
  let envelope: Envelope;
  try {
    envelope = {
      v: ENVELOPE_VERSION,
      kid: sealed.kid,
      iv: fromBase64(sealed.iv),
      ct: fromBase64(sealed.ct),
    };
  } catch {
    throw new TypeError('a sealed value that is not base64');
  }
  if (sealed.v !== ENVELOPE_VERSION || !isEnvelope(envelope))
    throw new TypeError('a sealed value that is not an envelope');
  return envelope;
}
