/**
 * A sync server in the test's own process (Fastify's `inject`, no port), on one of the test
 * databases, with a pinned clock, and what the tests do with it: an organisation with people,
 * signed in with clients, sealed values, records to import.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { identifierInId } from '../../../src/domain/dataset/identifiers';
import { buildServer } from '../../../src/server/app';
import { addAccount, createOrganisation } from '../../../src/server/auth/accounts';
import type { Database } from '../../../src/server/db/database';
import { migrate } from '../../../src/server/db/migrations';
import { listenForChanges, type ChangeNotices } from '../../../src/server/events';
import type { Mutation } from '../../../src/sync/mutations';
import type { PullResponse, PushResponse, Tokens } from '../../../src/sync/protocol';
import type { MessageWire, ParticipantWire, ThreadWire } from '../../../src/sync/records';
import type { Sealed } from '../../../src/sync/sealed';

export const T0 = Date.parse('2026-12-07T01:00:00Z'); // Monday 10:00 JST

export interface World {
  db: Database;
  app: FastifyInstance;
  notices: ChangeNotices;
  clock: { now: number };
  close(): Promise<void>;
}

export async function openWorld(db: Database): Promise<World> {
  const clock = { now: T0 };
  await migrate(db, clock.now);
  const notices = await listenForChanges(db);
  const app = await buildServer({ db, notices, now: () => clock.now, logStream: null });
  return {
    db,
    app,
    notices,
    clock,
    async close() {
      await app.close();
      await notices.close();
      await db.close();
    },
  };
}

export const PASSWORD = 'correct horse battery staple';

/** A new organisation (unique slug) with a supervisor and two counsellors. */
export async function organisation(world: World) {
  const slug = `org-${randomBytes(4).toString('hex')}`;
  await createOrganisation(world.db, { slug, name: 'Test service' }, world.clock.now);
  const add = (login: string, role: 'counsellor' | 'supervisor', counsellorId: string | null) =>
    addAccount(
      world.db,
      { organisation: slug, login, role, counsellorId, password: PASSWORD },
      world.clock.now,
    );
  await add('super', 'supervisor', null);
  await add('alice', 'counsellor', 'c-01');
  await add('bob', 'counsellor', 'c-02');
  return slug;
}

/** An organisation with its supervisor and two counsellors signed in. */
export async function teamOf(world: World) {
  const slug = await organisation(world);
  const [supervisor, alice, bob] = await Promise.all([
    signIn(world, slug, 'super'),
    signIn(world, slug, 'alice'),
    signIn(world, slug, 'bob'),
  ]);
  return { slug, supervisor, alice, bob };
}

