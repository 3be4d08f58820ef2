/**
 * The application menu: one template per platform, built by a pure function so that tests can
 * read it without Electron. macOS: the app menu (About, Settings… ⌘,, Lock ⌘L, Services, Hide,
 * Quit), Edit (the roles without which ⌘C/⌘V do not work in an Electron app, and Search the
 * Queue ⌘F), View, Window and Help. Windows (and Linux, for development): File (Lock, Settings,
 * Exit), Edit, View and Help, with Ctrl shortcuts and &-mnemonics.
 *
 * Choices: the commands that need the page (lock, search, settings, about) are sent to it as
 * `DesktopCommand`s; the page does what its own buttons do. Reload and the developer tools exist
 * only in an unpackaged app (a reload drops the keys, so it is labelled as locking the app).
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { DesktopCommand, MenuLanguage } from '../../bridge/desktop';
import { MENU_LABELS } from './menu-labels';

export type MenuPlatform = 'darwin' | 'win32' | 'linux';

export interface MenuTemplateOptions {
  platform: MenuPlatform;
  language: MenuLanguage;
  isPackaged: boolean;
  /** Runs a command in the page (the focused window's). */
  send: (command: DesktopCommand) => void;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

/** A label without its Windows mnemonic (`&Edit`, `編集(&E)`): macOS shows no mnemonics. */
export function withoutMnemonic(label: string): string {
  return label.replace(/\(&.\)$/, '').replace(/&/g, '');
}

export function applicationMenuTemplate({
  platform,
  language,
  isPackaged,
  send,
}: MenuTemplateOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const l = mac
    ? (Object.fromEntries(
        Object.entries(MENU_LABELS[language]).map(([k, v]) => [k, withoutMnemonic(v)]),
      ) as unknown as typeof MENU_LABELS.en)
    : MENU_LABELS[language];
  const command = (
    label: string,
    accelerator: string | undefined,
    name: DesktopCommand,
  ): MenuItemConstructorOptions => ({
    label,
    ...(accelerator === undefined ? {} : { accelerator }),
    click: () => send(name),
  });
  const lock = command(l.lock, 'CmdOrCtrl+L', 'lock');
  const settings = command(l.settings, 'CmdOrCtrl+,', 'open-settings');

  const edit: MenuItemConstructorOptions = {
    label: l.edit,
    submenu: [
      { role: 'undo', label: l.undo },
      { role: 'redo', label: l.redo },
      separator,
      { role: 'cut', label: l.cut },
      { role: 'copy', label: l.copy },
      { role: 'paste', label: l.paste },
      { role: 'selectAll', label: l.selectAll },
      separator,
      command(l.findInQueue, 'CmdOrCtrl+F', 'find-in-queue'),
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: l.view,
    submenu: [
      command(l.openQueue, mac ? 'Cmd+1' : 'Ctrl+1', 'open-queue'),
      separator,
      { role: 'resetZoom', label: l.actualSize },
      { role: 'zoomIn', label: l.zoomIn },
      { role: 'zoomOut', label: l.zoomOut },
      separator,
      { role: 'togglefullscreen', label: l.fullScreen },
      ...(isPackaged
        ? []
        : [
            separator,
            { role: 'reload', label: l.reload } as const,
            { role: 'toggleDevTools', label: l.devTools } as const,
          ]),
    ],
  };

  if (mac) {
    return [
      {
        label: 'Counsellor Workstation',
        submenu: [
          { role: 'about', label: l.about },
          separator,
          settings,
          lock,
          separator,
          { role: 'services', label: l.services },
          separator,
          { role: 'hide', label: l.hide },
          { role: 'hideOthers', label: l.hideOthers },
          { role: 'unhide', label: l.showAll },
          separator,
          { role: 'quit', label: l.quit },
        ],
      },
      edit,
      view,
      {
        role: 'windowMenu',
        label: l.window,
        submenu: [
          { role: 'minimize', label: l.minimize },
          { role: 'zoom', label: l.zoom },
          separator,
          { role: 'front', label: l.bringAllToFront },
        ],
      },
      {
        role: 'help',
        label: l.help,
        submenu: [command(l.about, undefined, 'open-about')],
      },
    ];
  }

  return [
    {
      label: l.file,
      submenu: [lock, separator, settings, separator, { role: 'quit', label: l.exit }],
    },
    edit,
    view,
    { label: l.help, submenu: [command(l.about, undefined, 'open-about')] },
  ];
}

/** Every accelerator in a template, in order (for the uniqueness test and the docs). */
export function acceleratorsOf(template: readonly MenuItemConstructorOptions[]): string[] {
  const out: string[] = [];
  for (const item of template) {
    if (item.accelerator !== undefined) out.push(String(item.accelerator));
    if (Array.isArray(item.submenu)) out.push(...acceleratorsOf(item.submenu));
  }
  return out;
}

/** Every role in a template, in order. */
export function rolesOf(template: readonly MenuItemConstructorOptions[]): string[] {
  const out: string[] = [];
  for (const item of template) {
    if (item.role !== undefined) out.push(item.role);
    if (Array.isArray(item.submenu)) out.push(...rolesOf(item.submenu));
  }
  return out;
}
