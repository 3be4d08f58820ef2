/**
 * Property: three counsellors' workstations and a supervisor's make random changes, push them in
 * random batches over a network that loses requests and responses, and pull in random pages at
 * random moments. However it goes, every mutation is dealt with exactly once, and each
 * workstation's copy built from its incremental pulls equals a fresh snapshot of what it may see.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount } from '../../../src/server/auth/accounts';
import { purgeTombstones } from '../../../src/server/sync/store';
import type { PullResponse } from '../../../src/sync/protocol';
import { testBackends } from './databases';
import {
  importOf,
  openWorld,
  organisation,
  PASSWORD,
  sealed,
  signIn,
  T0,
  type Person,
  type World,
} from './world';

type Intent =
  | { kind: 'take' | 'release' | 'risk' | 'note' | 'reply'; thread: number }
  | { kind: 'reassign'; thread: number; to: number | null }
  /** A day off of one's own (or, for the supervisor, the first counsellor's): put, or removed. */
  | { kind: 'day-off' | 'no-day-off'; thread: number };

type Step =
  | { act: 'do'; who: number; intent: Intent }
  | { act: 'push'; who: number; batch: number; network: 'ok' | 'lost-request' | 'lost-response' }
  | { act: 'pull'; who: number; limit: number }
  /** The server purges its tombstones: older cursors get a snapshot. */
  | { act: 'purge' };

const THREADS = 3;
const PEOPLE = 4; // three counsellors and a supervisor (index 3)

const intent: fc.Arbitrary<Intent> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('take', 'release', 'risk', 'note', 'reply', 'day-off', 'no-day-off'),
    thread: fc.nat(THREADS - 1),
  }) as fc.Arbitrary<Intent>,
  fc.record({
    kind: fc.constant('reassign' as const),
    thread: fc.nat(THREADS - 1),
    to: fc.option(fc.nat(2), { nil: null }),
  }),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ act: fc.constant('do' as const), who: fc.nat(PEOPLE - 1), intent }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      act: fc.constant('push' as const),
      who: fc.nat(PEOPLE - 1),
      batch: fc.integer({ min: 1, max: 4 }),
      network: fc.constantFrom('ok', 'ok', 'lost-request', 'lost-response'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      act: fc.constant('pull' as const),
      who: fc.nat(PEOPLE - 1),
      limit: fc.integer({ min: 1, max: 6 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ act: 'purge' as const }) },
);

interface Workstation {
  person: Person;
  outbox: { id: number; name: string; v: number; args: unknown; at: number }[];
  acknowledged: number;
  created: number;
  cursor: number;
  snapshot: boolean;
  copy: Map<string, unknown>;
}

function apply(ws: Workstation, page: PullResponse) {
  if (page.reset) ws.copy.clear();
  for (const change of page.changes) {
    const key = `${change.table}/${change.id}`;
    if (change.record === null) ws.copy.delete(key);
    else ws.copy.set(key, change.record);
  }
  ws.cursor = page.cursor;
  ws.snapshot = page.snapshot;
  ws.acknowledged = Math.max(ws.acknowledged, page.lastMutationId);
  ws.outbox = ws.outbox.filter((m) => m.id > ws.acknowledged);
}

