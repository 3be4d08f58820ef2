import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BridgeFailure } from '../../../../src/bridge/errors';
import { createLogger } from '../../../../src/main/services/logger';
import {
  CREDENTIAL_LOCKOUT_MS,
  MAX_CREDENTIAL_ATTEMPTS,
  ROLES_FILE_NAME,
  createRoleCredentials,
} from '../../../../src/main/services/role-credentials';

const FAST = { N: 1024, r: 8, p: 1 };
const TEAM = 'the whole team types this';
const ALICE = 'alice supervises carefully';
const BOB = 'bob checks the queue daily';

async function setUp(options: { nowMs?: () => number; dataDir?: string } = {}) {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'cw-roles-')));
  const lines: string[] = [];
  const roles = createRoleCredentials({
    dataDir,
    log: createLogger({ sink: (line) => lines.push(line) }),
    verifyPassphrase: async (p) => ({ ok: p === TEAM, retryAfterMs: null }),
    scryptParameters: FAST,
    ...(options.nowMs ? { nowMs: options.nowMs } : {}),
  });
  return { dataDir, roles, lines, file: path.join(dataDir, ROLES_FILE_NAME) };
}

/** Every file of the data folder, as UTF-8 and as Latin-1 (what a disk scan would read). */
async function diskText(dataDir: string): Promise<string> {
  const names = await readdir(dataDir);
  const parts = await Promise.all(names.map((n) => readFile(path.join(dataDir, n))));
  return parts.map((b) => b.toString('utf8') + b.toString('latin1')).join('\n');
}

