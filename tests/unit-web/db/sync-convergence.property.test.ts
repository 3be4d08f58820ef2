/**
 * Property: whatever three workstations do offline (two of them the same counsellor's, one
 * another's), however their rounds interleave and whichever push answers the network loses, once
 * everyone has synced twice each holds exactly what a fresh workstation of the same account pulls
 * from the server: nothing lost, nothing twice, every refused change given way.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { World } from '../../unit/server/world';
import { expectConverged, openServer, threeStations, type Workstation } from './sync-world';

let world: World;
beforeAll(async () => {
  world = await openServer();
});
afterAll(async () => {
  await world?.close();
});

const THREADS = ['t-1', 't-2', 't-3'];

type Action =
  | { kind: 'take' | 'release' | 'note' | 'reply'; who: number; thread: number }
  | { kind: 'risk'; who: number; thread: number; level: 'routine' | 'elevated' | 'urgent' }
  | { kind: 'tags'; who: number; thread: number; tags: string[] }
  | { kind: 'sync'; who: number; loseAnswer: boolean };

const who = fc.integer({ min: 0, max: 2 });
const thread = fc.integer({ min: 0, max: THREADS.length - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constantFrom('take', 'release', 'note', 'reply'), who, thread }),
  fc.record({
    kind: fc.constant('risk'),
    who,
    thread,
    level: fc.constantFrom('routine', 'elevated', 'urgent'),
  }),
  fc.record({
    kind: fc.constant('tags'),
    who,
    thread,
    tags: fc.subarray(['housing', 'visa', 'work']),
  }),
  fc.record({ kind: fc.constant('sync'), who, loseAnswer: fc.boolean() }),
) as fc.Arbitrary<Action>;

async function perform(w: Workstation, a: Action, nowMs: number) {
  const counsellor = w.counsellorId!;
  if (a.kind === 'sync') {
    w.network.losePushAnswers = a.loseAnswer ? 1 : 0;
    await w.engine.syncOnce();
    w.network.losePushAnswers = 0;
    return;
  }
  const t = THREADS[a.thread]!;
  if (a.kind === 'take') await w.queue.take(t, counsellor, nowMs);
  if (a.kind === 'release') await w.queue.release(t, nowMs);
  if (a.kind === 'risk') await w.queue.setRisk(t, a.level, counsellor, nowMs);
  if (a.kind === 'tags') await w.queue.setTags(t, a.tags, nowMs);
  if (a.kind === 'note') await w.queue.addNote(t, 'A note.', counsellor, nowMs);
  if (a.kind === 'reply')
    await w.queue.sendReply({ threadId: t, body: 'A reply.', authorId: counsellor, nowMs });
}

describe('workstations syncing', () => {
  it('converge on what the server decided, whatever the order and the lost answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 25 }), async (actions) => {
        const { slug, stations } = await threeStations(world, THREADS.length);
        for (const a of actions) {
          world.clock.now += 1000;
          await perform(stations[a.who]!, a, world.clock.now);
        }
        await expectConverged(world, slug, stations);
      }),
      { numRuns: 12 },
    );
  }, 180_000);
});
