import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ContextBridge, IpcRenderer } from 'electron';
import { BRIDGE_GLOBAL, CHANNEL_NAMES } from '../../../src/bridge/channels';
import { DESKTOP_GLOBAL } from '../../../src/bridge/desktop';
import { buildBridgeApi, exposeBridge } from '../../../src/preload/expose';

const fakes = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (channel: string, input: unknown) => ({
      ok: true,
      value: { channel, input },
    })),
    on: vi.fn(),
    send: vi.fn(),
    sendSync: vi.fn(),
    postMessage: vi.fn(),
  },
}));
vi.mock('electron', () => fakes);

function fakeElectron() {
  const contextBridge = { exposeInMainWorld: vi.fn() };
  const ipcRenderer = {
    invoke: vi.fn(async (channel: string, input: unknown) => ({
      ok: true,
      value: { channel, input },
    })),
    on: vi.fn(),
    send: vi.fn(),
    sendSync: vi.fn(),
    postMessage: vi.fn(),
  };
  exposeBridge(contextBridge as unknown as ContextBridge, ipcRenderer as unknown as IpcRenderer);
  const [name, api] = (contextBridge.exposeInMainWorld.mock.calls[0] ?? []) as [
    string,
    Record<string, unknown>,
  ];
  return { contextBridge, ipcRenderer, name, api };
}

describe('exposeBridge', () => {
  it('exposes exactly one object, under BRIDGE_GLOBAL', () => {
    const { contextBridge, name } = fakeElectron();
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect(name).toBe(BRIDGE_GLOBAL);
  });

  it('whose keys are exactly the channel names, all functions', () => {
    const { api } = fakeElectron();
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const value of Object.values(api)) expect(value).toBeTypeOf('function');
  });

  it('never hands out ipcRenderer or anything that can listen or send', () => {
    const { api, ipcRenderer } = fakeElectron();
    const values = [...Object.values(api), ...Object.getOwnPropertyNames(api).map((k) => api[k])];
    for (const value of values) {
      expect(value).not.toBe(ipcRenderer);
      expect(value).not.toBe(ipcRenderer.invoke);
      expect(value).not.toBe(ipcRenderer.send);
      expect(value).not.toBe(ipcRenderer.on);
      expect(value as object).not.toHaveProperty('on');
      expect(value as object).not.toHaveProperty('send');
      expect(value as object).not.toHaveProperty('invoke');
    }
    expect(api).not.toHaveProperty('ipcRenderer');
    expect(Object.getOwnPropertySymbols(api)).toEqual([]);
  });

  it('each function invokes cw:<name> with the input, and nothing else', async () => {
    const { api, ipcRenderer } = fakeElectron();
    for (const name of CHANNEL_NAMES) {
      ipcRenderer.invoke.mockClear();
      const input = { probe: name };
      const fn = api[name] as (input: unknown) => Promise<unknown>;
      await expect(fn(input)).resolves.toEqual({
        ok: true,
        value: { channel: `cw:${name}`, input },
      });
      expect(ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(`cw:${name}`, input);
    }
    expect(ipcRenderer.send).not.toHaveBeenCalled();
    expect(ipcRenderer.on).not.toHaveBeenCalled();
  });

  it('forwards a call without input as undefined', async () => {
    const { api, ipcRenderer } = fakeElectron();
    await (api['app.info'] as () => Promise<unknown>)();
    expect(ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith('cw:app.info', undefined);
  });

  it('cannot be extended or rewired by the page', () => {
    const { api } = fakeElectron();
    expect(Object.isFrozen(api)).toBe(true);
  });
});

describe('buildBridgeApi', () => {
  it('builds one forwarding function per channel over any invoke', async () => {
    const invoke = vi.fn(async () => 'answer');
    const api = buildBridgeApi(invoke);
    await expect(api['settings.get']()).resolves.toBe('answer');
    expect(invoke).toHaveBeenCalledExactlyOnceWith('cw:settings.get', undefined);
  });
});

describe('the preload entry', () => {
  it("exposes the bridge (and the desktop side channel) with Electron's own modules when loaded", async () => {
    await import('../../../src/preload/index');
    expect(fakes.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(2);
    expect(fakes.contextBridge.exposeInMainWorld.mock.calls[1]?.[0]).toBe(DESKTOP_GLOBAL);
    const [name, api] = fakes.contextBridge.exposeInMainWorld.mock.calls[0] as [
      string,
      Record<string, unknown>,
    ];
    expect(name).toBe(BRIDGE_GLOBAL);
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES].sort());
    await (api['settings.get'] as (input: unknown) => Promise<unknown>)({});
    expect(fakes.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith('cw:settings.get', {});
  });

  it('imports nothing but electron, the channel names and the desktop commands (no zod, no schemas)', () => {
    const preloadDir = path.resolve(__dirname, '../../../src/preload');
    const specifiers = readdirSync(preloadDir)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => {
        const text = readFileSync(path.join(preloadDir, file), 'utf8');
        return [...text.matchAll(/^\s*import\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)]
          .filter((match) => match[1] === undefined)
          .map((match) => match[2]);
      });
    expect(new Set(specifiers)).toEqual(
      new Set(['electron', './expose', './desktop', '../bridge/channels', '../bridge/desktop']),
    );
  });
});
