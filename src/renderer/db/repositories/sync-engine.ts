/**
 * The page's sync engine (issue 15, docs/sync.md "The workstation's side"): pushes the outbox's
 * named mutations in order, pulls what changed since its cursor and applies each page in one
 * transaction, keeps the person's changes on top until the server has dealt with them, and keeps
 * every refusal until the person dismisses it. All network I/O goes through an injected transport
 * shaped like the bridge's `sync.push` and `sync.pull` (the app passes the bridge; tests a server
 * in their own process).
 *
 * Choices where DESIGN.md leaves room:
 * - Pending on top: instead of re-running mutations on top of the server's state (Replicache),
 *   which would need every repository's change as a pure function of the stored records, the
 *   server's copy of each record a waiting mutation touched is kept apart (`serverCopies`: taken
 *   by `recordMutation` before the change, replaced by what pulls bring). When no mutation in the
 *   outbox touches the record any more, and a pull has caught up (the server's answer to the
 *   mutation is then in the copy), the copy is written over the record: the person's change as
 *   the server applied it, or the server's state when it refused it. Insert-only records (notes,
 *   replies, session notes) have an empty copy until the server has them.
 * - Numbering: an outbox entry gets its mutation id when it is first pushed, stored on the entry,
 *   so a push retried after a lost answer sends the same ids; entries are removed once the
 *   server's `lastMutationId` covers them (applied, refused or skipped).
 * - A pulled page with a record that does not fit the contract is refused whole: nothing of it is
 *   written and the cursor stays (`PulledRecordError` says the table and the field).
 * - Refusals are kept per client until dismissed; `refusalsSeenThrough` moves as soon as they
 *   are stored here. A reply refused because someone else holds the thread becomes the thread's
 *   draft again (joined to a draft written since), so nothing written is lost.
 */
import { bridgeErrorSchema, type BridgeReason } from '../../../bridge/errors';
import type { SyncPullInput } from '../../../bridge/schemas/sync';
import { footprintKeys, footprintOf, recordKey, threadMessagesKey } from '../../../sync/footprint';
import { MUTATIONS, type Mutation, type MutationArgs } from '../../../sync/mutations';
import {
  MAX_PUSH_MUTATIONS,
  type PullResponse,
  type PushResponse,
  type Refusal,
} from '../../../sync/protocol';
import type { FieldCipher } from '../crypto/field-cipher';
import { openRecord, sealRecord } from '../crypto/sealed-records';
import type { WorkstationDatabase } from '../database';
import type {
  OutboxEntry,
  ServerCopyRecord,
  StoredMessageRecord,
  StoredRefusalRecord,
  SyncStateRecord,
} from '../records';
import { LOCAL_SYNCED_TABLES, recordMutation, type LocalSyncedTable } from './changes';
import { storedFromWire, type StoredChange } from './sync-records';
import { sealedFromWire, sealedToWire } from '../crypto/sealed-wire';
import type { Sealed } from '../../../sync/sealed';

/** What the engine needs of the network: the bridge's `sync.push` and `sync.pull`. */
export interface SyncTransport {
  push(mutations: Mutation[]): Promise<PushResponse>;
  pull(request: SyncPullInput): Promise<PullResponse>;
}

/** What one sync round did. `offline`: the server could not be reached; all is kept for later. */
export interface SyncRound {
  offline: boolean;
  pushed: number;
  pulledPages: number;
  /** Outbox entries numbered under another sync client wait for it (they stop the push). */
  waitingForOtherClient: boolean;
  /** Messages a pull wrote or removed (for the search index), or null: everything started over. */
  messagesChanged: string[] | null;
}

/** Where the organisation's settings pulled from the server are kept (JSON). */
export const PULLED_SETTINGS_KEY = 'sync.organisation-settings';
/** Whose view the synced tables hold: the sync client that last pulled into them. */
export const SYNCED_VIEW_KEY = 'sync.view-of';
/** The view after a backup was restored: no client's, so the next pull starts over. */
export const RESTORED_VIEW = 'restored';
/**
 * The view after this workstation found the server restored from a backup by itself (the server
 * forgot mutations of this client it had dealt with): that client's next pull starts over, as
 * after the server says so. Another account signing in here starts over too (not its view), but
 * keeps no replies aside: it finds the restore, if it concerns it, by its own signs.
 */
