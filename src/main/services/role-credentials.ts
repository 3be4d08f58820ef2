/**
 * Roles proven by the person (DOMAIN.md section 8, issue 13 item 5). Each profile that sees more
 * (a supervisor) has its own credential; the main process keeps only its scrypt verifier, checks
 * it on a switch, limits wrong attempts (the count survives a restart), and records the active
 * role. The bridge authorises protected channels (the organisation's rules) from that record,
 * never from what the page says.
 *
 * The file `roles.json` in the data folder holds, per supervisor profile: the profile id, the
 * role, `account` (null until the sync server ties the profile to a person's account), the scrypt
 * parameters and salt, the 32-byte verifier, and the wrong attempts in a row with the lock-out.
 * No credential is ever stored in the clear. A damaged file is reported and never replaced: then
 * nobody can become a supervisor until it is restored, and nothing else is affected.
 *
 * The active role lives in memory: a launch, and every lock, starts as a counsellor (the
 * workstation passphrase proves only that someone of the team is here).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { BridgeFailure, reason, type SupervisorAction } from '../../bridge/errors';
import type { RoleSession, RoleStatus, RoleSwitchOutput } from '../../bridge/schemas/roles';
import { scryptKdfSchema } from '../../bridge/schemas/security';
import { describePassphraseProblem, passphraseProblem } from '../../domain/privacy/passphrase';
import { passphraseReason } from './passphrase-reason';
import { can, seesAtLeast, type Capability, type Role } from '../../domain/privacy/roles';
import type { PassphraseCheck, ScryptParameters } from './key-store';
import { DEFAULT_SCRYPT } from './key-store';
import type { Logger } from './logger';
import { writeFileAtomically } from './settings-store';

export const ROLES_FILE_NAME = 'roles.json';
const FORMAT = 'counsellor-workstation.roles';

/** Wrong credentials in a row before a profile's switch is refused for a while. */
export const MAX_CREDENTIAL_ATTEMPTS = 5;
/** How long a profile stays locked out after MAX_CREDENTIAL_ATTEMPTS wrong credentials. */
export const CREDENTIAL_LOCKOUT_MS = 5 * 60_000;

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64');
const credentialSchema = z.strictObject({
  profileId: z.string().min(1).max(64),
  role: z.literal('supervisor'),
  /** The person's account on the sync server, once profiles are tied to accounts. */
  account: z.string().min(1).max(200).nullable(),
  kdf: scryptKdfSchema,
  /** scrypt(credential, salt): compared in constant time, never reversible. */
  verifier: base64,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Wrong credentials in a row. */
  failures: z.number().int().nonnegative(),
  /** Epoch ms until which switches to this profile are refused; 0 when none. */
  lockedUntilMs: z.number().int().nonnegative(),
  /**
   * The server ended the account's session (disabled, or its sign-in revoked): the verifier no
   * longer proves anything until the person signs in again.
   */
  accountEnded: z.boolean().optional(),
});
type Credential = z.infer<typeof credentialSchema>;

const fileSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(1),
  credentials: z.array(credentialSchema).max(500),
});
type RolesFile = z.infer<typeof fileSchema>;

