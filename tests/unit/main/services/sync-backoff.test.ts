/**
 * The sync transport's back-off gate on its own, with clocks the test drives: the delays follow
 * one jittered sequence, one probe goes at a time, and a waiter goes when its attempt is due even
 * when its timer ends before the clock says so (timers count on a monotonic clock, `now` is the
 * wall clock; the transport's reconnection once waited forever after such an early timer).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  createBackoffGate,
  DEFAULT_BACKOFF,
  type SyncClock,
} from '../../../../src/main/services/sync-backoff';

/**
 * A clock whose sleeps longer than `early` ms end that much before they are due (shorter ones end
 * on time), on the next turn of the event loop.
 */
function earlyClock(start: number, early: number): SyncClock & { moves: number } {
  let now = start;
  const clock = {
    moves: 0,
    now: () => now,
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) {
          resolve();
          return;
        }
        const timer = setImmediate(() => {
          signal?.removeEventListener('abort', stop);
          clock.moves += 1;
          now += ms > early ? ms - early : ms;
          resolve();
        });
        const stop = () => {
          clearImmediate(timer);
          resolve();
        };
        signal?.addEventListener('abort', stop, { once: true });
      }),
  };
  return clock;
}

describe('the back-off gate', () => {
  it('lets everything go while the server answers', async () => {
    const gate = createBackoffGate(earlyClock(0, 0), () => 0.5, DEFAULT_BACKOFF);
    expect(await gate.turn(Number.POSITIVE_INFINITY)).toEqual({ go: true, round: 0 });
    expect(await gate.turn(Number.POSITIVE_INFINITY)).toEqual({ go: true, round: 0 });
    expect(gate.failures).toBe(0);
    expect(gate.nextAttemptAt).toBeNull();
  });

  it.each([0, 1, 5])(
    'lets the next probe go when it is due, though each timer ends %i ms early',
    async (early) => {
      const clock = earlyClock(1_000_000, early);
      const gate = createBackoffGate(clock, () => 0.1, DEFAULT_BACKOFF);
      let turn = await gate.turn(Number.POSITIVE_INFINITY);
      for (let failure = 1; failure <= 6; failure += 1) {
        if (!turn.go) throw new Error('no turn');
        const delay = gate.failed(turn.round);
        expect(delay).toBe(backoffDelay(failure, () => 0.1, DEFAULT_BACKOFF));
        const due = gate.nextAttemptAt ?? 0;
        // With no deadline: the old gate, woken once by one shared timer before `due`, waited here forever.
        turn = await gate.turn(Number.POSITIVE_INFINITY);
        expect(turn).toEqual({ go: true, round: failure });
        expect(clock.now()).toBeGreaterThanOrEqual(due);
      }
    },
  );

  it('sends one probe at a time; the others go once it is answered', async () => {
    const clock = earlyClock(0, 1);
    const gate = createBackoffGate(clock, () => 0.5, DEFAULT_BACKOFF);
    gate.failed(0);
    const first = await gate.turn(Number.POSITIVE_INFINITY);
    expect(first).toEqual({ go: true, round: 1 });
    let secondWent = false;
    const second = gate.turn(Number.POSITIVE_INFINITY).then((turn) => {
      secondWent = true;
      return turn;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(secondWent).toBe(false);
    // A caller that cannot wait past its deadline is told when the next attempt is (unknown: a probe is out).
    expect(await gate.turn(clock.now())).toEqual({ go: false, why: 'offline', retryAt: null });
    expect(gate.succeeded()).toBe(true);
    expect(await second).toEqual({ go: true, round: 0 });
  });

  it('a failed round is counted once, however many attempts of it fail', () => {
    const gate = createBackoffGate(earlyClock(0, 0), () => 0.5, DEFAULT_BACKOFF);
    expect(gate.failed(0)).toBe(500);
    expect(gate.failed(0)).toBeNull();
    expect(gate.failures).toBe(1);
  });

  it('property: whatever the jitter and early timers, a waiter goes at or after the attempt is due', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 20 }),
        async (draws, early) => {
          let next = 0;
          const random = () => draws[next++ % draws.length] ?? 0;
          const clock = earlyClock(0, early);
          const gate = createBackoffGate(clock, random, DEFAULT_BACKOFF);
          let turn = await gate.turn(Number.POSITIVE_INFINITY);
          for (let failure = 1; failure <= draws.length; failure += 1) {
            if (!turn.go) return false;
            gate.failed(turn.round);
            const due = gate.nextAttemptAt ?? 0;
            turn = await gate.turn(Number.POSITIVE_INFINITY);
            if (!turn.go || turn.round !== failure || clock.now() < due) return false;
          }
          return true;
        },
      ),
      { numRuns: 50 },
    );
  });

  it('wake() lets the next probe go at once; reset() forgets the failures', async () => {
    const clock = earlyClock(0, 0);
    const gate = createBackoffGate(clock, () => 0.9, DEFAULT_BACKOFF);
    gate.failed(0);
    gate.wake();
    const before = clock.now();
    expect(await gate.turn(Number.POSITIVE_INFINITY)).toEqual({ go: true, round: 1 });
    expect(clock.now()).toBe(before);
    gate.reset();
    expect(gate.failures).toBe(0);
    expect(await gate.turn(Number.POSITIVE_INFINITY)).toEqual({ go: true, round: 0 });
  });
});