export const serverRestoredView = (clientId: string) => `server-restored:${clientId}`;
/** The notice that the server was restored (JSON `ServerRestoredNotice`), until dismissed. */
export const SERVER_RESTORED_KEY = 'sync.server-restored';
/**
 * The replies of the person signed in as `clientId` held when a server restore was found (JSON,
 * sealed as stored): after the snapshot, those the server no longer has become drafts again.
 */
export const restoreRepliesKey = (clientId: string) => `sync.server-restored.replies:${clientId}`;

/** What the person is told after a server restore was found. */
export interface ServerRestoredNotice {
  /** When it was found (the server's clock when it said so, else this workstation's). */
  detectedAt: number;
  /** This person's replies the restored server no longer had, now drafts again. */
  repliesKept: number;
  /** The threads of those drafts that the restored server no longer has either. */
  threadsMissing: number;
}

/** The reason of a bridge error (a failed `sync.*` call), if the error is one. */
export function bridgeReasonOf(error: unknown): BridgeReason | undefined {
  if (typeof error !== 'object' || error === null || !('error' in error)) return undefined;
  const parsed = bridgeErrorSchema.safeParse((error as { error: unknown }).error);
  return parsed.success ? parsed.data.reason : undefined;
}

/** A reply held when a server restore was found, kept aside until the snapshot has come. */
interface StashedReply {
  id: string;
  threadId: string;
  sentAtMs: number | null;
  body: Sealed;
}

/** The notice of a server restore, if one is up. */
export async function readServerRestoredNotice(
  db: WorkstationDatabase,
): Promise<ServerRestoredNotice | null> {
  const row = await db.meta.get(SERVER_RESTORED_KEY);
  return row === undefined ? null : (JSON.parse(row.value) as ServerRestoredNotice);
}

const isOffline = (error: unknown) => bridgeReasonOf(error)?.key === 'sync-offline';

function mutationGap(error: unknown): number | null {
  const reason = bridgeReasonOf(error);
  if (reason?.key !== 'sync-refused' || reason.params.code !== 'mutation-gap') return null;
  const expected = reason.params.expected;
  return typeof expected === 'number' ? expected : null;
}

const freshState = (clientId: string): SyncStateRecord => ({
  clientId,
  cursor: 0,
  snapshot: false,
  nextMutationId: 1,
  lastMutationId: 0,
  refusalsSeenThrough: 0,
  lastSyncAt: null,
});

/** The record keys the outbox's mutations touch (a thread's messages by `messages@thread`). */
function pendingKeys(entries: readonly OutboxEntry[]): Set<string> {
  const keys = new Set<string>();
  for (const entry of entries) {
    if (!Object.hasOwn(MUTATIONS, entry.name)) continue;
    for (const key of footprintKeys(footprintOf(entry.name, entry.args as never))) keys.add(key);
  }
  return keys;
}

const isPending = (keys: Set<string>, table: string, id: string, threadId: string | null) =>
  keys.has(recordKey(table, id)) ||
  (table === 'messages' && threadId !== null && keys.has(threadMessagesKey(threadId)));