export interface RoleCredentials {
  /** The role recorded by the main process: what the bridge authorises from. */
  active(): RoleSession;
  status(): Promise<RoleStatus>;
  /**
   * Switches the active role. Supervisor: only with that profile's own credential. Co →
   * counsellor: with the workstation passphrase (`verifyPassphrase`). Down: nothing.
   */
  switchTo(profileId: string, role: Role, secret: string | null): Promise<RoleSwitchOutput>;
  /**
   * Sets (or replaces) a supervisor profile's credential. Allowed to a proven supervisor, or, while
   * no credential exists at all, with the workstation passphrase (the first supervisor).
   */
  setCredential(
    profileId: string,
    credential: string,
    passphrase: string | null,
  ): Promise<
    | { ok: true }
    | { ok: false; reason: 'wrong-passphrase' | 'locked-out'; retryAfterMs: number | null }
  >;
  /**
   * Ties a profile to the sync server account the person has just signed in with (the password
   * the server accepted): a supervisor account makes the profile's credential that password
   * (its verifier, the offline check of later switches) and proves the role now; a counsellor
   * account takes back a supervisor credential the profile held through it. One account, one
   * profile: the account's tie to any other profile goes.
   */
  tieAccount(
    profileId: string,
    account: { id: string; role: Role },
    password: string,
  ): Promise<{ active: RoleSession }>;
  /** The server ended the account's session: its profile cannot be switched to until it signs in again. */
  accountEnded(accountId: string): Promise<void>;
  /** Throws `forbidden-role` unless the active role is supervisor. */
  requireSupervisor(action: SupervisorAction): void;
  /**
   * Throws `forbidden-role` unless the active role (the one recorded here, never the page's) has
   * the capability in the one table of src/domain/privacy/roles (`can`): e.g. the exports, a
   * supervisor's only.
   */
  requireCapability(capability: Capability, action: SupervisorAction): void;
  /** A lock: back to a counsellor until a supervisor proves it again. */
  lock(): void;
}

export interface RoleCredentialsOptions {
  dataDir: string;
  log: Logger;
  /** Checks the workstation passphrase (the key store's `verify`, with its own lock-out). */
  verifyPassphrase(passphrase: string): Promise<PassphraseCheck>;
  /** Lower parameters only for tests. */
  scryptParameters?: ScryptParameters;
  nowMs?: () => number;
}

function derive(secret: string, salt: Buffer, kdf: ScryptParameters): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      secret.normalize('NFC'),
      salt,
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

const STARTING: RoleSession = { profileId: null, role: 'counsellor' };

