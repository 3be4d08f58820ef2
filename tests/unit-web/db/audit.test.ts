import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, decodeAuditReason, type AuditReason } from '../../../src/domain/audit';
import {
  AUDIT_HEAD_KEY,
  AuditAppendConflictError,
  auditHeadMark,
  auditReasonSealer,
  createAuditRepository,
  sha256Hex,
} from '../../../src/renderer/db/repositories/audit';
import { cipher, freshDatabase, said, saidText } from './helpers';

const NOW = Date.parse('2026-12-02T12:00:00+09:00');

describe('audit repository', () => {
  it('hashes with WebCrypto SHA-256', async () => {
    // FIPS 180-2 test vector, and a UTF-8 one (as computed by node:crypto).
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(await sha256Hex('相談')).toBe(
      'fb439e9f852a8b5f0fc05c3e4c0096e52241c8ea72194beece0d49052966ec5b',
    );
  });

  it('appends a chain, lists it newest first and verifies it', async () => {
    const db = freshDatabase();
    const audit = createAuditRepository(db);
    expect(await audit.verify()).toEqual({ ok: true, count: 0 });
    const a = await audit.append(
      { profile: 'c1', action: 'reveal', object: 'p1', reason: said('Call') },
      NOW,
    );
    const b = await audit.append(
      { profile: 's1', action: 'export', object: 'sessions', reason: said('') },
      NOW + 1,
    );
    const c = await audit.append(
      { profile: 's1', action: 'settings-change', object: 'threshold', reason: said('Policy') },
      NOW + 2,
    );
    expect(a).toMatchObject({ seq: 1, atMs: NOW, prevHash: GENESIS_HASH });
    expect(b).toMatchObject({ seq: 2, prevHash: a.hash });
    expect(c).toMatchObject({ seq: 3, prevHash: b.hash });
    expect(await db.audit.toArray()).toEqual([a, b, c]);

    expect((await audit.list()).map((e) => e.seq)).toEqual([3, 2, 1]);
    expect((await audit.list({ limit: 2 })).map((e) => e.seq)).toEqual([3, 2]);
    expect((await audit.list({ limit: 2, beforeSeq: 2 })).map((e) => e.seq)).toEqual([1]);
    expect(await audit.verify()).toEqual({ ok: true, count: 3 });
  });

  it('refuses overlong fields and stores nothing', async () => {
    const db = freshDatabase();
    const audit = createAuditRepository(db);
    await expect(
      audit.append(
        { profile: 'c1', action: 'reveal', object: 'p1', reason: said('x'.repeat(501)) },
        NOW,
      ),
    ).rejects.toThrow(/reason/);
    expect(await db.audit.count()).toBe(0);
    // A failed append does not block the next one.
    await audit.append({ profile: 'c1', action: 'reveal', object: 'p1', reason: said('ok') }, NOW);
    expect(await audit.verify()).toEqual({ ok: true, count: 1 });
  });

  it('keeps a valid chain under concurrent appends from one repository', async () => {
    const db = freshDatabase();
    const audit = createAuditRepository(db);
    const entries = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        audit.append(
          { profile: 'c1', action: 'reveal', object: `p${i}`, reason: said('r') },
          NOW + i,
        ),
      ),
    );
    expect(entries.map((e) => e.seq ?? 0).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(await audit.verify()).toEqual({ ok: true, count: 20 });
  });

  it('keeps a valid chain when several writers race (retrying the whole append)', async () => {
    const db = freshDatabase();
    let hashes = 0;
    const counting = (text: string) => {
      hashes += 1;
      return sha256Hex(text);
    };
    // Each append can lose at most once to each other writer's append: 4 attempts are enough for
    // 4 writers with one append each, and for 2 writers with 3 appends each.
    const four = Array.from({ length: 4 }, () => createAuditRepository(db, counting));
    await Promise.all(
      four.map((w, i) =>
        w.append({ profile: `c${i}`, action: 'export', object: `o${i}`, reason: said('') }, NOW),
      ),
    );
    expect(hashes).toBeGreaterThan(4); // some appends lost the race and started again
    const two = Array.from({ length: 2 }, () => createAuditRepository(db, counting));
    await Promise.all(
      two.flatMap((w, i) =>
        [0, 1, 2].map((j) =>
          w.append(
            { profile: `s${i}`, action: 'import', object: `f${i}-${j}`, reason: said('') },
            NOW,
          ),
        ),
      ),
    );
    expect(await db.audit.count()).toBe(10);
    expect(await createAuditRepository(db).verify()).toEqual({ ok: true, count: 10 });
  });

  it('gives up after 3 retries when another writer always gets in first', async () => {
    const db = freshDatabase();
    const other = createAuditRepository(db);
    let interruptions = 0;
    const interrupted = createAuditRepository(db, async (text) => {
      interruptions += 1;
      await other.append({ profile: 'c2', action: 'reveal', object: 'p2', reason: said('') }, NOW);
      return sha256Hex(text);
    });
    await expect(
      interrupted.append({ profile: 'c1', action: 'reveal', object: 'p1', reason: said('') }, NOW),
    ).rejects.toThrow(AuditAppendConflictError);
    expect(interruptions).toBe(4);
    expect(await db.audit.count()).toBe(4);
    expect(await other.verify()).toEqual({ ok: true, count: 4 });
  });

  it('reports tampering behind its back', async () => {
    const db = freshDatabase();
    const audit = createAuditRepository(db);
    for (let i = 0; i < 4; i += 1) {
      await audit.append(
        { profile: 'c1', action: 'reveal', object: `p${i}`, reason: said('r') },
        NOW + i,
      );
    }
    await db.audit.update(2, { reason: 'changed' });
    expect(await audit.verify()).toEqual({ ok: false, brokenAt: 2, reason: 'edited' });

    const db2 = freshDatabase();
    const audit2 = createAuditRepository(db2);
    for (let i = 0; i < 4; i += 1) {
      await audit2.append(
        { profile: 'c1', action: 'reveal', object: `p${i}`, reason: said('r') },
        NOW + i,
      );
    }
    await db2.audit.delete(3);
    expect(await audit2.verify()).toEqual({
      ok: false,
      brokenAt: 4,
      reason: 'removed-or-reordered',
    });
  });

  it('streams long logs page by page', async () => {
    const db = freshDatabase();
    const audit = createAuditRepository(db);
    for (let i = 0; i < 1_100; i += 1) {
      await audit.append(
        { profile: 'c1', action: 'import', object: `f${i}`, reason: said('') },
        NOW + i,
      );
    }
    expect(await audit.verify()).toEqual({ ok: true, count: 1_100 });
    await db.audit.update(1_050, { object: 'other' });
    expect(await audit.verify()).toEqual({ ok: false, brokenAt: 1_050, reason: 'edited' });
  });

  it('offers no way to change or remove an entry', () => {
    const audit = createAuditRepository(freshDatabase());
    expect(Object.keys(audit).sort()).toEqual([
      'anchorOnce',
      'append',
      'list',
      'markHead',
      'verify',
    ]);
  });

  it('with a keyed head mark, removing the newest entries or rewriting the log is found', async () => {
    const db = freshDatabase();
    const audit = createAuditRepository(db, undefined, auditHeadMark(cipher));
    for (let i = 0; i < 4; i += 1)
      await audit.append(
        { profile: 'c1', action: 'reveal', object: `p${i}`, reason: said('r') },
        NOW + i,
      );
    expect(await audit.verify()).toEqual({ ok: true, count: 4 });
    // The newest entry removed: the chain alone still holds, the head mark does not.
    expect(await createAuditRepository(db).verify()).toEqual({ ok: true, count: 4 });
    await db.audit.delete(4);
    expect(await createAuditRepository(db).verify()).toEqual({ ok: true, count: 3 });
    expect(await audit.verify()).toEqual({ ok: false, brokenAt: 3, reason: 'newest-removed' });
    // A whole log rewritten by someone without the key (a fresh chain, its own "mark"): found.
    await db.audit.clear();
    await db.meta.delete(AUDIT_HEAD_KEY);
    const forger = createAuditRepository(db, undefined, async () => 'f'.repeat(64));
    await forger.append({ profile: 'x', action: 'export', object: 'o', reason: said('r') }, NOW);
    expect(await audit.verify()).toMatchObject({ ok: false, reason: 'newest-removed' });
    // A missing mark is not taken as "all is well".
    await db.meta.delete(AUDIT_HEAD_KEY);
    expect(await audit.verify()).toMatchObject({ ok: false, reason: 'newest-removed' });
  });

  it('marks the head of a log written before head marks once, then appends keep it', async () => {
    const db = freshDatabase();
    await createAuditRepository(db).append(
      { profile: 'c1', action: 'import', object: 'dataset', reason: said('') },
      NOW,
    );
    const audit = createAuditRepository(db, undefined, auditHeadMark(cipher));
    expect(await audit.verify()).toMatchObject({ ok: false, reason: 'newest-removed' });
    await audit.markHead();
    expect(await audit.verify()).toEqual({ ok: true, count: 1 });
    await audit.append(
      { profile: 'c1', action: 'reveal', object: 'p1', reason: said('r') },
      NOW + 1,
    );
    expect(await audit.verify()).toEqual({ ok: true, count: 2 });
  });
});

