/**
 * The workstation's key store (issue 7): random 256-bit data keys (one in use, more during a key
 * rotation) and a 256-bit index key for blind indexes, kept only wrapped:
 *
 * - always under a key derived from the workstation passphrase with scrypt (salt and parameters
 *   stored beside it, so the passphrase can be changed by re-wrapping, without touching the data);
 * - and, under Electron where the operating system offers a strong store, also by `safeStorage`
 *   (DPAPI, Keychain), so the app can unlock without the passphrase. Linux's `basic_text` backend
 *   is not a strong store: Electron's wiring does not offer it, and then only the passphrase works.
 *
 * Fail closed: a damaged key file is never replaced (that would orphan the data sealed under the
 * old keys); it is reported, and nothing unlocks. Keys leave this module only through `unlock`,
 * the one bridge channel that hands them to the page, and `organisationKeys`, which hands them to
 * the enrolment to be wrapped under a one-time secret (sync-enrolment.ts); every other operation
 * zeroes what it unwrapped.
 */
import { randomBytes, scrypt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { backupKeystoreSectionSchema } from '../../bridge/schemas/security';
import { BridgeFailure, reason } from '../../bridge/errors';
import { describePassphraseProblem, passphraseProblem } from '../../domain/privacy/passphrase';
import { passphraseReason } from './passphrase-reason';
import { openBytes, sealBytes, wrappedSchema, type Wrapped } from './sealing';
import type { Logger } from './logger';
import { writeFileAtomically } from './settings-store';

export const KEY_STORE_FILE_NAME = 'keystore.json';
const FORMAT = 'counsellor-workstation.keystore';
const AAD = Buffer.from('counsellor-workstation.keystore.v1', 'utf8');

/** After this many wrong passphrases in a row, checks are refused for a while. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 30_000;

export interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}
/** OWASP's scrypt recommendation (N = 2^17, r = 8, p = 1): about 128 MiB and a fraction of a second. */
export const DEFAULT_SCRYPT: ScryptParameters = { N: 2 ** 17, r: 8, p: 1 };

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64');
const keyFileSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(1),
  createdAt: z.string(),
  kdf: backupKeystoreSectionSchema.shape.kdf,
  /** The key set (JSON), sealed under the passphrase's key. */
  wrapped: wrappedSchema,
  /** The key set again, sealed by the operating system's store (Electron only), or absent. */
  os: z.strictObject({ sealed: base64 }).optional(),
});
type KeyFile = z.infer<typeof keyFileSchema>;

/** What a backup file carries of the key store: the key set wrapped under the passphrase only. */
export type BackupKeystoreSection = z.infer<typeof backupKeystoreSectionSchema>;

const dataKeySchema = z.strictObject({ kid: z.string().min(1), key: base64 });
/** The organisation's keys as an enrolment carries them: data keys, the current one, index key. */
export const organisationKeysSchema = z
  .strictObject({
    currentKid: z.string().min(1),
    keys: z.array(dataKeySchema).min(1).max(100),
    indexKey: base64,
  })
  .refine((set) => set.keys.some((k) => k.kid === set.currentKid), {
    message: 'the current key is not among the keys',
    path: ['currentKid'],
  });
export type OrganisationKeys = z.infer<typeof organisationKeysSchema>;

const keySetSchema = z.strictObject({
  currentKid: z.string().min(1),
  keys: z.array(dataKeySchema).min(1),
  indexKey: base64,
  /**
   * Set when this workstation adopted the organisation's keys by an enrolment (issue 15): what
   * stays its own. `indexKey`: its index key from before, which keeps keying what is local to it
   * (the audit log's head mark and reason marks, the audit anchor, the sealed sync connection);
   * `kids`: its data keys from before (not the organisation's; never handed on by an enrolment).
   */
  local: z.strictObject({ indexKey: base64, kids: z.array(z.string().min(1)).max(100) }).optional(),
});
/** The key set as the key store keeps it. */
type StoredKeySet = z.infer<typeof keySetSchema>;
/**
 * The keys, as the page receives them after an unlock (base64, 32 bytes each). `localIndexKey`:
 * the workstation's own index key, present once it has adopted the organisation's keys.
 */
