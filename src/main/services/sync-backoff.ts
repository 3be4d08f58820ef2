/**
 * When the sync transport tries the server again after a failure (a network error, a timeout, a
 * 5xx): exponential back-off with full jitter (AWS's "Exponential Backoff And Jitter"), so that
 * a server coming back is not met by every workstation of the service in the same second.
 *
 * One gate is shared by every request of the transport (push, pull, refresh, the events stream):
 * while the server answers, everything goes; after a failure only one attempt at a time goes (the
 * probe), when the back-off delay has passed, and the others wait for its outcome. So the delays
 * follow one sequence however many callers wait, and a server that is down is not hammered.
 */

/** The transport's clock (tests pass their own). */
export interface SyncClock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts (it never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: SyncClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      // A pending retry or long-poll never keeps a process alive by itself.
      timer.unref?.();
      signal?.addEventListener('abort', done, { once: true });
    }),
};

export interface BackoffPolicy {
  /** The ceiling of the first delay. */
  baseMs: number;
  /** The ceiling never grows past this. */
  capMs: number;
}
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 60_000 };

/** The delay after `failures` failures in a row (1, 2, …): uniform in [0, min(cap, base·2^(n−1))). */
export function backoffDelay(
  failures: number,
  random: () => number,
  policy: BackoffPolicy,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.floor(random() * ceiling);
}

/** A caller's turn: go (`round`: the failures seen, to report the outcome against), or not. */
export type Turn =
  | { go: true; round: number }
  | { go: false; why: 'aborted' }
  /** The next attempt is after the caller's deadline: when it is (null: a probe is under way). */
  | { go: false; why: 'offline'; retryAt: number | null };

export interface BackoffGate {
  /** Failures in a row (0 while the server answers). */
  readonly failures: number;
  /** When the next attempt may go (null while the server answers). */
  readonly nextAttemptAt: number | null;
  /** Whether an answer came since the gate was reset. */
  readonly hasAnswered: boolean;
  turn(deadline: number, signal?: AbortSignal): Promise<Turn>;
  /** The attempt of `round` failed (counted once per round); returns the delay chosen, or null. */
  failed(round: number): number | null;
  /** The server answered (any HTTP answer but a 5xx); true when this ends a run of failures. */
  succeeded(): boolean;
  /** The attempt of `round` ended without an outcome (aborted): another may probe. */
  release(round: number): void;
  /** Tries at once (after sleep, or the network came back); the delays go on from where they were. */
  wake(): void;
  /** Forgets everything (a new sign-in, a lock). */
  reset(): void;
}

export function createBackoffGate(
  clock: SyncClock,
  random: () => number,
  policy: BackoffPolicy,
  onFailure: (failures: number, delayMs: number) => void = () => undefined,
): BackoffGate {
  let failures = 0;
  let nextAttemptAt: number | null = null;
  let probing = false;
  let hadAnswer = false;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  /**
   * Until something changes, `until` comes, or the signal aborts. Each waiter keeps its own timer
   * and looks at the clock again when it wakes: a timer may end a millisecond before the clock
   * says it is due (timers count on a monotonic clock, `now` is the wall clock), and a waiter
   * woken early by one shared timer would then wait for a change that never comes.
   */
  const waitForChange = async (until: number, signal?: AbortSignal) => {
    const stop = new AbortController();
    let wake: () => void = () => undefined;
    const changed = new Promise<void>((resolve) => {
      wake = resolve;
    });
    waiters.add(wake);
    signal?.addEventListener('abort', wake, { once: true });
    const waits = [changed];
    if (Number.isFinite(until))
      waits.push(clock.sleep(Math.max(0, until - clock.now()), stop.signal));
    try {
      await Promise.race(waits);
    } finally {
      waiters.delete(wake);
      signal?.removeEventListener('abort', wake);
      stop.abort();
    }
  };

  return {
    get failures() {
      return failures;
    },
    get nextAttemptAt() {
      return nextAttemptAt;
    },
    get hasAnswered() {
      return hadAnswer;
    },
    async turn(deadline, signal) {
      for (;;) {
        if (signal?.aborted) return { go: false, why: 'aborted' };
        if (failures === 0) return { go: true, round: 0 };
        const now = clock.now();
        if (!probing && (nextAttemptAt ?? now) <= now) {
          probing = true;
          return { go: true, round: failures };
        }
        const retryAt = probing ? null : nextAttemptAt;
        if ((retryAt !== null && retryAt > deadline) || now >= deadline)
          return { go: false, why: 'offline', retryAt };
        await waitForChange(retryAt === null ? deadline : Math.min(deadline, retryAt), signal);
      }
    },
    failed(round) {
      if (round !== failures) return null;
      probing = false;
      failures += 1;
      const delay = backoffDelay(failures, random, policy);
      nextAttemptAt = clock.now() + delay;
      onFailure(failures, delay);
      notify();
      return delay;
    },
    succeeded() {
      hadAnswer = true;
      const recovered = failures > 0;
      failures = 0;
      nextAttemptAt = null;
      probing = false;
      notify();
      return recovered;
    },
    release(round) {
      if (round !== 0 && round === failures && probing) {
        probing = false;
        notify();
      }
    },
    wake() {
      if (failures === 0) return;
      nextAttemptAt = clock.now();
      notify();
    },
    reset() {
      failures = 0;
      nextAttemptAt = null;
      probing = false;
      hadAnswer = false;
      notify();
    },
  };
}
