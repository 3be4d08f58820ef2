/**
 * The append-only audit log (issue 6, DOMAIN.md section 7). There is deliberately no update or
 * delete here: entries are only ever added, and `verify` finds any change made behind this
 * repository's back (see src/domain/audit for what the chain can and cannot detect).
 *
 * WebCrypto is asynchronous, and awaiting it inside an IndexedDB transaction lets the transaction
 * commit early (DESIGN.md). So `append` hashes first, against the last entry as read then, and only
 * then opens one write transaction that checks the last entry is still that one before adding; if
 * another writer got in between, the whole append starts again (at most 3 retries).
 *
 * Reasons are sealed (issue 7: a typed reason can name someone): with a reason sealer (the
 * unlocked page), an entry's `reason` is `sealed:<mark>`, the mark an HMAC of the text under the
 * index key, so the chain covers the text without holding it; the text itself is sealed into
 * `auditReasons`, bound to the entry's hash, in the same transaction. Entries written before keep
 * their reason as it was.
 *
 * A caller states the reason as a code with parameters (src/domain/audit/reasons), never as a
 * sentence: `append` stores its canonical text (`coded/1:{…}`), which is what is marked and
 * sealed, and the Audit page words it in the UI's language. Older entries hold a sentence.
 */
import {
  AuditFieldError,
  auditFieldProblems,
  nextEntry,
  verifyAuditChain,
  compareWithAnchor,
  encodeAuditReason,
  type AuditAnchorReading,
  type AuditReason,
  type AuditChainVerdict,
  type AuditFields,
  type HashFn,
  type RecordedAuditEntry,
} from '../../../domain/audit';
import type { Envelope } from '../crypto/field-cipher';
import type { WorkstationDatabase } from '../database';
import type { AuditEntry } from '../records';

/** The start of an entry's `reason` when the text is sealed in `auditReasons`. */
export const SEALED_REASON_PREFIX = 'sealed:';

/** Seals, opens and marks audit reasons (the page's cipher: see `auditReasonSealer`). */
export interface AuditReasonSealer {
  /** A keyed mark of the text (the chain covers it). */
  mark(text: string): Promise<string>;
  seal(text: string, entryHash: string): Promise<Envelope>;
  open(envelope: unknown, entryHash: string): Promise<string>;
}

/**
 * The sealer the app uses: the field cipher, and HMAC under the workstation's own index key for
 * the mark (the organisation's index key is shared by every enrolled workstation; this log is not).
 */
export function auditReasonSealer(cipher: {
  localMark(value: string): Promise<string>;
  seal(value: string, place: { table: string; id: string; field: string }): Promise<Envelope>;
  open(envelope: unknown, place: { table: string; id: string; field: string }): Promise<string>;
}): AuditReasonSealer {
  const place = (entryHash: string) => ({ table: 'auditReasons', id: entryHash, field: 'reason' });
  return {
    mark: (text) => cipher.localMark(`audit-reason|${text}`),
    seal: (text, entryHash) => cipher.seal(text, place(entryHash)),
    open: (envelope, entryHash) => cipher.open(envelope, place(entryHash)),
  };
}

/** An entry as listed: its reason opened, or null when its sealed reason cannot be opened. */
export type ListedAuditEntry = Omit<AuditEntry, 'reason'> & { reason: string | null };

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

/** What a caller states about one action (the repository adds the time). */
export type AuditRecordFields = Omit<AuditFields, 'atMs' | 'reason'> & { reason: AuditReason };

/** The stored text of a coded reason; one the schema refuses is an AuditFieldError. */
function storedReason(reason: AuditReason): string {
  try {
    return encodeAuditReason(reason);
  } catch {
    throw new AuditFieldError([`reason ${reason.code} has invalid parameters`]);
  }
}

