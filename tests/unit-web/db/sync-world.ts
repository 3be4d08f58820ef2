/**
 * Workstations syncing with a real sync server in the test's own process (PGlite in memory,
 * tests/unit/server/world.ts): each workstation is a Dexie database in memory with its queue, and
 * a sync engine whose transport calls the server as the bridge's `sync.push` and `sync.pull` do
 * (the main process's part, client id and tokens, done by the server tests' `Person`). The
 * workstations share one cipher: enrolment of the organisation's keys is not built yet.
 */
import { openPglite } from '../../../src/server/db/database';
import { sealRecord } from '../../../src/renderer/db/crypto/sealed-records';
import { sealedToWire } from '../../../src/renderer/db/crypto/sealed-wire';
import type { WorkstationDatabase } from '../../../src/renderer/db/database';
import { createQueueRepository } from '../../../src/renderer/db/repositories/queue';
import { MessageSearchIndex } from '../../../src/renderer/db/repositories/search-index';
import {
  createSyncEngine,
  type SyncTransport,
} from '../../../src/renderer/db/repositories/sync-engine';
import { LOCAL_SYNCED_TABLES } from '../../../src/renderer/db/repositories/changes';
import type { Mutation } from '../../../src/sync/mutations';
import { pushResponseSchema, type PullResponse } from '../../../src/sync/protocol';
import type { BridgeError } from '../../../src/bridge/errors';
import { expect } from 'vitest';
import {
  openWorld,
  organisation,
  signIn,
  T0,
  thread,
  type Person,
  type World,
} from '../../unit/server/world';
import { cipher, freshDatabase } from './helpers';

export { T0 };

/** A failed bridge call as the page's bridge throws it (`BridgeCallError`'s shape). */
export class BridgeLikeError extends Error {
  constructor(readonly error: BridgeError) {
    super(error.message);
  }
}

const failure = (key: 'sync-offline' | 'sync-refused', params: Record<string, string | number>) =>
  new BridgeLikeError({
    code: 'failed',
    message: key,
    path: [],
    issues: [],
    reason: { key, params },
  });

/** What the network does to the next calls. */
export interface Network {
  /** The server is not reached at all. */
  offline: boolean;
  /** The next push reaches the server, which applies it; its answer is lost. */
  losePushAnswers: number;
  /** Every push sent, in order (the mutation ids). */
  sent: number[][];
  /** Changes each pull page before the engine sees it. */
  tamper: ((page: PullResponse) => PullResponse) | null;
}

export function transportOf(person: Person, network: Network): SyncTransport {
  return {
    async push(mutations: Mutation[]) {
      if (network.offline) throw failure('sync-offline', {});
      network.sent.push(mutations.map((m) => m.id));
      const response = await person.pushRaw(mutations);
      if (response.statusCode === 409) {
        const body = response.json<{ error: string; expected?: number }>();
        throw failure('sync-refused', { code: body.error, expected: body.expected ?? 0 });
      }
      if (response.statusCode !== 200)
        throw new Error(`push: ${response.statusCode} ${response.body}`);
      const answer = pushResponseSchema.parse(response.json());
      if (network.losePushAnswers > 0) {
        network.losePushAnswers -= 1;
        throw failure('sync-offline', {});
      }
      return answer;
    },
    async pull(request) {
      if (network.offline) throw failure('sync-offline', {});
      const { cursor, ...more } = request;
      const page = await person.pull(cursor, more);
      return network.tamper ? network.tamper(page) : page;
    },
  };
}

export interface Workstation {
  db: WorkstationDatabase;
  person: Person;
  network: Network;
  queue: ReturnType<typeof createQueueRepository>;
  engine: ReturnType<typeof createSyncEngine>;
  /** The counsellor this workstation answers as (null for the supervisor). */
  counsellorId: string | null;
}

export async function workstation(
  world: World,
  slug: string,
  login: 'alice' | 'bob' | 'super',
): Promise<Workstation> {
  const db = freshDatabase();
  const person = await signIn(world, slug, login);
  const network: Network = { offline: false, losePushAnswers: 0, sent: [], tamper: null };
  const queue = createQueueRepository(db, cipher, new MessageSearchIndex(db, cipher));
  const counsellorId = login === 'alice' ? 'c-01' : login === 'bob' ? 'c-02' : null;
  const engine = createSyncEngine({
    db,
    cipher,
    transport: transportOf(person, network),
    clientId: person.clientId,
    counsellorId,
    now: () => world.clock.now,
  });
  return { db, person, network, queue, engine, counsellorId };
}

/** A server on PGlite, in memory or in `folder`. */
export async function openServer(folder: string | null = null): Promise<World> {
  return openWorld(await openPglite(folder));
}

/**
 * The server stopped and started again on the PGlite folder `folder`, in place: the people signed
 * in and the workstations keep calling `world`, and its clock goes on from where it was.
 * `whileStopped` runs with the server stopped (a backup copies the folder, a restore puts a copy
 * back).
 */
