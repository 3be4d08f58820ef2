/**
 * The desktop side channel (Electron only, beside the bridge): the page hears the menu's
 * commands and tells the main process its language and when work an update must not cut runs. Only a known command string crosses to the
 * page (never Electron's event object), and only `en` or `ja` crosses back.
 */
import type { ContextBridge, IpcRenderer, IpcRendererEvent } from 'electron';
import {
  DESKTOP_COMMAND_CHANNEL,
  DESKTOP_GLOBAL,
  DESKTOP_LANGUAGE_CHANNEL,
  DESKTOP_WORK_CHANNEL,
  isDesktopCommand,
  isMenuLanguage,
  isPageWorkMessage,
  type DesktopCommand,
} from '../bridge/desktop';

export interface ExposedDesktop {
  /** Calls `listener` with each command; returns the function that stops listening. */
  onCommand(listener: (command: DesktopCommand) => void): () => void;
  setLanguage(language: string): void;
  /** Work an update must not cut (a reply being sent, an import, a restore, a rotation). */
  work(kind: string, phase: string): void;
}

export function buildDesktopApi(
  ipcRenderer: Pick<IpcRenderer, 'on' | 'removeListener' | 'send'>,
): ExposedDesktop {
  return Object.freeze({
    onCommand(listener: (command: DesktopCommand) => void) {
      const wrapped = (_event: IpcRendererEvent, command: unknown) => {
        if (isDesktopCommand(command)) listener(command);
      };
      ipcRenderer.on(DESKTOP_COMMAND_CHANNEL, wrapped);
      return () => {
        ipcRenderer.removeListener(DESKTOP_COMMAND_CHANNEL, wrapped);
      };
    },
    setLanguage(language: string) {
      if (isMenuLanguage(language)) ipcRenderer.send(DESKTOP_LANGUAGE_CHANNEL, language);
    },
    work(kind: string, phase: string) {
      const message = { kind, phase };
      if (isPageWorkMessage(message)) ipcRenderer.send(DESKTOP_WORK_CHANNEL, message);
    },
  });
}

export function exposeDesktop(
  contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>,
  ipcRenderer: Pick<IpcRenderer, 'on' | 'removeListener' | 'send'>,
): void {
  contextBridge.exposeInMainWorld(DESKTOP_GLOBAL, buildDesktopApi(ipcRenderer));
}
