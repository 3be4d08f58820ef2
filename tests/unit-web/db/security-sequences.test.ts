/**
 * Issue 12.3: the security operations as sequences. Backup, restore, rotate, lock and unlock,
 * reveal, import and role switch in random orders, each possibly interrupted at a random point
 * (the page closed: the next step starts with a restart, i.e. an unlock). After every step every
 * stored value (the sealed arguments of the outbox's mutations included: notes written between the
 * steps) opens with the keys the key store holds, Verify passes, and at the end a pending rotation
 * always finishes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldCipher, isEnvelope } from '../../../src/renderer/db/crypto/field-cipher';
import {
  SEALED_FIELDS,
  type SealedTableName,
} from '../../../src/renderer/db/crypto/sealed-records';
import { sealedArguments } from '../../../src/renderer/db/crypto/sealed-mutations';
import { sealedFromWire } from '../../../src/renderer/db/crypto/sealed-wire';
import { createQueueRepository } from '../../../src/renderer/db/repositories/queue';
import { MessageSearchIndex } from '../../../src/renderer/db/repositories/search-index';
import type { WorkstationDatabase } from '../../../src/renderer/db/database';
import {
  auditHeadMark,
  auditReasonSealer,
  createAuditRepository,
} from '../../../src/renderer/db/repositories/audit';
import {
  createBackupData,
  restoreBackup,
  type ParsedBackup,
} from '../../../src/renderer/db/repositories/backup';
import { importCheckedDataset } from '../../../src/renderer/db/repositories/import';
import {
  resumeRotation,
  rotateDataKey,
  rotationPending,
  type RotationKeyStore,
} from '../../../src/renderer/db/repositories/rotation';
import { ROTATION_KEY, resealAll } from '../../../src/renderer/db/repositories/resealing';
import { BASE_DATASET, checked, freshDatabase, noRisk, said, saidText } from './helpers';
import { decodeAuditReason } from '../../../src/domain/audit';

const NOW = Date.parse('2026-12-02T12:00:00+09:00');
const PASSPHRASE = 'correct horse battery staple';
const random = () => globalThis.crypto.getRandomValues(new Uint8Array(32));

interface KeySet {
  currentKid: string;
  keys: { kid: string; key: Uint8Array }[];
  indexKey: Uint8Array;
}
const copy = (k: KeySet): KeySet => ({
  currentKid: k.currentKid,
  keys: k.keys.map(({ kid, key }) => ({ kid, key: new Uint8Array(key) })),
  indexKey: new Uint8Array(k.indexKey),
});
const open = (k: KeySet) => FieldCipher.fromKeyMaterial(copy(k));

/** The page closed at this point. */
class Interrupted extends Error {}

/** The main process's key store, in memory, with the same rules as src/main/services/key-store. */
function keyStoreModel() {
  let counter = 0;
  let set: KeySet = { currentKid: 'k0', keys: [{ kid: 'k0', key: random() }], indexKey: random() };
  const ok = { ok: true, retryAfterMs: null };
  const store: RotationKeyStore<KeySet> & { snapshot(): KeySet } = {
    snapshot: () => copy(set),
    rotate(passphrase) {
      if (passphrase !== PASSPHRASE) return Promise.resolve({ ...ok, ok: false, newKid: null });
      counter += 1;
      const kid = `k${counter}`;
      set = { ...set, currentKid: kid, keys: [...set.keys, { kid, key: random() }] };
      return Promise.resolve({ ...ok, newKid: kid });
    },
    unlock: () => Promise.resolve({ ...ok, ok: true as const, keys: copy(set) }),
    retire(_passphrase, keep) {
      set = {
        ...set,
        keys: set.keys.filter((k) => k.kid === set.currentKid || keep.includes(k.kid)),
      };
      return Promise.resolve(ok);
    },
  };
  return store;
}

type Step =
  | { op: 'backup' }
  | { op: 'restore'; which: number }
  | { op: 'rotate'; stopAt: number | null }
  | { op: 'lock' }
  | { op: 'reveal'; reason: string }
  | { op: 'import'; n: number; stopAt: number | null }
  | { op: 'note' }
  | { op: 'switch' };

const stopAt = fc.option(fc.integer({ min: 0, max: 12 }), { nil: null });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ op: 'backup' }),
  fc.record({ op: fc.constant('restore' as const), which: fc.nat() }),
  fc.record({ op: fc.constant('rotate' as const), stopAt }),
  fc.constant<Step>({ op: 'lock' }),
  fc.record({ op: fc.constant('reveal' as const), reason: fc.string({ minLength: 1 }) }),
  fc.record({ op: fc.constant('import' as const), n: fc.integer({ min: 1, max: 3 }), stopAt }),
  fc.constant<Step>({ op: 'switch' }),
  fc.constant<Step>({ op: 'note' }),
);

