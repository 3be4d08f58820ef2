/**
 * The stored envelope and the wire envelope are one value in two spellings: bytes here, base64 on
 * the way to the sync server. A round trip gives the same bytes, and the value still opens only in
 * its own place.
 */
import { describe, expect, it } from 'vitest';
import { sealedFromWire, sealedToWire } from '../../../src/renderer/db/crypto/sealed-wire';
import { FieldDecryptionError } from '../../../src/renderer/db/crypto/field-cipher';
import { sealedSchema } from '../../../src/sync/sealed';
import { cipher } from './helpers';

const place = { table: 'notes', id: 'n-1', field: 'body' };

describe('sealed values on the wire', () => {
  it.each([
    ['a short note', 'Check in again on Friday.'],
    ['Japanese text', '相談したいことがあります。'],
    ['a long message', 'I cannot sleep. '.repeat(6_000)],
  ])('%s: to the wire and back gives the same envelope, which opens', async (_, text) => {
    const envelope = await cipher.seal(text, place);
    const wire = sealedToWire(envelope);
    expect(sealedSchema.safeParse(wire).success).toBe(true);
    expect(wire.kid).toBe(envelope.kid);
    expect(JSON.stringify(wire)).not.toContain(text.slice(0, 12));
    const back = sealedFromWire(wire);
    expect(back.iv).toEqual(envelope.iv);
    expect(back.ct).toEqual(envelope.ct);
    expect(await cipher.open(back, place)).toBe(text);
    // Bound to its place still: moved to another record, it does not open.
    await expect(cipher.open(back, { ...place, id: 'n-2' })).rejects.toBeInstanceOf(
      FieldDecryptionError,
    );
  });

  it('shares no bytes with the stored envelope', async () => {
    const envelope = await cipher.seal('text', place);
    const back = sealedFromWire(sealedToWire(envelope));
    back.ct[0] = back.ct[0]! ^ 0xff;
    expect(back.ct[0]).not.toBe(envelope.ct[0]);
  });

  it('refuses what is not an envelope, either way', async () => {
    const wire = sealedToWire(await cipher.seal('text', place));
    expect(() => sealedFromWire({ ...wire, iv: 'not base64!' })).toThrow(TypeError);
    expect(() => sealedFromWire({ ...wire, iv: btoa('short') })).toThrow(TypeError);
    expect(() => sealedFromWire({ ...wire, v: 2 as 1 })).toThrow(TypeError);
    expect(() =>
      sealedToWire({ v: 1, kid: 'k', iv: new Uint8Array(3), ct: new Uint8Array(16) }),
    ).toThrow(TypeError);
  });
});
