/**
 * Change notices: every server process LISTENs on one PostgreSQL channel; a push that changed an
 * organisation's records NOTIFYs it (in the push's transaction, so only after it committed), and
 * each process pokes the event streams it holds for that organisation. So a change made through
 * one process reaches workstations connected to another.
 */
import type { Database } from './db/database';
import { CHANGES_CHANNEL } from './sync/push';

export interface ChangeNotices {
  /** Calls `onChange` for each change of this organisation; returns the way to stop. */
  subscribe(orgId: string, onChange: () => void): () => void;
  close(): Promise<void>;
}

/**
 * A push of 100 mutations commits 100 transactions, each with its NOTIFY. The first notice of an
 * organisation pokes at once; further notices within this window make one more poke at its end,
 * so a busy organisation's streams get a few pokes a second, not one per mutation.
 */
export const POKE_WINDOW_MS = 100;

export async function listenForChanges(db: Database): Promise<ChangeNotices> {
  const subscribers = new Map<string, Set<() => void>>();
  const windows = new Map<string, { pending: boolean; timer: NodeJS.Timeout }>();
  const poke = (orgId: string) => {
    for (const onChange of subscribers.get(orgId) ?? []) onChange();
  };
  const stop = await db.listen(CHANGES_CHANNEL, (orgId) => {
    const open = windows.get(orgId);
    if (open) {
      open.pending = true;
      return;
    }
    poke(orgId);
    const close = () => {
      const window = windows.get(orgId);
      if (window?.pending) {
        poke(orgId);
        windows.set(orgId, { pending: false, timer: setTimeout(close, POKE_WINDOW_MS) });
      } else windows.delete(orgId);
    };
    windows.set(orgId, { pending: false, timer: setTimeout(close, POKE_WINDOW_MS) });
  });
  return {
    subscribe(orgId, onChange) {
      const set = subscribers.get(orgId) ?? new Set();
      set.add(onChange);
      subscribers.set(orgId, set);
      return () => {
        set.delete(onChange);
        if (set.size === 0) subscribers.delete(orgId);
      };
    },
    async close() {
      subscribers.clear();
      for (const window of windows.values()) clearTimeout(window.timer);
      windows.clear();
      await stop();
    },
  };
}