describe('audit reasons sealed at rest', () => {
  const sealedLog = (db: ReturnType<typeof freshDatabase>) =>
    createAuditRepository(db, undefined, auditHeadMark(cipher), auditReasonSealer(cipher));

  it('keeps the typed reason out of the stored entry, lists it opened, and verifies', async () => {
    const db = freshDatabase();
    const audit = sealedLog(db);
    const typed = 'Alex Morgan asked to confirm the JET number by phone';
    const entry = await audit.append(
      { profile: 'c1', action: 'reveal', object: 'p1', reason: said(typed) },
      NOW,
    );
    await audit.append({ profile: 's1', action: 'export', object: 'x', reason: said('') }, NOW + 1);
    expect(entry.reason).toMatch(/^sealed:[0-9a-f]{64}$/);
    // Nothing of the text in either store.
    const stored = JSON.stringify([await db.audit.toArray(), await db.auditReasons.toArray()]);
    expect(stored).not.toContain('Alex');
    expect(stored).not.toContain('phone');
    expect((await audit.list()).map((e) => saidText(e.reason))).toEqual(['', typed]);
    expect(await audit.verify()).toEqual({ ok: true, count: 2 });
  });

  it('stores coded reasons sealed, lists them back as coded, and verifies them', async () => {
    const db = freshDatabase();
    const audit = sealedLog(db);
    const reasons: AuditReason[] = [
      { code: 'profile-created', role: 'supervisor', name: 'Alex Morgan' },
      { code: 'outcome-corrected', from: 'no-show', to: 'completed', text: 'Came late, by phone' },
    ];
    for (const [i, reason] of reasons.entries())
      await audit.append({ profile: 's1', action: 'role-change', object: 'x', reason }, NOW + i);
    const stored = JSON.stringify([await db.audit.toArray(), await db.auditReasons.toArray()]);
    expect(stored).not.toContain('Alex');
    expect(stored).not.toContain('phone');
    const listed = (await audit.list()).map((e) => decodeAuditReason(e.reason!));
    expect(listed).toEqual(reasons.reverse().map((reason) => ({ kind: 'coded', reason })));
    expect(await audit.verify()).toEqual({ ok: true, count: 2 });
    // A caller cannot store a reason its schema refuses (nothing is written).
    await expect(
      audit.append(
        {
          profile: 's1',
          action: 'import',
          object: 'x',
          reason: { code: 'import-started', total: -1 },
        },
        NOW,
      ),
    ).rejects.toThrow(/reason/);
    expect(await db.audit.count()).toBe(2);
  });

  it('finds a sealed reason removed, replaced by another sealed text, or damaged', async () => {
    const setUp = async () => {
      const db = freshDatabase();
      const audit = sealedLog(db);
      const a = await audit.append(
        { profile: 'c1', action: 'reveal', object: 'p1', reason: said('First call') },
        NOW,
      );
      const b = await audit.append(
        { profile: 'c1', action: 'reveal', object: 'p2', reason: said('Second call') },
        NOW + 1,
      );
      return { db, audit, a, b };
    };
    // Removed.
    let s = await setUp();
    await s.db.auditReasons.delete(s.a.hash);
    expect(await s.audit.verify()).toEqual({ ok: false, brokenAt: 1, reason: 'reason-changed' });
    expect((await s.audit.list()).map((e) => saidText(e.reason))).toEqual(['Second call', null]);
    // Replaced by a sealed text of the same binding but other words.
    s = await setUp();
    const other = await auditReasonSealer(cipher).seal('Nothing happened', s.b.hash);
    await s.db.auditReasons.put({ entryHash: s.b.hash, reason: other });
    expect(await s.audit.verify()).toEqual({ ok: false, brokenAt: 2, reason: 'reason-changed' });
    // Moved from another entry: it does not open under this entry's binding.
    s = await setUp();
    const moved = (await s.db.auditReasons.get(s.a.hash))!.reason;
    await s.db.auditReasons.put({ entryHash: s.b.hash, reason: moved });
    expect(await s.audit.verify()).toEqual({ ok: false, brokenAt: 2, reason: 'reason-changed' });
  });

  it('refuses plaintext in the sealed store, and an overlong reason before sealing it', async () => {
    const db = freshDatabase();
    await expect(
      db.auditReasons.put({ entryHash: 'h', reason: 'in clear' as never }),
    ).rejects.toThrow();
    const audit = sealedLog(db);
    await expect(
      audit.append(
        { profile: 'c1', action: 'reveal', object: 'p1', reason: said('x'.repeat(501)) },
        NOW,
      ),
    ).rejects.toThrow(/reason/);
    expect(await db.audit.count()).toBe(0);
    expect(await db.auditReasons.count()).toBe(0);
  });
});
