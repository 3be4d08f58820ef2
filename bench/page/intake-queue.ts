/**
 * The intake benchmark's workstation and portal (bench/intake.bench.ts loads this file at run time:
 * it is the page's code, typed with the DOM's library). A supervisor's workstation publishes the
 * organisation's intake key; a counsellor's workstation (the page's own code: Dexie on
 * fake-indexeddb, `createSyncEngine`, `takeInDeliveries`) keeps an events stream open and, on every
 * poke, runs a sync round, takes in what waits and runs another round (as the page's sync loop
 * does). The portal delivers one message a request at a steady rate, each its own conversation,
 * from participants registered first. Per message: the delivery's latency (the portal's request
 * to its answer) and the time until it is visible in the workstation's queue (from the portal's
 * request to the message in the database the queue reads, opened).
 */
import { openRecord } from '../../src/renderer/db/crypto/sealed-records';
import type { WorkstationDatabase } from '../../src/renderer/db/database';
import { publishIntakeKey, takeInDeliveries } from '../../src/renderer/db/repositories/intake';
import {
  createSyncEngine,
  type SyncTransport,
} from '../../src/renderer/db/repositories/sync-engine';
import type { IntakeResponse } from '../../src/sync/intake';
import type { PullResponse, PushResponse, Tokens } from '../../src/sync/protocol';
import { cipher, freshDatabase } from '../../tests/unit-web/db/helpers';
import { openPokes, post } from './sync-queue';

interface Station {
  db: WorkstationDatabase;
  engine: ReturnType<typeof createSyncEngine>;
  token: () => string;
  bridge: Parameters<typeof takeInDeliveries>[0]['sync'];
}

async function station(base: string, slug: string, login: string, password: string) {
  let tokens = await post<Tokens>(`${base}/v1/login`, { organisation: slug, login, password });
  // Ten minutes is an access token's life: refreshed before it ends, as the main process does.
  const refresher = setInterval(
    () =>
      void post<Tokens>(`${base}/v1/refresh`, { refreshToken: tokens.refreshToken }).then(
        (fresh) => (tokens = fresh),
      ),
    5 * 60_000,
  );
  const token = () => tokens.accessToken;
  const { clientId } = await post<{ clientId: string }>(`${base}/v1/clients`, {}, token());
  const transport: SyncTransport = {
    push: (mutations) => post<PushResponse>(`${base}/v1/push`, { clientId, mutations }, token()),
    pull: (request) => post<PullResponse>(`${base}/v1/pull`, { clientId, ...request }, token()),
  };
  const db = freshDatabase();
  const engine = createSyncEngine({ db, cipher, transport, clientId, now: Date.now });
  const bridge: Station['bridge'] = {
    'sync.intakeKey': ({ publish }) =>
      publish === undefined
        ? post(`${base}/v1/intake-key/get`, {}, token())
        : post(`${base}/v1/intake-key`, publish, token()),
    'sync.intakePending': (request) => post(`${base}/v1/intake/pending`, request, token()),
  };
  return {
    station: { db, engine, token, bridge } satisfies Station,
    stop: () => clearInterval(refresher),
  };
}

export interface IntakeMinute {
  /** Messages delivered in this minute. */
  delivered: number;
  /** Per message delivered in it: ms from the portal's request to its answer. */
  deliveryMs: number[];
  /** Per message delivered in it: ms from the portal's request to it being in the queue. */
  visibleMs: number[];
}

/** The organisation `slug` must exist with `super` and `counsellor`, and `apiKey` be its portal's. */
export async function deliveriesSeenInQueue(options: {
  base: string;
  slug: string;
  counsellor: string;
  password: string;
  apiKey: string;
  minutes: number;
  perMinute: number;
  onMinute?: (minute: number, figures: IntakeMinute) => void;
}): Promise<IntakeMinute[]> {
  const { base, slug, password, apiKey, minutes, perMinute } = options;
  const supervisor = await station(base, slug, 'super', password);
  await publishIntakeKey(cipher, supervisor.station.bridge);
  supervisor.stop();
  const counsellor = await station(base, slug, options.counsellor, password);
  const ws = counsellor.station;

  const deliver = (kind: 'participants' | 'messages', items: unknown[]) =>
    fetch(`${base}/v1/intake/${kind}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ [kind]: items }),
    }).then(async (response) => {
      if (response.status !== 200) throw new Error(`intake: ${response.status}`);
      return (await response.json()) as IntakeResponse;
    });
  const PARTICIPANTS = 100;
  await deliver(
    'participants',
    Array.from({ length: PARTICIPANTS }, (_, i) => ({
      id: `bp-${i}`,
      name: `Participant ${i}`,
      email: `participant.${i}@example.org`,
      language: i % 3 === 0 ? 'ja' : 'en',
    })),
  );

  // Outstanding messages: when their delivery started, and in which minute.
  const outstanding = new Map<string, { start: number; minute: number }>();
  const figures: IntakeMinute[] = Array.from({ length: minutes }, () => ({
    delivered: 0,
    deliveryMs: [],
    visibleMs: [],
  }));
  let rounds = Promise.resolve();
  let queued = false;
  const round = () => {
    if (queued) return;
    queued = true;
    rounds = rounds.then(async () => {
      queued = false;
      await ws.engine.syncOnce();
      const taken = await takeInDeliveries({
        db: ws.db,
        cipher,
        sync: ws.bridge,
        nowMs: Date.now,
        hasRiskSignal: () => false,
      });
      if (taken.accepted > 0) await ws.engine.syncOnce();
      if (outstanding.size === 0) return;
      const ids = [...outstanding.keys()];
      const held = await ws.db.messages.bulkGet(ids);
      const at = performance.now();
      for (const [i, stored] of held.entries()) {
        if (stored === undefined) continue;
        // Visible: the queue can open it (its text under the organisation's keys).
        await openRecord(cipher, 'messages', stored);
        const id = ids[i]!;
        const entry = outstanding.get(id)!;
        outstanding.delete(id);
        figures[entry.minute]!.visibleMs.push(at - entry.start);
      }
    });
  };
  const events = await openPokes(base, ws.token(), round);
  await ws.engine.syncOnce();

  const gapMs = 60_000 / perMinute;
  const began = performance.now();
  const sends: Promise<void>[] = [];
  try {
    for (let n = 0; n < minutes * perMinute; n++) {
      const due = began + n * gapMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const minute = Math.floor(n / perMinute);
      const id = `bm-${n}`;
      const start = performance.now();
      outstanding.set(id, { start, minute });
      sends.push(
        deliver('messages', [
          {
            id,
            participantId: `bp-${n % PARTICIPANTS}`,
            subject: `Benchmark message ${n}`,
            body: `A message of a benchmark, number ${n}, about a week that was hard.`,
            receivedAt: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
          },
        ]).then((answer) => {
          if (answer.results[0]?.status !== 'delivered') throw new Error(`${id}: not delivered`);
          figures[minute]!.delivered += 1;
          figures[minute]!.deliveryMs.push(performance.now() - start);
        }),
      );
      if ((n + 1) % perMinute === 0) {
        const done = figures[minute]!;
        options.onMinute?.(minute, done);
      }
    }
    await Promise.all(sends);
    // The last ones: until every message is visible (or a minute passes).
    const deadline = performance.now() + 60_000;
    while (outstanding.size > 0 && performance.now() < deadline) {
      round();
      await rounds;
      if (outstanding.size > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (outstanding.size > 0)
      throw new Error(`${outstanding.size} messages never reached the queue`);
  } finally {
    events.close();
    counsellor.stop();
  }
  return figures;
}
