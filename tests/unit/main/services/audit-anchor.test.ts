import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_ANCHOR_FILE_NAME,
  createAuditAnchorStore,
} from '../../../../src/main/services/audit-anchor';
import { createBridgeHandlers } from '../../../../src/main/services/handlers';
import { createKeyStore } from '../../../../src/main/services/key-store';
import { createLogger } from '../../../../src/main/services/logger';
import { createRoleCredentials } from '../../../../src/main/services/role-credentials';

const FAST = { N: 1024, r: 8, p: 1 };
const GOOD = 'correct horse battery staple';
const log = createLogger({ sink: () => undefined });
const hex = (n: number) => n.toString(16).padStart(64, '0');

async function anchorStore() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-anchor-'));
  const store = createAuditAnchorStore({ dataDir, log });
  store.useKey(Buffer.alloc(32, 1).toString('base64'));
  return { dataDir, store };
}

describe('audit anchor store', () => {
  it('holds the count and the newest hash, MACed, and nothing else', async () => {
    const { dataDir, store } = await anchorStore();
    expect(await store.read()).toEqual({ state: 'none' });
    expect(await store.advance(1, hex(1))).toEqual({ ok: true });
    expect(await store.read()).toEqual({ state: 'set', count: 1, head: hex(1) });
    const file = JSON.parse(await readFile(path.join(dataDir, AUDIT_ANCHOR_FILE_NAME), 'utf8'));
    expect(Object.keys(file).sort()).toEqual(['count', 'format', 'head', 'mac', 'version']);
  });

  it('only moves forward, whatever order the page sends', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 2 })), {
          maxLength: 12,
        }),
        async (steps) => {
          const { store } = await anchorStore();
          let held: { count: number; head: string } | null = null;
          for (const [count, variant] of steps) {
            const head = hex(count * 10 + variant);
            const answer = await store.advance(count, head);
            const forward =
              held === null || count > held.count || (count === held.count && head === held.head);
            expect(answer.ok).toBe(forward);
            if (forward) held = { count, head };
          }
          expect(await store.read()).toEqual(
            held === null ? { state: 'none' } : { state: 'set', ...held },
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('is keyed by the workstation unlock only: not by a backup’s keys, and forgotten at lock', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-anchor-handlers-'));
    const keyStore = createKeyStore({ dataDir, log, scryptParameters: FAST });
    await keyStore.create(GOOD);
    const auditAnchor = createAuditAnchorStore({ dataDir, log });
    const handlers = createBridgeHandlers({
      appInfo: {
        name: 'Counsellor Workstation',
        version: '0.1.0',
        host: 'browser-host',
        os: 'linux',
        dataDir,
        pinnedNow: null,
      },
      settings: {} as never,
      holidays: {} as never,
      keyStore,
      auditAnchor,
      roles: createRoleCredentials({
        dataDir,
        log,
        verifyPassphrase: (p) => keyStore.verify(p),
      }),
      exports: {} as never,
    });
    expect(await handlers['audit.anchor'](undefined)).toEqual({ state: 'locked' });
    expect(await handlers['audit.advance']({ count: 1, head: hex(1) })).toEqual({
      ok: false,
      reason: 'locked',
    });
    // A backup's key set opened for a restore does not key the anchor.
    await handlers['vault.unlock']({ passphrase: GOOD, backup: await keyStore.backupSection() });
    expect(await handlers['audit.anchor'](undefined)).toEqual({ state: 'locked' });
    await handlers['vault.unlock']({ passphrase: GOOD });
    expect(await handlers['audit.advance']({ count: 1, head: hex(1) })).toEqual({ ok: true });
    expect(await handlers['audit.anchor'](undefined)).toMatchObject({ state: 'set', count: 1 });
    handlers['vault.lock'](undefined);
    expect(await handlers['audit.anchor'](undefined)).toEqual({ state: 'locked' });
  });
});