export interface KeySet {
  currentKid: string;
  keys: { kid: string; key: string }[];
  indexKey: string;
  localIndexKey?: string;
}

/** What the page receives of a stored key set. */
function forPage(stored: StoredKeySet): KeySet {
  return {
    currentKid: stored.currentKid,
    keys: stored.keys,
    indexKey: stored.indexKey,
    ...(stored.local ? { localIndexKey: stored.local.indexKey } : {}),
  };
}

/** Why adopting the organisation's keys was refused (nothing was changed). */
export type AdoptionRefusal =
  /** This workstation already adopted other keys (another organisation's, or an older issue). */
  | 'already-enrolled'
  /** A data key id of the organisation's is also one of this workstation's, with another key. */
  | 'kid-clash';
export type AdoptResult =
  | { ok: true; changed: boolean }
  | ({ ok: false; refusal: null } & PassphraseCheck)
  | { ok: false; refusal: AdoptionRefusal; retryAfterMs: null };

export type PassphraseState =
  | { state: 'unset' }
  | { state: 'set'; osUnlock: boolean; autoUnlock: boolean }
  | { state: 'damaged'; problem: string };

export interface PassphraseCheck {
  ok: boolean;
  /** When checks are refused after too many wrong passphrases: how long until the next try. */
  retryAfterMs: number | null;
}

export type UnlockResult = { ok: true; keys: KeySet } | ({ ok: false } & PassphraseCheck);

/** The operating system's key store (Electron's safeStorage), when it is a strong one. */
export interface OsKeyProtector {
  available(): Promise<boolean>;
  seal(text: string): Promise<Buffer>;
  open(sealed: Buffer): Promise<string>;
}

export interface KeyStore {
  status(): Promise<PassphraseState>;
  /** Makes the keys and wraps them under a new passphrase. Refused when one is already set. */
  create(passphrase: string): Promise<PassphraseState>;
  /** Whether the passphrase unwraps the keys (role switches); nothing leaves. */
  verify(passphrase: string): Promise<PassphraseCheck>;
  /**
   * The keys, for the page: by passphrase, or with none by the OS store or the browser host's
   * passphrase file.
   */
  unlock(passphrase: string | null): Promise<UnlockResult>;
  /** Re-wraps the same keys under a new passphrase; the data is not touched. */
  changePassphrase(current: string, next: string): Promise<PassphraseCheck>;
  /** Adds a new data key and makes it the current one (the page then re-seals everything). */
  beginRotation(passphrase: string): Promise<PassphraseCheck & { newKid: string | null }>;
  /** Drops data keys no longer used, once everything is sealed under the current one. */
  retireKeys(passphrase: string, keep: readonly string[]): Promise<PassphraseCheck>;
  /** The key set wrapped under the passphrase (never the OS-sealed copy), for a backup file. */
  backupSection(): Promise<BackupKeystoreSection>;
  /** The keys of a backup file, opened with the passphrase it was made under (for a restore). */
  unlockBackup(section: BackupKeystoreSection, passphrase: string): Promise<UnlockResult>;
  /** Locked: until the passphrase is typed, nothing unlocks without it. */
  lock(): { locked: true };
  /**
   * The organisation's keys as this workstation holds them, for an enrolment (issue 15): its data
   * keys (never those kept from before its own enrolment), the current one, the index key. Needs
   * the passphrase, as a rotation does: the main process holds no key between calls.
   */
  organisationKeys(
    passphrase: string,
  ): Promise<{ ok: true; keys: OrganisationKeys } | ({ ok: false } & PassphraseCheck)>;
  /**
   * Adopts the organisation's keys (issue 15): they become this workstation's data keys (theirs
   * current) and index key; its own data keys stay as non-current keys, and its own index key
   * keeps keying what is local (`local`). Written atomically, under the same passphrase (and OS
   * store). Adopting the same keys again changes nothing; other keys after an enrolment are
   * refused.
   */
  adopt(passphrase: string, keys: OrganisationKeys): Promise<AdoptResult>;
  /**
   * Before a claim (which spends the enrolment): whether the passphrase is right, and whether
   * this workstation adopted an organisation's keys already.
   */
  adoptionCheck(passphrase: string): Promise<PassphraseCheck & { enrolled: boolean }>;
}