describe('supervisors’ credentials', () => {
  it('starts as a counsellor, and only the profile’s own credential makes it a supervisor', async () => {
    const { roles } = await setUp();
    expect(roles.active()).toEqual({ profileId: null, role: 'counsellor' });
    expect((await roles.status()).bootstrap).toBe(true);
    expect(await roles.setCredential('alice', ALICE, TEAM)).toEqual({ ok: true });
    expect((await roles.status()).bootstrap).toBe(false);

    // The workstation passphrase the whole team types is not a supervisor's credential.
    expect(await roles.switchTo('alice', 'supervisor', TEAM)).toMatchObject({
      ok: false,
      reason: 'wrong-secret',
      attemptsLeft: MAX_CREDENTIAL_ATTEMPTS - 1,
    });
    expect(roles.active().role).toBe('counsellor');
    expect(() => roles.requireSupervisor('change-rules')).toThrow(BridgeFailure);
    // The page is told why as a reason it words itself, not as the English sentence.
    const refusal = (() => {
      try {
        roles.requireCapability('export-report', 'export-report');
      } catch (error) {
        return (error as BridgeFailure).toBridgeError();
      }
      return null;
    })();
    expect(refusal).toMatchObject({
      code: 'forbidden-role',
      reason: { key: 'supervisor-only', params: { action: 'export-report' } },
    });

    expect(await roles.switchTo('alice', 'supervisor', ALICE)).toEqual({
      ok: true,
      active: { profileId: 'alice', role: 'supervisor' },
    });
    expect(() => roles.requireSupervisor('change-rules')).not.toThrow();

    // Down needs nothing; a lock goes back to a counsellor.
    expect(await roles.switchTo('carol', 'counsellor', null)).toMatchObject({ ok: true });
    expect(roles.active()).toEqual({ profileId: 'carol', role: 'counsellor' });
    await roles.switchTo('alice', 'supervisor', ALICE);
    roles.lock();
    expect(roles.active()).toEqual({ profileId: null, role: 'counsellor' });
  });

  it('stores only a scrypt verifier: no credential in clear on disk', async () => {
    const { roles, file, dataDir } = await setUp();
    await roles.setCredential('alice', ALICE, TEAM);
    await roles.switchTo('alice', 'supervisor', ALICE);
    await roles.setCredential('bob', BOB, null);
    await roles.switchTo('bob', 'supervisor', 'a wrong guess at bob');
    const stored = JSON.parse(await readFile(file, 'utf8'));
    expect(stored.credentials).toHaveLength(2);
    for (const c of stored.credentials) {
      expect(c.kdf).toMatchObject({ name: 'scrypt', N: FAST.N, r: FAST.r, p: FAST.p });
      expect(Buffer.from(c.verifier, 'base64')).toHaveLength(32);
      expect(Buffer.from(c.kdf.salt, 'base64')).toHaveLength(16);
      expect(c.account).toBeNull();
    }
    const disk = await diskText(dataDir);
    for (const secret of [ALICE, BOB, TEAM, 'a wrong guess at bob'])
      expect(disk.includes(secret)).toBe(false);
    // The same credential gives another verifier (fresh salt per setting).
    await roles.setCredential('bob', ALICE, null);
    const again = JSON.parse(await readFile(file, 'utf8'));
    const byId = (d: { credentials: { profileId: string; verifier: string }[] }, id: string) =>
      d.credentials.find((c) => c.profileId === id)?.verifier;
    expect(byId(again, 'bob')).not.toBe(byId(again, 'alice'));
  });

  it('limits wrong attempts per profile, on disk, so a restart gives no more tries', async () => {
    let now = 1_000_000;
    const first = await setUp({ nowMs: () => now });
    await first.roles.setCredential('alice', ALICE, TEAM);
    for (let i = 1; i < MAX_CREDENTIAL_ATTEMPTS; i += 1) {
      const r = await first.roles.switchTo('alice', 'supervisor', `wrong guess ${i}`);
      expect(r).toMatchObject({ ok: false, attemptsLeft: MAX_CREDENTIAL_ATTEMPTS - i });
    }
    // A restart: a new store over the same folder keeps the count.
    const second = await setUp({ nowMs: () => now, dataDir: first.dataDir });
    expect(await second.roles.switchTo('alice', 'supervisor', 'wrong again')).toEqual({
      ok: false,
      reason: 'locked-out',
      retryAfterMs: CREDENTIAL_LOCKOUT_MS,
      attemptsLeft: 0,
    });
    // Locked out: even the right credential is refused until the time is up.
    now += CREDENTIAL_LOCKOUT_MS - 1;
    expect(await second.roles.switchTo('alice', 'supervisor', ALICE)).toMatchObject({
      ok: false,
      reason: 'locked-out',
      retryAfterMs: 1,
    });
    expect(second.roles.active().role).toBe('counsellor');
    now += 1;
    expect(await second.roles.switchTo('alice', 'supervisor', ALICE)).toMatchObject({ ok: true });
    // Every refusal is in the log, without the profile or the secret.
    expect(second.lines.some((l) => l.includes('roles.credential-refused'))).toBe(true);
    expect(first.lines.join('\n')).not.toMatch(/alice|wrong guess/);
  });

  it('lets only a proven supervisor set a credential once the first one exists', async () => {
    const { roles } = await setUp();
    // The first supervisor: with the workstation passphrase, not without it, not with a wrong one.
    await expect(roles.setCredential('alice', ALICE, null)).rejects.toMatchObject({
      code: 'forbidden-role',
    });
    expect(await roles.setCredential('alice', ALICE, 'not the team passphrase')).toMatchObject({
      ok: false,
      reason: 'wrong-passphrase',
    });
    await expect(roles.setCredential('alice', 'short', TEAM)).rejects.toMatchObject({
      code: 'invalid-input',
      path: ['credential'],
    });
    expect(await roles.setCredential('alice', ALICE, TEAM)).toEqual({ ok: true });
    // Now a counsellor who knows the team passphrase cannot make themselves a supervisor.
    await expect(
      roles.setCredential('mallory', 'mallory wants to see more', TEAM),
    ).rejects.toMatchObject({ code: 'forbidden-role' });
    expect(
      await roles.switchTo('mallory', 'supervisor', 'mallory wants to see more'),
    ).toMatchObject({ ok: false, reason: 'no-credential' });
    await roles.switchTo('alice', 'supervisor', ALICE);
    expect(await roles.setCredential('bob', BOB, null)).toEqual({ ok: true });
  });

  it('needs the workstation passphrase to go from a CO view back up to a counsellor', async () => {
    const { roles } = await setUp();
    expect(await roles.switchTo('co', 'co', null)).toMatchObject({ ok: true });
    expect(await roles.switchTo('carol', 'counsellor', null)).toMatchObject({
      ok: false,
      reason: 'secret-required',
    });
    expect(await roles.switchTo('carol', 'counsellor', 'wrong')).toMatchObject({
      ok: false,
      reason: 'wrong-secret',
    });
    expect(await roles.switchTo('carol', 'counsellor', TEAM)).toMatchObject({ ok: true });
  });

  it('leaves a damaged file as it is and lets nobody become a supervisor', async () => {
    const { roles, file } = await setUp();
    await writeFile(
      file,
      '{"format": "counsellor-workstation.roles", "version": 1, "credentials": 7}',
    );
    const status = await roles.status();
    expect(status.problem).toMatch(/roles\.json: credentials/);
    expect(status.bootstrap).toBe(false);
    await expect(roles.switchTo('alice', 'supervisor', ALICE)).rejects.toThrow(/damaged/);
    await expect(roles.setCredential('alice', ALICE, TEAM)).rejects.toThrow(/damaged/);
    expect(await readFile(file, 'utf8')).toContain('"credentials": 7');
  });

  it('grants supervisor to no secret but the one set (property)', async () => {
    let now = 0;
    const { roles } = await setUp({ nowMs: () => now });
    await roles.setCredential('alice', ALICE, TEAM);
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), async (guess) => {
        fc.pre(guess.normalize('NFC') !== ALICE);
        // Past any lock-out, so that each guess is really compared.
        now += CREDENTIAL_LOCKOUT_MS;
        const r = await roles.switchTo('alice', 'supervisor', guess);
        // The fifth wrong guess in a row is refused as a lock-out; none is ever accepted.
        return !r.ok && r.attemptsLeft !== null && roles.active().role === 'counsellor';
      }),
      { numRuns: 25 },
    );
  });
});

