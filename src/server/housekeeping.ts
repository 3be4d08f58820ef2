/**
 * The server's housekeeping: tombstones older than the retention are purged, organisation by
 * organisation, when the server starts and then every hour. A workstation whose cursor is older
 * than what went gets a reset (a snapshot) at its next pull, so the retention is the longest a
 * workstation can stay away and still catch up change by change. It matches the refresh token's
 * lifetime: one away longer has to sign in again anyway.
 */
import { REFRESH_TOKEN_DAYS } from './auth/tokens';
import type { Database } from './db/database';
import { purgeTombstones } from './sync/store';

const DAY_MS = 86_400_000;
export const DEFAULT_TOMBSTONE_DAYS = REFRESH_TOKEN_DAYS;
export const HOUSEKEEPING_INTERVAL_MS = 3_600_000;

/** Purges every organisation's tombstones older than `days`; returns how many went in all. */
export async function purgeExpiredTombstones(
  db: Database,
  now: number,
  days: number,
): Promise<number> {
  const before = now - days * DAY_MS;
  const orgs = await db.query<{ id: string }>(`SELECT id FROM organisations ORDER BY id`);
  let purged = 0;
  for (const { id } of orgs.rows)
    purged += await db.transaction((tx) => purgeTombstones(tx, id, before));
  return purged;
}

export interface Housekeeping {
  /** Waits for a round under way, and runs no more. */
  stop(): Promise<void>;
}

/**
 * Runs the purge now and every `intervalMs`; a failed round is reported to `onError` (its class
 * only: a database message can quote values) and the next one runs as planned.
 */
export function startHousekeeping(options: {
  db: Database;
  now: () => number;
  days: number;
  intervalMs?: number;
  onRound?: (purged: number) => void;
  onError?: (error: unknown) => void;
}): Housekeeping {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const round = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        options.onRound?.(await purgeExpiredTombstones(options.db, options.now(), options.days));
      } catch (error) {
        options.onError?.(error);
      }
    });
  };
  round();
  const timer = setInterval(round, options.intervalMs ?? HOUSEKEEPING_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
