/**
 * The page's sync loop and a sign-out: the sign-out holds the loop, waits for the round under way
 * (its push may carry the person's changes), and nothing reaches the transport after the session
 * it was made for. A transport that records every call and refuses, as the main process does, any
 * push, pull or wait made while signed out.
 */
import 'fake-indexeddb/auto'; // the loop watches the outbox with a live query
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The page's bridge looks for the preload's global when it is loaded (the loop's module imports it).
vi.hoisted(() => {
  Object.assign(globalThis, { window: { counsellorWorkstation: {} } });
});

import type { SyncStatus } from '../../../src/bridge/schemas/sync';
import type { PullResponse } from '../../../src/sync/protocol';
import { holdSyncLoops, startSyncLoop } from '../../../src/renderer/app/sync-loop';
import { cipher, freshDatabase } from '../db/helpers';

const NOW = Date.parse('2026-12-07T10:00:00+09:00');

const signedOutFailure = () =>
  Object.assign(new Error('Not signed in to the sync server.'), {
    error: {
      code: 'failed',
      message: 'Not signed in to the sync server.',
      path: [],
      issues: [],
      reason: { key: 'sync-signed-out', params: {} },
    },
  });

/** A main process's sync service in miniature: one account, pulls answered when the test says. */
function transport() {
  let signedIn = true;
  const calls: { name: string; signedIn: boolean }[] = [];
  const refused: string[] = [];
  const pulls: ((page: PullResponse) => void)[] = [];
  const waiters = new Set<(changed: boolean) => void>();
  const status = (): SyncStatus => ({
    connection: signedIn ? 'online' : 'signed-out',
    serverUrl: 'https://sync.example.org',
    organisation: 'demo',
    account: signedIn
      ? { login: 'alice', role: 'counsellor', organisation: 'demo', counsellorId: 'c-01' }
      : null,
    clientId: signedIn ? 'client-1' : null,
    events: signedIn ? 'connected' : 'stopped',
    nextAttemptAt: null,
    lastSyncAt: null,
    clock: null,
    problem: null,
  });
  const guarded = <T>(name: string, work: () => Promise<T>): Promise<T> => {
    calls.push({ name, signedIn });
    if (!signedIn) {
      refused.push(name);
      return Promise.reject(signedOutFailure());
    }
    return work();
  };
  const emptyPage = (): PullResponse => ({
    reset: false,
    restored: false,
    log: 'log-1',
    changes: [],
    cursor: 0,
    more: false,
    snapshot: false,
    lastMutationId: 0,
    refusals: [],
    serverTime: NOW,
  });
  return {
    calls,
    refused,
    pendingPulls: () => pulls.length,
    /** Answers the oldest pull waiting. */
    answerPull() {
      pulls.shift()?.(emptyPage());
    },
    poke() {
      for (const waiter of [...waiters]) waiter(true);
    },
    signOut() {
      signedIn = false;
      for (const waiter of [...waiters]) waiter(false);
    },
    bridge: {
      'sync.status': async () => {
        calls.push({ name: 'sync.status', signedIn });
        return status();
      },
      'sync.push': (input: { mutations: unknown[] }) =>
        guarded('sync.push', async () => ({
          lastMutationId: input.mutations.length,
          refusals: [],
          serverTime: NOW,
        })),
      'sync.pull': () =>
        guarded('sync.pull', () => new Promise<PullResponse>((resolve) => pulls.push(resolve))),
      'sync.waitForChange': () =>
        guarded(
          'sync.waitForChange',
          () =>
            new Promise<{ changed: boolean }>((resolve) => {
              const waiter = (changed: boolean) => {
                waiters.delete(waiter);
                resolve({ changed });
              };
              waiters.add(waiter);
            }),
        ),
      'sync.wake': async () => status(),
      'sync.intakeKey': () =>
        guarded('sync.intakeKey', async () => ({ key: null, serverTime: NOW })),
      'sync.portalAnswersDue': () =>
        guarded('sync.portalAnswersDue', async () => ({
          portalKey: null,
          replies: [],
          serverTime: NOW,
        })),
      'sync.intakePending': () =>
        guarded('sync.intakePending', async () => ({
          deliveries: [],
          more: false,
          serverTime: NOW,
        })),
    },
  };
}

const loops: { stop(): void }[] = [];
afterEach(() => {
  for (const loop of loops.splice(0)) loop.stop();
});

function start(t: ReturnType<typeof transport>) {
  const loop = startSyncLoop({
    db: freshDatabase(),
    cipher,
    // The fake answers what the loop reads of each call.
    sync: t.bridge as never,
    now: () => NOW,
  });
  loops.push(loop);
  return loop;
}

describe('the sync loop and a sign-out', () => {
  it('a sign-out waits for the round under way, then nothing reaches the signed-out transport', async () => {
    const t = transport();
    start(t);
    await vi.waitFor(() => expect(t.pendingPulls()).toBe(1));

    let held = false;
    const holding = holdSyncLoops().then((release) => {
      held = true;
      return release;
    });
    // The round's pull is still out: the hold waits for it.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(held).toBe(false);
    t.answerPull();
    const release = await holding;
    expect(held).toBe(true);

    // Held: a change the server announces starts no round.
    const before = t.calls.length;
    t.poke();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(t.calls.slice(before).map((c) => c.name)).not.toContain('sync.pull');

    t.signOut();
    release();
    // The loop sees the sign-out (it asks the status) and waits for a sign-in.
    await vi.waitFor(() =>
      expect(t.calls.some((c) => c.name === 'sync.status' && !c.signedIn)).toBe(true),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(t.refused).toEqual([]);
  });

  it('a hold with nothing under way is given at once, and a round is not cut off by patience', async () => {
    const t = transport();
    start(t);
    await vi.waitFor(() => expect(t.pendingPulls()).toBe(1));
    t.answerPull();
    await vi.waitFor(() => expect(t.calls.at(-1)?.name).toBe('sync.waitForChange'));
    const release = await holdSyncLoops();
    t.signOut();
    release();
    await vi.waitFor(() =>
      expect(t.calls.some((c) => c.name === 'sync.status' && !c.signedIn)).toBe(true),
    );
    expect(t.refused).toEqual([]);

    // A transport that never answers: the sign-out goes ahead after its patience.
    const stuck = transport();
    start(stuck);
    await vi.waitFor(() => expect(stuck.pendingPulls()).toBe(1));
    const releaseStuck = await holdSyncLoops(50);
    releaseStuck();
  });

  it('signing out at any moment of the loop: no call reaches the transport once signed out', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('answer', 'poke', 'tick'), { maxLength: 6 }),
        async (steps) => {
          const t = transport();
          const loop = start(t);
          for (const step of steps) {
            if (step === 'answer') t.answerPull();
            else if (step === 'poke') t.poke();
            await new Promise((resolve) => setTimeout(resolve, 2));
          }
          const holding = holdSyncLoops();
          // Rounds under way end; the pulls they wait on are answered as the server would.
          while (!(await Promise.race([holding.then(() => true), tick().then(() => false)])))
            t.answerPull();
          const release = await holding;
          t.signOut();
          release();
          await vi.waitFor(() =>
            expect(t.calls.some((c) => c.name === 'sync.status' && !c.signedIn)).toBe(true),
          );
          await tick();
          loop.stop();
          expect(t.refused).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });
});

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 5));
