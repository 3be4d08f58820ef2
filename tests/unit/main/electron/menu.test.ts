import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { DESKTOP_COMMANDS, type DesktopCommand } from '../../../../src/bridge/desktop';
import {
  acceleratorsOf,
  applicationMenuTemplate,
  rolesOf,
  type MenuPlatform,
} from '../../../../src/main/electron/menu';
import { MENU_LABELS } from '../../../../src/main/electron/menu-labels';

const PLATFORMS: MenuPlatform[] = ['darwin', 'win32', 'linux'];

function template(platform: MenuPlatform, isPackaged = true, language: 'en' | 'ja' = 'en') {
  const send = vi.fn<(command: DesktopCommand) => void>();
  return { items: applicationMenuTemplate({ platform, language, isPackaged, send }), send };
}

/** Electron's default accelerator per role (docs: MenuItem roles), per platform. */
function roleAccelerator(role: string, mac: boolean): string | null {
  const table: Record<string, string | null> = {
    undo: 'CmdOrCtrl+Z',
    redo: mac ? 'Shift+CmdOrCtrl+Z' : 'Ctrl+Y',
    cut: 'CmdOrCtrl+X',
    copy: 'CmdOrCtrl+C',
    paste: 'CmdOrCtrl+V',
    selectAll: 'CmdOrCtrl+A',
    resetZoom: 'CmdOrCtrl+0',
    zoomIn: 'CmdOrCtrl+Plus',
    zoomOut: 'CmdOrCtrl+-',
    togglefullscreen: mac ? 'Ctrl+Cmd+F' : 'F11',
    reload: 'CmdOrCtrl+R',
    toggleDevTools: mac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I',
    quit: mac ? 'Cmd+Q' : null,
    hide: 'Cmd+H',
    hideOthers: 'Alt+Cmd+H',
    minimize: 'CmdOrCtrl+M',
    close: 'CmdOrCtrl+W',
  };
  return table[role] ?? null;
}

/** One spelling per key combination: CmdOrCtrl resolved, modifiers sorted, case folded. */
function normalise(accelerator: string, mac: boolean): string {
  const parts = accelerator.split('+').map((p) => {
    const lower = p.toLowerCase();
    if (lower === 'cmdorctrl' || lower === 'commandorcontrol') return mac ? 'cmd' : 'ctrl';
    if (lower === 'command') return 'cmd';
    if (lower === 'control') return 'ctrl';
    if (lower === 'option') return 'alt';
    return lower;
  });
  const key = parts.pop() ?? '';
  return [...parts.sort(), key].join('+');
}

function effectiveAccelerators(items: MenuItemConstructorOptions[], mac: boolean): string[] {
  const out: string[] = [];
  const walk = (list: MenuItemConstructorOptions[]) => {
    for (const item of list) {
      const given = item.accelerator ?? (item.role ? roleAccelerator(item.role, mac) : null);
      if (given) out.push(normalise(String(given), mac));
      if (Array.isArray(item.submenu)) walk(item.submenu);
    }
  };
  walk(items);
  return out;
}

function findByLabel(
  items: MenuItemConstructorOptions[],
  label: string,
): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.label === label) return item;
    if (Array.isArray(item.submenu)) {
      const found = findByLabel(item.submenu, label);
      if (found) return found;
    }
  }
  return undefined;
}

