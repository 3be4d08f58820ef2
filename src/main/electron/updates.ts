/**
 * Updates (issue 17 §3). Off by default: many sites work offline or behind strict proxies, and
 * an app that calls home uninvited is not what a counsellor's desktop should run. A supervisor
 * turns them on with a feed URL (an https generic feed, as electron-builder publishes); the app
 * then checks at start and every few hours, downloads in the background, and installs only when
 * nothing that must not be cut runs: a reply being sent, an import, a restore, a key rotation.
 *
 * The updater itself is behind `UpdateSource`, the part of electron-updater's `AppUpdater` used
 * here (wired to electron-updater's `autoUpdater` in `update-wiring.ts` / `index.ts`).
 * electron-updater checks the download's signature against the installed app's publisher
 * (Windows) or the code signature (macOS, through Squirrel.Mac); unsigned builds never update.
 * Pure apart from the timers given as parameters.
 */

/** Work during which an update must not install (the app would quit under it). */
export const UNINTERRUPTIBLE_WORK = ['reply-send', 'import', 'restore', 'rotation'] as const;
export type UninterruptibleWork = (typeof UNINTERRUPTIBLE_WORK)[number];

export interface UpdateSettings {
  enabled: boolean;
  /** https URL of the generic feed (latest.yml / latest-mac.yml), or null. */
  feedUrl: string | null;
}

export const DEFAULT_UPDATE_SETTINGS: UpdateSettings = { enabled: false, feedUrl: null };

/** What the updater may do now. */
export type UpdateGate =
  | { action: 'off'; reason: 'disabled' | 'no-feed' | 'unpackaged' | 'unsigned' }
  | { action: 'check' }
  | { action: 'wait'; busy: UninterruptibleWork[] }
  | { action: 'install' };

export interface UpdateGateInput {
  settings: UpdateSettings;
  isPackaged: boolean;
  /** Whether this build was signed (an unsigned build cannot verify what it downloads). */
  isSigned: boolean;
  /** A downloaded update is waiting. */
  downloaded: boolean;
  busy: readonly UninterruptibleWork[];
}

/** Whether a feed URL is acceptable: https only, no credentials in it. */
export function isValidFeedUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '';
}

export function updateGate(input: UpdateGateInput): UpdateGate {
  const { settings } = input;
  if (!settings.enabled) return { action: 'off', reason: 'disabled' };
  if (settings.feedUrl === null || !isValidFeedUrl(settings.feedUrl)) {
    return { action: 'off', reason: 'no-feed' };
  }
  if (!input.isPackaged) return { action: 'off', reason: 'unpackaged' };
  if (!input.isSigned) return { action: 'off', reason: 'unsigned' };
  if (!input.downloaded) return { action: 'check' };
  if (input.busy.length > 0) return { action: 'wait', busy: [...input.busy] };
  return { action: 'install' };
}

/**
 * Counts the uninterruptible work running now. `begin` returns the function that ends it (call
 * it in a `finally`); the same kind may run more than once at a time.
 */
export class WorkInProgress {
  private readonly running = new Map<UninterruptibleWork, number>();
  private readonly listeners = new Set<() => void>();

  begin(kind: UninterruptibleWork): () => void {
    this.running.set(kind, (this.running.get(kind) ?? 0) + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const left = (this.running.get(kind) ?? 1) - 1;
      if (left === 0) this.running.delete(kind);
      else this.running.set(kind, left);
      if (this.running.size === 0) for (const listener of this.listeners) listener();
    };
  }

  busy(): UninterruptibleWork[] {
    return UNINTERRUPTIBLE_WORK.filter((kind) => this.running.has(kind));
  }

  /** Called each time the last running work ends. */
  onIdle(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The part of electron-updater's `AppUpdater` the app uses. */
export interface UpdateSource {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-downloaded', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdaterOptions {
  source: UpdateSource;
  settings: () => UpdateSettings;
  isPackaged: boolean;
  isSigned: boolean;
  work: WorkInProgress;
  /** Logs an event name with non-identifying fields. */
  log: (event: string, fields?: Record<string, string>) => void;
}

/**
 * Wires the gate to an update source. `check()` asks the feed (when the gate allows it); after a
 * download, `tryInstall()` installs at once if nothing runs, or when the last work ends.
 */
export function createUpdater({
  source,
  settings,
  isPackaged,
  isSigned,
  work,
  log,
}: UpdaterOptions) {
  let downloaded = false;
  const gate = () =>
    updateGate({ settings: settings(), isPackaged, isSigned, downloaded, busy: work.busy() });

  // Never on quit behind the person's back, never without the gate.
  source.autoDownload = true;
  source.autoInstallOnAppQuit = false;

  const tryInstall = (): UpdateGate => {
    const decision = gate();
    if (decision.action === 'install') {
      log('update.install');
      source.quitAndInstall(false, true);
    } else if (decision.action === 'wait') {
      log('update.waiting', { busy: decision.busy.join(',') });
    }
    return decision;
  };

  source.on('update-downloaded', () => {
    downloaded = true;
    log('update.downloaded');
    tryInstall();
  });
  source.on('error', (error) => log('update.failed', { kind: error.name }));
  work.onIdle(() => {
    if (downloaded) tryInstall();
  });

  return {
    gate,
    tryInstall,
    async check(): Promise<UpdateGate> {
      const decision = gate();
      if (decision.action !== 'check') return decision;
      const { feedUrl } = settings();
      source.setFeedURL({ provider: 'generic', url: feedUrl as string });
      try {
        await source.checkForUpdates();
      } catch (error) {
        log('update.failed', { kind: error instanceof Error ? error.name : 'unknown' });
      }
      return decision;
    },
  };
}
