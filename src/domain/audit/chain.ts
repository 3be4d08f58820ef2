/**
 * The audit log's hash chain (DOMAIN.md section 7, issue 6). Pure: no clock, no I/O; the hash
 * function is a parameter (hex SHA-256 over UTF-8 in the app, see the audit repository).
 *
 * Each entry's `hash` is H(canonicalAuditPayload(entry)), and the payload includes every field of
 * the entry (its `seq` too) and `prevHash`, the hash of the entry before it (64 zeros for the
 * first). So an edited entry no longer matches its own hash, and a removed, inserted or reordered
 * entry breaks the link from the entry after it.
 *
 * What the chain cannot see on its own: removing entries from the END of the log (the remaining
 * chain is still valid), or rewriting an entry AND every entry after it with fresh hashes. Catching
 * those needs the last hash kept somewhere the attacker cannot reach (an external anchor).
 *
 * Callers must never put message text, subjects, names, e-mails or full JET numbers in `object`
 * or `reason`: `object` is an opaque id (e.g. a participant id), `reason` a coded reason (./reasons:
 * a code with parameters, the text a counsellor typed as one of them; entries written before hold
 * a plain sentence). Both are length-limited to keep them short.
 */

/** What Verify can find wrong against the anchor outside the page's database (./anchor). */
export type AnchorProblem =
  'rolled-back' | 'anchor-damaged' | 'anchor-missing' | 'anchor-unavailable';

