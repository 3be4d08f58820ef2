import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../../../src/bridge/channels';

type Listener = (...args: unknown[]) => unknown;

const h = vi.hoisted(() => {
  function make() {
    const events: string[] = [];
    const appListeners = new Map<string, Listener[]>();
    const windows: FakeWindow[] = [];
    const ipcHandlers = new Map<string, Listener>();
    const ipcListeners = new Map<string, Listener>();
    const display = {
      bounds: { x: 0, y: 0, width: 1920, height: 1080 },
      workArea: { x: 0, y: 0, width: 1920, height: 1040 },
    };
    const powerListeners = new Map<string, Listener>();
    let resolveReady: () => void = () => undefined;
    const readyPromise = new Promise<void>((resolve) => {
      resolveReady = resolve;
    });

    class FakeWindow {
      readonly options: { webPreferences?: Record<string, unknown> };
      readonly listeners = new Map<string, Listener>();
      minimized = false;
      loadURL = vi.fn((_url: string) => Promise.resolve());
      readonly contentsListeners = new Map<string, Listener>();
      webContents = {
        reload: vi.fn(),
        send: vi.fn(),
        on: vi.fn((event: string, listener: Listener) => {
          this.contentsListeners.set(event, listener);
        }),
      };
      show = vi.fn();
      maximize = vi.fn();
      maximized = false;
      bounds = { x: 100, y: 80, width: 1100, height: 700 };
      getNormalBounds = vi.fn(() => this.bounds);
      isMaximized = vi.fn(() => this.maximized);
      restore = vi.fn();
      focus = vi.fn();
      constructor(options: { webPreferences?: Record<string, unknown> }) {
        this.options = options;
        windows.push(this);
        events.push('window');
      }
      on(event: string, listener: Listener) {
        this.listeners.set(event, listener);
        return this;
      }
      once(event: string, listener: Listener) {
        return this.on(event, listener);
      }
      isDestroyed() {
        return false;
      }
      isMinimized() {
        return this.minimized;
      }
    }

    const app = {
      isPackaged: false,
      lock: true,
      requestSingleInstanceLock: vi.fn(() => app.lock),
      quit: vi.fn(() => {
        events.push('quit');
      }),
      exit: vi.fn((_code?: number) => {
        events.push('exit');
      }),
      on: vi.fn((event: string, listener: Listener) => {
        appListeners.set(event, [...(appListeners.get(event) ?? []), listener]);
        return app;
      }),
      whenReady: vi.fn(() => readyPromise),
      getPath: vi.fn((_name: string) => '/tmp/cw-unset'),
      getVersion: vi.fn(() => '0.1.0'),
      getAppPath: vi.fn(() => process.cwd()),
      getLocale: vi.fn(() => 'en-GB'),
    };
    const protocol = {
      registerSchemesAsPrivileged: vi.fn(() => {
        events.push('registerScheme');
      }),
      handle: vi.fn(() => {
        events.push('handleProtocol');
      }),
    };
    const defaultSession = {
      setPermissionRequestHandler: vi.fn(() => {
        events.push('permissions');
      }),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onBeforeRequest: vi.fn() },
    };
    const electron = {
      app,
      protocol,
      session: { defaultSession },
      shell: { openExternal: vi.fn(async () => undefined) },
      ipcMain: {
        handle: vi.fn((channel: string, listener: Listener) => {
          ipcHandlers.set(channel, listener);
          events.push(`ipc:${channel}`);
        }),
        on: vi.fn((channel: string, listener: Listener) => {
          ipcListeners.set(channel, listener);
        }),
      },
      Menu: {
        buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
        setApplicationMenu: vi.fn((_menu: { template: unknown[] }) => {
          events.push('menu');
        }),
      },
      screen: {
        getAllDisplays: vi.fn(() => [display]),
        getPrimaryDisplay: vi.fn(() => display),
      },
      BrowserWindow: FakeWindow,
      dialog: {
        showSaveDialog: vi.fn(async () => ({ canceled: true })),
        showErrorBox: vi.fn((_title: string, _content: string) => {
          events.push('errorBox');
        }),
      },
      powerMonitor: {
        on: vi.fn((event: string, listener: Listener) => {
          powerListeners.set(event, listener);
        }),
      },
      safeStorage: {
        getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
        isAsyncEncryptionAvailable: vi.fn(async () => false),
        encryptStringAsync: vi.fn(),
        decryptStringAsync: vi.fn(),
      },
    };
    // electron-updater's autoUpdater, as far as the app uses it (UpdateSource).
    const updaterListeners = new Map<string, Listener>();
    const autoUpdater = {
      autoDownload: false,
      autoInstallOnAppQuit: true,
      setFeedURL: vi.fn(),
      checkForUpdates: vi.fn(async () => null),
      quitAndInstall: vi.fn(),
      on: vi.fn((event: string, listener: Listener) => {
        updaterListeners.set(event, listener);
        return autoUpdater;
      }),
    };
    return {
      electron,
      autoUpdater,
      updaterListeners,
      events,
      windows,
      ipcHandlers,
      ipcListeners,
      powerListeners,
      ready: () => resolveReady(),
      emit: (event: string, ...args: unknown[]) => {
        for (const listener of appListeners.get(event) ?? []) listener(...args);
      },
    };
  }
  const holder = { current: make(), make };
  return holder;
});