export async function call(
  world: World,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  token?: string,
): Promise<LightMyRequestResponse> {
  return world.app.inject({
    method,
    url,
    ...(body === undefined ? {} : { payload: body as object }),
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

/** A person signed in with a registered client, pushing mutations numbered from 1. */
export interface Person {
  tokens: Tokens;
  clientId: string;
  nextId: number;
  push(mutations: { name: string; args: unknown; v?: number }[]): Promise<PushResponse>;
  pushRaw(mutations: Mutation[]): Promise<LightMyRequestResponse>;
  pull(
    cursor: number,
    more?: { limit?: number; refusalsSeenThrough?: number; snapshot?: boolean; log?: string },
  ): Promise<PullResponse>;
  /** Pulls from `cursor` until nothing more waits; returns every page. */
  pullAll(cursor: number): Promise<PullResponse[]>;
}

export async function signIn(world: World, slug: string, login: string): Promise<Person> {
  const response = await call(world, 'POST', '/v1/login', {
    organisation: slug,
    login,
    password: PASSWORD,
  });
  if (response.statusCode !== 200)
    throw new Error(`sign-in ${login}: ${response.statusCode} ${response.body}`);
  const tokens = response.json<Tokens>();
  const client = await call(world, 'POST', '/v1/clients', {}, tokens.accessToken);
  const { clientId } = client.json<{ clientId: string }>();
  /** Calls with the access token, refreshing it once when it has expired (a pinned clock moved). */
  const authorised = async (url: string, body: unknown) => {
    let response = await call(world, 'POST', url, body, person.tokens.accessToken);
    if (
      response.statusCode === 401 &&
      response.json<{ error: string }>().error === 'token-expired'
    ) {
      const refreshed = await call(world, 'POST', '/v1/refresh', {
        refreshToken: person.tokens.refreshToken,
      });
      if (refreshed.statusCode !== 200) throw new Error(`refresh: ${refreshed.body}`);
      person.tokens = refreshed.json<Tokens>();
      response = await call(world, 'POST', url, body, person.tokens.accessToken);
    }
    return response;
  };
  const person: Person = {
    tokens,
    clientId,
    nextId: 1,
    async pushRaw(mutations) {
      return authorised('/v1/push', { clientId, mutations });
    },
    async push(list) {
      const mutations = list.map((m) => ({
        id: person.nextId++,
        name: m.name,
        v: m.v ?? 1,
        args: m.args,
        at: world.clock.now,
      }));
      const response = await person.pushRaw(mutations);
      if (response.statusCode !== 200)
        throw new Error(`push: ${response.statusCode} ${response.body}`);
      return response.json<PushResponse>();
    },
    async pull(cursor, more = {}) {
      const response = await authorised('/v1/pull', { clientId, cursor, ...more });
      if (response.statusCode !== 200)
        throw new Error(`pull: ${response.statusCode} ${response.body}`);
      return response.json<PullResponse>();
    },
    async pullAll(cursor) {
      const pages: PullResponse[] = [];
      let snapshot = false;
      for (;;) {
        const page = await person.pull(cursor, { snapshot });
        pages.push(page);
        cursor = page.cursor;
        snapshot = page.snapshot;
        if (!page.more) return pages;
      }
    },
  };
  return person;
}

/** An opaque envelope (the server cannot tell it from a real one, and must not try). */
export function sealed(bytes = 48): Sealed {
  return {
    v: 1,
    kid: 'k-2026',
    iv: randomBytes(12).toString('base64'),
    ct: randomBytes(bytes).toString('base64'),
  };
}

export function participant(id: string): ParticipantWire {
  return {
    id,
    createdAt: T0 - 86_400_000,
    jetNumber: sealed(),
    name: sealed(),
    email: sealed(),
    language: 'en',
    jetIndex: null,
    sourceHash: null,
  };
}

export function thread(id: string, participantId: string, receivedMs: number): ThreadWire {
  return {
    id,
    createdAt: receivedMs,
    participantId,
    language: 'en',
    state: 'open',
    openSinceMs: receivedMs,
    lastReceivedMs: receivedMs,
    lastAnswerMs: null,
    lastAnsweredFromMs: null,
    messageCount: 1,
    assigneeId: null,
    requestedCounsellorId: null,
    risk: 'not-assessed',
    riskSetBy: null,
    riskSetAtMs: null,
    possibleRisk: false,
    overLimit: false,
    tags: [],
  };
}

export function message(
  id: string,
  threadId: string,
  participantId: string,
  receivedMs: number,
): MessageWire {
  return {
    id,
    createdAt: receivedMs,
    threadId,
    participantId,
    kind: 'participant-message',
    subject: sealed(),
    body: sealed(),
    receivedAtMs: receivedMs,
    requestedCounsellorId: null,
    answeredAtMs: null,
    authorId: null,
    sentAtMs: null,
    delivery: null,
    overLimit: false,
    sourceHash: null,
  };
}

/**
 * A random record id that holds no look-alike of an identifier (the contract refuses those, and a
 * random UUID with its hyphens read as separators sometimes looks like a JET number).
 */
export function testId(prefix: string): string {
  for (;;) {
    const id = `${prefix}-${randomUUID()}`;
    if (identifierInId(id) === null) return id;
  }
}

/** The import of one participant with `threads` open threads of one message each. */
export function importOf(threads: number, receivedMs = T0 - 3_600_000) {
  const pid = testId('p');
  const records: { table: string; record: object }[] = [
    {
      table: 'counsellors',
      record: { id: 'c-01', createdAt: T0, name: 'Alice A', languages: ['en'], sourceHash: null },
    },
    {
      table: 'counsellors',
      record: { id: 'c-02', createdAt: T0, name: 'Bob B', languages: ['en'], sourceHash: null },
    },
    { table: 'participants', record: participant(pid) },
  ];
  const threadIds: string[] = [];
  for (let i = 0; i < threads; i++) {
    const tid = testId('t');
    threadIds.push(tid);
    records.push({ table: 'threads', record: thread(tid, pid, receivedMs) });
    records.push({
      table: 'threadSubjects',
      record: { id: tid, createdAt: receivedMs, subject: sealed() },
    });
    records.push({ table: 'messages', record: message(testId('m'), tid, pid, receivedMs) });
  }
  return { participantId: pid, threadIds, mutation: { name: 'records.import', args: { records } } };
}
