/**
 * Key rotation, start to finish (issue 7; issue 12.3): the steps Settings → Security runs, here so
 * that they are tested as a whole.
 *
 * 1. The main process adds a new current data key (skipped when a rotation is pending: finishing
 *    one that was interrupted).
 * 2. The page takes the new key set (`onCipher`: from then on every screen seals under the new key)
 *    and seals everything under an older key again (`resealAll`), pass after pass while records
 *    changed meanwhile are left over.
 * 3. Only keys still needed are kept: a key some stored value is sealed under and that this
 *    workstation still has. A value that does not open (damaged, or under a key already gone) is
 *    counted and left as it is: it keeps its key if the key is still here, and it never holds the
 *    rotation open, since no number of passes can seal it again (issue 12.3: "Finish the rotation"
 *    looped for ever on a reason sealed under a key already destroyed).
 * 4. The rotation is audited with the NEW keys. The audit entry's reason is sealed; sealing it with
 *    the keys read before the rotation (the screen's, captured when the button was pressed) put it
 *    under the key being destroyed, so Verify then found a reason that does not open (issue 12.3:
 *    "chain broken at entry 9") and every later rotation stayed pending.
 */
import type { FieldCipher } from '../crypto/field-cipher';
import type { WorkstationDatabase } from '../database';
import { auditHeadMark, auditReasonSealer, createAuditRepository } from './audit';
import { ROTATION_KEY, kidsInUse, resealAll, type ResealProgress } from './resealing';

/** The main process's answer when it checks the passphrase. */
export interface KeyStoreCheck {
  ok: boolean;
  retryAfterMs: number | null;
}

/** What a rotation needs of the main process's key store (the bridge's `vault.*` channels). */
export interface RotationKeyStore<Keys> {
  rotate(passphrase: string): Promise<KeyStoreCheck & { newKid: string | null }>;
  unlock(passphrase: string): Promise<{ ok: true; keys: Keys } | ({ ok: false } & KeyStoreCheck)>;
  retire(passphrase: string, keep: readonly string[]): Promise<KeyStoreCheck>;
}

export type RotationOutcome =
  | { kind: 'refused'; check: KeyStoreCheck }
  | {
      kind: 'rotated' | 'incomplete';
      cipher: FieldCipher;
      /** Records looked at by the last pass. */
      checked: number;
      /** Records sealed again now (0 when the unlock after an interruption did it all). */
      resealed: number;
      /** Values that do not open, left as they were. */
      unreadable: number;
      /** Old keys kept (some value still names them). */
      kept: number;
    };

/** Passes over the data before the rotation is left pending (records changed meanwhile). */
const PASSES = 4;

/** Whether a rotation was started and not finished (its mark is in `meta`). */
export async function rotationPending(db: WorkstationDatabase): Promise<boolean> {
  return (await db.meta.get(ROTATION_KEY)) !== undefined;
}

export async function rotateDataKey<Keys>(
  db: WorkstationDatabase,
  keyStore: RotationKeyStore<Keys>,
  passphrase: string,
  options: {
    openKeys(keys: Keys): Promise<FieldCipher>;
    /** Called with the new key set as soon as it is open: the page seals with it from then on. */
    onCipher(cipher: FieldCipher): void;
    hasRiskSignal: (text: string) => boolean;
    onProgress?: (p: ResealProgress) => void;
    profile: string;
    nowMs: () => number;
  },
): Promise<RotationOutcome> {
  if (!(await rotationPending(db))) {
    const started = await keyStore.rotate(passphrase);
    if (!started.ok || started.newKid === null) return { kind: 'refused', check: started };
    // Marked before the sweep: an interruption from here on resumes at the next unlock.
    await db.meta.put({ key: ROTATION_KEY, value: started.newKid });
  }
  const unlocked = await keyStore.unlock(passphrase);
  if (!unlocked.ok) return { kind: 'refused', check: unlocked };
  const cipher = await options.openKeys(unlocked.keys);
  options.onCipher(cipher);
  let resealed = 0;
  let checked = 0;
  let last = { resealed: 0, skipped: 0, unreadable: 0 };
  for (let pass = 0; pass < PASSES; pass += 1) {
    last = await resealAll(db, cipher, {
      hasRiskSignal: options.hasRiskSignal,
      onProgress: (p) => {
        checked = p.total;
        options.onProgress?.(p);
      },
    });
    resealed += last.resealed;
    // Done when a pass found nothing it could seal again (what is left, if anything, does not
    // open); a pass that sealed something is followed by one that checks.
    if (last.skipped === 0 && last.resealed === 0) break;
  }
  const settled = last.skipped === 0 && last.resealed === 0;
  // Keys a stored value still names, and this workstation still has: kept (a value sealed under
  // one either does not open, or was written meanwhile). A key already gone cannot be kept.
  const inUse = await kidsInUse(db);
  inUse.delete(cipher.currentKid);
  const keep = [...inUse].filter((kid) => cipher.hasKey(kid));
  const retired = await keyStore.retire(passphrase, keep);
  if (!retired.ok) return { kind: 'refused', check: retired };
  const outcome = {
    cipher,
    checked,
    resealed,
    unreadable: last.unreadable,
    kept: keep.length,
  };
  if (!settled) return { kind: 'incomplete', ...outcome };
  await db.meta.delete(ROTATION_KEY);
  // Audited with the new keys (never the keys the screen held before the rotation).
  const audit = createAuditRepository(
    db,
    undefined,
    auditHeadMark(cipher),
    auditReasonSealer(cipher),
  );
  await audit.append(
    {
      profile: options.profile,
      action: 'key-change',
      object: `data-key:${cipher.currentKid}`,
      reason: { code: 'key-rotated', resealed, unreadable: last.unreadable },
    },
    options.nowMs(),
  );
  return { kind: 'rotated', ...outcome };
}

/**
 * At an unlock: a rotation that was interrupted is carried on (everything still under an older key
 * is sealed again; Settings → Security then retires the old key with the passphrase). A key set
 * with more than one data key is a rotation interrupted before its mark was written (the main
 * process had made the new key): it is marked, so that it is finished too. Returns whether one was
 * pending.
 */
export async function resumeRotation(
  db: WorkstationDatabase,
  cipher: FieldCipher,
  options: { hasRiskSignal: (text: string) => boolean; onProgress?: (p: ResealProgress) => void },
): Promise<boolean> {
  if (!(await rotationPending(db))) {
    if (cipher.keyCount <= 1) return false;
    await db.meta.put({ key: ROTATION_KEY, value: cipher.currentKid });
  }
  await resealAll(db, cipher, options);
  return true;
}
