/**
 * The one factory for every BrowserWindow of the app, so that no window is ever created without
 * the security settings below.
 */
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { errorKind, type Logger } from '../services/logger';
import type { WindowPlacement } from './window-state';

export const WINDOW_TITLE = 'Counsellor Workstation';

export interface MainWindowOptions {
  /** Absolute path of the built preload script (`out/preload/index.cjs`). */
  preloadPath: string;
  /** `app.isPackaged`: a packaged app has no DevTools. */
  isPackaged: boolean;
  /** Where to open (remembered per display arrangement); the default size, centred, without. */
  placement?: WindowPlacement;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;

export interface CreateMainWindowOptions extends MainWindowOptions {
  /** The page to load: the app's index, or the dev server in development. */
  startUrl: string;
  log?: Logger;
}

export function mainWindowOptions({
  preloadPath,
  isPackaged,
  placement,
}: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    ...(placement === undefined ? DEFAULT_WINDOW_SIZE : placement.bounds),
    minWidth: 960,
    minHeight: 640,
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: !isPackaged,
      spellcheck: false,
    },
  };
}

export function createMainWindow({
  preloadPath,
  isPackaged,
  placement,
  startUrl,
  log,
}: CreateMainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions({ preloadPath, isPackaged, placement }));
  window.once('ready-to-show', () => {
    if (placement?.maximized === true) window.maximize();
    window.show();
  });
  window.loadURL(startUrl).catch((error: unknown) => {
    log?.error('window.load-failed', { kind: errorKind(error) });
  });
  return window;
}
