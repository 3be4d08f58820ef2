/**
 * The Electron main process (built to out/main/index.js as ESM). Thin and declarative: the
 * decisions live in the modules it wires together.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  dialog,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
  type BrowserWindow,
} from 'electron';
import { createBridgeRouter } from '../services/bridge-router';
import { createBridgeHandlers } from '../services/handlers';
import { createRoleCredentials } from '../services/role-credentials';
import { createLogger, errorKind } from '../services/logger';
import { createHolidaySource } from '../services/holiday-source';
import { createSettingsStore } from '../services/settings-store';
import { createKeyStore } from '../services/key-store';
import { osKeyProtector } from './os-key-store';
import { createExportFiles } from '../services/export-files';
import { APP_INDEX_URL, trustedOrigins } from './app-origin';
import { pinnedNowFromArgs } from './args';
import { bindBridgeToIpcMain } from './ipc';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { installSecurityGuards } from './security';
import { createMainWindow } from './window';

const mainDir = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(mainDir, '../renderer');
const preloadPath = path.join(mainDir, '../preload/index.cjs');

const log = createLogger({ level: process.env.CW_LOG_LEVEL === 'debug' ? 'debug' : 'info' });
const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL || undefined;
const origins = trustedOrigins(devUrl);

let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme(protocol);

  app.on('second-instance', () => {
    if (mainWindow === null || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(() => {
      const dataDir = app.getPath('userData');
      const settings = createSettingsStore({ dataDir, log });
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
      const keyStore = createKeyStore({ dataDir, log, os: osKeyProtector(safeStorage, log) });
      const roles = createRoleCredentials({
        dataDir,
        log,
        verifyPassphrase: (passphrase) => keyStore.verify(passphrase),
      });
      const dispatch = createBridgeRouter(
        createBridgeHandlers({
          appInfo,
          settings,
          holidays,
          keyStore,
          roles,
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
        roles.lock();
        if (mainWindow === null || mainWindow.isDestroyed()) return;
        log.info('app.locked', { reason });
        mainWindow.webContents.reload();
      };
      powerMonitor.on('lock-screen', () => lockNow('lock-screen'));
      powerMonitor.on('suspend', () => lockNow('suspend'));
      handleAppProtocol(protocol, rendererDir, log);
      installSecurityGuards(app, session.defaultSession, origins, log, shell);

      const openWindow = (): void => {
        mainWindow = createMainWindow({
          preloadPath,
          isPackaged: app.isPackaged,
          startUrl: devUrl ?? APP_INDEX_URL,
          log,
        });
        mainWindow.on('closed', () => {
          mainWindow = null;
        });
      };
      openWindow();
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
