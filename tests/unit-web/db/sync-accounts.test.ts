/**
 * One workstation, several accounts in turn (issue 15): the synced tables hold one account's view
 * at a time. When another account signs in here, its first pull starts over from a full pull, so
 * nothing of the other view is taken for its own; back to the first account, what changed out of
 * the second's sight (a thread it lost, its messages) is whole again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncEngine } from '../../../src/renderer/db/repositories/sync-engine';
import { organisation, signIn, type World } from '../../unit/server/world';
import { cipher } from './helpers';
import { openServer, seed, transportOf, workstation, type Network } from './sync-world';

let world: World;
beforeAll(async () => {
  world = await openServer();
});
afterAll(async () => {
  await world?.close();
});

describe('accounts taking turns on one workstation', () => {
  it('each account’s first pull here starts over, so no view is mistaken for another', async () => {
    const slug = await organisation(world);
    const threads = await seed(await signIn(world, slug, 'super'), 3);
    // Alice holds the first thread.
    const alice = await workstation(world, slug, 'alice');
    await alice.engine.syncOnce();
    await alice.queue.take(threads[0]!, 'c-01', world.clock.now);
    await alice.engine.syncOnce();
    // The supervisor's workstation sees every thread and every message.
    const here = await workstation(world, slug, 'super');
    await here.engine.syncOnce();
    expect(await here.db.threads.count()).toBe(3);
    const messagesOf = async (threadId: string) =>
      here.db.messages.where('threadId').equals(threadId).count();
    expect(await messagesOf(threads[0]!)).toBe(1);

    // Bob signs in on the same workstation (the same database): his view is whole and his own,
    // without the messages of a thread Alice holds, which the supervisor's view had.
    const network: Network = { offline: false, losePushAnswers: 0, sent: [], tamper: null };
    const bob = await signIn(world, slug, 'bob');
    const asBob = createSyncEngine({
      db: here.db,
      cipher,
      transport: transportOf(bob, network),
      clientId: bob.clientId,
      now: () => world.clock.now,
    });
    await asBob.syncOnce();
    expect((await here.db.threads.get(threads[0]!))?.assigneeId).toBe('c-01');
    expect(await messagesOf(threads[0]!)).toBe(0);
    expect(await messagesOf(threads[1]!)).toBe(1);

    // The supervisor signs in here again: everything is back.
    await here.engine.syncOnce();
    expect(await messagesOf(threads[0]!)).toBe(1);
    expect(await here.db.threads.count()).toBe(3);
  });
});
