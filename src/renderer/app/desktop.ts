/**
 * The desktop side channel in the page (Electron only; in the browser host there is none and
 * these do nothing). Commands from the menu, a file opened from the desktop or a notification
 * click wait here until a screen that is unlocked takes them: a backup double-clicked while the
 * app is locked opens the restore dialog after the unlock, not before.
 */
import { useEffect, useSyncExternalStore } from 'react';
import {
  DESKTOP_GLOBAL,
  isDesktopCommand,
  type DesktopCommand,
  type PageWorkKind,
} from '../../bridge/desktop';

interface DesktopApi {
  onCommand(listener: (command: DesktopCommand) => void): () => void;
  setLanguage(language: string): void;
  /** Absent in a preload older than issue 17 §3. */
  work?(kind: string, phase: string): void;
}

function desktopApi(): DesktopApi | null {
  const api = (window as unknown as Record<string, unknown>)[DESKTOP_GLOBAL];
  return typeof api === 'object' && api !== null ? (api as DesktopApi) : null;
}

const waiting = new Set<DesktopCommand>();
const listeners = new Set<() => void>();
let version = 0;
// `lock` never waits: locking a page that is already locked does nothing, and a lock that
// waited would lock the app again right after the next unlock.
let lockNow: (() => void) | null = null;

/** Queues a command as if the desktop had sent it (the notification click uses it too). */
export function requestDesktopCommand(command: DesktopCommand): void {
  if (!isDesktopCommand(command)) return;
  if (command === 'lock') {
    lockNow?.();
    return;
  }
  waiting.add(command);
  version += 1;
  for (const listener of listeners) listener();
}

/** Whether a command is waiting (without taking it). */
export function desktopCommandWaiting(command: DesktopCommand): boolean {
  return waiting.has(command);
}

/** The unlocked app's lock; the returned function removes it (at lock, when the shell goes). */
export function setDesktopLock(lock: () => void): () => void {
  lockNow = lock;
  return () => {
    if (lockNow === lock) lockNow = null;
  };
}

/** Takes a waiting command: true if it was waiting (and now is not). */
export function takeDesktopCommand(command: DesktopCommand): boolean {
  return waiting.delete(command);
}

desktopApi()?.onCommand(requestDesktopCommand);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders when a command arrives; the number changes with each one. */
export function useDesktopCommandVersion(): number {
  return useSyncExternalStore(subscribe, () => version);
}

/** Runs `handler` (on mount and whenever it arrives) each time `command` is waiting. */
export function useDesktopCommand(command: DesktopCommand, handler: () => void): void {
  const current = useDesktopCommandVersion();
  useEffect(() => {
    if (takeDesktopCommand(command)) handler();
  }, [current, command, handler]);
}

/** Tells the main process the UI's language, for the menu's labels. */
export function useDesktopLanguage(language: string): void {
  useEffect(() => {
    desktopApi()?.setLanguage(language);
  }, [language]);
}

/**
 * Runs `task` while telling the main process that work an update must not cut runs (a reply
 * being sent, an import, a restore, a key rotation): a downloaded update waits until it ends.
 * Nothing in the browser host.
 */
export async function duringUninterruptibleWork<T>(
  kind: PageWorkKind,
  task: () => Promise<T>,
): Promise<T> {
  const api = desktopApi();
  api?.work?.(kind, 'begin');
  try {
    return await task();
  } finally {
    api?.work?.(kind, 'end');
  }
}
