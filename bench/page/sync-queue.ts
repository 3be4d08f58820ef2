/**
 * Item 2b of bench/sync.bench.ts (which loads this file at run time: it is the page's code, typed
 * with the DOM's library): a change made on one workstation, visible in another's queue,
 * through the page's own sync engine. Both workstations are the page's code (Dexie databases on
 * fake-indexeddb, the queue repository, `createSyncEngine`), in the bench's process, sharing one
 * cipher as enrolled workstations share the organisation's keys; their transports call the server
 * over HTTP on loopback as the main process's does. The supervisor's workstation imports the demo
 * dataset (300 messages) as the app imports a file and syncs it; the counsellor's pulls it and
 * keeps an events stream open, running a sync round on every poke (as the page's sync loop does on
 * `sync.waitForChange`). A trial: from the supervisor setting a thread's tags on their workstation
 * (the local write and its outbox entry) and its round, to the counsellor's queue
 * (`openThreads()`) holding the thread with those tags. React's render and the main process's
 * relay are not in it.
 */
import { validateDataset } from '../../src/domain/dataset/validate';
import type { WorkstationDatabase } from '../../src/renderer/db/database';
import { importCheckedDataset } from '../../src/renderer/db/repositories/import';
import { createQueueRepository } from '../../src/renderer/db/repositories/queue';
import { MessageSearchIndex } from '../../src/renderer/db/repositories/search-index';
import {
  createSyncEngine,
  type SyncTransport,
} from '../../src/renderer/db/repositories/sync-engine';
import type { PullResponse, PushResponse, Tokens } from '../../src/sync/protocol';
import { cipher, freshDatabase } from '../../tests/unit-web/db/helpers';

interface PageWorkstation {
  db: WorkstationDatabase;
  queue: ReturnType<typeof createQueueRepository>;
  engine: ReturnType<typeof createSyncEngine>;
  token: string;
}

export async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`${new URL(url).pathname}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

async function pageWorkstation(
  base: string,
  slug: string,
  login: string,
  password: string,
): Promise<PageWorkstation> {
  const tokens = await post<Tokens>(`${base}/v1/login`, { organisation: slug, login, password });
  const token = tokens.accessToken;
  const { clientId } = await post<{ clientId: string }>(`${base}/v1/clients`, {}, token);
  const transport: SyncTransport = {
    push: (mutations) => post<PushResponse>(`${base}/v1/push`, { clientId, mutations }, token),
    pull: (request) => post<PullResponse>(`${base}/v1/pull`, { clientId, ...request }, token),
  };
  const db = freshDatabase();
  const queue = createQueueRepository(db, cipher, new MessageSearchIndex(db, cipher));
  const engine = createSyncEngine({ db, cipher, transport, clientId, now: Date.now });
  return { db, queue, engine, token };
}

/** An events stream (`GET /v1/events`); `onPoke` on each poke. */
export async function openPokes(base: string, token: string, onPoke: () => void) {
  const abort = new AbortController();
  const response = await fetch(`${base}/v1/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  if (response.status !== 200 || !response.body) throw new Error(`events: ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const name = /^event: (.*)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          if (name === 'ready') ready();
          else if (name === 'poke') onPoke();
        }
      }
    } catch {
      // aborted: closed on purpose
    }
  })();
  await isReady;
  return { close: () => abort.abort() };
}

export interface QueueVisibility {
  /** Per trial: ms from the supervisor's change to the counsellor's queue holding it. */
  latencies: number[];
  /** Threads in the counsellor's queue (open threads) when the trials ran. */
  queueSize: number;
}

/** The organisation `slug` must exist with a supervisor `super` and a counsellor `counsellor`. */
export async function changeSeenInQueue(options: {
  base: string;
  slug: string;
  counsellor: string;
  password: string;
  trials: number;
  /** The demo dataset as a file holds it (the Node side makes it: it reads the holidays). */
  dataset: string;
  /** The pause after each trial (past the server's poke window). */
  gapMs: number;
}): Promise<QueueVisibility> {
  const { base, slug, password, trials } = options;
  const supervisor = await pageWorkstation(base, slug, 'super', password);
  const counsellor = await pageWorkstation(base, slug, options.counsellor, password);
  const checked = validateDataset(options.dataset, {});
  if (!checked.ok) throw new Error('the demo dataset does not validate');
  await importCheckedDataset(supervisor.db, cipher, checked, {
    nowMs: Date.now(),
    hasRiskSignal: () => false,
  });
  await supervisor.engine.syncOnce();
  if ((await supervisor.db.outbox.count()) !== 0) throw new Error('the import did not go out');
  await counsellor.engine.syncOnce();
  const open = await counsellor.queue.openThreads();
  if (open.length === 0) throw new Error('the counsellor pulled no open thread');

  let waiter: { threadId: string; tag: string; seen: (at: number) => void } | null = null;
  let rounds = Promise.resolve();
  const events = await openPokes(base, counsellor.token, () => {
    rounds = rounds.then(async () => {
      await counsellor.engine.syncOnce();
      const current = waiter;
      if (!current) return;
      const shown = (await counsellor.queue.openThreads()).find((t) => t.id === current.threadId);
      if (shown?.tags.includes(current.tag)) {
        waiter = null;
        current.seen(performance.now());
      }
    });
  });
  const latencies: number[] = [];
  try {
    for (let trial = 0; trial < trials; trial++) {
      const threadId = open[trial % open.length]!.id;
      const tag = `trial-${trial}-${Math.random().toString(36).slice(2, 8)}`;
      const seen = new Promise<number>((resolve) => (waiter = { threadId, tag, seen: resolve }));
      const start = performance.now();
      await supervisor.queue.setTags(threadId, [tag], Date.now());
      await supervisor.engine.syncOnce();
      const at = await Promise.race([
        seen,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`trial ${trial}: not seen in 30 s`)), 30_000),
        ),
      ]);
      latencies.push(at - start);
      await rounds;
      await new Promise((resolve) => setTimeout(resolve, options.gapMs));
    }
  } finally {
    events.close();
  }
  return { latencies, queueSize: open.length };
}
