import { describe, expect, it } from 'vitest';
import { FieldCipher, FieldDecryptionError } from '../../../src/renderer/db/crypto/field-cipher';
import type { WorkstationDatabase } from '../../../src/renderer/db/database';
import {
  ClaimError,
  createClaimsRepository,
  type NewClaim,
} from '../../../src/renderer/db/repositories/claims';
import { freshDatabase } from './helpers';

const NOW = Date.parse('2026-11-30T10:00:00+09:00');
const PROVIDER = 'Dr Akiko Tanaka, Shibuya Mind Clinic';

function testCipher(): Promise<FieldCipher> {
  return FieldCipher.fromKeyMaterial({
    currentKid: 'k1',
    keys: [{ kid: 'k1', key: crypto.getRandomValues(new Uint8Array(32)) }],
    indexKey: crypto.getRandomValues(new Uint8Array(32)),
  });
}

async function setUp() {
  const db = freshDatabase();
  const cipher = await testCipher();
  return { db, cipher, repo: createClaimsRepository(db, cipher) };
}

const claim = (change: Partial<NewClaim> = {}): NewClaim => ({
  participantId: 'p1',
  counsellingDate: '2026-11-23',
  provider: PROVIDER,
  costYen: 12_000,
  ...change,
});

/** The raw records of the claims store, read with IndexedDB itself (no Dexie, no cipher). */
function rawClaims(db: WorkstationDatabase): Promise<unknown[]> {
  const request = db.backendDB().transaction('claims', 'readonly').objectStore('claims').getAll();
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result as unknown[]);
    request.onerror = () => reject(request.error);
  });
}

/** Every string in a value, and every byte array read as UTF-8 and as Latin-1. */
function textsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value instanceof Uint8Array)
    return [new TextDecoder().decode(value), Buffer.from(value).toString('latin1')];
  if (typeof value === 'object' && value !== null)
    return [...Object.keys(value), ...Object.values(value).flatMap(textsIn)];
  return [];
}

