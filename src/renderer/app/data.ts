/**
 * How screens read data: one hook over a Dexie live query (Actual Budget's `useQuery` shape). A
 * screen passes a repository read; the read re-runs by itself whenever a table it read changes,
 * whoever changed it (this screen, another one, an import, later a sync pull in the background),
 * so no screen keeps a refresh counter or a hand-written loading effect.
 *
 * Rules for a read passed here (Dexie's rules for a live query's querier): it reads through
 * Dexie, and wraps any other asynchronous call (WebCrypto) in `Promise.resolve(...)`, as the field
 * cipher does, so that the reads after it are still observed.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { logError } from './log';

export interface DataState<T> {
  /** The newest result (kept while a re-run after a database change is under way). */
  data: T | undefined;
  /** True until the first result (or failure) arrived for the current dependencies. */
  isLoading: boolean;
  /** The failure of the newest run, if it failed. */
  error: Error | null;
}

type Outcome<T> = { deps: readonly unknown[] } & (
  { ok: true; value: T } | { ok: false; error: Error }
);

const sameDeps = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((value, i) => Object.is(value, b[i]));

/**
 * Reads `load()` live. `deps` are what `load` depends on besides the database (ids, filters, the
 * repository object). `event` names the read in the log if it fails (never text or identifiers).
 *
 * While the dependencies change (another thread opened), `data` is undefined and `isLoading` true
 * until the new read answers: a pane never shows the previous thread's data under the new one's
 * heading. When only the database changed, the previous data stays until the new result comes.
 */
export function useData<T>(
  event: string,
  load: () => Promise<T>,
  deps: readonly unknown[],
): DataState<T> {
  const outcome = useLiveQuery<Outcome<T> | undefined>(async () => {
    try {
      return { deps, ok: true, value: await load() };
    } catch (error) {
      logError(`read-failed:${event}`, {
        error: error instanceof Error ? error.name : 'unknown',
      });
      const failure = error instanceof Error ? error : new Error(String(error));
      return { deps, ok: false, error: failure };
    }
  }, [...deps]);
  if (outcome === undefined || !sameDeps(outcome.deps, deps))
    return { data: undefined, isLoading: true, error: null };
  return outcome.ok
    ? { data: outcome.value, isLoading: false, error: null }
    : { data: undefined, isLoading: false, error: outcome.error };
}
