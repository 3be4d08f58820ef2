/**
 * The Electron main process (built to out/main/index.js as ESM). Thin and declarative: the
 * decisions live in the modules it wires together.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  dialog,
  Menu,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  type BrowserWindow,
} from 'electron';
import electronUpdater from 'electron-updater';
import { createBridgeRouter } from '../services/bridge-router';
import { createAuditAnchorStore } from '../services/audit-anchor';
import { createBridgeHandlers } from '../services/handlers';
import { createRoleCredentials } from '../services/role-credentials';
import { createLogger, errorKind } from '../services/logger';
import { createHolidaySource } from '../services/holiday-source';
import { createSettingsStore } from '../services/settings-store';
import { createUpdateSettingsStore } from '../services/update-settings-store';
import { createSyncTransport } from '../services/sync-transport';
import { createKeyStore, KEY_STORE_FILE_NAME, type KeyStore } from '../services/key-store';
import {
  keyStoreLoss,
  keyStoreLossDialog,
  readKeysMade,
  recordKeysMade,
} from '../services/key-store-guard';
import { osKeyProtector } from './os-key-store';
import { createExportFiles } from '../services/export-files';
import { APP_INDEX_URL, trustedOrigins } from './app-origin';
import { pinnedNowFromArgs } from './args';
import { bindBridgeToIpcMain, onPageMessage } from './ipc';
import { DESKTOP_LANGUAGE_CHANNEL, DESKTOP_WORK_CHANNEL } from '../../bridge/desktop';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { installSecurityGuards } from './security';
import { createDesktop, menuLanguageForLocale } from './desktop';
import type { MenuPlatform } from './menu';
import { DEFAULT_WINDOW_SIZE, createMainWindow } from './window';
import { placementFor, rememberPlacement, type DisplayArea } from './window-state';
import { readWindowState, writeWindowState } from './window-state-file';
import { startUpdates } from './update-wiring';

const mainDir = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(mainDir, '../renderer');
const preloadPath = path.join(mainDir, '../preload/index.cjs');

const log = createLogger({ level: process.env.CW_LOG_LEVEL === 'debug' ? 'debug' : 'info' });
const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL || undefined;
const origins = trustedOrigins(devUrl);
/**
 * Whether this build was signed: set at build time from CW_SIGNED_BUILD (the release workflow
 * sets it when the signing secrets are there; see electron.vite.config.ts). An unsigned build
 * never updates: nothing could check what it downloads.
 */
const signedBuild = typeof __CW_SIGNED_BUILD__ === 'boolean' && __CW_SIGNED_BUILD__;

