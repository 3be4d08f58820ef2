/**
 * Keeps this workstation in sync while it is unlocked and signed in: a sync round after each
 * local change (the outbox grows), whenever the main process says the server changed something
 * (`sync.waitForChange`: a poke, a reconnection, the 60 s fallback), and when the network comes
 * back (`online`: `sync.wake` asks the transport to retry now). Small and stoppable: `stop()` ends
 * it (at lock, when the provider unmounts). Logs carry kinds only, never text or identifiers.
 */
import { liveQuery } from 'dexie';
import { useCallback, useEffect } from 'react';
import type { BridgeApi } from '../../bridge/contract';
import type { FieldCipher } from '../db/crypto/field-cipher';
import type { WorkstationDatabase } from '../db/database';
import {
  bridgeReasonOf,
  createSyncEngine,
  pulledSettingsMark,
  recordSettingsUpdate,
  type SyncEngine,
} from '../db/repositories/sync-engine';
import type { OrganisationSettings } from '../../domain/settings/organisation-settings';
import { useClock } from './clock';
import { useWorkstationDb } from './database';
import { useSettingsSync } from './workstation';
import { bridge } from '../bridge';
import { useConnection } from './connection';
import { useVault } from './vault';
import { logError, logInfo } from './log';
import { hasRiskSignal } from './risk';
import {
  publishIntakeKey,
  sealAnswersForPortal,
  takeInDeliveries,
} from '../db/repositories/intake';

/** How long the loop waits for a change per call, and before asking again when signed out. */
const WAIT_MS = 30_000;
const SIGNED_OUT_RETRY_MS = 15_000;

/** Said on the window when this page signs in: the loop then looks at once (not at its next poll). */
export const SIGNED_IN_EVENT = 'cw-sync-signed-in';

/** How long a sign-out waits for a round under way before it goes ahead anyway. */
export const HOLD_PATIENCE_MS = 5_000;

/** What a running loop offers a sign-out: stop calling the server, and say when its round ended. */
interface Holdable {
  hold(): Promise<void>;
  release(): void;
}
const running = new Set<Holdable>();

/**
 * Before a sign-out: every loop on this page stops starting calls, and the round under way (its
 * push may be sending this person's changes) ends first, so that nothing is cut off halfway and
 * no call reaches the transport after the session it was made for. Resolves (after at most
 * `patienceMs`) with the release, which the caller runs once signed out.
 */
export async function holdSyncLoops(patienceMs = HOLD_PATIENCE_MS): Promise<() => void> {
  const held = [...running];
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.all(held.map((loop) => loop.hold())),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, patienceMs))),
  ]);
  clearTimeout(timer);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const loop of held) loop.release();
  };
}

type SyncBridge = Pick<
  BridgeApi,
  | 'sync.status'
  | 'sync.push'
  | 'sync.pull'
  | 'sync.waitForChange'
  | 'sync.wake'
  | 'sync.intakeKey'
  | 'sync.intakePending'
  | 'sync.portalAnswersDue'
>;

const kindOf = (error: unknown) =>
  bridgeReasonOf(error)?.key ?? (error instanceof Error ? error.name : 'unknown');

/**
 * States the loop lives with (signed out, locked, offline, its host gone while the app closes: a
 * failed fetch, `TypeError`): a trace, not an error.
 */
const EXPECTED = new Set([
  'sync-signed-out',
  'sync-locked',
  'sync-offline',
  'sync-unavailable',
  'TypeError',
]);
const logOf = (kind: string) => (EXPECTED.has(kind) ? logInfo : logError);

