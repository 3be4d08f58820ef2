import { describe, expect, it, vi } from 'vitest';
import type { IpcMain } from 'electron';
import { CHANNEL_NAMES } from '../../../../src/bridge/channels';
import type { BridgeResult } from '../../../../src/bridge/errors';
import { APP_INDEX_URL, trustedOrigins } from '../../../../src/main/electron/app-origin';
import { bindBridge, bindBridgeToIpcMain, handle } from '../../../../src/main/electron/ipc';
import type { BridgeDispatch } from '../../../../src/main/services/bridge-router';
import { createLogger } from '../../../../src/main/services/logger';

const electronIpcMain = vi.hoisted(() => ({ handle: vi.fn() }));
vi.mock('electron', () => ({ ipcMain: electronIpcMain }));

type Handler = (event: unknown, ...args: unknown[]) => Promise<BridgeResult<unknown>>;

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  frameTreeNodeId: number;
}

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    }),
  };
  return { ipcMain: ipcMain as unknown as IpcMain, handlers };
}

function mainFrameAt(url: string): FakeFrame {
  return { url, parent: null, frameTreeNodeId: 1 };
}

/** An invoke event whose sender's main frame is `mainFrame` and whose sending frame is `frame`. */
function eventFrom(frame: FakeFrame | null, mainFrame: FakeFrame): unknown {
  return { senderFrame: frame, sender: { mainFrame }, frameId: 1, processId: 1 };
}

function setup(origins = trustedOrigins(undefined)) {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', sink: (line) => lines.push(line) });
  const dispatch = vi.fn<BridgeDispatch>(async (channel, input) => ({
    ok: true,
    value: { channel, input },
  }));
  const { ipcMain, handlers } = fakeIpcMain();
  bindBridge(ipcMain, dispatch, origins, log);
  const call = (channel: string, event: unknown, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, ...args);
  };
  return { dispatch, handlers, call, lines };
}

function expectForbidden(result: BridgeResult<unknown>): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error).toMatchObject({ code: 'forbidden-sender', path: [], issues: [] });
  expect(result.error.message).toMatch(/refused/);
}