/** A small dataset with `n` new messages in a new thread (ids unique per import). */
function newMessages(serial: number, n: number) {
  return checked({
    ...BASE_DATASET,
    messages: [
      ...BASE_DATASET.messages,
      ...Array.from({ length: n }, (_, i) => ({
        id: `m-${serial}-${i}`,
        threadId: `t-${serial}`,
        participantId: 'p2',
        subject: `Subject ${serial}`,
        body: `Text ${serial}.${i}`,
        receivedAt: '2026-12-01T21:00:00+09:00',
      })),
    ],
  });
}

/** Every sealed value opens with these keys. */
async function everyValueOpens(db: WorkstationDatabase, cipher: FieldCipher): Promise<void> {
  for (const [table, spec] of Object.entries(SEALED_FIELDS)) {
    const rows = (await db.table(table).toArray()) as Record<string, unknown>[];
    for (const row of rows) {
      for (const field of spec.fields) {
        const value = row[field];
        if (value === null || value === undefined) continue;
        expect(isEnvelope(value), `${table}.${field} is sealed`).toBe(true);
        await cipher.open(value, {
          table: table as SealedTableName,
          id: String(row[spec.key]),
          field,
        });
      }
    }
  }
  for (const entry of await db.outbox.toArray())
    for (const { sealed, place } of sealedArguments(entry))
      await cipher.open(sealedFromWire(sealed), place);
}

