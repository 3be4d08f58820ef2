/**
 * The sync connection's status as the page shows it: one poll of `sync.status` shared by every
 * component that shows it (the header's indicator, Settings → Sync), every 5 s while one is
 * shown (after 1 s while locked or connecting, passing states), and at once when the window
 * regains focus or the network comes back. A sign-in or a
 * sign-out puts the status it answered in at once, so nothing waits for the next poll.
 *
 * It only reads: waking the transport and waiting for the server's pokes (`sync.wake`,
 * `sync.waitForChange`) belong to the page's sync engine, which pushes and pulls.
 */
import { useSyncExternalStore } from 'react';
import type { SyncStatus } from '../../../bridge/schemas/sync';
import type { BridgeError } from '../../../bridge/errors';
import { BridgeCallError, bridge } from '../../bridge';
import { errorKind } from '../../app/action';
import { logError, logInfo } from '../../app/log';

export const SYNC_STATUS_POLL_MS = 5_000;
/** How soon to look again at a passing state (locked just before the unlock, connecting). */
export const SYNC_STATUS_SOON_MS = 1_000;

export interface SyncStatusState {
  /** The newest status read (kept while a later read fails). */
  status: SyncStatus | null;
  /** Why the newest read failed, or null. */
  error: BridgeError | null;
  /** The real clock when the newest read answered (the status's instants are on it too). */
  readAtMs: number;
}

let state: SyncStatusState = { status: null, error: null, readAtMs: 0 };
const listeners = new Set<() => void>();
let timer: number | null = null;
let soon: number | null = null;
/** At most this many quick looks in a row (a state that does not pass waits for the poll). */
const SOON_TRIES = 10;
let soonLeft = SOON_TRIES;
let reading = false;
/** Moves at each status put in from elsewhere: a read begun before it is older and is dropped. */
let generation = 0;
/** The kind of the last failure logged, so a failing poll is logged once, not every 5 s. */
let loggedKind: string | null = null;

function publish(next: SyncStatusState): void {
  state = next;
  for (const listener of [...listeners]) listener();
}

/** Puts a status answered by another call (a sign-in, a sign-out) in at once. */
export function putSyncStatus(status: SyncStatus): void {
  generation += 1;
  publish({ status, error: null, readAtMs: Date.now() });
}

/** Reads `sync.status` now (one read at a time). */
export async function refreshSyncStatus(): Promise<void> {
  if (reading) return;
  reading = true;
  const begun = generation;
  try {
    const status = await bridge['sync.status'](undefined);
    if (begun !== generation) return;
    loggedKind = null;
    publish({ status, error: null, readAtMs: Date.now() });
    // Just unlocked or just signed in: the transport settles within a second or two, so look
    // again soon rather than show "Locked" or "Connecting…" for a whole poll.
    const passing = status.connection === 'locked' || status.connection === 'connecting';
    soonLeft = passing ? soonLeft : SOON_TRIES;
    if (passing && soon === null && soonLeft > 0) {
      soonLeft -= 1;
      soon = window.setTimeout(() => {
        soon = null;
        if (listeners.size > 0) void refreshSyncStatus();
      }, SYNC_STATUS_SOON_MS);
    }
  } catch (failure) {
    if (begun !== generation) return;
    const kind = errorKind(failure);
    // The host gone (a fetch that failed: the app is closing, or its host restarting) is shown
    // on screen; a trace is enough. Anything else is an error.
    if (kind !== loggedKind)
      (kind === 'TypeError' ? logInfo : logError)('sync.status-failed', { kind });
    loggedKind = kind;
    const error: BridgeError =
      failure instanceof BridgeCallError
        ? failure.error
        : { code: 'internal', message: 'status not read', path: [], issues: [] };
    publish({ ...state, error, readAtMs: Date.now() });
  } finally {
    reading = false;
  }
}

const onWake = () => void refreshSyncStatus();

function start(): void {
  void refreshSyncStatus();
  timer = window.setInterval(() => void refreshSyncStatus(), SYNC_STATUS_POLL_MS);
  window.addEventListener('focus', onWake);
  window.addEventListener('online', onWake);
}

function stop(): void {
  if (timer !== null) window.clearInterval(timer);
  timer = null;
  if (soon !== null) window.clearTimeout(soon);
  soon = null;
  window.removeEventListener('focus', onWake);
  window.removeEventListener('online', onWake);
  // Nothing shows it now (locked, say): the next one shown starts from an empty state.
  state = { status: null, error: null, readAtMs: 0 };
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) start();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) stop();
  };
}

/** The sync status, read every 5 s while a component using it is shown. */
export function useSyncStatus(): SyncStatusState {
  return useSyncExternalStore(subscribe, () => state);
}
