/**
 * Sealing to a public key (src/sync/intake.ts): what the intake seals on arrival opens with the
 * organisation's private key, and with nothing else; a sealed value moved to another record or
 * field, changed, or sealed to another key does not open.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  holderOf,
  KeySealedOpenError,
  keySealedSchema,
  newKeyPair,
  openSealed,
  recipientOf,
  sealTo,
  type SealPlace,
} from '../../../src/sync/intake';

async function keys(kid: string) {
  const pair = await newKeyPair(kid);
  return {
    recipient: await recipientOf(pair.publicKey),
    holder: await holderOf(kid, pair.privatePkcs8, pair.publicRaw),
    publicKey: pair.publicKey,
  };
}

const place: SealPlace = { what: 'message', id: 'm-0001', field: 'body' };

describe('sealing to a public key', () => {
  it('opens with the private key, at its place: any text, any place', async () => {
    const org = await keys('intake-2026');
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.constantFrom<SealPlace['what']>('participant', 'message', 'answer'),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.constantFrom('name', 'email', 'jetNumber', 'subject', 'body'),
        async (text, what, id, field) => {
          const at = { what, id, field };
          const sealed = await sealTo(org.recipient, at, text);
          expect(keySealedSchema.safeParse(sealed).success).toBe(true);
          expect(await openSealed([org.holder], sealed, at)).toBe(text);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('each sealing is fresh: the same text twice gives two unrelated values', async () => {
    const org = await keys('k1');
    const a = await sealTo(org.recipient, place, 'I have not slept in days.');
    const b = await sealTo(org.recipient, place, 'I have not slept in days.');
    expect(a.epk).not.toBe(b.epk);
    expect(a.ct).not.toBe(b.ct);
    expect(Buffer.from(a.ct, 'base64').toString('utf8')).not.toContain('slept');
  });

  it('moved to another record, field or kind: it does not open', async () => {
    const org = await keys('k1');
    const sealed = await sealTo(org.recipient, place, 'Please help.');
    for (const moved of [
      { ...place, id: 'm-0002' },
      { ...place, field: 'subject' },
      { ...place, what: 'answer' as const },
    ])
      await expect(openSealed([org.holder], sealed, moved)).rejects.toMatchObject({
        reason: 'not-authentic',
      });
  });

  it('changed, or under another key id, or for another key: it does not open', async () => {
    const org = await keys('k1');
    const other = await keys('k2');
    const sealed = await sealTo(org.recipient, place, 'Please help.');
    const ct = Buffer.from(sealed.ct, 'base64');
    ct[0] = ct[0]! ^ 1;
    await expect(
      openSealed([org.holder], { ...sealed, ct: ct.toString('base64') }, place),
    ).rejects.toMatchObject({ reason: 'not-authentic' });
    // Relabelled to the other key: that key cannot open it either.
    await expect(
      openSealed([org.holder, other.holder], { ...sealed, kid: 'k2' }, place),
    ).rejects.toMatchObject({ reason: 'not-authentic' });
    // A holder without the key: said as such.
    await expect(openSealed([other.holder], sealed, place)).rejects.toBeInstanceOf(
      KeySealedOpenError,
    );
    await expect(openSealed([other.holder], sealed, place)).rejects.toMatchObject({
      reason: 'unknown-key',
    });
    // Another ephemeral key put in its place: the content key differs.
    const third = await sealTo(org.recipient, place, 'Please help.');
    await expect(
      openSealed([org.holder], { ...sealed, epk: third.epk }, place),
    ).rejects.toMatchObject({ reason: 'not-authentic' });
  });

  it('a public key that is not one is refused with what is wrong', async () => {
    await expect(recipientOf({ kid: 'k1', publicKey: 'AAAA' })).rejects.toThrow(
      /publicKey must be 32 bytes/,
    );
    await expect(
      recipientOf({ kid: 'k 1', publicKey: Buffer.alloc(32, 9).toString('base64') }),
    ).rejects.toThrow(/key id/);
  });
});
