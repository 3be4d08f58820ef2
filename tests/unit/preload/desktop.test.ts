import { describe, expect, it, vi } from 'vitest';
import type { IpcRenderer } from 'electron';
import {
  DESKTOP_COMMAND_CHANNEL,
  DESKTOP_GLOBAL,
  DESKTOP_LANGUAGE_CHANNEL,
  DESKTOP_WORK_CHANNEL,
} from '../../../src/bridge/desktop';
import { buildDesktopApi, exposeDesktop } from '../../../src/preload/desktop';

function fakeIpc() {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  return {
    listeners,
    on: vi.fn((channel: string, l: (...args: unknown[]) => void) => listeners.set(channel, l)),
    removeListener: vi.fn((channel: string) => listeners.delete(channel)),
    send: vi.fn(),
  };
}

describe('the desktop side channel in the preload', () => {
  it('hands the page only known commands, never the IPC event', () => {
    const ipc = fakeIpc();
    const api = buildDesktopApi(ipc as unknown as IpcRenderer);
    const heard: unknown[][] = [];
    const stop = api.onCommand((...args) => heard.push(args));
    const fire = ipc.listeners.get(DESKTOP_COMMAND_CHANNEL)!;
    const event = { sender: ipc, ports: [] };
    fire(event, 'lock');
    fire(event, 'rm -rf');
    fire(event, { command: 'lock' });
    expect(heard).toEqual([['lock']]);
    stop();
    expect(ipc.removeListener).toHaveBeenCalledWith(DESKTOP_COMMAND_CHANNEL, expect.any(Function));
  });

  it('sends only en or ja as the language', () => {
    const ipc = fakeIpc();
    const api = buildDesktopApi(ipc as unknown as IpcRenderer);
    api.setLanguage('ja');
    api.setLanguage('<script>');
    expect(ipc.send.mock.calls).toEqual([[DESKTOP_LANGUAGE_CHANNEL, 'ja']]);
  });

  it('is exposed under its own name, frozen', () => {
    const contextBridge = { exposeInMainWorld: vi.fn() };
    exposeDesktop(contextBridge, fakeIpc() as unknown as IpcRenderer);
    const [name, api] = contextBridge.exposeInMainWorld.mock.calls[0] as [string, object];
    expect(name).toBe(DESKTOP_GLOBAL);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['onCommand', 'setLanguage', 'work']);
  });

  it('tells the main process only known work and phases (issue 17 §3)', () => {
    const ipc = fakeIpc();
    const api = buildDesktopApi(ipc as unknown as IpcRenderer);
    api.work('import', 'begin');
    api.work('import', 'end');
    api.work('format-disk', 'begin');
    api.work('restore', 'maybe');
    expect(ipc.send.mock.calls).toEqual([
      [DESKTOP_WORK_CHANNEL, { kind: 'import', phase: 'begin' }],
      [DESKTOP_WORK_CHANNEL, { kind: 'import', phase: 'end' }],
    ]);
  });
});