export interface KeyStoreOptions {
  dataDir: string;
  log: Logger;
  /** Lower parameters only for tests. */
  scryptParameters?: ScryptParameters;
  nowMs?: () => number;
  os?: OsKeyProtector;
  /** The browser host's `--passphrase-file`: unlocks without typing (demos and tests). */
  passphraseFromFile?: string;
}

function deriveKey(passphrase: string, salt: Buffer, kdf: ScryptParameters): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFC'),
      salt,
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

const seal = (kek: Buffer, plain: Buffer): Wrapped => sealBytes(kek, plain, AAD);
/** The plaintext, or null when the key does not open it (wrong passphrase, or tampering). */
const unseal = (kek: Buffer, wrapped: Wrapped): Buffer | null => openBytes(kek, wrapped, AAD);

const newKid = () => `k-${randomBytes(6).toString('hex')}`;
const newKey = () => randomBytes(32).toString('base64');

function parseKeySet(plain: Buffer): StoredKeySet | null {
  try {
    const parsed = keySetSchema.safeParse(JSON.parse(plain.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } finally {
    plain.fill(0);
  }
}

export function createKeyStore({
  dataDir,
  log,
  scryptParameters = DEFAULT_SCRYPT,
  nowMs = () => Date.now(),
  os,
  passphraseFromFile,
}: KeyStoreOptions): KeyStore {
  const file = path.join(dataDir, KEY_STORE_FILE_NAME);
  let failures = 0;
  let lockedUntilMs = 0;
  // One operation at a time: two concurrent creations or rotations must not both write the file.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  async function read(): Promise<{ state: PassphraseState; keyFile: KeyFile | null }> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { state: { state: 'unset' }, keyFile: null };
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      return {
        state: { state: 'damaged', problem: `${KEY_STORE_FILE_NAME} cannot be read (${code})` },
        keyFile: null,
      };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return {
        state: { state: 'damaged', problem: `${KEY_STORE_FILE_NAME} is not valid JSON` },
        keyFile: null,
      };
    }
    const parsed = keyFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        state: {
          state: 'damaged',
          problem: `${KEY_STORE_FILE_NAME}: ${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`,
        },
        keyFile: null,
      };
    }
    // While locked, only the passphrase unlocks: the page offers nothing else.
    const osUnlock =
      !lockedByUser && parsed.data.os !== undefined && os !== undefined && (await os.available());
    return {
      state: {
        state: 'set',
        osUnlock,
        autoUnlock: !lockedByUser && passphraseFromFile !== undefined,
      },
      keyFile: parsed.data,
    };
  }

  const damaged = (state: PassphraseState) =>
    new BridgeFailure(
      'failed',
      `The key store is damaged and was left as it is: ${state.state === 'damaged' ? state.problem : ''}. Restore it from a backup.`,
      [],
      reason('key-store-damaged'),
    );

  async function existing(): Promise<KeyFile> {
    const { state, keyFile } = await read();
    if (keyFile === null) {
      if (state.state === 'damaged') throw damaged(state);
      throw new BridgeFailure(
        'failed',
        'No workstation passphrase has been set yet.',
        [],
        reason('passphrase-not-set'),
      );
    }
    return keyFile;
  }

  /** Writes a key file holding `keys`, wrapped under `kek` (and by the OS store if there is one). */
  /** The keys opened with the host's passphrase file, for the key file they came from. */
  let fileUnlockCache: { ct: string; keys: StoredKeySet } | null = null;
  /**
   * Set by a lock (the page's, or the screen locking or the computer sleeping under Electron):
   * from then on only the typed passphrase unlocks, not the OS store or the passphrase file.
   */
  let lockedByUser = false;

  async function write(
    keys: StoredKeySet,
    kek: Buffer,
    kdf: KeyFile['kdf'],
    createdAt: string,
  ): Promise<void> {
    fileUnlockCache = null;
    const plain = Buffer.from(JSON.stringify(keys), 'utf8');
    let document: KeyFile;
    try {
      let osSealed: string | undefined;
      if (os && (await os.available())) {
        osSealed = (await os.seal(plain.toString('base64'))).toString('base64');
      }
      document = {
        format: FORMAT,
        version: 1,
        createdAt,
        kdf,
        wrapped: seal(kek, plain),
        ...(osSealed ? { os: { sealed: osSealed } } : {}),
      };
    } finally {
      plain.fill(0);
    }
    await writeFileAtomically(file, `${JSON.stringify(document, null, 2)}\n`);
  }

  /**
   * Opens the key set with the passphrase, counting failures. The caller gets the KEK too (to
   * re-wrap), and must zero it.
   */
  async function openWithPassphrase(
    passphrase: string,
  ): Promise<
    | { ok: true; keys: StoredKeySet; kek: Buffer; keyFile: KeyFile }
    | ({ ok: false } & PassphraseCheck)
  > {
    const now = nowMs();
    if (now < lockedUntilMs) return { ok: false, retryAfterMs: lockedUntilMs - now };
    const keyFile = await existing();
    const opened = await openSection(keyFile, passphrase);
    if (opened !== null) {
      failures = 0;
      return { ok: true, keys: opened.keys, kek: opened.kek, keyFile };
    }
    return refusedAttempt();
  }

  /** The key set of a wrapped section with this passphrase, and the KEK; or null. */
  async function openSection(
    section: BackupKeystoreSection,
    passphrase: string,
  ): Promise<{ keys: StoredKeySet; kek: Buffer } | null> {
    const kek = await deriveKey(passphrase, Buffer.from(section.kdf.salt, 'base64'), section.kdf);
    const plain = unseal(kek, section.wrapped);
    const keys = plain === null ? null : parseKeySet(plain);
    if (keys !== null) return { keys, kek };
    kek.fill(0);
    return null;
  }

  /** Counts a wrong passphrase; after MAX_FAILED_ATTEMPTS, refuses for LOCKOUT_MS. */
  function refusedAttempt(): { ok: false } & PassphraseCheck {
    failures += 1;
    log.warn('keystore.passphrase-refused', { failures });
    if (failures >= MAX_FAILED_ATTEMPTS) {
      failures = 0;
      lockedUntilMs = nowMs() + LOCKOUT_MS;
      return { ok: false, retryAfterMs: LOCKOUT_MS };
    }
    return { ok: false, retryAfterMs: null };
  }

  const refused = (r: PassphraseCheck): PassphraseCheck => ({
    ok: false,
    retryAfterMs: r.retryAfterMs,
  });

  return {
    async status() {
      return (await read()).state;
    },

    create: (passphrase) =>
      serial(async () => {
        const { state } = await read();
        if (state.state === 'damaged') throw damaged(state);
        if (state.state === 'set')
          throw new BridgeFailure(
            'failed',
            'A workstation passphrase is already set.',
            [],
            reason('passphrase-already-set'),
          );
        const problem = passphraseProblem(passphrase);
        if (problem !== null)
          throw new BridgeFailure(
            'invalid-input',
            describePassphraseProblem(problem),
            ['passphrase'],
            passphraseReason(problem),
          );
        const salt = randomBytes(16);
        const kek = await deriveKey(passphrase, salt, scryptParameters);
        const kid = newKid();
        try {
          await write(
            { currentKid: kid, keys: [{ kid, key: newKey() }], indexKey: newKey() },
            kek,
            { name: 'scrypt', ...scryptParameters, salt: salt.toString('base64') },
            new Date(nowMs()).toISOString(),
          );
        } finally {
          kek.fill(0);
        }
        log.info('keystore.created');
        return (await read()).state;
      }),

    verify: (passphrase) =>
      serial(async () => {
        const opened = await openWithPassphrase(passphrase);
        if (!opened.ok) return refused(opened);
        opened.kek.fill(0);
        log.info('keystore.passphrase-accepted');
        return { ok: true, retryAfterMs: null };
      }),

    unlock: (passphrase) =>
      serial(async (): Promise<UnlockResult> => {
        if (passphrase === null) {
          // Without typing: never after a lock (until the passphrase is typed again).
          if (lockedByUser) return { ok: false, retryAfterMs: null };
          const keyFile = await existing();
          if (keyFile.os && os && (await os.available())) {
            let keys: StoredKeySet | null = null;
            try {
              keys = parseKeySet(
                Buffer.from(await os.open(Buffer.from(keyFile.os.sealed, 'base64')), 'base64'),
              );
            } catch {
              // The OS store refused (Keychain denied, DPAPI after a password reset): the
              // passphrase still works.
            }
            if (keys) {
              log.info('keystore.unlocked', { by: 'os' });
              return { ok: true, keys: forPage(keys) };
            }
            log.warn('keystore.os-unlock-failed');
          }
          if (passphraseFromFile === undefined) return { ok: false, retryAfterMs: null };
          // The host already holds the passphrase in memory; the keys it opened are kept beside
          // it, for this very key file only, so that a reload does not pay for scrypt again.
          if (fileUnlockCache !== null && fileUnlockCache.ct === keyFile.wrapped.ct) {
            log.info('keystore.unlocked', { by: 'passphrase-file' });
            return { ok: true, keys: forPage(fileUnlockCache.keys) };
          }
          fileUnlockCache = null;
          // A file that no longer opens the store is not a person guessing: not counted.
          const opened = await openSection(keyFile, passphraseFromFile);
          if (opened === null) return { ok: false, retryAfterMs: null };
          opened.kek.fill(0);
          fileUnlockCache = { ct: keyFile.wrapped.ct, keys: opened.keys };
          log.info('keystore.unlocked', { by: 'passphrase-file' });
          return { ok: true, keys: forPage(opened.keys) };
        }
        const opened = await openWithPassphrase(passphrase);
        if (!opened.ok) return { ok: false, retryAfterMs: opened.retryAfterMs };
        opened.kek.fill(0);
        lockedByUser = false;
        log.info('keystore.unlocked', { by: 'passphrase' });
        return { ok: true, keys: forPage(opened.keys) };
      }),

    lock() {
      lockedByUser = true;
      log.info('keystore.locked');
      return { locked: true as const };
    },

    changePassphrase: (current, next) =>
      serial(async () => {
        const problem = passphraseProblem(next);
        if (problem !== null)
          throw new BridgeFailure(
            'invalid-input',
            describePassphraseProblem(problem),
            ['next'],
            passphraseReason(problem),
          );
        const opened = await openWithPassphrase(current);
        if (!opened.ok) return refused(opened);
        opened.kek.fill(0);
        const salt = randomBytes(16);
        const kek = await deriveKey(next, salt, scryptParameters);
        try {
          await write(
            opened.keys,
            kek,
            { name: 'scrypt', ...scryptParameters, salt: salt.toString('base64') },
            opened.keyFile.createdAt,
          );
        } finally {
          kek.fill(0);
        }
        log.info('keystore.passphrase-changed');
        return { ok: true, retryAfterMs: null };
      }),

    beginRotation: (passphrase) =>
      serial(async () => {
        const opened = await openWithPassphrase(passphrase);
        if (!opened.ok) return { ...refused(opened), newKid: null };
        const kid = newKid();
        try {
          await write(
            {
              ...opened.keys,
              currentKid: kid,
              keys: [...opened.keys.keys, { kid, key: newKey() }],
            },
            opened.kek,
            opened.keyFile.kdf,
            opened.keyFile.createdAt,
          );
        } finally {
          opened.kek.fill(0);
        }
        log.info('keystore.rotation-started');
        return { ok: true, retryAfterMs: null, newKid: kid };
      }),

    async backupSection() {
      const keyFile = await existing();
      return { kdf: keyFile.kdf, wrapped: keyFile.wrapped };
    },

    unlockBackup: (section, passphrase) =>
      serial(async (): Promise<UnlockResult> => {
        const now = nowMs();
        if (now < lockedUntilMs) return { ok: false, retryAfterMs: lockedUntilMs - now };
        const opened = await openSection(section, passphrase);
        if (opened === null) return refusedAttempt();
        opened.kek.fill(0);
        log.info('keystore.backup-keys-opened');
        return { ok: true, keys: forPage(opened.keys) };
      }),

    retireKeys: (passphrase, keep) =>
      serial(async () => {
        const opened = await openWithPassphrase(passphrase);
        if (!opened.ok) return refused(opened);
        const kept = opened.keys.keys.filter(
          (k) => k.kid === opened.keys.currentKid || keep.includes(k.kid),
        );
        try {
          if (kept.length !== opened.keys.keys.length)
            await write(
              { ...opened.keys, keys: kept },
              opened.kek,
              opened.keyFile.kdf,
              opened.keyFile.createdAt,
            );
        } finally {
          opened.kek.fill(0);
        }
        log.info('keystore.keys-retired', { count: opened.keys.keys.length - kept.length });
        return { ok: true, retryAfterMs: null };
      }),

    organisationKeys: (passphrase) =>
      serial(async () => {
        const opened = await openWithPassphrase(passphrase);
        if (!opened.ok) return { ok: false as const, retryAfterMs: opened.retryAfterMs };
        opened.kek.fill(0);
        const own = new Set(opened.keys.local?.kids ?? []);
        const keys = opened.keys.keys.filter((k) => !own.has(k.kid));
        // A rotation made here after an enrolment would make a current key that is this
        // workstation's alone; it is never handed on as the organisation's.
        if (!keys.some((k) => k.kid === opened.keys.currentKid))
          throw new BridgeFailure(
            'failed',
            "This workstation's current data key is not one of the organisation's keys.",
            [],
            reason('enrolment-not-organisation-keys'),
          );
        return {
          ok: true as const,
          keys: { currentKid: opened.keys.currentKid, keys, indexKey: opened.keys.indexKey },
        };
      }),

    adoptionCheck: (passphrase) =>
      serial(async () => {
        const opened = await openWithPassphrase(passphrase);
        if (!opened.ok) return { ...refused(opened), enrolled: false };
        opened.kek.fill(0);
        return { ok: true, retryAfterMs: null, enrolled: opened.keys.local !== undefined };
      }),

    adopt: (passphrase, organisation) =>
      serial(async (): Promise<AdoptResult> => {
        const opened = await openWithPassphrase(passphrase);
        if (!opened.ok) return { ok: false, refusal: null, retryAfterMs: opened.retryAfterMs };
        try {
          const held = opened.keys;
          const next = adoptedKeySet(held, organisation);
          if (next === 'same') {
            log.info('keystore.organisation-keys-already-held');
            return { ok: true, changed: false };
          }
          if (typeof next === 'string') {
            log.warn('keystore.adoption-refused', { code: next });
            return { ok: false, refusal: next, retryAfterMs: null };
          }
          await write(next, opened.kek, opened.keyFile.kdf, opened.keyFile.createdAt);
          log.info('keystore.organisation-keys-adopted', { dataKeys: next.keys.length });
          return { ok: true, changed: true };
        } finally {
          opened.kek.fill(0);
        }
      }),
  };
}

