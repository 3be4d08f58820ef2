/**
 * The desktop conventions, wired: the application menu in the page's language, the commands the
 * menu, a file opened from the desktop and a second launch send to the page, and the window's
 * remembered place. Electron objects come in as parameters (index.ts passes the real ones; the
 * tests pass fakes).
 */
import type { BrowserWindow, Menu as ElectronMenu } from 'electron';
import {
  DESKTOP_COMMAND_CHANNEL,
  isMenuLanguage,
  type DesktopCommand,
  type MenuLanguage,
} from '../../bridge/desktop';
import type { Logger } from '../services/logger';
import { applicationMenuTemplate, type MenuPlatform } from './menu';
import { PendingCommands, commandForFile, commandFromArgv } from './open-file';

export interface DesktopOptions {
  Menu: Pick<typeof ElectronMenu, 'buildFromTemplate' | 'setApplicationMenu'>;
  /** Registers the listener of the page's language messages (behind the sender check). */
  onLanguageMessage: (listener: (value: unknown) => void) => void;
  platform: MenuPlatform;
  isPackaged: boolean;
  /** The language before the page says (the operating system's, `en` unless it is Japanese). */
  initialLanguage: MenuLanguage;
  window: () => BrowserWindow | null;
  log: Logger;
}

export function menuLanguageForLocale(locale: string): MenuLanguage {
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function createDesktop(options: DesktopOptions) {
  const { Menu, platform, isPackaged, log } = options;
  const pending = new PendingCommands();
  let language = options.initialLanguage;

  const send = (command: DesktopCommand) => {
    const window = options.window();
    if (window !== null && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    }
    pending.send(command);
  };

  const setMenu = () => {
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(applicationMenuTemplate({ platform, language, isPackaged, send })),
    );
  };

  options.onLanguageMessage((value: unknown) => {
    if (!isMenuLanguage(value) || value === language) return;
    language = value;
    setMenu();
  });

  return {
    send,
    /** Builds the menu; call once the app is ready. */
    installMenu: setMenu,
    language: () => language,
    /** Sets the language without rebuilding the menu (before `installMenu`). */
    setLanguage(value: MenuLanguage) {
      language = value;
    },
    /** The page has loaded: pending commands go to it. */
    pageLoaded(window: BrowserWindow) {
      pending.ready((command) => window.webContents.send(DESKTOP_COMMAND_CHANNEL, command));
    },
    /** The page is reloading or gone: commands wait. */
    pageUnloaded() {
      pending.notReady();
    },
    /** macOS `open-file`. */
    openFile(file: string) {
      const command = commandForFile(file);
      log.info('desktop.open-file', { opens: command ?? 'nothing' });
      if (command !== null) send(command);
    },
    /** The first launch's or a second launch's command line. */
    openArgv(argv: readonly string[]) {
      const command = commandFromArgv(argv, isPackaged);
      if (command !== null) send(command);
    },
  };
}

export type Desktop = ReturnType<typeof createDesktop>;