describe('bindBridge', () => {
  it('registers exactly the cw:-prefixed channel names', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(CHANNEL_NAMES.map((name) => `cw:${name}`).sort());
  });

  it('passes a call from the app main frame to dispatch with the channel name and input', async () => {
    const { call, dispatch } = setup();
    const main = mainFrameAt(APP_INDEX_URL);
    const input = { anything: 1 };
    const result = await call('cw:settings.update', eventFrom(main, main), input);
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('settings.update', input);
    expect(result).toEqual({ ok: true, value: { channel: 'settings.update', input } });
  });

  it('passes each channel to its own name', async () => {
    const { call, dispatch } = setup();
    const main = mainFrameAt('app://counsellor-workstation/#/settings');
    for (const name of CHANNEL_NAMES) await call(`cw:${name}`, eventFrom(main, main), undefined);
    expect(dispatch.mock.calls.map(([channel]) => channel)).toEqual([...CHANNEL_NAMES]);
  });

  it('refuses a call from a subframe of the app', async () => {
    const { call, dispatch } = setup();
    const main = mainFrameAt(APP_INDEX_URL);
    const sub: FakeFrame = { url: APP_INDEX_URL, parent: main, frameTreeNodeId: 2 };
    expectForbidden(await call('cw:app.info', eventFrom(sub, main)));
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('accepts the main frame when Electron hands out a fresh wrapper for it', async () => {
    const { call, dispatch } = setup();
    const main = mainFrameAt(APP_INDEX_URL);
    const sameFrameOtherWrapper = mainFrameAt(APP_INDEX_URL);
    expect(await call('cw:app.info', eventFrom(sameFrameOtherWrapper, main))).toMatchObject({
      ok: true,
    });
    expect(dispatch).toHaveBeenCalledOnce();
  });

  it('requires both: no parent and being the main frame', async () => {
    const { call, dispatch } = setup();
    const main = mainFrameAt(APP_INDEX_URL);
    const parented: FakeFrame = {
      url: APP_INDEX_URL,
      parent: main,
      frameTreeNodeId: main.frameTreeNodeId,
    };
    expectForbidden(await call('cw:app.info', eventFrom(parented, main)));
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a top-level frame that is not the sender main frame', async () => {
    const { call, dispatch } = setup();
    const main = mainFrameAt(APP_INDEX_URL);
    const other: FakeFrame = { url: APP_INDEX_URL, parent: null, frameTreeNodeId: 7 };
    expectForbidden(await call('cw:app.info', eventFrom(other, main)));
    expect(dispatch).not.toHaveBeenCalled();
  });

  it.each([
    'https://evil.example/',
    'app://other-host/index.html',
    'file:///tmp/index.html',
    'http://localhost:5173/',
    'about:blank',
    'not a url',
  ])('refuses a main frame showing %s', async (url) => {
    const { call, dispatch } = setup();
    const main = mainFrameAt(url);
    expectForbidden(await call('cw:settings.get', eventFrom(main, main)));
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a call whose senderFrame is null (navigated away or destroyed)', async () => {
    const { call, dispatch } = setup();
    expectForbidden(await call('cw:settings.get', eventFrom(null, mainFrameAt(APP_INDEX_URL))));
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a frame that throws when read (disposed)', async () => {
    const { call, dispatch } = setup();
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed');
      },
      parent: null,
      frameTreeNodeId: 1,
    };
    expectForbidden(
      await call('cw:settings.get', eventFrom(disposed as FakeFrame, disposed as FakeFrame)),
    );
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('accepts the dev server main frame only when it is trusted', async () => {
    const dev = setup(trustedOrigins('http://localhost:5173'));
    const main = mainFrameAt('http://localhost:5173/');
    expect(await dev.call('cw:app.info', eventFrom(main, main))).toMatchObject({ ok: true });
    expect(dev.dispatch).toHaveBeenCalledOnce();
  });

  it('logs a refusal with the channel and reason, never the URL', async () => {
    const { call, lines } = setup();
    const main = mainFrameAt('https://evil.example/path?user=someone@example.com');
    await call('cw:settings.get', eventFrom(main, main));
    const text = lines.join('\n');
    expect(text).toContain('ipc.forbidden-sender');
    expect(text).toContain('cw:settings.get');
    expect(text).not.toContain('evil.example');
    expect(text).not.toContain('someone');
  });
});

describe('handle', () => {
  it('turns a throwing handler into an internal BridgeResult (nothing thrown across IPC)', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    handle(ipcMain, 'cw:test', trustedOrigins(undefined), () => Promise.reject(new Error('boom')));
    const main = mainFrameAt(APP_INDEX_URL);
    const result = await handlers.get('cw:test')?.(eventFrom(main, main), 1);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('passes only the first argument as input', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const fn = vi.fn(async (input: unknown) => ({ ok: true as const, value: input }));
    handle(ipcMain, 'cw:test', trustedOrigins(undefined), fn);
    const main = mainFrameAt(APP_INDEX_URL);
    await handlers.get('cw:test')?.(eventFrom(main, main), 'first', 'second');
    expect(fn).toHaveBeenCalledExactlyOnceWith('first');
  });
});

describe('bindBridgeToIpcMain', () => {
  it("binds every channel on Electron's ipcMain", () => {
    const log = createLogger({ sink: () => undefined });
    bindBridgeToIpcMain(vi.fn<BridgeDispatch>(), trustedOrigins(undefined), log);
    expect(electronIpcMain.handle.mock.calls.map(([channel]) => channel)).toEqual(
      CHANNEL_NAMES.map((name) => `cw:${name}`),
    );
  });
});