let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme(protocol);

  const platform: MenuPlatform =
    process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux';
  const desktop = createDesktop({
    Menu,
    onLanguageMessage: (listener) =>
      onPageMessage(DESKTOP_LANGUAGE_CHANNEL, origins, listener, log),
    platform,
    isPackaged: app.isPackaged,
    initialLanguage: 'en',
    window: () => mainWindow,
    log,
  });
  // macOS hands over a file opened in Finder through this event, possibly before ready.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    desktop.openFile(file);
  });

  // A second launch focuses the first window (and passes on a file it was asked to open).
  app.on('second-instance', (_event, argv) => {
    if (mainWindow !== null && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    if (Array.isArray(argv)) desktop.openArgv(argv);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(() => {
      const dataDir = app.getPath('userData');
      // A folder that had keys and lost its key store does not start (issue 12): new keys would
      // open nothing stored, and what is written then would be sealed under the wrong key.
      const loss = keyStoreLoss(dataDir, readKeysMade(dataDir));
      if (loss !== null) {
        log.error('app.key-store-missing');
        const text = keyStoreLossDialog(loss, menuLanguageForLocale(app.getLocale()));
        dialog.showErrorBox(text.title, `${text.message}\n\n${text.detail}`);
        app.exit(2);
        return;
      }
      // A folder whose keys were made before this record existed is recorded now.
      if (existsSync(path.join(dataDir, KEY_STORE_FILE_NAME))) recordKeysMade(dataDir);
      // Until the page says which language it shows, the menu follows the operating system.
      desktop.setLanguage(menuLanguageForLocale(app.getLocale()));
      const settings = createSettingsStore({ dataDir, log });
      // Updates (issue 17 §3): off until a supervisor turns them on with a feed URL; never on an
      // unpackaged or unsigned build; never installing while a reply, an import, a restore or a
      // rotation runs (the page says when such work starts and ends).
      const updates = startUpdates({
        source: electronUpdater.autoUpdater,
        store: createUpdateSettingsStore({ dataDir, log }),
        isPackaged: app.isPackaged,
        isSigned: signedBuild,
        onWorkMessage: (listener) => onPageMessage(DESKTOP_WORK_CHANNEL, origins, listener, log),
        log,
      });
      const appInfo = {
        name: 'Counsellor Workstation',
        version: app.getVersion(),
        host: 'electron' as const,
        os: process.platform,
        dataDir,
        pinnedNow: pinnedNowFromArgs(process.argv, app.isPackaged, log),
      };
      // Packaged: electron-builder's extraResources; unpackaged: the project's resources folder.
      const bundledHolidays = app.isPackaged
        ? path.join(process.resourcesPath, 'holidays', 'japan.json')
        : path.join(app.getAppPath(), 'resources', 'holidays', 'japan.json');
      const holidays = createHolidaySource({ bundledFile: bundledHolidays, dataDir, log });
      const createdKeyStore = createKeyStore({
        dataDir,
        log,
        os: osKeyProtector(safeStorage, log),
      });
      // The folder records that it has keys as soon as they exist (see key-store-guard.ts).
      const keyStore: KeyStore = {
        ...createdKeyStore,
        create: async (passphrase) => {
          const created = await createdKeyStore.create(passphrase);
          recordKeysMade(dataDir);
          return created;
        },
      };
      const auditAnchor = createAuditAnchorStore({ dataDir, log });
      const roles = createRoleCredentials({
        dataDir,
        log,
        verifyPassphrase: (passphrase) => keyStore.verify(passphrase),
      });
      // All of the workstation's network I/O with the sync server (issue 15).
      const sync = createSyncTransport({
        dataDir,
        log,
        auditAnchor,
        onSessionEnded: (accountId) => void roles.accountEnded(accountId),
        onSettingsPulled: (pulled) => settings.save(pulled),
      });
      const dispatch = createBridgeRouter(
        createBridgeHandlers({
          appInfo,
          settings,
          updateSettings: updates.store,
          holidays,
          keyStore,
          auditAnchor,
          roles,
          sync,
          log,
          exports: createExportFiles({
            // The person chooses where an export goes; cancelling saves nothing.
            chooseDestination: async (suggestedName) => {
              const options = { defaultPath: path.join(app.getPath('documents'), suggestedName) };
              const result =
                mainWindow === null
                  ? await dialog.showSaveDialog(options)
                  : await dialog.showSaveDialog(mainWindow, options);
              return result.canceled || !result.filePath ? null : result.filePath;
            },
            log,
          }),
        }),
        log,
      );
      bindBridgeToIpcMain(dispatch, origins, log);
      // Lock when the screen locks or the computer sleeps: a reload drops the page's keys and
      // everything decrypted, and the page opens locked.
      const lockNow = (reason: string) => {
        // The key store refuses the OS store until the passphrase is typed again.
        keyStore.lock();
        auditAnchor.forgetKey();
        roles.lock();
        sync.lock();
        if (mainWindow === null || mainWindow.isDestroyed()) return;
        log.info('app.locked', { reason });
        mainWindow.webContents.reload();
      };
      powerMonitor.on('lock-screen', () => lockNow('lock-screen'));
      powerMonitor.on('suspend', () => lockNow('suspend'));
      // Back from sleep: the sync transport tries the server at once instead of waiting out its
      // back-off (it syncs again once the page is unlocked).
      powerMonitor.on('resume', () => sync.wake());
      handleAppProtocol(protocol, rendererDir, log);
      installSecurityGuards(app, session.defaultSession, origins, log, shell);

      const displays = (): DisplayArea[] =>
        screen.getAllDisplays().map((d) => ({ bounds: d.bounds, workArea: d.workArea }));
      const openWindow = (): void => {
        const primary = screen.getPrimaryDisplay();
        const window = createMainWindow({
          preloadPath,
          isPackaged: app.isPackaged,
          placement: placementFor(
            readWindowState(dataDir),
            displays(),
            { bounds: primary.bounds, workArea: primary.workArea },
            DEFAULT_WINDOW_SIZE,
          ),
          startUrl: devUrl ?? APP_INDEX_URL,
          log,
        });
        mainWindow = window;
        window.webContents.on('did-finish-load', () => desktop.pageLoaded(window));
        window.webContents.on('did-start-loading', () => {
          desktop.pageUnloaded();
          updates.pageUnloaded();
        });
        window.on('close', () => {
          writeWindowState(
            dataDir,
            rememberPlacement(readWindowState(dataDir), displays(), {
              bounds: window.getNormalBounds(),
              maximized: window.isMaximized(),
            }),
            log,
          );
        });
        window.on('closed', () => {
          desktop.pageUnloaded();
          updates.pageUnloaded();
          mainWindow = null;
        });
      };
      desktop.installMenu();
      openWindow();
      desktop.openArgv(process.argv);
      app.on('activate', () => {
        if (mainWindow === null) openWindow();
      });
      log.info('app.ready', { version: app.getVersion(), platform: process.platform });
    })
    .catch((error: unknown) => {
      log.error('app.start-failed', { kind: errorKind(error) });
      app.quit();
    });
}
