/**
 * The audit log against its anchor outside IndexedDB (issue 13, item 4): the page's repository
 * with the main process's anchor store (src/main/services/audit-anchor.ts) in a temporary data
 * folder, as the bridge joins them, and IndexedDB tampered with behind the repository's back.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_ANCHOR_FILE_NAME,
  createAuditAnchorStore,
} from '../../../src/main/services/audit-anchor';
import { createLogger } from '../../../src/main/services/logger';
import {
  AUDIT_HEAD_KEY,
  auditHeadMark,
  auditReasonSealer,
  createAuditRepository,
  type AuditAnchor,
} from '../../../src/renderer/db/repositories/audit';
import {
  createBackupData,
  parseBackupFile,
  restoreBackup,
} from '../../../src/renderer/db/repositories/backup';
import { cipher, freshDatabase, said } from './helpers';

const NOW = Date.parse('2026-12-02T12:00:00+09:00');
const INDEX_KEY = Buffer.alloc(32, 7).toString('base64');
const quiet = createLogger({ sink: () => undefined });

async function setUp() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-audit-anchor-'));
  const store = createAuditAnchorStore({ dataDir, log: quiet });
  store.useKey(INDEX_KEY);
  const sent: unknown[] = [];
  let down = false;
  const anchor: AuditAnchor = {
    read: () => store.read(),
    advance: async (count, head) => {
      sent.push({ count, head });
      if (down) throw new Error('bridge down');
      return store.advance(count, head);
    },
  };
  const db = freshDatabase();
  const log = () =>
    createAuditRepository(db, undefined, auditHeadMark(cipher), auditReasonSealer(cipher), anchor);
  const audit = log();
  const reveal = (n: number) =>
    audit.append(
      { profile: 'c1', action: 'reveal', object: `participant:p${n}`, reason: said(`Call ${n}`) },
      NOW + n,
    );
  return { dataDir, store, db, audit, log, reveal, sent, setDown: (d: boolean) => (down = d) };
}

describe('the audit log anchored outside IndexedDB', () => {
  it('sends the count and the newest hash only, and verifies when they agree', async () => {
    const s = await setUp();
    await s.reveal(1);
    const b = await s.reveal(2);
    expect(s.sent).toEqual([
      { count: 1, head: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { count: 2, head: b.hash },
    ]);
    expect(await s.store.read()).toEqual({ state: 'set', count: 2, head: b.hash });
    expect(await s.audit.verify()).toEqual({ ok: true, count: 2 });
  });

  it('finds the audit and auditReasons stores cleared: never "intact: 0 entries"', async () => {
    const s = await setUp();
    await s.reveal(1);
    await s.reveal(2);
    await s.db.audit.clear();
    await s.db.auditReasons.clear();
    expect(await s.audit.verify()).toEqual({ ok: false, brokenAt: 1, reason: 'rolled-back' });
  });

  it('finds the stores cleared by the head mark alone (no anchor)', async () => {
    const db = freshDatabase();
    const audit = createAuditRepository(db, undefined, auditHeadMark(cipher));
    await audit.append({ profile: 'c1', action: 'reveal', object: 'p1', reason: said('r') }, NOW);
    await db.audit.clear();
    expect(await audit.verify()).toEqual({ ok: false, brokenAt: 1, reason: 'newest-removed' });
  });

  it('finds the log rolled back with its head mark saved and written back', async () => {
    const s = await setUp();
    await s.reveal(1);
    await s.reveal(2);
    const savedMark = await s.db.meta.get(AUDIT_HEAD_KEY);
    const c = await s.reveal(3);
    await s.db.audit.where('seq').equals(c.seq!).delete();
    await s.db.auditReasons.delete(c.hash);
    await s.db.meta.put(savedMark!);
    expect(await s.audit.verify()).toEqual({ ok: false, brokenAt: 3, reason: 'rolled-back' });
    // And the anchor cannot be taken back through the bridge either.
    expect(await s.store.advance(2, (await s.db.audit.get(2))!.hash)).toEqual({
      ok: false,
      reason: 'rolled-back',
    });
  });

  it('finds a log rewritten to the same length with the anchored entry replaced', async () => {
    const s = await setUp();
    await s.reveal(1);
    await s.reveal(2);
    const mark = await s.db.meta.get(AUDIT_HEAD_KEY);
    // Someone with the page's keys (the head mark can be made) rewrites entry 2.
    await s.db.audit.where('seq').equals(2).delete();
    const forger = createAuditRepository(s.db, undefined, auditHeadMark(cipher));
    await forger.append(
      { profile: 'x', action: 'export', object: 'o', reason: said('r') },
      NOW + 9,
    );
    expect(mark).toBeDefined();
    expect(await s.audit.verify()).toEqual({ ok: false, brokenAt: 2, reason: 'rolled-back' });
  });

  it('catches up an anchor left behind when the bridge was down, and verifies', async () => {
    const s = await setUp();
    await s.reveal(1);
    s.setDown(true);
    const b = await s.reveal(2);
    s.setDown(false);
    expect(await s.store.read()).toMatchObject({ count: 1 });
    expect(await s.audit.verify()).toEqual({ ok: true, count: 2 });
    expect(await s.store.read()).toEqual({ state: 'set', count: 2, head: b.hash });
  });

  it('fails Verify on an anchor file edited without the keys, or removed once the log was anchored', async () => {
    const s = await setUp();
    await s.reveal(1);
    const file = path.join(s.dataDir, AUDIT_ANCHOR_FILE_NAME);
    const body = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...body, count: 0 }));
    expect(await s.audit.verify()).toMatchObject({ ok: false, reason: 'anchor-damaged' });
    // A damaged anchor is never overwritten.
    await s.reveal(2);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ count: 0 });
    await writeFile(file, '');
    expect(await s.audit.verify()).toMatchObject({ ok: false, reason: 'anchor-damaged' });
    const { rm } = await import('node:fs/promises');
    await rm(file);
    expect(await s.audit.verify()).toMatchObject({ ok: false, reason: 'anchor-missing' });
  });

  it('cannot be read without the keys (locked)', async () => {
    const s = await setUp();
    await s.reveal(1);
    s.store.forgetKey();
    expect(await s.audit.verify()).toMatchObject({ ok: false, reason: 'anchor-unavailable' });
    s.store.useKey(INDEX_KEY);
    expect(await s.audit.verify()).toEqual({ ok: true, count: 1 });
    // Another key (another workstation's) does not open this anchor.
    s.store.useKey(Buffer.alloc(32, 8).toString('base64'));
    expect(await s.audit.verify()).toMatchObject({ ok: false, reason: 'anchor-damaged' });
  });

  it('anchors a log from before anchors once, at unlock', async () => {
    const s = await setUp();
    const legacy = createAuditRepository(s.db, undefined, auditHeadMark(cipher));
    const a = await legacy.append(
      { profile: 'c1', action: 'import', object: 'd', reason: said('') },
      NOW,
    );
    expect(await s.store.read()).toEqual({ state: 'none' });
    await s.audit.anchorOnce();
    expect(await s.store.read()).toEqual({ state: 'set', count: 1, head: a.hash });
    expect(await s.audit.verify()).toEqual({ ok: true, count: 1 });
  });

  it('a restore keeps this workstation’s log, and the anchor holds across it', async () => {
    const s = await setUp();
    await s.reveal(1);
    const { data } = await createBackupData(s.db, cipher, NOW);
    await s.reveal(2);
    const keystore = {
      kdf: { name: 'scrypt', N: 1024, r: 8, p: 1, salt: 'c2FsdA==' },
      wrapped: { alg: 'A256GCM', iv: 'aXY=', ct: 'Y3Q=', tag: 'dGFn' },
    };
    const file = `{"format":"counsellor-workstation.backup","version":1,"keystore":${JSON.stringify(keystore)},"data":${data}}`;
    await restoreBackup(s.db, cipher, cipher, parseBackupFile(file));
    await s.audit.append(
      { profile: 'c1', action: 'restore', object: 'backup', reason: said('') },
      NOW + 5,
    );
    expect(await s.audit.verify()).toEqual({ ok: true, count: 3 });
    expect(await s.store.read()).toMatchObject({ count: 3 });
  });
});