async function runSequence(steps: Step[]): Promise<void> {
  const db = freshDatabase();
  const keyStore = keyStoreModel();
  let cipher = await open(keyStore.snapshot());
  const audit = () =>
    createAuditRepository(db, undefined, auditHeadMark(cipher), auditReasonSealer(cipher));
  const backups: { parsed: ParsedBackup; keys: KeySet }[] = [];
  let imports = 0;
  /** A restart: the page reloads and unlocks (a pending rotation is carried on). */
  const restart = async () => {
    const unlocked = await keyStore.unlock(PASSPHRASE);
    if (!unlocked.ok) throw new Error('unlock refused');
    cipher = await open(unlocked.keys);
    await resumeRotation(db, cipher, { hasRiskSignal: noRisk });
  };
  const stopper = (at: number | null) => {
    let calls = 0;
    return () => {
      if (at !== null && calls++ === at) throw new Interrupted();
    };
  };
  await importCheckedDataset(db, cipher, checked(BASE_DATASET), {
    nowMs: NOW,
    hasRiskSignal: noRisk,
  });
  for (const s of steps) {
    try {
      switch (s.op) {
        case 'backup': {
          if (await rotationPending(db)) break; // refused: finish the rotation first
          const { data } = await createBackupData(db, cipher, NOW);
          await audit().append(
            { profile: 'Kim', action: 'export', object: 'backup', reason: said('backup') },
            NOW,
          );
          const parsed = JSON.parse(data) as { payload: string; mac: string };
          backups.push({
            parsed: { keystore: {} as ParsedBackup['keystore'], ...parsed },
            keys: keyStore.snapshot(),
          });
          break;
        }
        case 'restore': {
          if (backups.length === 0 || (await rotationPending(db))) break;
          const chosen = backups[s.which % backups.length]!;
          const { records } = await restoreBackup(
            db,
            cipher,
            await open(chosen.keys),
            chosen.parsed,
          );
          await audit().append(
            { profile: 'Kim', action: 'restore', object: 'backup', reason: said(`${records}`) },
            NOW,
          );
          break;
        }
        case 'rotate': {
          const stop = stopper(s.stopAt);
          const outcome = await rotateDataKey(
            db,
            {
              rotate: async (p) => {
                const r = await keyStore.rotate(p);
                stop();
                return r;
              },
              unlock: (p) => keyStore.unlock(p),
              retire: async (p, keep) => {
                stop();
                const r = await keyStore.retire(p, keep);
                stop();
                return r;
              },
            },
            PASSPHRASE,
            {
              openKeys: open,
              onCipher: (c) => (cipher = c),
              hasRiskSignal: noRisk,
              onProgress: stop,
              profile: 'Kim',
              nowMs: () => NOW,
            },
          );
          expect(outcome.kind).toBe('rotated');
          break;
        }
        case 'lock':
          await restart();
          break;
        case 'reveal':
          await audit().append(
            {
              profile: 'Kim',
              action: 'reveal',
              object: 'p1',
              reason: said(s.reason.slice(0, 200)),
            },
            NOW,
          );
          break;
        case 'note':
          await createQueueRepository(db, cipher, new MessageSearchIndex(db, cipher)).addNote(
            't1',
            'Call back on Friday.',
            'c1',
            NOW,
          );
          break;
        case 'switch':
          await audit().append(
            { profile: 'Kim', action: 'role-change', object: 'profile:x', reason: said('a → b') },
            NOW,
          );
          break;
        case 'import': {
          imports += 1;
          await importCheckedDataset(db, cipher, newMessages(imports, s.n), {
            nowMs: NOW,
            hasRiskSignal: noRisk,
            onProgress: stopper(s.stopAt),
          });
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
      await restart();
    }
    // After every step: with the keys the key store holds now, every value opens and Verify passes.
    const now = await open(keyStore.snapshot());
    await everyValueOpens(db, now);
    expect(
      await createAuditRepository(
        db,
        undefined,
        auditHeadMark(now),
        auditReasonSealer(now),
      ).verify(),
    ).toMatchObject({ ok: true });
  }
  // A pending rotation always finishes.
  if (await rotationPending(db)) {
    const outcome = await rotateDataKey(db, keyStore, PASSPHRASE, {
      openKeys: open,
      onCipher: (c) => (cipher = c),
      hasRiskSignal: noRisk,
      profile: 'Kim',
      nowMs: () => NOW,
    });
    expect(outcome.kind).toBe('rotated');
  }
  expect(await rotationPending(db)).toBe(false);
  expect(keyStore.snapshot().keys.map((k) => k.kid)).toEqual([keyStore.snapshot().currentKid]);
}

describe('security operations as sequences (issue 12.3)', () => {
  it('backup, restore, rotate: the rotation is audited under the new key and Verify passes', async () => {
    await runSequence([
      { op: 'reveal', reason: 'Asked by phone' },
      { op: 'backup' },
      { op: 'restore', which: 0 },
      { op: 'rotate', stopAt: null },
      { op: 'lock' },
      { op: 'rotate', stopAt: null },
    ]);
  });

  it('notes waiting in the outbox: backed up, rotated, restored, interrupted, every one opens', async () => {
    await runSequence([
      { op: 'note' },
      { op: 'backup' },
      { op: 'rotate', stopAt: null },
      { op: 'note' },
      { op: 'restore', which: 0 },
      { op: 'note' },
      { op: 'rotate', stopAt: 3 },
      { op: 'lock' },
      { op: 'rotate', stopAt: null },
    ]);
  });

  it('an interrupted rotation finishes, and the next one completes', async () => {
    await runSequence([
      { op: 'rotate', stopAt: null },
      { op: 'rotate', stopAt: 2 },
      { op: 'switch' },
      { op: 'rotate', stopAt: null },
    ]);
  });

  it('a folder damaged by the old rotation (a reason under a destroyed key) finishes its rotation', async () => {
    const db = freshDatabase();
    const keyStore = keyStoreModel();
    const first = await open(keyStore.snapshot());
    const log = (c: FieldCipher) =>
      createAuditRepository(db, undefined, auditHeadMark(c), auditReasonSealer(c));
    await log(first).append(
      { profile: 'Kim', action: 'reveal', object: 'p1', reason: said('Asked by phone') },
      NOW,
    );
    // What the old screen did: rotate, retire k0, then seal the rotation's reason under k0.
    await keyStore.rotate(PASSPHRASE);
    await resealAll(db, await open(keyStore.snapshot()), { hasRiskSignal: noRisk });
    await keyStore.retire(PASSPHRASE, []);
    await log(first).append(
      { profile: 'Kim', action: 'key-change', object: 'data-key:k1', reason: said('key rotation') },
      NOW,
    );
    // A second rotation, interrupted after its mark: it used to stay pending for ever.
    await keyStore.rotate(PASSPHRASE);
    await db.meta.put({ key: ROTATION_KEY, value: 'k2' });
    const options = {
      openKeys: open,
      onCipher: () => undefined,
      hasRiskSignal: noRisk,
      profile: 'Kim',
      nowMs: () => NOW,
    };
    const outcome = await rotateDataKey(db, keyStore, PASSPHRASE, options);
    expect(outcome).toMatchObject({ kind: 'rotated', unreadable: 1, kept: 0 });
    expect(await rotationPending(db)).toBe(false);
    expect(keyStore.snapshot().keys.map((k) => k.kid)).toEqual(['k2']);
    // The lost reason is still reported by Verify, at its entry; nothing else is lost.
    const now = await open(keyStore.snapshot());
    expect(await log(now).verify()).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: 'reason-changed',
    });
    const listed = (await log(now).list()).map((e) => e.reason);
    expect(decodeAuditReason(listed[0]!)).toEqual({
      kind: 'coded',
      reason: { code: 'key-rotated', resealed: 1, unreadable: 1 },
    });
    expect(listed.slice(1).map(saidText)).toEqual([null, 'Asked by phone']);
  });

  it('any order, interrupted anywhere: every value opens, Verify passes, rotation completes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) =>
        runSequence(steps),
      ),
      { numRuns: 40 },
    );
  });
});