describe('profiles tied to sync accounts', () => {
  const ACCOUNT = '7d1f0c38-1111-4111-8111-111111111111';
  const OTHER = '7d1f0c38-2222-4222-8222-222222222222';
  const SERVER_PASSWORD = 'the account password on the server';

  it('a supervisor account’s sign-in proves the role and makes its password the profile’s credential', async () => {
    const { roles, dataDir, lines } = await setUp();
    expect(
      await roles.tieAccount('alice', { id: ACCOUNT, role: 'supervisor' }, SERVER_PASSWORD),
    ).toEqual({ active: { profileId: 'alice', role: 'supervisor' } });
    expect(roles.active()).toEqual({ profileId: 'alice', role: 'supervisor' });
    roles.lock();
    // Later, offline: the account's password is the check, nothing else.
    expect(await roles.switchTo('alice', 'supervisor', ALICE)).toMatchObject({
      ok: false,
      reason: 'wrong-secret',
    });
    expect(await roles.switchTo('alice', 'supervisor', SERVER_PASSWORD)).toMatchObject({
      ok: true,
    });
    // Its credential is set on the server, never here.
    await expect(roles.setCredential('alice', ALICE, null)).rejects.toMatchObject({
      reason: { key: 'credential-from-account' },
    });
    // No password on disk, and none in the log.
    const disk = await diskText(dataDir);
    expect(disk).not.toContain(SERVER_PASSWORD);
    expect(disk).toContain(ACCOUNT);
    expect(lines.join('\n')).not.toContain(SERVER_PASSWORD);
    expect(lines.join('\n')).not.toContain(ACCOUNT);
  });

  it('a counsellor account takes back what a profile held through an account, not a credential set by hand', async () => {
    const { roles } = await setUp();
    await roles.tieAccount('alice', { id: ACCOUNT, role: 'supervisor' }, SERVER_PASSWORD);
    // The account was made a counsellor's on the server: the next sign-in says so.
    expect(
      await roles.tieAccount('alice', { id: ACCOUNT, role: 'counsellor' }, SERVER_PASSWORD),
    ).toEqual({ active: { profileId: 'alice', role: 'counsellor' } });
    expect((await roles.status()).credentials).not.toContain('alice');
    expect(await roles.switchTo('alice', 'supervisor', SERVER_PASSWORD)).toMatchObject({
      ok: false,
      reason: 'no-credential',
    });
    // Bob's credential was set by hand (no account): a counsellor account's sign-in leaves it.
    await roles.setCredential('bob', BOB, TEAM);
    await roles.tieAccount('bob', { id: OTHER, role: 'counsellor' }, SERVER_PASSWORD);
    expect(await roles.switchTo('bob', 'supervisor', BOB)).toMatchObject({ ok: true });
  });

  it('one account ties one profile: signing in as it from another profile moves it', async () => {
    const { roles } = await setUp();
    await roles.tieAccount('alice', { id: ACCOUNT, role: 'supervisor' }, SERVER_PASSWORD);
    await roles.tieAccount('alice-2', { id: ACCOUNT, role: 'supervisor' }, SERVER_PASSWORD);
    expect((await roles.status()).credentials).toEqual(['alice-2']);
  });

  it('an account whose session the server ended cannot be switched to, until it signs in again', async () => {
    const { roles, lines } = await setUp();
    await roles.tieAccount('alice', { id: ACCOUNT, role: 'supervisor' }, SERVER_PASSWORD);
    await roles.accountEnded(ACCOUNT);
    expect(roles.active().role).toBe('counsellor');
    expect(await roles.switchTo('alice', 'supervisor', SERVER_PASSWORD)).toEqual({
      ok: false,
      reason: 'account-ended',
      retryAfterMs: null,
      attemptsLeft: null,
    });
    // Another account's end changes nothing of Alice's.
    await roles.accountEnded(OTHER);
    await roles.tieAccount('alice', { id: ACCOUNT, role: 'supervisor' }, SERVER_PASSWORD);
    roles.lock();
    expect(await roles.switchTo('alice', 'supervisor', SERVER_PASSWORD)).toMatchObject({
      ok: true,
    });
    expect(lines.join('\n')).not.toContain(ACCOUNT);
  });

  it('a damaged credentials file is left as it is by a tie', async () => {
    const { roles, file } = await setUp();
    await writeFile(file, '{ not json');
    await expect(
      roles.tieAccount('alice', { id: ACCOUNT, role: 'supervisor' }, SERVER_PASSWORD),
    ).rejects.toMatchObject({ reason: { key: 'credentials-damaged' } });
    expect(await readFile(file, 'utf8')).toBe('{ not json');
    await roles.accountEnded(ACCOUNT);
    expect(await readFile(file, 'utf8')).toBe('{ not json');
  });
});