/**
 * The key set after adopting the organisation's keys, or why not (nothing is changed then), or
 * `same` when this workstation holds exactly those keys already (a repeated claim).
 *
 * - Its own data keys stay, not current, so that what it sealed before (drafts, templates, audit
 *   reasons) still opens; the next unlock seals them again under the organisation's current key
 *   (a key set with more than one data key is a rotation to finish), and Settings → Security then
 *   retires them.
 * - Its own index key is kept as `local`: the audit log's marks, its anchor and the sealed sync
 *   connection stay keyed by it, so none of them has to be recomputed (the reason marks cannot
 *   be: the hash chain covers them).
 * - Once enrolled, other keys are refused: records pulled under the first organisation's keys
 *   would no longer open as the current ones.
 */
function adoptedKeySet(
  held: StoredKeySet,
  organisation: OrganisationKeys,
): StoredKeySet | AdoptionRefusal | 'same' {
  const heldByKid = new Map(held.keys.map((k) => [k.kid, k.key]));
  const isOrganisations = (k: { kid: string; key: string }) => heldByKid.get(k.kid) === k.key;
  if (held.local !== undefined || held.indexKey === organisation.indexKey) {
    const same =
      held.indexKey === organisation.indexKey &&
      held.currentKid === organisation.currentKid &&
      organisation.keys.every(isOrganisations);
    return same ? 'same' : 'already-enrolled';
  }
  if (organisation.keys.some((k) => heldByKid.has(k.kid))) return 'kid-clash';
  return {
    currentKid: organisation.currentKid,
    keys: [...organisation.keys, ...held.keys],
    indexKey: organisation.indexKey,
    local: { indexKey: held.indexKey, kids: held.keys.map((k) => k.kid) },
  };
}