describe('claims', () => {
  it('stores a claim and gives it back opened, by participant and in the list of all', async () => {
    const { repo } = await setUp();
    const saved = await repo.add(claim({ provider: `  ${PROVIDER} ` }), NOW);
    expect(saved).toMatchObject({
      participantId: 'p1',
      counsellingDate: '2026-11-23',
      provider: PROVIDER,
      costYen: 12_000,
      version: 1,
      createdAt: NOW,
      deletedAt: null,
    });
    await repo.add(claim({ participantId: 'p2', counsellingDate: '2026-04-01' }), NOW + 1);
    await repo.add(
      claim({ counsellingDate: '2026-05-10', provider: 'カウンセリングルーム' }),
      NOW + 2,
    );

    const mine = await repo.listForParticipant('p1');
    expect(mine.map((c) => [c.counsellingDate, c.provider])).toEqual([
      ['2026-05-10', 'カウンセリングルーム'],
      ['2026-11-23', PROVIDER],
    ]);
    expect(mine[1]).toEqual(saved);
    expect((await repo.listAll()).map((c) => c.participantId)).toEqual(['p2', 'p1', 'p1']);
    expect(await repo.listForParticipant('nobody')).toEqual([]);
  });

  it('holds no plaintext provider in IndexedDB, only an envelope', async () => {
    const { db, repo } = await setUp();
    await repo.add(claim(), NOW);
    const [raw] = await rawClaims(db);
    expect(raw).toMatchObject({
      participantId: 'p1',
      costYen: 12_000,
      provider: { v: 1, kid: 'k1', iv: expect.any(Uint8Array), ct: expect.any(Uint8Array) },
    });
    const texts = textsIn(raw);
    for (const secret of [PROVIDER, 'Tanaka', 'Shibuya', 'Clinic'])
      expect(texts.some((t) => t.includes(secret))).toBe(false);
  });

  it('refuses a ciphertext moved to another claim instead of showing it', async () => {
    const { db, repo } = await setUp();
    const a = await repo.add(claim(), NOW);
    const b = await repo.add(claim({ provider: 'Another clinic' }), NOW + 1);
    const storedA = (await db.claims.get(a.id))!;
    await db.claims.update(b.id, { provider: storedA.provider });
    await expect(repo.listAll()).rejects.toBeInstanceOf(FieldDecryptionError);
    await expect(repo.listForParticipant('p1')).rejects.toThrow(/does not open/);
  });

  it('does not open under another key set', async () => {
    const { db, repo } = await setUp();
    await repo.add(claim(), NOW);
    const other = createClaimsRepository(db, await testCipher());
    await expect(other.listAll()).rejects.toBeInstanceOf(FieldDecryptionError);
  });

  it.each([
    ['participantId', { participantId: ' ' }],
    ['counsellingDate', { counsellingDate: '2026-02-30' }],
    ['counsellingDate', { counsellingDate: '2026-11' }],
    ['counsellingDate', { counsellingDate: '2026-12-01' }], // after "today" (30 Nov JST)
    ['counsellingDate', { counsellingDate: '1999-12-31' }], // before the ledger's range
    ['costYen', { costYen: 0 }],
    ['costYen', { costYen: -500 }],
    ['costYen', { costYen: 1200.5 }],
    ['costYen', { costYen: 10_000_001 }],
    ['costYen', { costYen: Number.NaN }],
    ['provider', { provider: '   ' }],
    ['provider', { provider: '相'.repeat(201) }],
  ] as const)('refuses a bad %s (%o), stores nothing and queues nothing', async (field, change) => {
    const { db, repo } = await setUp();
    const error = await repo.add(claim(change), NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClaimError);
    expect((error as ClaimError).field).toBe(field);
    expect((error as ClaimError).message).toMatch(new RegExp(`^${field}: `));
    expect(await db.claims.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('accepts the limits: ¥1, ¥10,000,000, 200 characters, today', async () => {
    const { repo } = await setUp();
    await repo.add(claim({ costYen: 1, counsellingDate: '2026-11-30' }), NOW);
    await repo.add(claim({ costYen: 10_000_000, provider: '😀'.repeat(200) }), NOW);
    expect(await repo.listAll()).toHaveLength(2);
  });

  it('writes nothing to the outbox: the ledger has no mutation in the sync contract yet', async () => {
    const { db, repo } = await setUp();
    const saved = await repo.add(claim(), NOW);
    expect(await repo.softDelete(saved.id, NOW + 60_000)).toBe(true);
    expect(await repo.softDelete(saved.id, NOW + 120_000)).toBe(false);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.claims.get(saved.id)).toMatchObject({
      deletedAt: NOW + 60_000,
      updatedAt: NOW + 60_000,
      version: 2,
    });
    await expect(repo.softDelete('missing', NOW)).rejects.toMatchObject({ field: 'id' });
  });

  it('leaves deleted claims out of the lists and the aggregate input', async () => {
    const { repo } = await setUp();
    const gone = await repo.add(claim(), NOW);
    const kept = await repo.add(claim({ counsellingDate: '2026-04-02', costYen: 8_000 }), NOW + 1);
    await repo.softDelete(gone.id, NOW + 2);
    expect((await repo.listAll()).map((c) => c.id)).toEqual([kept.id]);
    expect((await repo.listForParticipant('p1')).map((c) => c.id)).toEqual([kept.id]);
    expect(await repo.aggregateInput()).toEqual([
      {
        id: kept.id,
        participantId: 'p1',
        counsellingDate: '2026-04-02',
        costYen: 8_000,
        createdAt: NOW + 1,
      },
    ]);
  });

  it('gives the reports no provider, sealed or open, and needs no key to do so', async () => {
    const { db, repo } = await setUp();
    await repo.add(claim(), NOW);
    const rows = await repo.aggregateInput();
    expect(Object.keys(rows[0]!).sort()).toEqual([
      'costYen',
      'counsellingDate',
      'createdAt',
      'id',
      'participantId',
    ]);
    // Another key set cannot open the provider, and the aggregate input never tries.
    const other = createClaimsRepository(db, await testCipher());
    expect(await other.aggregateInput()).toEqual(rows);
  });
});
