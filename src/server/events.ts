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

export async function listenForChanges(db: Database): Promise<ChangeNotices> {
  const subscribers = new Map<string, Set<() => void>>();
  const stop = await db.listen(CHANGES_CHANNEL, (orgId) => {
    for (const onChange of subscribers.get(orgId) ?? []) onChange();
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
      await stop();
    },
  };
}
