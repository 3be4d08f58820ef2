/**
 * After a workstation adopts the organisation's keys (issue 15, docs/security.md "Enrolment"):
 * blind indexes follow the organisation's index key, while the audit log's marks stay under the
 * workstation's own index key, so a log written before the enrolment still verifies after it,
 * and what the workstation sealed before is sealed again under the organisation's current key.
 */
import { describe, expect, it } from 'vitest';
import { FieldCipher } from '../../../src/renderer/db/crypto/field-cipher';
import {
  auditHeadMark,
  auditReasonSealer,
  createAuditRepository,
} from '../../../src/renderer/db/repositories/audit';
import { kidsInUse, resealAll } from '../../../src/renderer/db/repositories/resealing';
import { freshDatabase, noRisk, said, saidText } from './helpers';

const NOW = Date.parse('2026-12-02T12:00:00+09:00');
const random = () => globalThis.crypto.getRandomValues(new Uint8Array(32));

describe('the keys after an enrolment', () => {
  it("marks the audit log under the workstation's own index key, indexes under the organisation's", async () => {
    const own = { kid: 'k-own', key: random(), index: random() };
    const org = { kid: 'k-org', key: random(), index: random() };
    const before = await FieldCipher.fromKeyMaterial({
      currentKid: own.kid,
      keys: [{ kid: own.kid, key: new Uint8Array(own.key) }],
      indexKey: new Uint8Array(own.index),
    });
    const db = freshDatabase();
    const log = (c: FieldCipher) =>
      createAuditRepository(db, undefined, auditHeadMark(c), auditReasonSealer(c));
    await log(before).append(
      { profile: 'c1', action: 'reveal', object: 'p1', reason: said('Asked by phone') },
      NOW,
    );
    const ownIndex = await before.blindIndex('20123456789');

    // The key set the key store gives after adopting: the organisation's current, its own kept.
    const after = await FieldCipher.fromKeyMaterial({
      currentKid: org.kid,
      keys: [
        { kid: org.kid, key: new Uint8Array(org.key) },
        { kid: own.kid, key: new Uint8Array(own.key) },
      ],
      indexKey: new Uint8Array(org.index),
      localIndexKey: new Uint8Array(own.index),
    });
    const organisation = await FieldCipher.fromKeyMaterial({
      currentKid: org.kid,
      keys: [{ kid: org.kid, key: new Uint8Array(org.key) }],
      indexKey: new Uint8Array(org.index),
    });
    // Only the adopted key set says it joined (the Sync tab shows "joined" for it, not the form).
    expect([before.joinedOrganisation, after.joinedOrganisation]).toEqual([false, true]);
    expect(organisation.joinedOrganisation).toBe(false);
    // Blind indexes: the organisation's (the same as every enrolled workstation's).
    expect(await after.blindIndex('20123456789')).toBe(
      await organisation.blindIndex('20123456789'),
    );
    expect(await after.blindIndex('20123456789')).not.toBe(ownIndex);
    // The log's marks: still this workstation's own, so the log written before verifies.
    expect(await after.localMark('x')).toBe(await before.localMark('x'));
    expect(await organisation.localMark('x')).not.toBe(await before.localMark('x'));
    expect(await log(after).verify()).toEqual({ ok: true, count: 1 });

    // What it sealed before is sealed again under the organisation's current key; the log still
    // verifies and its reason opens; its own data key is then no longer used.
    await resealAll(db, after, { hasRiskSignal: noRisk });
    expect(await kidsInUse(db)).toEqual(new Set([org.kid]));
    expect(await log(after).verify()).toEqual({ ok: true, count: 1 });
    expect((await log(after).list()).map((e) => saidText(e.reason))).toEqual(['Asked by phone']);
    await log(after).append(
      { profile: 'c1', action: 'reveal', object: 'p2', reason: said('Again') },
      NOW + 1,
    );
    expect(await log(after).verify()).toEqual({ ok: true, count: 2 });
  });
});
