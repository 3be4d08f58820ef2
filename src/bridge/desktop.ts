/**
 * What the main process asks of the page (menu items, a notification click, a file opened from
 * the desktop) and what the page tells the main process (its language). Electron only: the
 * browser host has no menu. Pure, no Electron; the preload and the page import the same lists.
 */

/** IPC channel, main → page: one `DesktopCommand`. */
export const DESKTOP_COMMAND_CHANNEL = 'cw-desktop:command';
/** IPC channel, page → main: the UI's language (`en` or `ja`), for the menu's labels. */
export const DESKTOP_LANGUAGE_CHANNEL = 'cw-desktop:language';
/** Name of the object the preload exposes on `window` beside the bridge. */
export const DESKTOP_GLOBAL = 'counsellorWorkstationDesktop';

export const MENU_LANGUAGES = ['en', 'ja'] as const;
export type MenuLanguage = (typeof MENU_LANGUAGES)[number];

export function isMenuLanguage(value: unknown): value is MenuLanguage {
  return typeof value === 'string' && (MENU_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The page's part of a command. `import-dataset` and `restore-backup` open the dialog only: the
 * person still confirms (a file opened from the desktop never acts on its own), and the page is
 * told nothing but which dialog (never the file's path or name).
 */
export const DESKTOP_COMMANDS = [
  'lock',
  'find-in-queue',
  'open-queue',
  'open-settings',
  'open-about',
  'import-dataset',
  'restore-backup',
] as const;
export type DesktopCommand = (typeof DESKTOP_COMMANDS)[number];

export function isDesktopCommand(value: unknown): value is DesktopCommand {
  return typeof value === 'string' && (DESKTOP_COMMANDS as readonly string[]).includes(value);
}

/**
 * IPC channel, page → main: work during which an update must not install starts or ends (issue
 * 17 §3). Only `{ kind, phase }` crosses: never what is being sent, imported or restored.
 */
export const DESKTOP_WORK_CHANNEL = 'cw-desktop:work';
export const PAGE_WORK_KINDS = ['reply-send', 'import', 'restore', 'rotation'] as const;
export type PageWorkKind = (typeof PAGE_WORK_KINDS)[number];
export interface PageWorkMessage {
  kind: PageWorkKind;
  phase: 'begin' | 'end';
}

export function isPageWorkMessage(value: unknown): value is PageWorkMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (
    Object.keys(record).length === 2 &&
    typeof record.kind === 'string' &&
    (PAGE_WORK_KINDS as readonly string[]).includes(record.kind) &&
    (record.phase === 'begin' || record.phase === 'end')
  );
}