export function startSyncLoop(options: {
  db: WorkstationDatabase;
  cipher: FieldCipher;
  sync: SyncBridge;
  now: () => number;
  /** Where `online` events come from (the window; absent in tests). */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  /** After each round: the messages it pulled (null: everything started over), for the search. */
  onMessagesPulled?: (ids: string[] | null) => Promise<void>;
}): { stop(): void } {
  const { db, cipher, sync, now, events, onMessagesPulled } = options;
  const stopped = new AbortController();
  let engine: SyncEngine | null = null;

  let wakeSleep: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakeSleep = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeSleep = done;
      stopped.signal.addEventListener('abort', done);
    });
  const signedIn = () => wakeSleep?.();

  // Held (a sign-out under way): no call starts; the rounds under way are waited for.
  let holds = 0;
  let unheld: (() => void)[] = [];
  const rounds = new Set<Promise<void>>();
  /** Waits while held; true when it did wait (what was true before may no longer be). */
  const whileHeld = async (): Promise<boolean> => {
    if (holds === 0 || stopped.signal.aborted) return false;
    await new Promise<void>((resolve) => {
      unheld.push(resolve);
      stopped.signal.addEventListener('abort', () => resolve());
    });
    return true;
  };
  const holdable: Holdable = {
    async hold() {
      holds += 1;
      await Promise.all([...rounds]);
    },
    release() {
      holds = Math.max(0, holds - 1);
      if (holds > 0) return;
      const waiting = unheld;
      unheld = [];
      for (const resolve of waiting) resolve();
    },
  };

  /** A supervisor's workstation publishes the intake key once per sign-in, if the server has none. */
  let intakeKeyChecked = false;
  let supervisor = false;
  const takeIn = async () => {
    try {
      if (supervisor && !intakeKeyChecked) {
        const { published } = await publishIntakeKey(cipher, sync, db);
        intakeKeyChecked = true;
        if (published) logInfo('sync.intake-key-published');
      }
      const taken = await takeInDeliveries({ db, cipher, sync, nowMs: now, hasRiskSignal });
      if (taken.accepted > 0 || taken.unopened > 0)
        logInfo('sync.intake-taken-in', { accepted: taken.accepted, unopened: taken.unopened });
      const answers = await sealAnswersForPortal({ db, cipher, sync, nowMs: now });
      if (answers > 0) logInfo('sync.answers-sealed-for-portal', { answers });
    } catch (error) {
      logOf(kindOf(error))('sync.intake-failed', { kind: kindOf(error) });
    }
  };

  const round = (): Promise<void> => {
    if (engine === null || stopped.signal.aborted || holds > 0) return Promise.resolve();
    const current = engine;
    const under = (async () => {
      try {
        const done = await current.syncOnce();
        if (done.messagesChanged === null || done.messagesChanged.length > 0)
          await onMessagesPulled?.(done.messagesChanged);
        // The portal's deliveries: taken in here, pushed by the round the outbox starts.
        if (!done.offline) await takeIn();
      } catch (error) {
        logOf(kindOf(error))('sync.round-failed', { kind: kindOf(error) });
      }
    })();
    rounds.add(under);
    void under.finally(() => rounds.delete(under));
    return under;
  };

  async function run() {
    while (!stopped.signal.aborted) {
      try {
        await whileHeld();
        const status = await sync['sync.status'](undefined);
        if (status.clientId === null || status.account === null) {
          engine = null;
          await sleep(SIGNED_OUT_RETRY_MS);
          continue;
        }
        const clientId = status.clientId;
        supervisor = status.account.role === 'supervisor';
        if ((await engine?.state())?.clientId !== clientId) {
          intakeKeyChecked = false;
          engine = createSyncEngine({
            db,
            cipher,
            clientId,
            counsellorId: status.account.counsellorId,
            now,
            transport: {
              push: (mutations) => sync['sync.push']({ mutations }),
              pull: (request) => sync['sync.pull'](request),
            },
          });
        }
        await round();
        while (!stopped.signal.aborted) {
          // After a hold (a sign-out), the session may be gone: asked before waiting on it.
          if (await whileHeld()) {
            const after = await sync['sync.status'](undefined);
            if (after.clientId !== clientId) break;
          }
          const { changed } = await sync['sync.waitForChange']({ timeoutMs: WAIT_MS });
          await whileHeld();
          // Another account may have signed in meanwhile: its rounds need an engine of its own.
          const now = await sync['sync.status'](undefined);
          if (now.clientId !== clientId) break;
          if (changed) await round();
        }
      } catch (error) {
        // Signed out, locked, or the host gone: ask again a little later.
        logOf(kindOf(error))('sync.loop-waiting', { kind: kindOf(error) });
        await sleep(SIGNED_OUT_RETRY_MS);
      }
    }
  }

  // A local change: the outbox grows (a round also runs when it shrinks; it then has little to do).
  const outbox = liveQuery(() => db.outbox.count()).subscribe({
    next: (count) => {
      if (count > 0) void round();
    },
    error: (error: unknown) => logError('sync.outbox-watch-failed', { kind: kindOf(error) }),
  });
  const online = () => {
    void sync['sync.wake'](undefined).catch((error: unknown) =>
      logError('sync.wake-failed', { kind: kindOf(error) }),
    );
  };
  events?.addEventListener('online', online);
  events?.addEventListener(SIGNED_IN_EVENT, signedIn);
  running.add(holdable);
  void run();

  return {
    stop() {
      running.delete(holdable);
      stopped.abort();
      outbox.unsubscribe();
      events?.removeEventListener('online', online);
      events?.removeEventListener(SIGNED_IN_EVENT, signedIn);
    },
  };
}

/** Runs the sync loop while the workstation is unlocked (mounted inside the vault's provider). */
export function SyncLoop(): null {
  const { db } = useConnection();
  const { cipher } = useVault();
  const { search } = useWorkstationDb();
  const clock = useClock();
  // A supervisor's save of the organisation's settings here goes to the outbox for the others.
  const onSaved = useCallback(
    async (settings: OrganisationSettings) => {
      try {
        await recordSettingsUpdate(db, settings, clock.now().getTime());
      } catch (error) {
        logError('sync.settings-not-recorded', { kind: kindOf(error) });
      }
    },
    [db, clock],
  );
  const { reload } = useSettingsSync(onSaved);
  useEffect(() => {
    const loop = startSyncLoop({
      db,
      cipher,
      sync: bridge,
      now: () => clock.now().getTime(),
      events: window,
      // Pulled messages are found by the search at once, as the ones written here are.
      onMessagesPulled: (ids) => (ids === null ? search.rebuild() : search.refresh(ids)),
    });
    return () => loop.stop();
  }, [db, cipher, clock, search]);
  // A pull brought a supervisor's settings (the main process has kept them): read them again.
  useEffect(() => {
    let first = true;
    const watch = liveQuery(() => pulledSettingsMark(db)).subscribe({
      next: () => {
        if (first) first = false;
        else
          void reload().catch((error: unknown) =>
            logError('sync.settings-not-reloaded', { kind: kindOf(error) }),
          );
      },
      error: (error: unknown) => logError('sync.settings-watch-failed', { kind: kindOf(error) }),
    });
    return () => watch.unsubscribe();
  }, [db, reload]);
  return null;
}