vi.mock('electron', () => ({
  get app() {
    return h.current.electron.app;
  },
  get protocol() {
    return h.current.electron.protocol;
  },
  get session() {
    return h.current.electron.session;
  },
  get shell() {
    return h.current.electron.shell;
  },
  get ipcMain() {
    return h.current.electron.ipcMain;
  },
  get BrowserWindow() {
    return h.current.electron.BrowserWindow;
  },
  get dialog() {
    return h.current.electron.dialog;
  },
  get powerMonitor() {
    return h.current.electron.powerMonitor;
  },
  get safeStorage() {
    return h.current.electron.safeStorage;
  },
  get Menu() {
    return h.current.electron.Menu;
  },
  get screen() {
    return h.current.electron.screen;
  },
}));

vi.mock('electron-updater', () => ({
  default: {
    get autoUpdater() {
      return h.current.autoUpdater;
    },
  },
}));

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

let dataDir: string;
let stderr: string[];
const savedArgv = process.argv;
const savedRendererUrl = process.env.ELECTRON_RENDERER_URL;

beforeEach(async () => {
  vi.resetModules();
  h.current = h.make();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-main-'));
  h.current.electron.app.getPath.mockImplementation(() => dataDir);
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  process.argv = ['/usr/bin/electron', '.'];
  delete process.env.ELECTRON_RENDERER_URL;
});

afterEach(async () => {
  vi.restoreAllMocks();
  process.argv = savedArgv;
  if (savedRendererUrl === undefined) delete process.env.ELECTRON_RENDERER_URL;
  else process.env.ELECTRON_RENDERER_URL = savedRendererUrl;
  await rm(dataDir, { recursive: true, force: true });
});

async function start(options: { packaged?: boolean; lock?: boolean } = {}) {
  h.current.electron.app.isPackaged = options.packaged ?? false;
  h.current.electron.app.lock = options.lock ?? true;
  await import('../../../../src/main/electron/index');
  return h.current;
}

async function startReady(options: { packaged?: boolean } = {}) {
  // Electron sets process.resourcesPath; a packaged app reads its holiday list from there.
  Object.assign(process, { resourcesPath: path.resolve('resources') });
  const current = await start(options);
  current.ready();
  await flush();
  return current;
}

function trustedEvent(url: string) {
  const frame = { url, parent: null, frameTreeNodeId: 1 };
  return { senderFrame: frame, sender: { mainFrame: frame } };
}

