import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DESKTOP_GLOBAL, type DesktopCommand } from '../../../src/bridge/desktop';

let fire: (command: string) => void = () => undefined;
const setLanguage = vi.fn();

beforeEach(() => {
  vi.resetModules();
  vi.stubGlobal('window', {
    [DESKTOP_GLOBAL]: {
      onCommand: (listener: (command: DesktopCommand) => void) => {
        fire = listener as (command: string) => void;
        return () => undefined;
      },
      setLanguage,
    },
  });
});

const load = () => import('../../../src/renderer/app/desktop');

describe('desktop commands in the page', () => {
  it('keep a dialog command until a screen takes it, once', async () => {
    const desktop = await load();
    fire('restore-backup');
    fire('restore-backup');
    expect(desktop.desktopCommandWaiting('restore-backup')).toBe(true);
    expect(desktop.takeDesktopCommand('restore-backup')).toBe(true);
    expect(desktop.takeDesktopCommand('restore-backup')).toBe(false);
  });

  it('never keep a lock: a locked page ignores it, an unlocked one locks at once', async () => {
    const desktop = await load();
    fire('lock');
    expect(desktop.desktopCommandWaiting('lock')).toBe(false);
    const lock = vi.fn();
    const remove = desktop.setDesktopLock(lock);
    fire('lock');
    expect(lock).toHaveBeenCalledOnce();
    remove();
    fire('lock');
    expect(lock).toHaveBeenCalledOnce();
  });

  it('ignore what is not a command', async () => {
    const desktop = await load();
    fire('format-disk');
    expect(desktop.desktopCommandWaiting('format-disk' as DesktopCommand)).toBe(false);
  });

  it('do nothing in the browser host, where there is no desktop side channel', async () => {
    vi.stubGlobal('window', {});
    const desktop = await load();
    desktop.requestDesktopCommand('open-queue');
    expect(desktop.takeDesktopCommand('open-queue')).toBe(true);
  });
});