export function createSyncEngine(options: {
  db: WorkstationDatabase;
  cipher: FieldCipher;
  transport: SyncTransport;
  /** The sync client the transport pushes and pulls as (`sync.status`'s `clientId`). */
  clientId: string;
  /**
   * The counsellor the signed-in account answers as (null: none, e.g. a supervisor without one):
   * after a server restore, their replies the server lost become drafts again.
   */
  counsellorId?: string | null;
  now: () => number;
}) {
  const { db, cipher, transport, clientId, now } = options;
  const counsellorId = options.counsellorId ?? null;
  const syncedTables = () => LOCAL_SYNCED_TABLES.map((name) => db.table(name));
  const tableOf = (name: LocalSyncedTable) => db.table(name);

  async function state(): Promise<SyncStateRecord> {
    return (await db.syncState.get(clientId)) ?? freshState(clientId);
  }

  /**
   * The notice of a server restore goes up, or is changed: found again at `at`, or more replies
   * counted; what an earlier one counted stays.
   */
  async function noteServerRestored(
    change: { at?: number; repliesKept?: number; threadsMissing?: number } = {},
  ) {
    const before = await readServerRestoredNotice(db);
    const notice: ServerRestoredNotice = {
      detectedAt: change.at ?? before?.detectedAt ?? now(),
      repliesKept: (before?.repliesKept ?? 0) + (change.repliesKept ?? 0),
      threadsMissing: (before?.threadsMissing ?? 0) + (change.threadsMissing ?? 0),
    };
    await db.meta.put({ key: SERVER_RESTORED_KEY, value: JSON.stringify(notice) });
  }

  /**
   * The draft of `threadId` with `texts` put back before what the person wrote there since (if
   * anything), sealed (before a transaction: WebCrypto cannot run inside one). Replies refused
   * with `thread-held` and replies a restored server lost come back this way.
   */
  async function draftWithReplies(threadId: string, texts: readonly string[]) {
    const since = await db.drafts.get(threadId);
    const written = since ? (await openRecord(cipher, 'drafts', since)).body : null;
    const body = [...texts, ...(written === null ? [] : [written])].join('\n\n');
    return sealRecord(cipher, 'drafts', { threadId, body, updatedAt: now() });
  }

  /**
   * Found here, the server having dealt with this client's mutations up to `serverLast` only (in
   * a transaction with `meta` and `refusals`): the notice goes up and the next pull starts over.
   * The ids above `serverLast` will be given again, so the refusals stored for them are set aside
   * under a key of their own (still shown until dismissed), where a new refusal of the same id
   * cannot meet them. The caller lowers `refusalsSeenThrough` to `serverLast`.
   */
  async function foundServerRestored(at: number, serverLast: number) {
    await db.meta.put({ key: SYNCED_VIEW_KEY, value: serverRestoredView(clientId) });
    await noteServerRestored({ at });
    const stale = await db.refusals
      .filter((r) => r.clientId === clientId && r.mutationId > serverLast)
      .toArray();
    if (stale.length === 0) return;
    await db.refusals.bulkDelete(stale.map((r): [string, number] => [r.clientId, r.mutationId]));
    await db.refusals.bulkPut(stale.map((r) => ({ ...r, clientId: `${clientId}@before-${at}` })));
  }

  /**
   * Before a start over after a server restore (in the page's transaction): this person's replies
   * are kept aside, to see once the snapshot is in which ones the server lost.
   */
  async function stashReplies() {
    if (counsellorId === null) return;
    const mine = await db.messages
      .filter((m) => m.kind === 'reply' && m.authorId === counsellorId)
      .toArray();
    const before = await db.meta.get(restoreRepliesKey(clientId));
    const stash = new Map<string, StashedReply>(
      before === undefined
        ? []
        : (JSON.parse(before.value) as StashedReply[]).map((r): [string, StashedReply] => [
            r.id,
            r,
          ]),
    );
    for (const reply of mine)
      stash.set(reply.id, {
        id: reply.id,
        threadId: reply.threadId,
        sentAtMs: reply.sentAtMs,
        body: sealedToWire(reply.body),
      });
    await db.meta.put({
      key: restoreRepliesKey(clientId),
      value: JSON.stringify([...stash.values()]),
    });
  }

  /**
   * After the snapshot that followed a server restore: each of this person's replies the server
   * no longer has becomes the draft of its thread again (oldest first, before a draft written
   * since), so that nothing written is lost; the notice counts them.
   */
  async function recoverLostReplies() {
    const row = await db.meta.get(restoreRepliesKey(clientId));
    if (row === undefined) return;
    const stash = JSON.parse(row.value) as StashedReply[];
    const present = await db.messages.bulkGet(stash.map((r) => r.id));
    const threadsNow = await db.threads.bulkGet(stash.map((r) => r.threadId));
    // A reply of a thread someone else holds now is out of this person's sight, not necessarily
    // lost: the server may hold it, and this person could not send it again anyway.
    const lost = stash
      .filter((_, i) => {
        const holder = threadsNow[i]?.assigneeId ?? null;
        return present[i] === undefined && (holder === null || holder === counsellorId);
      })
      .sort((a, b) => (a.sentAtMs ?? 0) - (b.sentAtMs ?? 0));
    // Opened and sealed again before the transaction (WebCrypto cannot run inside one).
    const bodies = new Map<string, string[]>();
    for (const reply of lost) {
      const body = await cipher.open(sealedFromWire(reply.body), {
        table: 'messages',
        id: reply.id,
        field: 'body',
      });
      bodies.set(reply.threadId, [...(bodies.get(reply.threadId) ?? []), String(body)]);
    }
    const drafts = await Promise.all(
      [...bodies].map(([threadId, texts]) => draftWithReplies(threadId, texts)),
    );
    const missing = new Set(
      stash
        .filter((r, i) => threadsNow[i] === undefined && bodies.has(r.threadId))
        .map((r) => r.threadId),
    ).size;
    await db.transaction('rw', db.drafts, db.meta, async () => {
      if (drafts.length > 0) await db.drafts.bulkPut(drafts);
      await db.meta.delete(restoreRepliesKey(clientId));
      await noteServerRestored({ repliesKept: lost.length, threadsMissing: missing });
    });
  }

  /**
   * The next batch to push, numbering entries pushed for the first time (in one transaction, so
   * two rounds never give one id twice). Stops at an entry another client numbered.
   */
  async function nextBatch(): Promise<{ mutations: Mutation[]; blocked: boolean }> {
    return db.transaction('rw', db.outbox, db.syncState, async () => {
      const current = await state();
      const entries = await db.outbox.limit(MAX_PUSH_MUTATIONS).toArray();
      const batch: OutboxEntry[] = [];
      let blocked = false;
      let next = current.nextMutationId;
      for (const entry of entries) {
        if (entry.clientId !== undefined && entry.clientId !== clientId) {
          blocked = true;
          break;
        }
        batch.push(
          entry.mutationId === undefined ? { ...entry, mutationId: next++, clientId } : entry,
        );
      }
      if (next !== current.nextMutationId) {
        await db.outbox.bulkPut(batch);
        await db.syncState.put({ ...current, nextMutationId: next });
      }
      const mutations = batch.map((e) => ({
        id: e.mutationId!,
        name: e.name,
        v: e.v,
        args: e.args,
        at: e.at,
      }));
      return { mutations, blocked };
    });
  }

  /** After a mutation gap: the server expects `expected` next. */
  async function closeGap(expected: number): Promise<void> {
    await db.transaction('rw', [db.outbox, db.syncState, db.meta, db.refusals], async () => {
      const current = await state();
      const mine = (await db.outbox.toArray()).filter((e) => e.clientId === clientId);
      const first = mine[0]?.mutationId ?? current.nextMutationId;
      if (expected > first) {
        // The server dealt with ids this workstation lost the answer to (an older copy of its
        // data): they are acknowledged. The refusals among them come with the next pull.
        await db.outbox.bulkDelete(
          mine.filter((e) => (e.mutationId ?? 0) < expected).map((e) => e.seq!),
        );
        await db.syncState.put({ ...current, lastMutationId: expected - 1 });
      } else {
        // Ids numbered here that never reached the server: numbered again from the one expected.
        // The server expecting an id it had dealt with already means it forgot them: it was
        // restored from a backup, and the next pull starts over.
        const restored = expected - 1 < current.lastMutationId;
        if (restored) await foundServerRestored(now(), expected - 1);
        let next = expected;
        await db.outbox.bulkPut(mine.map((e) => ({ ...e, mutationId: next++ })));
        await db.syncState.put({
          ...current,
          nextMutationId: next,
          lastMutationId: Math.min(current.lastMutationId, expected - 1),
          refusalsSeenThrough: restored
            ? Math.min(current.refusalsSeenThrough, expected - 1)
            : current.refusalsSeenThrough,
        });
      }
    });
  }

  /**
   * The draft a reply refused with `thread-held` becomes: its text, before a draft written since.
   * Sealed before the transaction that stores it (WebCrypto cannot run inside one).
   */
  async function draftsOfRefusedReplies(refusals: readonly Refusal[]) {
    // Per thread, the refused replies' texts, the later one first.
    const texts = new Map<string, string[]>();
    const held = refusals.filter((r) => r.name === 'reply.send' && r.code === 'thread-held');
    if (held.length === 0) return [];
    const outbox = await db.outbox.toArray();
    for (const refusal of held) {
      if ((await db.refusals.get([clientId, refusal.mutationId])) !== undefined) continue;
      const entry = outbox.find(
        (e) => e.clientId === clientId && e.mutationId === refusal.mutationId,
      );
      if (entry === undefined) continue;
      const { replyId, threadId } = entry.args as { replyId: string; threadId: string };
      const stored = (await db.messages.get(replyId)) as StoredMessageRecord | undefined;
      if (stored === undefined) continue;
      const reply = await openRecord(cipher, 'messages', stored);
      texts.set(threadId, [reply.body, ...(texts.get(threadId) ?? [])]);
    }
    return Promise.all([...texts].map(([threadId, bodies]) => draftWithReplies(threadId, bodies)));
  }

  /**
   * What an answer of the server says of this client's mutations: refusals stored (and refused
   * replies back as drafts), entries the server dealt with removed from the outbox.
   */
  async function acknowledge(lastMutationId: number, refusals: readonly Refusal[]) {
    const drafts = await draftsOfRefusedReplies(refusals);
    await db.transaction('rw', [db.outbox, db.syncState, db.refusals, db.drafts], async () => {
      const current = await state();
      const stored: StoredRefusalRecord[] = refusals.map((r) => ({ clientId, ...r }));
      const already = await db.refusals.bulkGet(stored.map((r) => [clientId, r.mutationId]));
      await db.refusals.bulkAdd(stored.filter((_, i) => already[i] === undefined));
      if (drafts.length > 0) await db.drafts.bulkPut(drafts);
      const dealtWith = (await db.outbox.toArray()).filter(
        (e) => e.clientId === clientId && (e.mutationId ?? Infinity) <= lastMutationId,
      );
      await db.outbox.bulkDelete(dealtWith.map((e) => e.seq!));
      const seen = Math.max(current.refusalsSeenThrough, ...refusals.map((r) => r.mutationId));
      await db.syncState.put({
        ...current,
        lastMutationId: Math.max(current.lastMutationId, lastMutationId),
        refusalsSeenThrough: seen,
        lastSyncAt: now(),
      });
    });
  }

  async function pushAll(): Promise<{ pushed: number; blocked: boolean }> {
    let pushed = 0;
    for (;;) {
      const { mutations, blocked } = await nextBatch();
      if (mutations.length === 0) return { pushed, blocked };
      let response: PushResponse;
      try {
        response = await transport.push(mutations);
      } catch (error) {
        const expected = mutationGap(error);
        if (expected === null) throw error;
        await closeGap(expected);
        continue;
      }
      await acknowledge(response.lastMutationId, response.refusals);
      if (response.lastMutationId < mutations.at(-1)!.id)
        throw new Error(
          `sync push: the server dealt with mutations up to ${response.lastMutationId} of ${mutations.at(-1)!.id}`,
        );
      pushed += mutations.length;
      if (blocked) return { pushed, blocked };
    }
  }

  /** Writes a change to its table, or (for a record with a change waiting) to its server copy. */
  async function applyChange(change: StoredChange, pending: Set<string>) {
    if (change.table === 'settings') {
      if (change.record === null) await db.meta.delete(PULLED_SETTINGS_KEY);
      else await db.meta.put({ key: PULLED_SETTINGS_KEY, value: JSON.stringify(change.record) });
      return;
    }
    const table = tableOf(change.table);
    const copy = await db.serverCopies.get([change.table, change.key]);
    let threadId = change.threadId;
    if (change.table === 'messages' && threadId === null) {
      const here = (await table.get(change.key)) as { threadId?: string } | undefined;
      threadId = here?.threadId ?? copy?.threadId ?? null;
    }
    if (copy !== undefined || isPending(pending, change.table, change.key, threadId)) {
      await db.serverCopies.put({
        table: change.table,
        id: change.key,
        record: change.record,
        threadId,
      });
    } else if (change.record === null) await table.delete(change.key);
    else await table.put(change.record);
  }

  /** Server copies of records no waiting mutation touches are written over the records. */
  async function settle(pending: Set<string>) {
    const copies = await db.serverCopies.toArray();
    const settled = copies.filter((c) => !isPending(pending, c.table, c.id, c.threadId));
    for (const copy of settled) {
      const table = tableOf(copy.table as LocalSyncedTable);
      if (copy.record === null) await table.delete(copy.id);
      else await table.put(copy.record);
    }
    await db.serverCopies.bulkDelete(settled.map((c): [string, string] => [c.table, c.id]));
  }

  /**
   * A reset: the synced tables hold what the snapshot brings. Records with a change waiting stay
   * (their server copies are emptied: the snapshot fills them again), local-only tables are left,
   * and so is the register of releases.
   */
  async function startOver() {
    const copies = await db.serverCopies.toArray();
    for (const name of LOCAL_SYNCED_TABLES) {
      // The register of releases only grows here: what this workstation published stays on it
      // (the snapshot brings the organisation's; a withdrawal arrives as a tombstone).
      if (name === 'releases') continue;
      const table = db.table(name);
      const keep = copies.filter((c) => c.table === name).map((c) => c.id);
      const kept = (await table.bulkGet(keep)).filter((r) => r !== undefined);
      await table.clear();
      if (kept.length > 0) await table.bulkPut(kept);
    }
    await db.serverCopies.bulkPut(copies.map((c): ServerCopyRecord => ({ ...c, record: null })));
    await db.meta.delete(PULLED_SETTINGS_KEY);
  }

  async function applyPage(
    page: PullResponse,
    changes: readonly StoredChange[],
    startingOver: boolean,
    serverRestored: boolean,
  ) {
    await db.transaction(
      'rw',
      [...syncedTables(), db.serverCopies, db.outbox, db.syncState, db.meta],
      async () => {
        const current = await state();
        const pending = pendingKeys(await db.outbox.toArray());
        if (page.restored) await noteServerRestored({ at: page.serverTime });
        if (page.reset || startingOver) {
          if (serverRestored) await stashReplies();
          await startOver();
        }
        await db.meta.put({ key: SYNCED_VIEW_KEY, value: clientId });
        for (const change of changes) await applyChange(change, pending);
        if (!page.more) await settle(pending);
        await db.syncState.put({
          ...current,
          cursor: page.cursor,
          snapshot: page.snapshot,
          log: page.log,
          lastSyncAt: now(),
        });
      },
    );
  }

  /** The messages the pulls of this round wrote or removed; null after a start over. */
  let messagesChanged: Set<string> | null = new Set();

  async function pullAll(): Promise<number> {
    let pages = 0;
    // The synced tables hold another account's view (someone else signed in here since): this
    // one starts over from a full pull, so that nothing of that view is mistaken for its own.
    const view = await db.meta.get(SYNCED_VIEW_KEY);
    let startingOver = view !== undefined && view.value !== clientId;
    // After a server restore, until the snapshot is in and the lost replies are drafts again.
    let serverRestored =
      view?.value === serverRestoredView(clientId) ||
      (await db.meta.get(restoreRepliesKey(clientId))) !== undefined;
    if (startingOver) await db.syncState.put({ ...(await state()), cursor: 0, snapshot: false });
    for (;;) {
      const current = await state();
      const page = await transport.pull({
        cursor: current.cursor,
        refusalsSeenThrough: current.refusalsSeenThrough,
        ...(current.log === undefined ? {} : { log: current.log }),
        ...(current.snapshot ? { snapshot: true } : {}),
      });
      if (page.lastMutationId < current.lastMutationId) {
        // The server forgot mutations of this client it had dealt with: it was restored from a
        // backup. Nothing of this page is taken; the pull starts over from a snapshot.
        await db.transaction('rw', [db.meta, db.syncState, db.refusals], async () => {
          await foundServerRestored(page.serverTime, page.lastMutationId);
          const before = await state();
          await db.syncState.put({
            ...before,
            cursor: 0,
            snapshot: false,
            lastMutationId: page.lastMutationId,
            refusalsSeenThrough: Math.min(before.refusalsSeenThrough, page.lastMutationId),
          });
        });
        startingOver = true;
        serverRestored = true;
        continue;
      }
      // Every record is checked before anything of the page is written.
      const changes = page.changes.map(storedFromWire);
      await acknowledge(page.lastMutationId, page.refusals);
      if (page.restored) serverRestored = true;
      await applyPage(page, changes, startingOver, serverRestored);
      if (page.reset || startingOver) messagesChanged = null;
      for (const change of changes)
        if (change.table === 'messages') messagesChanged?.add(change.key);
      startingOver = false;
      pages += 1;
      if (!page.more) {
        if (serverRestored) await recoverLostReplies();
        return pages;
      }
    }
  }

  async function round(): Promise<SyncRound> {
    let pushed = 0;
    let blocked = false;
    let pulledPages = 0;
    messagesChanged = new Set();
    const changed = () => (messagesChanged === null ? null : [...messagesChanged]);
    try {
      ({ pushed, blocked } = await pushAll());
      pulledPages = await pullAll();
    } catch (error) {
      if (!isOffline(error)) throw error;
      return {
        offline: true,
        pushed,
        pulledPages,
        waitingForOtherClient: blocked,
        messagesChanged: changed(),
      };
    }
    return {
      offline: false,
      pushed,
      pulledPages,
      waitingForOtherClient: blocked,
      messagesChanged: changed(),
    };
  }

  // One round or pull at a time, in the order asked.
  let lock: Promise<unknown> = Promise.resolve();
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = lock.catch(() => undefined).then(work);
    lock = next;
    return next;
  }
  let waiting: Promise<SyncRound> | null = null;

  /**
   * Pushes everything waiting, then pulls until nothing more waits. Called while a round runs, it
   * runs one more round after it (a change made meanwhile is not left behind); every call made
   * before that round starts shares it.
   */
  function syncOnce(): Promise<SyncRound> {
    waiting ??= exclusive(() => {
      waiting = null;
      return round();
    });
    return waiting;
  }

  return {
    syncOnce,

    /** Pulls until nothing more waits, without pushing (a push may be refused meanwhile). */
    pull: () => exclusive(pullAll),
    /** Where this client stands (cursor, numbering, last sync). */
    state,
  };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;