describe.each(testBackends())('convergence on $name', (backend) => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld(await backend.open());
  });
  afterAll(async () => {
    await world?.close();
  });

  it(
    'random changes, lost requests and responses, random pages: nothing lost, nothing twice, copies converge',
    { timeout: 240_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 60 }), async (steps) => {
          const slug = await organisation(world);
          const orgId = (
            await world.db.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = $1`, [
              slug,
            ])
          ).rows[0]!.id;
          await addAccount(
            world.db,
            {
              organisation: slug,
              login: 'carol',
              role: 'counsellor',
              counsellorId: 'c-03',
              password: PASSWORD,
            },
            T0,
          );
          const supervisor = await signIn(world, slug, 'super');
          const data = importOf(THREADS);
          const records = (
            data.mutation.args.records as { table: string; record: object }[]
          ).concat({
            table: 'counsellors',
            record: {
              id: 'c-03',
              createdAt: T0,
              name: 'Carol C',
              languages: ['en'],
              sourceHash: null,
            },
          });
          await supervisor.push([{ name: 'records.import', args: { records } }]);
          const people = [
            await signIn(world, slug, 'alice'),
            await signIn(world, slug, 'bob'),
            await signIn(world, slug, 'carol'),
            supervisor,
          ];
          const stations: Workstation[] = people.map((person, i) => ({
            person,
            outbox: [],
            acknowledged: i === 3 ? 1 : 0,
            created: i === 3 ? 1 : 0,
            cursor: 0,
            snapshot: false,
            copy: new Map(),
          }));
          let serial = 0;
          const mutationOf = (i: Intent, who: number) => {
            const threadId = data.threadIds[i.thread]!;
            serial++;
            switch (i.kind) {
              case 'take':
                return { name: 'thread.take', args: { threadId } };
              case 'release':
                return { name: 'thread.release', args: { threadId } };
              case 'risk':
                return {
                  name: 'thread.setRisk',
                  args: {
                    threadId,
                    level: (['routine', 'elevated', 'urgent'] as const)[serial % 3],
                  },
                };
              case 'note':
                return {
                  name: 'note.add',
                  args: { noteId: `n-${serial}`, threadId, body: sealed() },
                };
              case 'reply':
                return {
                  name: 'reply.send',
                  args: { replyId: `r-${serial}`, threadId, subject: sealed(), body: sealed() },
                };
              case 'reassign':
                return {
                  name: 'thread.reassign',
                  args: { threadId, counsellorId: i.to === null ? null : `c-0${i.to + 1}` },
                };
              case 'day-off':
              case 'no-day-off': {
                const counsellorId = who === 3 ? 'c-01' : `c-0${who + 1}`;
                const exceptionId = `x-${counsellorId}-${i.thread}`;
                return i.kind === 'no-day-off'
                  ? { name: 'availability.removeException', args: { exceptionId } }
                  : {
                      name: 'availability.putException',
                      args: {
                        exception: {
                          id: exceptionId,
                          createdAt: T0,
                          counsellorId,
                          date: `2026-12-1${i.thread}`,
                          kind: 'day-off',
                          start: null,
                          end: null,
                          sourceHash: null,
                        },
                      },
                    };
              }
            }
          };
          const pushSome = async (
            ws: Workstation,
            batch: number,
            network: 'ok' | 'lost-request' | 'lost-response',
          ) => {
            const pending = ws.outbox.slice(0, batch);
            if (pending.length === 0 || network === 'lost-request') return;
            const response = await ws.person.pushRaw(pending);
            expect(response.statusCode).toBe(200);
            if (network === 'lost-response') return;
            const body = response.json<{ lastMutationId: number }>();
            ws.acknowledged = Math.max(ws.acknowledged, body.lastMutationId);
            ws.outbox = ws.outbox.filter((m) => m.id > ws.acknowledged);
          };
          const pullAll = async (ws: Workstation, limit: number) => {
            for (;;) {
              const page = await ws.person.pull(ws.cursor, { limit, snapshot: ws.snapshot });
              apply(ws, page);
              if (!page.more) return;
            }
          };

          for (const s of steps) {
            if (s.act === 'purge') {
              await world.db.transaction((tx) => purgeTombstones(tx, orgId, T0 + 1));
              continue;
            }
            const ws = stations[s.who]!;
            if (s.act === 'do') {
              const m = mutationOf(s.intent, s.who);
              ws.outbox.push({ id: ++ws.created, name: m.name, v: 1, args: m.args, at: T0 });
            } else if (s.act === 'push') await pushSome(ws, s.batch, s.network);
            else await pullAll(ws, s.limit);
          }
          // The network heals: everything is pushed, everyone catches up.
          for (const ws of stations) while (ws.outbox.length > 0) await pushSome(ws, 100, 'ok');
          for (const ws of stations) await pullAll(ws, 3);

          for (const ws of stations) {
            // Dealt with exactly once: the server's journal holds each id of this client once.
            const journal = await world.db.query<{ n: number; d: number; top: string | null }>(
              `SELECT count(*)::int AS n, count(DISTINCT mutation_id)::int AS d, max(mutation_id) AS top
             FROM applied_mutations WHERE client_id = $1`,
              [ws.person.clientId],
            );
            expect(journal.rows[0]).toEqual({
              n: ws.created,
              d: ws.created,
              top: ws.created === 0 ? null : String(ws.created),
            });
            // The incremental copy equals a fresh snapshot.
            const fresh: Workstation = {
              ...ws,
              cursor: 0,
              snapshot: false,
              copy: new Map(),
              outbox: [],
            };
            await pullAll(fresh, 1000);
            expect(ws.copy).toEqual(fresh.copy);
          }
          // Each thread has one holder at most, and every note or reply applied is stored once.
          const supervisorCopy = stations[3]!.copy;
          const applied = await world.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM applied_mutations a JOIN clients c ON c.id = a.client_id
           JOIN organisations o ON o.id = c.org_id
           WHERE o.slug = $1 AND a.name IN ('note.add', 'reply.send') AND a.version IS NOT NULL`,
            [slug],
          );
          const stored = [...supervisorCopy.keys()].filter(
            (k) => k.startsWith('notes/') || /^messages\/r-/.test(k),
          );
          expect(stored.length).toBe(applied.rows[0]!.n);
        }),
        { numRuns: backend.name === 'pglite' ? 12 : 8 },
      );
    },
  );
});
