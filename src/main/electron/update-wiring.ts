/**
 * Starts the updater in the main process (issue 17 §3): the gate and counter of `updates.ts`, the
 * settings a supervisor keeps in `updates.json`, and the page's word on work an update must not
 * cut. Off by default, so by default nothing here reaches the network. Kept apart from `index.ts`
 * so that it is tested with a mocked updater.
 */
import { isPageWorkMessage, type PageWorkKind } from '../../bridge/desktop';
import type { UpdateSettingsInput } from '../../bridge/schemas/updates';
import type { Logger } from '../services/logger';
import type { UpdateSettingsStore } from '../services/update-settings-store';
import {
  WorkInProgress,
  createUpdater,
  type UninterruptibleWork,
  type UpdateGate,
  type UpdateSource,
} from './updates';

/** How often a running app looks at the feed again. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60_000;

// The page's kinds of work and the updater's must stay the same list.
const sameKinds: [PageWorkKind, UninterruptibleWork] extends [UninterruptibleWork, PageWorkKind]
  ? true
  : never = true;
void sameKinds;

export interface StartUpdatesOptions {
  /** electron-updater's `autoUpdater` (a mock in tests). */
  source: UpdateSource;
  store: UpdateSettingsStore;
  isPackaged: boolean;
  /** Build-time flag: this build was signed (see electron.vite.config.ts). */
  isSigned: boolean;
  /** Registers the listener for the page's work messages (trusted origins only). */
  onWorkMessage: (listener: (value: unknown) => void) => void;
  log: Logger;
  every?: (run: () => void, ms: number) => { unref?: () => void };
}

export interface RunningUpdates {
  work: WorkInProgress;
  /** The first check, after the settings file was read. */
  started: Promise<UpdateGate>;
  /** Asks the feed now, if the gate allows it. */
  check(): Promise<UpdateGate>;
  /** The page reloaded or closed: the work it had reported ended with it. */
  pageUnloaded(): void;
  /** The store to hand the bridge: a save turns updates on or off at once. */
  store: UpdateSettingsStore;
}

export function startUpdates({
  source,
  store,
  isPackaged,
  isSigned,
  onWorkMessage,
  log,
  every = (run, ms) => setInterval(run, ms),
}: StartUpdatesOptions): RunningUpdates {
  const work = new WorkInProgress();
  const updater = createUpdater({
    source,
    settings: () => store.current(),
    isPackaged,
    isSigned,
    work,
    log: (event, fields) => log.info(event, fields),
  });

  // Work the page said started and has not yet said ended, per kind (the functions that end it).
  const pageWork = new Map<PageWorkKind, (() => void)[]>();
  onWorkMessage((value) => {
    if (!isPageWorkMessage(value)) {
      log.warn('updates.bad-work-message');
      return;
    }
    const ends = pageWork.get(value.kind) ?? [];
    if (value.phase === 'begin') {
      ends.push(work.begin(value.kind));
      pageWork.set(value.kind, ends);
    } else {
      ends.pop()?.();
    }
  });

  const check = async (): Promise<UpdateGate> => {
    const decision = await updater.check();
    if (decision.action === 'off') log.info('updates.off', { reason: decision.reason });
    return decision;
  };
  // Until the file is read the defaults (off) are in force; the first check follows the read.
  const loaded = store.load().then(
    () => check(),
    (error: unknown) => {
      log.error('updates.start-failed', { kind: error instanceof Error ? error.name : 'unknown' });
      return { action: 'off', reason: 'disabled' } as const;
    },
  );
  every(() => void check(), UPDATE_CHECK_INTERVAL_MS).unref?.();

  return {
    work,
    started: loaded,
    check,
    pageUnloaded() {
      for (const ends of pageWork.values()) for (const end of ends.splice(0)) end();
    },
    store: {
      load: () => store.load(),
      current: () => store.current(),
      async save(settings: UpdateSettingsInput) {
        const state = await store.save(settings);
        void check();
        return state;
      },
    },
  };
}