describe('application menu', () => {
  it('on macOS: the app menu, Edit with every editing role, View, Window and Help', () => {
    const { items } = template('darwin');
    expect(items.map((i) => i.label)).toEqual([
      'Counsellor Workstation',
      'Edit',
      'View',
      'Window',
      'Help',
    ]);
    const roles = rolesOf(items);
    for (const role of [
      'about',
      'services',
      'hide',
      'hideOthers',
      'unhide',
      'quit',
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'selectAll',
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
      'windowMenu',
      'minimize',
      'zoom',
      'front',
      'help',
    ]) {
      expect(roles, role).toContain(role);
    }
    const settings = findByLabel(items, 'Settings…');
    expect(settings?.accelerator).toBe('CmdOrCtrl+,');
  });

  it.each(['win32', 'linux'] as const)(
    'on %s: File, Edit, View and Help with Ctrl shortcuts and mnemonics',
    (platform) => {
      const { items } = template(platform);
      expect(items.map((i) => i.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
      const roles = rolesOf(items);
      for (const role of [
        'undo',
        'redo',
        'cut',
        'copy',
        'paste',
        'selectAll',
        'resetZoom',
        'zoomIn',
        'zoomOut',
        'togglefullscreen',
        'quit',
      ]) {
        expect(roles, role).toContain(role);
      }
      // macOS-only roles would do nothing (or worse) on Windows.
      for (const role of ['services', 'hide', 'hideOthers', 'unhide', 'front', 'windowMenu']) {
        expect(roles).not.toContain(role);
      }
      expect(effectiveAccelerators(items, false).every((a) => !a.includes('cmd'))).toBe(true);
    },
  );

  it.each(PLATFORMS)(
    'on %s: Lock (⌘/Ctrl+L) and Search the Queue (⌘/Ctrl+F) send their commands',
    (platform) => {
      const { items, send } = template(platform);
      const lock = findByLabel(items, 'Lock');
      const find = findByLabel(items, 'Search the Queue…');
      expect(lock?.accelerator).toBe('CmdOrCtrl+L');
      expect(find?.accelerator).toBe('CmdOrCtrl+F');
      lock?.click?.({} as never, undefined, {} as never);
      find?.click?.({} as never, undefined, {} as never);
      findByLabel(items, 'Settings…')?.click?.({} as never, undefined, {} as never);
      expect(send.mock.calls.map(([c]) => c)).toEqual(['lock', 'find-in-queue', 'open-settings']);
    },
  );

  it.each(PLATFORMS.flatMap((p) => [true, false].map((packaged) => [p, packaged] as const)))(
    'on %s (packaged %s): no two items share an accelerator, roles’ defaults included',
    (platform, packaged) => {
      const mac = platform === 'darwin';
      const all = effectiveAccelerators(template(platform, packaged).items, mac);
      expect(all.length).toBeGreaterThan(8);
      expect(all.filter((a, i) => all.indexOf(a) !== i)).toEqual([]);
    },
  );

  it.each(PLATFORMS)('on %s: no reload or developer tools when packaged', (platform) => {
    expect(rolesOf(template(platform, true).items)).not.toContain('toggleDevTools');
    expect(rolesOf(template(platform, true).items)).not.toContain('reload');
    expect(rolesOf(template(platform, false).items)).toContain('toggleDevTools');
  });

  it.each(PLATFORMS)(
    'on %s: every item has a label in Japanese, and none is left in English',
    (platform) => {
      const en = template(platform, false, 'en').items;
      const ja = template(platform, false, 'ja').items;
      const labels = (items: MenuItemConstructorOptions[]): string[] =>
        items.flatMap((i) => [
          ...(i.type === 'separator' ? [] : [i.label ?? '']),
          ...(Array.isArray(i.submenu) ? labels(i.submenu) : []),
        ]);
      const jaLabels = labels(ja);
      expect(jaLabels.every((l) => l !== '')).toBe(true);
      // Only the product's name stays as it is.
      const same = labels(en).filter((l, i) => l === jaLabels[i]);
      expect(same.every((l) => l === 'Counsellor Workstation')).toBe(true);
      expect(acceleratorsOf(ja)).toEqual(acceleratorsOf(en));
    },
  );

  it('names every label in both languages', () => {
    expect(Object.keys(MENU_LABELS.ja).sort()).toEqual(Object.keys(MENU_LABELS.en).sort());
    for (const value of Object.values(MENU_LABELS.ja)) expect(value.trim()).not.toBe('');
  });

  it('sends only commands the page knows', () => {
    const seen = new Set<string>();
    for (const platform of PLATFORMS) {
      const { items, send } = template(platform);
      const clickAll = (list: MenuItemConstructorOptions[]) => {
        for (const item of list) {
          item.click?.({} as never, undefined, {} as never);
          if (Array.isArray(item.submenu)) clickAll(item.submenu);
        }
      };
      clickAll(items);
      for (const [command] of send.mock.calls) seen.add(command);
    }
    for (const command of seen) expect(DESKTOP_COMMANDS).toContain(command);
    expect([...seen].sort()).toEqual(
      ['find-in-queue', 'lock', 'open-about', 'open-queue', 'open-settings'].sort(),
    );
  });
});

describe('menu labels on macOS', () => {
  it('carry no Windows mnemonics, in either language', () => {
    for (const language of ['en', 'ja'] as const) {
      const json = JSON.stringify(template('darwin', false, language).items);
      expect(json).not.toContain('&');
    }
    expect(template('darwin', true, 'ja').items.map((i) => i.label)).toEqual([
      'Counsellor Workstation',
      '編集',
      '表示',
      'ウインドウ',
      'ヘルプ',
    ]);
  });
});