export const AUDIT_ACTIONS = [
  'reveal',
  'export',
  'import',
  'role-change',
  'settings-change',
  'key-change',
  'restore',
  'outcome-correction',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The hash of "the entry before the first": 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The stored reason's length: a coded reason (./reasons) is JSON holding at most
 * AUDIT_TYPED_TEXT_MAX (500) characters of typed text, with room for its escapes and parameters.
 */
export const AUDIT_REASON_MAX = 1500;
export const AUDIT_OBJECT_MAX = 200;
export const AUDIT_PROFILE_MAX = 200;

/** Hex digest of the UTF-8 text (hex SHA-256 in the app). */
export type HashFn = (text: string) => Promise<string>;

/** What the caller states about one audited action. */
export interface AuditFields {
  /** When it happened, in epoch milliseconds (the caller's clock). */
  atMs: number;
  /** The profile that did it (an id, not a name). */
  profile: string;
  action: AuditAction;
  /** An opaque id of the thing acted on; never message text. At most 200 characters. */
  object: string;
  /** The stated reason (a coded reason's text, ./reasons); never message text. At most 1,500. */
  reason: string;
}

/** One entry of the chain as `nextEntry` makes it. */
export interface AuditEntry extends AuditFields {
  /** Position in the log, from 1, without gaps. */
  seq: number;
  prevHash: string;
  hash: string;
}

/** An entry as read back from storage: nothing about it is trusted. */
export interface RecordedAuditEntry {
  readonly seq?: number;
  readonly atMs: number;
  readonly profile: string;
  readonly action: string;
  readonly object: string;
  readonly reason: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** The fields that are hashed: everything but the hash itself. */
export interface AuditPayloadInput {
  readonly seq: number;
  readonly atMs: number;
  readonly profile: string;
  readonly action: string;
  readonly object: string;
  readonly reason: string;
  readonly prevHash: string;
}

export type AuditChainVerdict =
  | { ok: true; count: number }
  | {
      ok: false;
      /** The seq of the first entry found wrong (its 1-based position if it has no seq). */
      brokenAt: number;
      /**
       * `newest-removed`: the chain holds, but it does not end where the keyed head mark says (the
       * newest entries were removed, or the chain was rewritten). `reason-changed`: the chain
       * holds, but an entry's sealed reason is missing, does not open, or is not the text the
       * chain's mark was made from. Both are checked by the repository. The anchor's problems
       * (./anchor): `rolled-back` (entries removed or the log rolled back: the anchor outside the
       * page's database counts more, or another newest entry), `anchor-damaged`,
       * `anchor-missing`, `anchor-unavailable`.
       */
      reason:
        | 'edited'
        | 'removed-or-reordered'
        | 'bad-genesis'
        | 'newest-removed'
        | 'reason-changed'
        | AnchorProblem;
    };

export class AuditFieldError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid audit entry: ${problems.join('; ')}`);
    this.name = 'AuditFieldError';
  }
}

const PAYLOAD_TAG = 'counsellor-workstation.audit/1';
const HEX64 = /^[0-9a-f]{64}$/;

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/**
 * The exact text that is hashed: a JSON array with a format tag and the fields in a fixed order.
 * JSON.stringify of strings and numbers is deterministic, so the same entry gives the same text.
 */
export function canonicalAuditPayload(entry: AuditPayloadInput): string {
  return JSON.stringify([
    PAYLOAD_TAG,
    entry.seq,
    entry.atMs,
    entry.profile,
    entry.action,
    entry.object,
    entry.reason,
    entry.prevHash,
  ]);
}

/** What is wrong with the fields (empty when they can be recorded). */
export function auditFieldProblems(fields: AuditFields): string[] {
  const problems: string[] = [];
  if (!Number.isSafeInteger(fields.atMs) || fields.atMs < 0) {
    problems.push('atMs must be a non-negative integer');
  }
  if (typeof fields.profile !== 'string' || fields.profile.length === 0) {
    problems.push('profile is required');
  } else if (fields.profile.length > AUDIT_PROFILE_MAX) {
    problems.push(`profile is longer than ${AUDIT_PROFILE_MAX} characters`);
  }
  if (!isAuditAction(fields.action)) problems.push('unknown action');
  if (typeof fields.object !== 'string') problems.push('object must be a string');
  else if (fields.object.length > AUDIT_OBJECT_MAX) {
    problems.push(`object is longer than ${AUDIT_OBJECT_MAX} characters`);
  }
  if (typeof fields.reason !== 'string') problems.push('reason must be a string');
  else if (fields.reason.length > AUDIT_REASON_MAX) {
    problems.push(`reason is longer than ${AUDIT_REASON_MAX} characters`);
  }
  return problems;
}

/**
 * The entry that follows `prev` (null for the first entry of the log): seq prev.seq + 1, prevHash
 * prev.hash, and its own hash. Throws AuditFieldError when the fields cannot be recorded.
 */
export async function nextEntry(
  prev: { readonly seq: number; readonly hash: string } | null,
  fields: AuditFields,
  hash: HashFn,
): Promise<AuditEntry> {
  const problems = auditFieldProblems(fields);
  if (prev && (!Number.isSafeInteger(prev.seq) || prev.seq < 1)) {
    problems.push('previous entry has no valid seq');
  }
  if (problems.length > 0) throw new AuditFieldError(problems);
  const payload: AuditPayloadInput = {
    seq: prev ? prev.seq + 1 : 1,
    atMs: fields.atMs,
    profile: fields.profile,
    action: fields.action,
    object: fields.object,
    reason: fields.reason,
    prevHash: prev ? prev.hash : GENESIS_HASH,
  };
  const digest = await hash(canonicalAuditPayload(payload));
  if (!HEX64.test(digest)) throw new Error('the hash function must return 64 lowercase hex digits');
  return { ...payload, action: fields.action, hash: digest };
}

/**
 * Checks the chain in order (pass it sorted by seq; an async iterable lets storage stream it) and
 * says where it first breaks:
 * - 'bad-genesis': the first entry (seq 1) does not start from GENESIS_HASH;
 * - 'removed-or-reordered': an entry's seq is not the previous one's + 1 (a gap, a repeat, or a
 *   first entry other than seq 1), or its prevHash is not the previous entry's hash;
 * - 'edited': an entry's hash does not match its own content.
 */
export async function verifyAuditChain(
  entries: Iterable<RecordedAuditEntry> | AsyncIterable<RecordedAuditEntry>,
  hash: HashFn,
): Promise<AuditChainVerdict> {
  let count = 0;
  let prev: { seq: number; hash: string } | null = null;
  for await (const entry of entries) {
    const position = count + 1;
    const brokenAt = typeof entry.seq === 'number' ? entry.seq : position;
    const expectedSeq: number = prev ? prev.seq + 1 : 1;
    if (entry.seq !== expectedSeq) {
      return { ok: false, brokenAt, reason: 'removed-or-reordered' };
    }
    if (prev === null && entry.prevHash !== GENESIS_HASH) {
      return { ok: false, brokenAt, reason: 'bad-genesis' };
    }
    if (prev !== null && entry.prevHash !== prev.hash) {
      return { ok: false, brokenAt, reason: 'removed-or-reordered' };
    }
    const expected = await hash(
      canonicalAuditPayload({
        seq: expectedSeq,
        atMs: entry.atMs,
        profile: entry.profile,
        action: entry.action,
        object: entry.object,
        reason: entry.reason,
        prevHash: entry.prevHash,
      }),
    );
    if (entry.hash !== expected) return { ok: false, brokenAt, reason: 'edited' };
    prev = { seq: expectedSeq, hash: entry.hash };
    count = position;
  }
  return { ok: true, count };
}