/** The refusals kept for the person, and their dismissal: what the UI reads. */
export function createRefusalsRepository(db: WorkstationDatabase) {
  return {
    /** Every refusal not dismissed, newest first. */
    async list(): Promise<StoredRefusalRecord[]> {
      const all = await db.refusals.toArray();
      return all.sort((a, b) => b.at - a.at || b.mutationId - a.mutationId);
    },
    async dismiss(refusal: { clientId: string; mutationId: number }): Promise<void> {
      await db.refusals.delete([refusal.clientId, refusal.mutationId]);
    },
    /** The notice that the server was restored from a backup, if one is up. */
    serverRestored: () => readServerRestoredNotice(db),
    async dismissServerRestored(): Promise<void> {
      await db.meta.delete(SERVER_RESTORED_KEY);
    },
  };
}

export type RefusalsRepository = ReturnType<typeof createRefusalsRepository>;

/**
 * The organisation's settings a supervisor saved here (the main process has checked the role and
 * kept them), as the `settings.update` mutation for every other workstation.
 */
export async function recordSettingsUpdate(
  db: WorkstationDatabase,
  settings: MutationArgs<'settings.update'>['settings'],
  nowMs: number,
): Promise<void> {
  // An async body that awaits: Dexie keeps the transaction open across the mutation's reads.
  await db.transaction('rw', [db.outbox, db.serverCopies], async () => {
    await recordMutation(db, 'settings.update', { settings }, nowMs);
  });
}

/** The settings the last pull brought (a string that changes when they do), for a live query. */
export async function pulledSettingsMark(db: WorkstationDatabase): Promise<string | null> {
  return (await db.meta.get(PULLED_SETTINGS_KEY))?.value ?? null;
}