describe('main process entry', () => {
  it('quits without doing anything else when another instance holds the lock', async () => {
    const current = await start({ lock: false });
    expect(current.electron.app.quit).toHaveBeenCalledOnce();
    expect(current.electron.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(current.electron.app.whenReady).not.toHaveBeenCalled();
    expect(current.windows).toHaveLength(0);
  });

  it('registers the app scheme before ready, and nothing else before ready', async () => {
    const current = await start();
    await flush();
    expect(current.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(current.electron.protocol.handle).not.toHaveBeenCalled();
    expect(current.windows).toHaveLength(0);
  });

  it('on ready binds the bridge, serves the renderer, installs the guards, then opens the window', async () => {
    const current = await startReady({ packaged: true });
    const { events } = current;
    const windowAt = events.indexOf('window');
    expect(windowAt).toBeGreaterThan(-1);
    for (const before of [
      'handleProtocol',
      'permissions',
      ...CHANNEL_NAMES.map((n) => `ipc:cw:${n}`),
    ]) {
      expect(events.indexOf(before)).toBeGreaterThan(-1);
      expect(events.indexOf(before)).toBeLessThan(windowAt);
    }
    expect([...current.ipcHandlers.keys()].sort()).toEqual(
      CHANNEL_NAMES.map((n) => `cw:${n}`).sort(),
    );
    expect(current.electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(current.electron.app.on).toHaveBeenCalledWith(
      'web-contents-created',
      expect.any(Function),
    );
  });

  it('locks when the screen locks or the computer sleeps: the page reloads, dropping its keys', async () => {
    const current = await startReady({ packaged: true });
    const reload = current.windows[0]!.webContents.reload;
    expect(reload).not.toHaveBeenCalled();
    current.powerListeners.get('lock-screen')?.();
    expect(reload).toHaveBeenCalledTimes(1);
    current.powerListeners.get('suspend')?.();
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['gnome_libsecret', true],
    ['basic_text', false],
  ] as const)(
    'safeStorage (%s) unlocks without the passphrase: %s',
    async (backend, osUnlock) => {
      const current = await startReady({ packaged: true });
      const safe = current.electron.safeStorage;
      safe.getSelectedStorageBackend.mockReturnValue(backend);
      safe.isAsyncEncryptionAvailable.mockResolvedValue(true);
      safe.encryptStringAsync.mockImplementation(async (text: string) => Buffer.from(`os:${text}`));
      safe.decryptStringAsync.mockImplementation(async (sealed: Buffer) => ({
        result: sealed.toString().slice(3),
        shouldReEncrypt: false,
      }));
      const call = (channel: string, input: unknown) =>
        current.ipcHandlers.get(`cw:${channel}`)!(
          trustedEvent('app://counsellor-workstation/index.html'),
          input,
        ) as Promise<{ ok: boolean; value: Record<string, unknown> }>;
      await call('passphrase.create', { passphrase: 'correct horse battery staple' });
      const status = await call('passphrase.status', {});
      expect(status.value).toEqual({ state: 'set', osUnlock, autoUnlock: false });
      const unlocked = await call('vault.unlock', { passphrase: null });
      expect(unlocked.value.ok).toBe(osUnlock);
      if (process.platform === 'linux')
        expect(safe.encryptStringAsync).toHaveBeenCalledTimes(osUnlock ? 1 : 0);
    },
    20_000,
  );

  it('opens one sandboxed window with the preload next to the main bundle', async () => {
    const current = await startReady({ packaged: true });
    expect(current.windows).toHaveLength(1);
    const prefs = current.windows[0]?.options.webPreferences;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      devTools: false,
    });
    expect(String(prefs?.preload).split(path.sep).join('/')).toMatch(/\/preload\/index\.cjs$/);
  });

  it('loads the app URL when packaged, even if ELECTRON_RENDERER_URL is set', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    const current = await startReady({ packaged: true });
    expect(current.windows[0]?.loadURL).toHaveBeenCalledExactlyOnceWith(
      'app://counsellor-workstation/index.html',
    );
  });

  it('loads the dev server in development and trusts its main frame', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    const current = await startReady({ packaged: false });
    expect(current.windows[0]?.loadURL).toHaveBeenCalledExactlyOnceWith('http://localhost:5173');
    const result = await current.ipcHandlers.get('cw:app.info')?.(
      trustedEvent('http://localhost:5173/'),
    );
    expect(result).toMatchObject({ ok: true });
  });

  it('answers app.info with the Electron host, version and data folder', async () => {
    const current = await startReady({ packaged: true });
    const result = await current.ipcHandlers.get('cw:app.info')?.(
      trustedEvent('app://counsellor-workstation/index.html'),
      undefined,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'Counsellor Workstation',
        version: '0.1.0',
        host: 'electron',
        os: process.platform,
        dataDir,
        pinnedNow: null,
      },
    });
  });

  it('reads the holiday list from the packaged resources folder', async () => {
    const current = await startReady({ packaged: true });
    const result = (await current.ipcHandlers.get('cw:calendar.holidays')?.(
      trustedEvent('app://counsellor-workstation/index.html'),
      undefined,
    )) as { ok: boolean; value: { source: string; file: string } };
    expect(result.ok).toBe(true);
    expect(result.value.source).toBe('bundled');
    expect(result.value.file).toBe(path.resolve('resources', 'holidays', 'japan.json'));
  });

  it('refuses the dev server as a sender in a packaged app', async () => {
    const current = await startReady({ packaged: true });
    const result = await current.ipcHandlers.get('cw:app.info')?.(
      trustedEvent('http://localhost:5173/'),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('pins the clock from --now only when not packaged', async () => {
    process.argv = ['/usr/bin/electron', '.', '--now=2026-11-30T10:00:00+09:00'];
    const dev = await startReady({ packaged: false });
    const devInfo = await dev.ipcHandlers.get('cw:app.info')?.(
      trustedEvent('app://counsellor-workstation/'),
    );
    expect(devInfo).toMatchObject({ ok: true, value: { pinnedNow: '2026-11-30T10:00:00+09:00' } });

    vi.resetModules();
    h.current = h.make();
    h.current.electron.app.getPath.mockImplementation(() => dataDir);
    const packaged = await startReady({ packaged: true });
    const packagedInfo = await packaged.ipcHandlers.get('cw:app.info')?.(
      trustedEvent('app://counsellor-workstation/'),
    );
    expect(packagedInfo).toMatchObject({ ok: true, value: { pinnedNow: null } });
  });

  it('ignores an invalid --now with a log line', async () => {
    process.argv = ['/usr/bin/electron', '.', '--now=yesterday'];
    const current = await startReady({ packaged: false });
    const info = await current.ipcHandlers.get('cw:app.info')?.(
      trustedEvent('app://counsellor-workstation/'),
    );
    expect(info).toMatchObject({ ok: true, value: { pinnedNow: null } });
    expect(stderr.join('')).toContain('args.now-invalid');
  });

  it('restores and focuses the window when a second instance starts', async () => {
    const current = await startReady();
    const window = current.windows[0];
    if (!window) throw new Error('no window');
    window.minimized = true;
    current.emit('second-instance', {}, [], '/');
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
  });

  it('quits when all windows are closed (except on macOS)', async () => {
    const current = await startReady();
    current.emit('window-all-closed');
    if (process.platform === 'darwin') expect(current.electron.app.quit).not.toHaveBeenCalled();
    else expect(current.electron.app.quit).toHaveBeenCalledOnce();
  });

  it('sets the application menu before the window, in the operating system’s language until the page says', async () => {
    h.current.electron.app.getLocale.mockReturnValue('ja-JP');
    const current = await startReady({ packaged: true });
    expect(current.events.indexOf('menu')).toBeGreaterThan(-1);
    expect(current.events.indexOf('menu')).toBeLessThan(current.events.indexOf('window'));
    const labels = () =>
      JSON.stringify(current.electron.Menu.setApplicationMenu.mock.lastCall?.[0].template);
    expect(labels()).toContain('ロック');
    const say = current.ipcListeners.get('cw-desktop:language')!;
    // From a frame that is not the app's: ignored, with a log line.
    say(trustedEvent('https://example.org/'), 'en');
    expect(labels()).toContain('ロック');
    expect(stderr.join('')).toContain('ipc.forbidden-sender');
    say(trustedEvent('app://counsellor-workstation/index.html'), 'en');
    expect(labels()).toContain('"Lock"');
    say(trustedEvent('app://counsellor-workstation/index.html'), 'fr');
    expect(labels()).toContain('"Lock"');
  });

  it('a backup opened in Finder before the window exists starts the restore dialog once the page has loaded', async () => {
    const current = await start({ packaged: true });
    const preventDefault = vi.fn();
    current.emit('open-file', { preventDefault }, '/Users/c/Desktop/2026-12-01.cwbackup');
    expect(preventDefault).toHaveBeenCalledOnce();
    Object.assign(process, { resourcesPath: path.resolve('resources') });
    current.ready();
    await flush();
    const window = current.windows[0]!;
    expect(window.webContents.send).not.toHaveBeenCalled();
    window.contentsListeners.get('did-finish-load')?.();
    expect(window.webContents.send).toHaveBeenCalledExactlyOnceWith(
      'cw-desktop:command',
      'restore-backup',
    );
    // The page is told which dialog, never the file's path or name.
    expect(JSON.stringify(window.webContents.send.mock.calls)).not.toContain('2026-12-01');
  });

  it('a second launch with a dataset file focuses the first window and starts the import dialog', async () => {
    const current = await startReady({ packaged: true });
    const window = current.windows[0]!;
    window.contentsListeners.get('did-finish-load')?.();
    current.emit(
      'second-instance',
      {},
      ['C:\\Program Files\\cw.exe', 'D:\\data\\intake.cwdataset'],
      'C:\\',
    );
    expect(window.focus).toHaveBeenCalled();
    expect(window.webContents.send).toHaveBeenCalledExactlyOnceWith(
      'cw-desktop:command',
      'import-dataset',
    );
    expect(current.windows).toHaveLength(1);
  });

  it('a second launch without a file only focuses the first window', async () => {
    const current = await startReady({ packaged: true });
    const window = current.windows[0]!;
    window.contentsListeners.get('did-finish-load')?.();
    current.emit('second-instance', {}, ['C:\\cw.exe', '--some-flag'], 'C:\\');
    expect(window.focus).toHaveBeenCalledOnce();
    expect(window.webContents.send).not.toHaveBeenCalled();
  });

  it('remembers the window’s place on close, and opens a place off every display on a visible one', async () => {
    const first = await startReady({ packaged: true });
    const window = first.windows[0]!;
    window.bounds = { x: 200, y: 150, width: 1000, height: 700 };
    window.maximized = true;
    window.listeners.get('close')?.();
    const saved = JSON.parse(await readFile(path.join(dataDir, 'window-state.json'), 'utf8'));
    expect(Object.values(saved.placements)).toEqual([
      { bounds: { x: 200, y: 150, width: 1000, height: 700 }, maximized: true },
    ]);

    vi.resetModules();
    h.current = h.make();
    h.current.electron.app.getPath.mockImplementation(() => dataDir);
    const again = await startReady({ packaged: true });
    expect(again.windows[0]!.options).toMatchObject({ x: 200, y: 150, width: 1000, height: 700 });
    again.windows[0]!.listeners.get('ready-to-show')?.();
    expect(again.windows[0]!.maximize).toHaveBeenCalledOnce();

    // The second screen it was on is gone: the window opens centred on the primary display.
    await writeFile(
      path.join(dataDir, 'window-state.json'),
      JSON.stringify({
        version: 1,
        last: 'gone',
        placements: {
          gone: { bounds: { x: 2500, y: 100, width: 1000, height: 700 }, maximized: false },
        },
      }),
    );
    vi.resetModules();
    h.current = h.make();
    h.current.electron.app.getPath.mockImplementation(() => dataDir);
    const moved = await startReady({ packaged: true });
    expect(moved.windows[0]!.options).toMatchObject({ x: 460, y: 170, width: 1000, height: 700 });
  });
});

describe('updates in the main process (issue 17 §3)', () => {
  const FEED = 'https://updates.example.org/counsellor-workstation';
  const APP = 'app://counsellor-workstation/index.html';
  const signed = (value: boolean) => {
    if (value) Object.assign(globalThis, { __CW_SIGNED_BUILD__: true });
    else delete (globalThis as Record<string, unknown>).__CW_SIGNED_BUILD__;
  };
  afterEach(() => signed(false));

  const turnedOn = () =>
    writeFile(
      path.join(dataDir, 'updates.json'),
      JSON.stringify({
        format: 'counsellor-workstation.updates',
        version: 1,
        savedAt: '2026-12-01T00:00:00.000Z',
        settings: { enabled: true, feedUrl: FEED },
      }),
    );
  const work = (current: { ipcListeners: Map<string, Listener> }, kind: string, phase: string) =>
    current.ipcListeners.get('cw-desktop:work')!(trustedEvent(APP), { kind, phase });
  const settle = async () => {
    for (let i = 0; i < 5; i += 1) await flush();
  };

  it('off by default: a packaged, signed build never touches the feed', async () => {
    signed(true);
    const current = await startReady({ packaged: true });
    await settle();
    expect(current.autoUpdater.autoInstallOnAppQuit).toBe(false);
    expect(current.autoUpdater.setFeedURL).not.toHaveBeenCalled();
    expect(current.autoUpdater.checkForUpdates).not.toHaveBeenCalled();
    const read = await current.ipcHandlers.get('cw:updates.get')!(trustedEvent(APP), undefined);
    expect(read).toMatchObject({
      ok: true,
      value: { settings: { enabled: false, feedUrl: null } },
    });
  });

  it('turned on: a packaged, signed build checks the configured feed', async () => {
    signed(true);
    await turnedOn();
    const current = await startReady({ packaged: true });
    await vi.waitFor(() => expect(current.autoUpdater.checkForUpdates).toHaveBeenCalledOnce());
    expect(current.autoUpdater.setFeedURL).toHaveBeenCalledExactlyOnceWith({
      provider: 'generic',
      url: FEED,
    });
  });

  it.each([
    ['an unsigned build', true, false],
    ['an unpackaged app', false, true],
  ])('turned on, %s still never checks', async (_, packaged, isSigned) => {
    signed(isSigned);
    await turnedOn();
    const current = await startReady({ packaged });
    await settle();
    expect(current.autoUpdater.checkForUpdates).not.toHaveBeenCalled();
  });

  it('a downloaded update waits while the page sends a reply or imports, and installs after', async () => {
    signed(true);
    await turnedOn();
    const current = await startReady({ packaged: true });
    await vi.waitFor(() => expect(current.autoUpdater.checkForUpdates).toHaveBeenCalled());
    work(current, 'reply-send', 'begin');
    work(current, 'import', 'begin');
    work(current, 'import', 'nonsense');
    current.updaterListeners.get('update-downloaded')!();
    expect(current.autoUpdater.quitAndInstall).not.toHaveBeenCalled();
    work(current, 'reply-send', 'end');
    expect(current.autoUpdater.quitAndInstall).not.toHaveBeenCalled();
    work(current, 'import', 'end');
    expect(current.autoUpdater.quitAndInstall).toHaveBeenCalledExactlyOnceWith(false, true);
  });

  it('a page reload ends the work it had reported (it cannot finish it any more)', async () => {
    signed(true);
    await turnedOn();
    const current = await startReady({ packaged: true });
    await vi.waitFor(() => expect(current.autoUpdater.checkForUpdates).toHaveBeenCalled());
    work(current, 'rotation', 'begin');
    current.updaterListeners.get('update-downloaded')!();
    expect(current.autoUpdater.quitAndInstall).not.toHaveBeenCalled();
    current.windows[0]!.contentsListeners.get('did-start-loading')!();
    expect(current.autoUpdater.quitAndInstall).toHaveBeenCalledOnce();
  });

  it('a counsellor cannot turn updates on through the bridge', async () => {
    signed(true);
    const current = await startReady({ packaged: true });
    const result = await current.ipcHandlers.get('cw:updates.set')!(trustedEvent(APP), {
      enabled: true,
      feedUrl: FEED,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-role' } });
    await settle();
    expect(current.autoUpdater.checkForUpdates).not.toHaveBeenCalled();
  });
});

describe('a data folder that had keys and lost its key store (issue 12)', () => {
  const keysMade = () =>
    writeFile(
      path.join(dataDir, 'keys-made.json'),
      '{"format":"counsellor-workstation.keys-made","version":1}\n',
    );

  it('refuses to start: an error dialog says what to restore, exit code 2, no bridge, no window', async () => {
    await keysMade();
    const current = await startReady({ packaged: true });
    const { showErrorBox } = current.electron.dialog;
    expect(showErrorBox).toHaveBeenCalledOnce();
    const [title, content] = showErrorBox.mock.calls[0]!;
    expect(title).toBe('The key store is missing');
    expect(content).toContain('keystore.json is missing from its data folder');
    expect(content).toContain(`restore keystore.json into ${dataDir}`);
    expect(current.electron.app.exit).toHaveBeenCalledExactlyOnceWith(2);
    expect(current.ipcHandlers.size).toBe(0);
    expect(current.windows).toHaveLength(0);
    expect(current.electron.protocol.handle).not.toHaveBeenCalled();
    // Nothing was made in its place.
    await expect(readFile(path.join(dataDir, 'keystore.json'))).rejects.toThrow(/ENOENT/);
  });

  it('says it in Japanese on a Japanese system', async () => {
    await keysMade();
    h.current.electron.app.getLocale.mockReturnValue('ja-JP');
    const current = await startReady({ packaged: true });
    const [title, content] = current.electron.dialog.showErrorBox.mock.calls[0]!;
    expect(title).toBe('鍵ストアが見つかりません');
    expect(content).toContain(`データフォルダーの控えから keystore.json を ${dataDir} に戻して`);
    expect(current.electron.app.exit).toHaveBeenCalledExactlyOnceWith(2);
  });

  it('a damaged keys-made.json still counts as keys made (the safe side)', async () => {
    await writeFile(path.join(dataDir, 'keys-made.json'), '{"form');
    const current = await startReady({ packaged: true });
    expect(current.electron.app.exit).toHaveBeenCalledExactlyOnceWith(2);
  });

  it('records that keys were made when the passphrase is set, so a later loss is refused', async () => {
    const current = await startReady({ packaged: true });
    expect(current.electron.dialog.showErrorBox).not.toHaveBeenCalled();
    expect(current.windows).toHaveLength(1);
    await expect(readFile(path.join(dataDir, 'keys-made.json'))).rejects.toThrow(/ENOENT/);
    const created = (await current.ipcHandlers.get('cw:passphrase.create')!(
      trustedEvent('app://counsellor-workstation/index.html'),
      { passphrase: 'correct horse battery staple' },
    )) as { ok: boolean };
    expect(created.ok).toBe(true);
    expect(JSON.parse(await readFile(path.join(dataDir, 'keys-made.json'), 'utf8'))).toEqual({
      format: 'counsellor-workstation.keys-made',
      version: 1,
    });
    // The key store lost: the next start refuses.
    await rm(path.join(dataDir, 'keystore.json'));
    vi.resetModules();
    h.current = h.make();
    h.current.electron.app.getPath.mockImplementation(() => dataDir);
    const next = await startReady({ packaged: true });
    expect(next.electron.app.exit).toHaveBeenCalledExactlyOnceWith(2);
    expect(next.windows).toHaveLength(0);
  }, 20_000);

  it('a folder whose key store predates the record is recorded at start', async () => {
    await writeFile(path.join(dataDir, 'keystore.json'), '{}');
    const current = await startReady({ packaged: true });
    expect(current.electron.app.exit).not.toHaveBeenCalled();
    expect(current.windows).toHaveLength(1);
    await expect(readFile(path.join(dataDir, 'keys-made.json'), 'utf8')).resolves.toContain(
      'keys-made',
    );
  });
});
