import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BridgeFailure } from '../../../../src/bridge/errors';
import {
  createKeyStore,
  KEY_STORE_FILE_NAME,
  LOCKOUT_MS,
  MAX_FAILED_ATTEMPTS,
} from '../../../../src/main/services/key-store';
import {
  describePassphraseProblem,
  passphraseProblem,
} from '../../../../src/domain/privacy/passphrase';
import { createLogger } from '../../../../src/main/services/logger';

const FAST = { N: 1024, r: 8, p: 1 };
const GOOD = 'correct horse battery staple';

async function store(options: { nowMs?: () => number; lines?: string[] } = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-keystore-'));
  const lines = options.lines ?? [];
  const log = createLogger({ sink: (line) => lines.push(line) });
  return {
    dataDir,
    keyStore: createKeyStore({
      dataDir,
      log,
      scryptParameters: FAST,
      ...(options.nowMs ? { nowMs: options.nowMs } : {}),
    }),
  };
}

describe('key store', () => {
  it('starts unset, creates a passphrase once, and accepts only that passphrase', async () => {
    const { keyStore } = await store();
    expect(await keyStore.status()).toEqual({ state: 'unset' });
    await expect(keyStore.verify(GOOD)).rejects.toThrow(/No workstation passphrase/);
    const set = { state: 'set', osUnlock: false, autoUnlock: false };
    expect(await keyStore.create(GOOD)).toEqual(set);
    expect(await keyStore.status()).toEqual(set);
    expect(await keyStore.verify(GOOD)).toEqual({ ok: true, retryAfterMs: null });
    expect((await keyStore.verify('correct horse battery stapler')).ok).toBe(false);
    await expect(keyStore.create('another long passphrase')).rejects.toThrow(/already set/);
  });

  it('keeps only wrapped keys, the salt and the parameters on disk, never the passphrase', async () => {
    const lines: string[] = [];
    const { keyStore, dataDir } = await store({ lines });
    await keyStore.create(GOOD);
    const text = await readFile(path.join(dataDir, KEY_STORE_FILE_NAME), 'utf8');
    expect(text).not.toContain('horse');
    const document = JSON.parse(text) as {
      kdf: { name: string; N: number; salt: string };
      wrapped: { ct: string; iv: string };
    };
    expect(document.kdf).toMatchObject({ name: 'scrypt', N: 1024 });
    expect(Buffer.from(document.wrapped.iv, 'base64')).toHaveLength(12);
    // The keys are in the file only wrapped.
    const unlocked = await keyStore.unlock(GOOD);
    if (!unlocked.ok) throw new Error('unlock failed');
    for (const k of [...unlocked.keys.keys.map((x) => x.key), unlocked.keys.indexKey])
      expect(text).not.toContain(k);
    expect(lines.join('\n')).not.toContain('horse');
  });

  it('two stores made with the same passphrase have different salts and keys', async () => {
    const a = await store();
    const b = await store();
    await a.keyStore.create(GOOD);
    await b.keyStore.create(GOOD);
    const read = async (dir: string) =>
      JSON.parse(await readFile(path.join(dir, KEY_STORE_FILE_NAME), 'utf8')) as {
        kdf: { salt: string };
        wrapped: { ct: string };
      };
    const [da, db] = [await read(a.dataDir), await read(b.dataDir)];
    expect(da.kdf.salt).not.toBe(db.kdf.salt);
    expect(da.wrapped.ct).not.toBe(db.wrapped.ct);
    const [ka, kb] = [await a.keyStore.unlock(GOOD), await b.keyStore.unlock(GOOD)];
    expect(ka.ok && kb.ok && ka.keys.indexKey !== kb.keys.indexKey).toBe(true);
  });

  it('refuses a weak passphrase with the reason, and creates nothing', async () => {
    const { keyStore } = await store();
    const error = await keyStore.create('short').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeFailure);
    expect((error as BridgeFailure).message).toMatch(/at least 12 characters \(it has 5\)/);
    expect((error as BridgeFailure).path).toEqual(['passphrase']);
    expect(await keyStore.status()).toEqual({ state: 'unset' });
  });

  it.each([
    ['short', /at least 12/],
    ['aaaaaaaaaaaaaaaa', /repeat/],
    ['abababababababab', /repeat/],
    ['日本語のパスワード', /at least 12 characters \(it has 9\)/],
  ])('passphraseProblem(%j)', (passphrase, expected) => {
    const problem = passphraseProblem(passphrase);
    expect(problem && describePassphraseProblem(problem)).toMatch(expected);
  });

  it('accepts a long passphrase of any script', () => {
    expect(passphraseProblem('日本語の長いパスフレーズですよね')).toBeNull();
    expect(passphraseProblem(GOOD)).toBeNull();
  });

  it('a tampered wrapped key refuses every passphrase (authenticated encryption)', async () => {
    const { keyStore, dataDir } = await store();
    await keyStore.create(GOOD);
    const file = path.join(dataDir, KEY_STORE_FILE_NAME);
    const document = JSON.parse(await readFile(file, 'utf8')) as { wrapped: { ct: string } };
    const ct = Buffer.from(document.wrapped.ct, 'base64');
    ct[0] = ct[0]! ^ 1;
    document.wrapped.ct = ct.toString('base64');
    await writeFile(file, JSON.stringify(document));
    expect((await keyStore.verify(GOOD)).ok).toBe(false);
  });

  it('a damaged key file is reported, never replaced, and refuses create and verify', async () => {
    const { keyStore, dataDir } = await store();
    const file = path.join(dataDir, KEY_STORE_FILE_NAME);
    await writeFile(file, '{"format": "counsellor-workstation.keystore"');
    const status = await keyStore.status();
    expect(status.state).toBe('damaged');
    expect(status.state === 'damaged' && status.problem).toMatch(/keystore.json is not valid JSON/);
    await expect(keyStore.create(GOOD)).rejects.toThrow(/damaged and was left as it is/);
    await expect(keyStore.verify(GOOD)).rejects.toThrow(/damaged/);
    expect(await readFile(file, 'utf8')).toBe('{"format": "counsellor-workstation.keystore"');

    await writeFile(
      file,
      JSON.stringify({ format: 'counsellor-workstation.keystore', version: 2 }),
    );
    const second = await keyStore.status();
    expect(second.state === 'damaged' && second.problem).toMatch(/keystore.json: version/);
  });

  it('after too many wrong passphrases, refuses checks for a while, even the right one', async () => {
    let now = 1_000_000;
    const { keyStore } = await store({ nowMs: () => now });
    await keyStore.create(GOOD);
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i += 1) {
      expect(await keyStore.verify(`wrong passphrase ${i}`)).toEqual({
        ok: false,
        retryAfterMs: null,
      });
    }
    expect(await keyStore.verify('wrong passphrase again')).toEqual({
      ok: false,
      retryAfterMs: LOCKOUT_MS,
    });
    now += 10_000;
    expect(await keyStore.verify(GOOD)).toEqual({ ok: false, retryAfterMs: LOCKOUT_MS - 10_000 });
    now += LOCKOUT_MS;
    expect(await keyStore.verify(GOOD)).toEqual({ ok: true, retryAfterMs: null });
  });

  it('two creations at once make one key file; the second is refused', async () => {
    const { keyStore } = await store();
    const results = await Promise.allSettled([
      keyStore.create(GOOD),
      keyStore.create('another long passphrase'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await keyStore.verify(GOOD)).ok).toBe(true);
  });

  it('unlock hands over 256-bit keys; a wrong passphrase gets nothing', async () => {
    const { keyStore } = await store();
    await keyStore.create(GOOD);
    const result = await keyStore.unlock(GOOD);
    if (!result.ok) throw new Error('unlock failed');
    expect(result.keys.keys).toHaveLength(1);
    expect(result.keys.currentKid).toBe(result.keys.keys[0]!.kid);
    expect(Buffer.from(result.keys.keys[0]!.key, 'base64')).toHaveLength(32);
    expect(Buffer.from(result.keys.indexKey, 'base64')).toHaveLength(32);
    expect(await keyStore.unlock('a wrong passphrase')).toEqual({ ok: false, retryAfterMs: null });
    // Without a passphrase, no OS store and no passphrase file: nothing.
    expect(await keyStore.unlock(null)).toEqual({ ok: false, retryAfterMs: null });
  });

  it('a new passphrase wraps the same keys; the old one stops working', async () => {
    const { keyStore } = await store();
    await keyStore.create(GOOD);
    const before = await keyStore.unlock(GOOD);
    await expect(keyStore.changePassphrase(GOOD, 'short')).rejects.toThrow(/at least 12/);
    expect(await keyStore.changePassphrase('wrong passphrase!', 'another long passphrase')).toEqual(
      {
        ok: false,
        retryAfterMs: null,
      },
    );
    expect((await keyStore.changePassphrase(GOOD, 'another long passphrase')).ok).toBe(true);
    expect((await keyStore.verify(GOOD)).ok).toBe(false);
    const after = await keyStore.unlock('another long passphrase');
    expect(after).toEqual(before);
  });

  it('rotation adds a current key and keeps the old one until it is retired', async () => {
    const { keyStore } = await store();
    await keyStore.create(GOOD);
    const first = await keyStore.unlock(GOOD);
    if (!first.ok) throw new Error('unlock failed');
    const rotation = await keyStore.beginRotation(GOOD);
    expect(rotation.ok).toBe(true);
    const during = await keyStore.unlock(GOOD);
    if (!during.ok) throw new Error('unlock failed');
    expect(during.keys.currentKid).toBe(rotation.newKid);
    expect(during.keys.keys.map((k) => k.kid)).toEqual([first.keys.currentKid, rotation.newKid]);
    expect(during.keys.indexKey).toBe(first.keys.indexKey);
    // Still in use: kept. Then retired.
    await keyStore.retireKeys(GOOD, [first.keys.currentKid]);
    const kept = await keyStore.unlock(GOOD);
    expect(kept.ok && kept.keys.keys).toHaveLength(2);
    await keyStore.retireKeys(GOOD, []);
    const after = await keyStore.unlock(GOOD);
    expect(after.ok && after.keys.keys.map((k) => k.kid)).toEqual([rotation.newKid]);
  });

  it('the host passphrase file and the OS store unlock without typing', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-keystore-'));
    const log = createLogger({ sink: () => undefined });
    const sealed: string[] = [];
    const osStore = {
      available: async () => true,
      seal: async (text: string) => {
        sealed.push(text);
        return Buffer.from(`os:${text}`);
      },
      open: async (b: Buffer) => b.toString().slice(3),
    };
    const withOs = createKeyStore({ dataDir, log, scryptParameters: FAST, os: osStore });
    await withOs.create(GOOD);
    expect(await withOs.status()).toEqual({ state: 'set', osUnlock: true, autoUnlock: false });
    const byOs = await withOs.unlock(null);
    const byPassphrase = await withOs.unlock(GOOD);
    expect(byOs).toEqual(byPassphrase);
    expect(sealed).toHaveLength(1);
    const fromFile = createKeyStore({
      dataDir,
      log,
      scryptParameters: FAST,
      passphraseFromFile: GOOD,
    });
    expect(await fromFile.status()).toEqual({ state: 'set', osUnlock: false, autoUnlock: true });
    expect(await fromFile.unlock(null)).toEqual(byPassphrase);
    // Kept for reloads, but never past a change of the key file.
    expect(await fromFile.unlock(null)).toEqual(byPassphrase);
    const rotation = await fromFile.beginRotation(GOOD);
    const after = await fromFile.unlock(null);
    expect(after.ok && after.keys.currentKid).toBe(rotation.newKid);
  });

  it('a backup carries the key set wrapped under the passphrase only, and opens on another workstation', async () => {
    const a = await store();
    await a.keyStore.create(GOOD);
    const section = await a.keyStore.backupSection();
    expect(Object.keys(section).sort()).toEqual(['kdf', 'wrapped']);
    expect(JSON.stringify(section)).not.toContain(GOOD);
    const b = await store();
    await b.keyStore.create('another long passphrase');
    // The other workstation opens the backup's keys with the backup's passphrase, not its own.
    expect(await b.keyStore.unlockBackup(section, 'another long passphrase')).toEqual({
      ok: false,
      retryAfterMs: null,
    });
    const opened = await b.keyStore.unlockBackup(section, GOOD);
    expect(opened).toEqual(await a.keyStore.unlock(GOOD));
    // Its own keys are untouched.
    const own = await b.keyStore.unlock('another long passphrase');
    expect(own.ok && opened.ok && own.keys.indexKey !== opened.keys.indexKey).toBe(true);
  });

  it('wrong passphrases for a backup count toward the same lockout', async () => {
    let now = 0;
    const { keyStore } = await store({ nowMs: () => now });
    await keyStore.create(GOOD);
    const section = await keyStore.backupSection();
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++)
      expect((await keyStore.unlockBackup(section, `wrong passphrase ${i}`)).ok).toBe(false);
    expect(await keyStore.unlockBackup(section, 'wrong passphrase 5')).toEqual({
      ok: false,
      retryAfterMs: LOCKOUT_MS,
    });
    expect((await keyStore.unlock(GOOD)).ok).toBe(false);
    now += LOCKOUT_MS;
    expect((await keyStore.unlock(GOOD)).ok).toBe(true);
  });

  it('after a lock only the typed passphrase unlocks: not the OS store, not the passphrase file', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-keystore-'));
    const log = createLogger({ sink: () => undefined });
    const osStore = {
      available: async () => true,
      seal: async (text: string) => Buffer.from(`os:${text}`),
      open: async (b: Buffer) => b.toString().slice(3),
    };
    const store = createKeyStore({
      dataDir,
      log,
      scryptParameters: FAST,
      os: osStore,
      passphraseFromFile: GOOD,
    });
    await store.create(GOOD);
    expect((await store.unlock(null)).ok).toBe(true);
    expect(store.lock()).toEqual({ locked: true });
    expect(await store.status()).toEqual({ state: 'set', osUnlock: false, autoUnlock: false });
    // A reload, or the OS button, after the lock: refused.
    expect(await store.unlock(null)).toEqual({ ok: false, retryAfterMs: null });
    expect((await store.unlock(GOOD)).ok).toBe(true);
    expect(await store.status()).toEqual({ state: 'set', osUnlock: true, autoUnlock: true });
    expect((await store.unlock(null)).ok).toBe(true);
  });

  it('an OS store that refuses falls back to the passphrase instead of failing', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-keystore-'));
    const log = createLogger({ sink: () => undefined });
    let denied = false;
    const store = createKeyStore({
      dataDir,
      log,
      scryptParameters: FAST,
      os: {
        available: async () => true,
        seal: async (text: string) => Buffer.from(`os:${text}`),
        open: async (b: Buffer) => {
          if (denied) throw new Error('Keychain access denied');
          return b.toString().slice(3);
        },
      },
    });
    await store.create(GOOD);
    denied = true;
    expect(await store.unlock(null)).toEqual({ ok: false, retryAfterMs: null });
    expect((await store.unlock(GOOD)).ok).toBe(true);
  });

  it('the passphrase-file cache follows the key file, and a stale file is not counted as guessing', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-keystore-'));
    const log = createLogger({ sink: () => undefined });
    const fromFile = createKeyStore({
      dataDir,
      log,
      scryptParameters: FAST,
      passphraseFromFile: GOOD,
    });
    await fromFile.create(GOOD);
    expect((await fromFile.unlock(null)).ok).toBe(true);
    // Another key store written in its place (a restore of the folder, say): the cache is not used.
    const other = await mkdtemp(path.join(os.tmpdir(), 'cw-keystore-'));
    await createKeyStore({ dataDir: other, log, scryptParameters: FAST }).create(
      'a different passphrase',
    );
    await writeFile(
      path.join(dataDir, KEY_STORE_FILE_NAME),
      await readFile(path.join(other, KEY_STORE_FILE_NAME)),
    );
    for (let i = 0; i < MAX_FAILED_ATTEMPTS + 1; i++)
      expect(await fromFile.unlock(null)).toEqual({ ok: false, retryAfterMs: null });
    // No lockout from those: the typed passphrase of the file in place works at once.
    expect((await fromFile.unlock('a different passphrase')).ok).toBe(true);
  });

  it('opening a backup does not reset the count of wrong workstation passphrases', async () => {
    const { keyStore } = await store();
    await keyStore.create(GOOD);
    const section = await keyStore.backupSection();
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) {
      expect((await keyStore.verify(`wrong passphrase ${i}`)).ok).toBe(false);
      expect((await keyStore.unlockBackup(section, GOOD)).ok).toBe(true);
    }
    expect(await keyStore.verify('wrong passphrase 5')).toEqual({
      ok: false,
      retryAfterMs: LOCKOUT_MS,
    });
  });
});