export function createRoleCredentials({
  dataDir,
  log,
  verifyPassphrase,
  scryptParameters = DEFAULT_SCRYPT,
  nowMs = () => Date.now(),
}: RoleCredentialsOptions): RoleCredentials {
  const file = path.join(dataDir, ROLES_FILE_NAME);
  let active: RoleSession = STARTING;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  async function read(): Promise<{ file: RolesFile | null; problem: string | null }> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      if (code === 'ENOENT')
        return { file: { format: FORMAT, version: 1, credentials: [] }, problem: null };
      return { file: null, problem: `${ROLES_FILE_NAME} cannot be read (${code})` };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { file: null, problem: `${ROLES_FILE_NAME} is not valid JSON` };
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        file: null,
        problem: `${ROLES_FILE_NAME}: ${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`,
      };
    }
    return { file: parsed.data, problem: null };
  }

  async function usable(): Promise<RolesFile> {
    const { file: document, problem } = await read();
    if (document === null)
      throw new BridgeFailure(
        'failed',
        `The file of supervisors' credentials is damaged and was left as it is: ${problem ?? ''}. Restore it from a backup of the data folder.`,
        [],
        reason('credentials-damaged'),
      );
    return document;
  }

  const write = (document: RolesFile) =>
    writeFileAtomically(file, `${JSON.stringify(document, null, 2)}\n`);

  const replace = (document: RolesFile, credential: Credential): RolesFile => ({
    ...document,
    credentials: [
      ...document.credentials.filter((c) => c.profileId !== credential.profileId),
      credential,
    ],
  });

  async function matches(credential: Credential, secret: string): Promise<boolean> {
    const expected = Buffer.from(credential.verifier, 'base64');
    const actual = await derive(secret, Buffer.from(credential.kdf.salt, 'base64'), credential.kdf);
    try {
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    } finally {
      actual.fill(0);
    }
  }

  async function switchToSupervisor(profileId: string, secret: string): Promise<RoleSwitchOutput> {
    const document = await usable();
    const credential = document.credentials.find((c) => c.profileId === profileId);
    if (!credential) {
      log.warn('roles.switch-refused', { reason: 'no-credential' });
      return { ok: false, reason: 'no-credential', retryAfterMs: null, attemptsLeft: null };
    }
    if (credential.accountEnded) {
      log.warn('roles.switch-refused', { reason: 'account-ended' });
      return { ok: false, reason: 'account-ended', retryAfterMs: null, attemptsLeft: null };
    }
    const now = nowMs();
    if (now < credential.lockedUntilMs) {
      log.warn('roles.switch-refused', { reason: 'locked-out' });
      return {
        ok: false,
        reason: 'locked-out',
        retryAfterMs: credential.lockedUntilMs - now,
        attemptsLeft: 0,
      };
    }
    if (await matches(credential, secret)) {
      if (credential.failures !== 0 || credential.lockedUntilMs !== 0)
        await write(replace(document, { ...credential, failures: 0, lockedUntilMs: 0 }));
      active = { profileId, role: 'supervisor' };
      log.info('roles.switched', { role: 'supervisor' });
      return { ok: true, active };
    }
    // Counted on disk, so that restarting the app does not give more tries.
    const failures = credential.failures + 1;
    const lockedOut = failures >= MAX_CREDENTIAL_ATTEMPTS;
    await write(
      replace(document, {
        ...credential,
        failures: lockedOut ? 0 : failures,
        lockedUntilMs: lockedOut ? now + CREDENTIAL_LOCKOUT_MS : 0,
      }),
    );
    log.warn('roles.credential-refused', { failures });
    return lockedOut
      ? { ok: false, reason: 'locked-out', retryAfterMs: CREDENTIAL_LOCKOUT_MS, attemptsLeft: 0 }
      : {
          ok: false,
          reason: 'wrong-secret',
          retryAfterMs: null,
          attemptsLeft: MAX_CREDENTIAL_ATTEMPTS - failures,
        };
  }

  return {
    active: () => active,

    async status() {
      const { file: document, problem } = await read();
      const credentials = document?.credentials.map((c) => c.profileId) ?? [];
      return {
        active,
        credentials,
        bootstrap: document !== null && credentials.length === 0,
        problem,
      };
    },

    switchTo: (profileId, role, secret) =>
      serial(async (): Promise<RoleSwitchOutput> => {
        if (role === 'supervisor') {
          // Already proven as this very profile (e.g. the page reloaded): nothing to ask.
          if (active.role === 'supervisor' && active.profileId === profileId)
            return { ok: true, active };
          if (secret === null)
            return { ok: false, reason: 'secret-required', retryAfterMs: null, attemptsLeft: null };
          return switchToSupervisor(profileId, secret);
        }
        if (!seesAtLeast(active.role, role)) {
          // Up from a CO view to a counsellor: the workstation passphrase, as when unlocking.
          if (secret === null)
            return { ok: false, reason: 'secret-required', retryAfterMs: null, attemptsLeft: null };
          const check = await verifyPassphrase(secret);
          if (!check.ok)
            return check.retryAfterMs === null
              ? { ok: false, reason: 'wrong-secret', retryAfterMs: null, attemptsLeft: null }
              : {
                  ok: false,
                  reason: 'locked-out',
                  retryAfterMs: check.retryAfterMs,
                  attemptsLeft: 0,
                };
        }
        active = { profileId, role };
        log.info('roles.switched', { role });
        return { ok: true, active };
      }),

    setCredential: (profileId, credential, passphrase) =>
      serial(async () => {
        const document = await usable();
        const bootstrap = document.credentials.length === 0;
        if (active.role !== 'supervisor') {
          if (!bootstrap || passphrase === null)
            throw new BridgeFailure(
              'forbidden-role',
              'Only a supervisor can set a supervisor credential (switch to a supervisor profile first).',
              [],
              reason('supervisor-only', { action: 'set-credential' }),
            );
          const check = await verifyPassphrase(passphrase);
          if (!check.ok)
            return {
              ok: false as const,
              reason:
                check.retryAfterMs === null
                  ? ('wrong-passphrase' as const)
                  : ('locked-out' as const),
              retryAfterMs: check.retryAfterMs,
            };
        }
        const problem = passphraseProblem(credential);
        if (problem !== null)
          throw new BridgeFailure(
            'invalid-input',
            describePassphraseProblem(problem),
            ['credential'],
            passphraseReason(problem),
          );
        const previous = document.credentials.find((c) => c.profileId === profileId);
        if (previous?.account != null)
          throw new BridgeFailure(
            'invalid-input',
            "This profile's credential is its sync account's password: it changes on the sync server (an administrator's reset-password), then at the next sign-in here.",
            ['credential'],
            reason('credential-from-account'),
          );
        const salt = randomBytes(16);
        const verifier = await derive(credential, salt, scryptParameters);
        const stamp = new Date(nowMs()).toISOString();
        await write(
          replace(document, {
            profileId,
            role: 'supervisor',
            account: previous?.account ?? null,
            kdf: { name: 'scrypt', ...scryptParameters, salt: salt.toString('base64') },
            verifier: verifier.toString('base64'),
            createdAt: previous?.createdAt ?? stamp,
            updatedAt: stamp,
            failures: 0,
            lockedUntilMs: 0,
          }),
        );
        verifier.fill(0);
        log.info('roles.credential-set', { bootstrap });
        return { ok: true as const };
      }),

    tieAccount: (profileId, account, password) =>
      serial(async () => {
        const document = await usable();
        const others = document.credentials.filter(
          (c) => c.profileId !== profileId && c.account !== account.id,
        );
        const previous = document.credentials.find((c) => c.profileId === profileId);
        if (account.role !== 'supervisor') {
          // A counsellor's account: a supervisor credential this profile held through an account
          // goes (the account's role is the server's word); one set here by hand stays.
          const keep = previous && previous.account === null ? [previous] : [];
          await write({ ...document, credentials: [...others, ...keep] });
          if (active.role === 'supervisor' && active.profileId === profileId)
            active = { profileId, role: 'counsellor' };
          log.info('roles.account-tied', { role: account.role });
          return { active };
        }
        const salt = randomBytes(16);
        const verifier = await derive(password, salt, scryptParameters);
        const stamp = new Date(nowMs()).toISOString();
        await write({
          ...document,
          credentials: [
            ...others,
            {
              profileId,
              role: 'supervisor',
              account: account.id,
              kdf: { name: 'scrypt', ...scryptParameters, salt: salt.toString('base64') },
              verifier: verifier.toString('base64'),
              createdAt: previous?.createdAt ?? stamp,
              updatedAt: stamp,
              failures: 0,
              lockedUntilMs: 0,
              accountEnded: false,
            },
          ],
        });
        verifier.fill(0);
        // The server has just checked this person's password: the role is proven.
        active = { profileId, role: 'supervisor' };
        log.info('roles.account-tied', { role: account.role });
        return { active };
      }),

    accountEnded: (accountId) =>
      serial(async () => {
        const { file: document } = await read();
        if (document === null) return;
        const tied = document.credentials.filter((c) => c.account === accountId);
        if (tied.length === 0) return;
        await write({
          ...document,
          credentials: document.credentials.map((c) =>
            c.account === accountId ? { ...c, accountEnded: true } : c,
          ),
        });
        if (tied.some((c) => c.profileId === active.profileId) && active.role === 'supervisor')
          active = { profileId: active.profileId, role: 'counsellor' };
        log.warn('roles.account-ended');
      }),

    requireSupervisor(action) {
      if (active.role !== 'supervisor') throw supervisorOnly(action);
    },

    requireCapability(capability, action) {
      if (!can(active.role, capability)) throw supervisorOnly(action);
    },

    lock() {
      active = STARTING;
    },
  };
}

/** What only a supervisor may do, in English for the log (the page words the reason itself). */
const SUPERVISOR_ACTION_WORDS: Record<SupervisorAction, string> = {
  'change-rules': "change the organisation's rules",
  'change-update-settings': 'change the update settings',
  'export-session-log': 'export the session log',
  'export-report': 'export a report for CLAIR',
  'set-credential': 'set a supervisor credential',
  'issue-enrolment': 'enrol another workstation',
};

function supervisorOnly(action: SupervisorAction): BridgeFailure {
  return new BridgeFailure(
    'forbidden-role',
    `Only a supervisor can ${SUPERVISOR_ACTION_WORDS[action]}: switch to your supervisor profile with your own credential.`,
    [],
    reason('supervisor-only', { action }),
  );
}
