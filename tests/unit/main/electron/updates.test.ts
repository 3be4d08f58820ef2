import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_UPDATE_SETTINGS,
  UNINTERRUPTIBLE_WORK,
  WorkInProgress,
  createUpdater,
  isValidFeedUrl,
  updateGate,
  type UpdateSettings,
  type UpdateSource,
} from '../../../../src/main/electron/updates';

const ON: UpdateSettings = { enabled: true, feedUrl: 'https://updates.example.org/cw/' };
const base = { settings: ON, isPackaged: true, isSigned: true, downloaded: false, busy: [] };

describe('update gate', () => {
  it('is off by default', () => {
    expect(DEFAULT_UPDATE_SETTINGS.enabled).toBe(false);
    expect(updateGate({ ...base, settings: DEFAULT_UPDATE_SETTINGS })).toEqual({
      action: 'off',
      reason: 'disabled',
    });
  });

  it.each([
    [{ settings: { enabled: true, feedUrl: null } }, 'no-feed'],
    [{ settings: { enabled: true, feedUrl: 'http://updates.example.org/' } }, 'no-feed'],
    [{ isPackaged: false }, 'unpackaged'],
    [{ isSigned: false }, 'unsigned'],
  ] as const)('is off with %j (%s)', (change, reason) => {
    expect(updateGate({ ...base, ...change })).toEqual({ action: 'off', reason });
  });

  it('checks when on, installs a downloaded update when nothing runs', () => {
    expect(updateGate(base)).toEqual({ action: 'check' });
    expect(updateGate({ ...base, downloaded: true })).toEqual({ action: 'install' });
  });

  it('property: never installs while a reply send, import, restore or rotation runs', () => {
    fc.assert(
      fc.property(
        fc.subarray([...UNINTERRUPTIBLE_WORK], { minLength: 1 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (busy, enabled, isPackaged, isSigned) => {
          const gate = updateGate({
            settings: { ...ON, enabled },
            isPackaged,
            isSigned,
            downloaded: true,
            busy,
          });
          expect(gate.action).not.toBe('install');
          if (gate.action === 'wait') expect(gate.busy).toEqual(busy);
        },
      ),
    );
  });

  it.each([
    ['https://updates.example.org/cw', true],
    ['http://updates.example.org/cw', false],
    ['https://user:secret@updates.example.org/', false],
    ['file:///C:/updates', false],
    ['not a url', false],
  ])('feed URL %s acceptable: %s', (url, ok) => {
    expect(isValidFeedUrl(url)).toBe(ok);
  });
});

describe('WorkInProgress', () => {
  it('counts each kind, ends once per begin, and says when the last work ends', () => {
    const work = new WorkInProgress();
    const idle = vi.fn();
    work.onIdle(idle);
    const endA = work.begin('import');
    const endB = work.begin('import');
    const endC = work.begin('rotation');
    expect(work.busy()).toEqual(['import', 'rotation']);
    endA();
    endA();
    expect(work.busy()).toEqual(['import', 'rotation']);
    endB();
    expect(work.busy()).toEqual(['rotation']);
    expect(idle).not.toHaveBeenCalled();
    endC();
    expect(work.busy()).toEqual([]);
    expect(idle).toHaveBeenCalledOnce();
  });
});

function fakeSource() {
  const listeners = new Map<string, (arg?: unknown) => void>();
  const source = {
    autoDownload: false,
    autoInstallOnAppQuit: true,
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(async () => null),
    quitAndInstall: vi.fn(),
    on: vi.fn((event: string, listener: (arg?: unknown) => void) => {
      listeners.set(event, listener);
      return source;
    }),
  };
  return { source, emit: (event: string, arg?: unknown) => listeners.get(event)?.(arg) };
}

describe('createUpdater', () => {
  function setup(settings: UpdateSettings = ON) {
    const { source, emit } = fakeSource();
    const work = new WorkInProgress();
    const log = vi.fn();
    const updater = createUpdater({
      source: source as unknown as UpdateSource,
      settings: () => settings,
      isPackaged: true,
      isSigned: true,
      work,
      log,
    });
    return { source, emit, work, log, updater };
  }

  it('never installs on quit behind the gate’s back', () => {
    const { source } = setup();
    expect(source.autoInstallOnAppQuit).toBe(false);
  });

  it('off by default: does not even ask the feed', async () => {
    const { source, updater } = setup(DEFAULT_UPDATE_SETTINGS);
    expect(await updater.check()).toEqual({ action: 'off', reason: 'disabled' });
    expect(source.setFeedURL).not.toHaveBeenCalled();
    expect(source.checkForUpdates).not.toHaveBeenCalled();
  });

  it('asks the configured feed when on', async () => {
    const { source, updater } = setup();
    await updater.check();
    expect(source.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: ON.feedUrl });
    expect(source.checkForUpdates).toHaveBeenCalledOnce();
  });

  it('a download during a restore waits for its end, then installs', () => {
    const { source, emit, work } = setup();
    const end = work.begin('restore');
    emit('update-downloaded');
    expect(source.quitAndInstall).not.toHaveBeenCalled();
    end();
    expect(source.quitAndInstall).toHaveBeenCalledOnce();
  });

  it('a failed check is logged by kind only', async () => {
    const { source, updater, log } = setup();
    source.checkForUpdates.mockRejectedValueOnce(new TypeError('net::ERR_PROXY for https://x'));
    await updater.check();
    expect(log).toHaveBeenCalledWith('update.failed', { kind: 'TypeError' });
  });
});