export async function restartServer(
  world: World,
  folder: string,
  whileStopped: () => void = () => {},
): Promise<void> {
  const at = world.clock.now;
  await world.close();
  whileStopped();
  const next = await openServer(folder);
  next.clock.now = at;
  Object.assign(world, next);
}

/**
 * The organisation's first records, sealed with the shared cipher as a workstation seals them
 * (so every workstation can open them), imported by the supervisor: two counsellors, one
 * participant, `threads` open threads of one message each. Returns the threads' ids.
 */
export async function seed(supervisor: Person, threads: number): Promise<string[]> {
  const received = T0 - 3_600_000;
  const participantId = 'p-1';
  const participant = await sealRecord(cipher, 'participants', {
    id: participantId,
    createdAt: received,
    updatedAt: received,
    version: 1,
    deletedAt: null,
    jetNumber: null,
    name: 'Alex Morgan',
    email: 'alex@example.com',
    language: 'en',
    sourceHash: null,
  });
  const records: { table: string; record: object }[] = [
    {
      table: 'counsellors',
      record: { id: 'c-01', createdAt: T0, name: 'Alice A', languages: ['en'], sourceHash: null },
    },
    {
      table: 'counsellors',
      record: { id: 'c-02', createdAt: T0, name: 'Bob B', languages: ['en'], sourceHash: null },
    },
    {
      table: 'participants',
      record: {
        id: participantId,
        createdAt: received,
        jetNumber: null,
        name: sealedToWire(participant.name),
        email: sealedToWire(participant.email),
        language: 'en',
        jetIndex: null,
        sourceHash: null,
      },
    },
  ];
  const ids: string[] = [];
  for (let i = 1; i <= threads; i++) {
    const threadId = `t-${i}`;
    ids.push(threadId);
    const subject = await sealRecord(cipher, 'threadSubjects', {
      threadId,
      subject: `Subject ${i}`,
    });
    const messageId = `m-${i}`;
    const message = await sealRecord(cipher, 'messages', {
      id: messageId,
      createdAt: received,
      updatedAt: received,
      version: 1,
      deletedAt: null,
      threadId,
      participantId,
      kind: 'participant-message',
      subject: `Subject ${i}`,
      body: `Message ${i}`,
      receivedAtMs: received,
      requestedCounsellorId: null,
      answeredAtMs: null,
      authorId: null,
      sentAtMs: null,
      delivery: null,
      overLimit: false,
      sourceHash: null,
    });
    records.push(
      { table: 'threads', record: thread(threadId, participantId, received) },
      {
        table: 'threadSubjects',
        record: { id: threadId, createdAt: received, subject: sealedToWire(subject.subject) },
      },
      {
        table: 'messages',
        record: {
          id: messageId,
          createdAt: received,
          threadId,
          participantId,
          kind: 'participant-message',
          subject: sealedToWire(message.subject),
          body: sealedToWire(message.body),
          receivedAtMs: received,
          requestedCounsellorId: null,
          answeredAtMs: null,
          authorId: null,
          sentAtMs: null,
          delivery: null,
          overLimit: false,
          sourceHash: null,
        },
      },
    );
  }
  const answer = await supervisor.push([{ name: 'records.import', args: { records } }]);
  if (answer.refusals.length > 0) throw new Error(`seed refused: ${JSON.stringify(answer)}`);
  return ids;
}

/**
 * A new organisation with `threads` seeded threads and three workstations that pulled them: two
 * of Alice's (the same counsellor twice) and Bob's.
 */
export async function threeStations(world: World, threads: number) {
  const slug = await organisation(world);
  await seed(await signIn(world, slug, 'super'), threads);
  const stations = [
    await workstation(world, slug, 'alice'),
    await workstation(world, slug, 'alice'),
    await workstation(world, slug, 'bob'),
  ];
  for (const w of stations) await w.engine.syncOnce();
  return { slug, stations };
}

/**
 * Everyone syncs twice; then each workstation has nothing waiting and holds exactly what a fresh
 * workstation of the same account pulls from the server.
 */
export async function expectConverged(world: World, slug: string, stations: Workstation[]) {
  for (let i = 0; i < 2; i++) for (const w of stations) await w.engine.syncOnce();
  for (const w of stations) {
    expect(await w.db.outbox.count()).toBe(0);
    expect(await w.db.serverCopies.count()).toBe(0);
    const fresh = await workstation(world, slug, w.counsellorId === 'c-01' ? 'alice' : 'bob');
    await fresh.engine.syncOnce();
    expect(await syncedRows(w.db)).toEqual(await syncedRows(fresh.db));
  }
}

/** Every synced row a workstation holds, table by table, in key order (to compare copies). */
export async function syncedRows(db: WorkstationDatabase): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {};
  for (const name of LOCAL_SYNCED_TABLES) rows[name] = await db.table(name).toArray();
  return rows;
}