export interface AuditListOptions {
  /** At most this many entries (default 100). */
  limit?: number;
  /** Only entries older than this seq (for the next page). */
  beforeSeq?: number;
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;

/**
 * The head mark the app uses: HMAC under the workstation's own index key (the index key, until it
 * adopts the organisation's keys; then the one it had: the marks already written stay valid).
 */
export function auditHeadMark(cipher: {
  localMark(value: string): Promise<string>;
}): (entryHash: string) => Promise<string> {
  return (entryHash) => cipher.localMark(`audit-head|${entryHash}`);
}

/** Where the keyed mark of the newest entry's hash is kept. */
export const AUDIT_HEAD_KEY = 'audit.head';

/** Set once the log has been anchored outside the page: from then on, no anchor is a failure. */
export const AUDIT_ANCHORED_KEY = 'audit.anchored';

/**
 * The anchor outside the page's database (the main process, through the bridge: `audit.anchor`
 * and `audit.advance`). It receives a count and a hash, never text.
 */
export interface AuditAnchor {
  read(): Promise<AuditAnchorReading>;
  advance(count: number, head: string): Promise<{ ok: boolean }>;
}

/**
 * `headMark`, when given (the unlocked page: an HMAC under the index key), keys the newest entry's
 * hash into `meta` in the same transaction as each append, so that removing the newest entries, or
 * rewriting the whole chain, is found too: nobody without the key can make a matching mark.
 */
export function createAuditRepository(
  db: WorkstationDatabase,
  hash: HashFn = sha256Hex,
  headMark?: (entryHash: string) => Promise<string>,
  reasons?: AuditReasonSealer,
  anchor?: AuditAnchor,
) {
  // Appends from this repository run one after another, so they never race each other; the
  // check-and-retry covers other writers (another window, another repository instance).
  let queue: Promise<unknown> = Promise.resolve();

  const lastEntry = (): Promise<AuditEntry | undefined> => db.audit.orderBy('seq').last();

  async function appendOnce(fields: AuditFields): Promise<AuditEntry | null> {
    const problems = auditFieldProblems(fields);
    if (problems.length > 0) throw new AuditFieldError(problems);
    const prev = await lastEntry();
    if (prev && prev.seq === undefined) throw new Error('audit entry without seq');
    const chained = reasons
      ? { ...fields, reason: `${SEALED_REASON_PREFIX}${await reasons.mark(fields.reason)}` }
      : fields;
    const entry = await nextEntry(
      prev ? { seq: prev.seq as number, hash: prev.hash } : null,
      chained,
      hash,
    );
    const mark = headMark ? await headMark(entry.hash) : null;
    const sealed = reasons ? await reasons.seal(fields.reason, entry.hash) : null;
    return db.transaction('rw', [db.audit, db.meta, db.auditReasons], async () => {
      const last = await lastEntry();
      if (last?.seq !== prev?.seq || last?.hash !== prev?.hash) return null;
      await db.audit.add(entry);
      if (sealed !== null) await db.auditReasons.put({ entryHash: entry.hash, reason: sealed });
      if (mark !== null) await db.meta.put({ key: AUDIT_HEAD_KEY, value: mark });
      return entry;
    });
  }

  /** The text of a sealed reason, or null when it is missing or does not open. */
  async function openReason(entry: AuditEntry): Promise<string | null> {
    if (!reasons) return null;
    const stored = await db.auditReasons.get(entry.hash);
    if (!stored) return null;
    try {
      return await reasons.open(stored.reason, entry.hash);
    } catch {
      return null;
    }
  }

  const isSealed = (entry: { reason: string }) => entry.reason.startsWith(SEALED_REASON_PREFIX);

  async function appendWithRetry(fields: AuditFields): Promise<AuditEntry> {
    for (let attempt = 0; attempt <= AUDIT_APPEND_RETRIES; attempt += 1) {
      const entry = await appendOnce(fields);
      if (entry) {
        await anchorTo(entry.seq!, entry.hash);
        return entry;
      }
    }
    throw new AuditAppendConflictError();
  }

  /**
   * Moves the anchor outside the page to this entry (after the entry is stored: the action is on
   * record whatever happens next). An anchor that does not move (bridge down, or it holds more
   * than this log: a rollback) leaves the log ahead of or behind it, and Verify says which.
   */
  async function anchorTo(count: number, head: string): Promise<void> {
    if (!anchor) return;
    try {
      const moved = await anchor.advance(count, head);
      if (moved.ok) await db.meta.put({ key: AUDIT_ANCHORED_KEY, value: 'yes' });
    } catch {
      // Verify finds the anchor behind and moves it on; nothing to lose here.
    }
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

  /** The log (whose chain holds, `count` entries) against the anchor outside the page. */
  async function checkAnchor(count: number): Promise<AuditChainVerdict> {
    if (!anchor) return { ok: true, count };
    const [reading, anchoredBefore] = await Promise.all([
      anchor.read(),
      db.meta.get(AUDIT_ANCHORED_KEY).then((row) => row !== undefined),
    ]);
    const compared = await compareWithAnchor(
      {
        count,
        hashAt: async (seq) => (await db.audit.where('seq').equals(seq).first())?.hash ?? null,
      },
      reading,
      anchoredBefore,
    );
    if (!compared.ok) return compared;
    if (compared.behind) {
      const last = await lastEntry();
      if (last) await anchorTo(last.seq!, last.hash);
    }
    return { ok: true, count };
  }

  return {
    /**
     * Records one action at `nowMs` and returns the stored entry. `object` is an opaque id and
     * `reason` a coded reason: never message text (AuditFieldError when too long or invalid).
     */
    append(fields: AuditRecordFields, nowMs: number): Promise<AuditEntry> {
      const run = queue.then(() =>
        appendWithRetry({ ...fields, reason: storedReason(fields.reason), atMs: nowMs }),
      );
      queue = run.catch(() => undefined);
      return run;
    },

    /**
     * Newest first, reasons opened; pass the last seq seen as `beforeSeq` for the next page. The
     * reasons are opened after the read (WebCrypto must not run inside a transaction).
     */
    async list(options: AuditListOptions = {}): Promise<ListedAuditEntry[]> {
      const limit = options.limit ?? 100;
      const collection =
        options.beforeSeq === undefined
          ? db.audit.orderBy('seq')
          : db.audit.where('seq').below(options.beforeSeq);
      const entries = await collection.reverse().limit(limit).toArray();
      return Promise.all(
        entries.map(async (e) => (isSealed(e) ? { ...e, reason: await openReason(e) } : e)),
      );
    },

    /**
     * Checks the whole chain, streaming it in seq order, and (with a head mark) that it ends where
     * the mark says; says where it first breaks.
     */
    async verify(): Promise<AuditChainVerdict> {
      const verdict = await verifyAuditChain(inSeqOrder(), hash);
      if (!verdict.ok) return verdict;
      const anchored = await checkAnchor(verdict.count);
      if (!anchored.ok) return anchored;
      if (!headMark) return verdict;
      const [last, head] = await Promise.all([lastEntry(), db.meta.get(AUDIT_HEAD_KEY)]);
      // An empty log under a head mark: every entry was removed (issue 13).
      if (last === undefined)
        return head === undefined ? verdict : { ok: false, brokenAt: 1, reason: 'newest-removed' };
      if (head === undefined || head.value !== (await headMark(last.hash)))
        return { ok: false, brokenAt: last.seq!, reason: 'newest-removed' };
      // Every sealed reason is there, opens, and is the text the chain's mark was made from.
      if (reasons) {
        for await (const entry of inSeqOrder()) {
          if (!isSealed(entry)) continue;
          const text = await openReason(entry as AuditEntry);
          const mark = text === null ? null : await reasons.mark(text);
          if (`${SEALED_REASON_PREFIX}${mark}` !== entry.reason)
            return { ok: false, brokenAt: entry.seq ?? 0, reason: 'reason-changed' };
        }
      }
      return verdict;
    },

    /**
     * Anchors a log that never was (a workstation from before anchors), once, at unlock; a log
     * anchored before is left to Verify.
     */
    async anchorOnce(): Promise<void> {
      if (!anchor || (await db.meta.get(AUDIT_ANCHORED_KEY)) !== undefined) return;
      const state = await anchor.read();
      if (state.state === 'set') {
        await db.meta.put({ key: AUDIT_ANCHORED_KEY, value: 'yes' });
        return;
      }
      if (state.state !== 'none') return;
      const last = await lastEntry();
      if (last === undefined) return;
      const verdict = await verifyAuditChain(inSeqOrder(), hash);
      if (verdict.ok) await anchorTo(last.seq!, last.hash);
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
