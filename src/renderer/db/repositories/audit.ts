/**
 * The append-only audit log (issue 6, DOMAIN.md section 7). There is deliberately no update or
 * delete here: entries are only ever added, and `verify` finds any change made behind this
 * repository's back (see src/domain/audit for what the chain can and cannot detect).
 *
 * WebCrypto is asynchronous, and awaiting it inside an IndexedDB transaction lets the transaction
 * commit early (DESIGN.md). So `append` hashes first, against the last entry as read then, and only
 * then opens one write transaction that checks the last entry is still that one before adding; if
 * another writer got in between, the whole append starts again (at most 3 retries).
 */
import {
  nextEntry,
  verifyAuditChain,
  type AuditChainVerdict,
  type AuditFields,
  type HashFn,
  type RecordedAuditEntry,
} from '../../../domain/audit';
import type { WorkstationDatabase } from '../database';
import type { AuditEntry } from '../records';

/** How many times `append` starts again when another writer added an entry meanwhile. */
export const AUDIT_APPEND_RETRIES = 3;

/** Entries read per transaction by `verify`. */
const VERIFY_PAGE = 500;

/** Hex SHA-256 of the UTF-8 text, with WebCrypto (the browser's and Node's globalThis.crypto). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export class AuditAppendConflictError extends Error {
  constructor() {
    super(`audit append lost the race ${AUDIT_APPEND_RETRIES + 1} times`);
    this.name = 'AuditAppendConflictError';
  }
}

export interface AuditListOptions {
  /** At most this many entries (default 100). */
  limit?: number;
  /** Only entries older than this seq (for the next page). */
  beforeSeq?: number;
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;

/** The head mark the app uses: HMAC under the index key (the page's blind-index key). */
export function auditHeadMark(cipher: {
  blindIndex(value: string): Promise<string>;
}): (entryHash: string) => Promise<string> {
  return (entryHash) => cipher.blindIndex(`audit-head|${entryHash}`);
}

/** Where the keyed mark of the newest entry's hash is kept. */
export const AUDIT_HEAD_KEY = 'audit.head';

/**
 * `headMark`, when given (the unlocked page: an HMAC under the index key), keys the newest entry's
 * hash into `meta` in the same transaction as each append, so that removing the newest entries, or
 * rewriting the whole chain, is found too: nobody without the key can make a matching mark.
 */
export function createAuditRepository(
  db: WorkstationDatabase,
  hash: HashFn = sha256Hex,
  headMark?: (entryHash: string) => Promise<string>,
) {
  // Appends from this repository run one after another, so they never race each other; the
  // check-and-retry covers other writers (another window, another repository instance).
  let queue: Promise<unknown> = Promise.resolve();

  const lastEntry = (): Promise<AuditEntry | undefined> => db.audit.orderBy('seq').last();

  async function appendOnce(fields: AuditFields): Promise<AuditEntry | null> {
    const prev = await lastEntry();
    if (prev && prev.seq === undefined) throw new Error('audit entry without seq');
    const entry = await nextEntry(
      prev ? { seq: prev.seq as number, hash: prev.hash } : null,
      fields,
      hash,
    );
    const mark = headMark ? await headMark(entry.hash) : null;
    return db.transaction('rw', db.audit, db.meta, async () => {
      const last = await lastEntry();
      if (last?.seq !== prev?.seq || last?.hash !== prev?.hash) return null;
      await db.audit.add(entry);
      if (mark !== null) await db.meta.put({ key: AUDIT_HEAD_KEY, value: mark });
      return entry;
    });
  }

  async function appendWithRetry(fields: AuditFields): Promise<AuditEntry> {
    for (let attempt = 0; attempt <= AUDIT_APPEND_RETRIES; attempt += 1) {
      const entry = await appendOnce(fields);
      if (entry) return entry;
    }
    throw new AuditAppendConflictError();
  }

  async function* inSeqOrder(): AsyncGenerator<RecordedAuditEntry> {
    let page = await db.audit.orderBy('seq').limit(VERIFY_PAGE).toArray();
    while (page.length > 0) {
      // Each page is read in its own short transaction; hashing happens outside it.
      yield* page;
      if (page.length < VERIFY_PAGE) return;
      const lastSeq = page[page.length - 1]!.seq!;
      page = await db.audit.where('seq').above(lastSeq).limit(VERIFY_PAGE).toArray();
    }
  }

  return {
    /**
     * Records one action at `nowMs` and returns the stored entry. `object` is an opaque id and
     * `reason` the stated reason: never message text (AuditFieldError when too long).
     */
    append(fields: Omit<AuditFields, 'atMs'>, nowMs: number): Promise<AuditEntry> {
      const run = queue.then(() => appendWithRetry({ ...fields, atMs: nowMs }));
      queue = run.catch(() => undefined);
      return run;
    },

    /** Newest first; pass the last seq seen as `beforeSeq` for the next page. */
    list(options: AuditListOptions = {}): Promise<AuditEntry[]> {
      const limit = options.limit ?? 100;
      const collection =
        options.beforeSeq === undefined
          ? db.audit.orderBy('seq')
          : db.audit.where('seq').below(options.beforeSeq);
      return collection.reverse().limit(limit).toArray();
    },

    /**
     * Checks the whole chain, streaming it in seq order, and (with a head mark) that it ends where
     * the mark says; says where it first breaks.
     */
    async verify(): Promise<AuditChainVerdict> {
      const verdict = await verifyAuditChain(inSeqOrder(), hash);
      if (!verdict.ok || !headMark || verdict.count === 0) return verdict;
      const [last, head] = await Promise.all([lastEntry(), db.meta.get(AUDIT_HEAD_KEY)]);
      if (head === undefined || head.value !== (await headMark(last!.hash)))
        return { ok: false, brokenAt: last!.seq!, reason: 'newest-removed' };
      return verdict;
    },

    /** Marks the newest entry as the head (once, for a log written before head marks). */
    async markHead(): Promise<void> {
      if (!headMark || (await db.meta.get(AUDIT_HEAD_KEY)) !== undefined) return;
      const last = await lastEntry();
      if (!last) return;
      const mark = await headMark(last.hash);
      await db.meta.put({ key: AUDIT_HEAD_KEY, value: mark });
    },
  };
}
