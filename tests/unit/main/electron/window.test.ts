import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { createMainWindow, mainWindowOptions } from '../../../../src/main/electron/window';
import { createLogger } from '../../../../src/main/services/logger';

const fake = vi.hoisted(() => {
  const instances: FakeWindow[] = [];
  const state = { failLoad: false };
  class FakeWindow {
    readonly options: unknown;
    readonly listeners = new Map<string, () => void>();
    show = vi.fn();
    loadURL = vi.fn((_url: string) =>
      state.failLoad ? Promise.reject(new Error('ERR_FAILED')) : Promise.resolve(),
    );
    constructor(options: unknown) {
      this.options = options;
      instances.push(this);
    }
    once(event: string, listener: () => void) {
      this.listeners.set(event, listener);
      return this;
    }
  }
  return { FakeWindow, instances, state };
});

vi.mock('electron', () => ({ BrowserWindow: fake.FakeWindow }));

const PRELOAD = '/opt/cw/out/preload/index.cjs';

describe('mainWindowOptions', () => {
  const options = mainWindowOptions({ preloadPath: PRELOAD, isPackaged: true });

  it('sets every security web preference', () => {
    expect(options.webPreferences).toEqual({
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
      spellcheck: false,
    });
  });

  it('has DevTools only when not packaged', () => {
    expect(
      mainWindowOptions({ preloadPath: PRELOAD, isPackaged: true }).webPreferences?.devTools,
    ).toBe(false);
    expect(
      mainWindowOptions({ preloadPath: PRELOAD, isPackaged: false }).webPreferences?.devTools,
    ).toBe(true);
  });

  it('keeps the security preferences in development too', () => {
    const dev = mainWindowOptions({ preloadPath: PRELOAD, isPackaged: false }).webPreferences;
    expect(dev).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
  });

  it('is hidden until ready, titled, and sized', () => {
    expect(options).toMatchObject({
      show: false,
      title: 'Counsellor Workstation',
      width: 1280,
      height: 820,
      minWidth: 960,
      minHeight: 640,
    });
  });
});

describe('createMainWindow', () => {
  beforeEach(() => {
    fake.instances.length = 0;
    fake.state.failLoad = false;
  });

  it('constructs the window with exactly the factory options and loads the start URL', () => {
    const window = createMainWindow({
      preloadPath: PRELOAD,
      isPackaged: false,
      startUrl: 'app://counsellor-workstation/index.html',
    });
    expect(fake.instances).toHaveLength(1);
    const instance = fake.instances[0];
    expect(window).toBe(instance);
    expect(instance?.options).toEqual(
      mainWindowOptions({ preloadPath: PRELOAD, isPackaged: false }),
    );
    expect(instance?.loadURL).toHaveBeenCalledExactlyOnceWith(
      'app://counsellor-workstation/index.html',
    );
  });

  it('shows the window on ready-to-show, not before', () => {
    createMainWindow({
      preloadPath: PRELOAD,
      isPackaged: true,
      startUrl: 'app://counsellor-workstation/index.html',
    });
    const instance = fake.instances[0];
    expect(instance?.show).not.toHaveBeenCalled();
    instance?.listeners.get('ready-to-show')?.();
    expect(instance?.show).toHaveBeenCalledOnce();
  });

  it('logs (without the URL) when the page fails to load', async () => {
    const lines: string[] = [];
    const log = createLogger({ sink: (line) => lines.push(line) });
    fake.state.failLoad = true;
    createMainWindow({
      preloadPath: PRELOAD,
      isPackaged: true,
      startUrl: 'app://counsellor-workstation/index.html',
      log,
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.instances[0]?.loadURL).toHaveBeenCalledOnce();
    expect(lines.join('\n')).toContain('window.load-failed');
    expect(lines.join('\n')).not.toContain('counsellor-workstation/index.html');
  });
});

describe('every window comes from the factory', () => {
  const srcDir = path.resolve(__dirname, '../../../../src');
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(full);
      return /\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
    });

  it('only src/main/electron/window.ts constructs a BrowserWindow', () => {
    const constructing = sources(srcDir)
      .filter((file) => /new\s+(electron\.)?BrowserWindow\s*\(/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(srcDir, file).split(path.sep).join('/'));
    expect(constructing).toEqual(['main/electron/window.ts']);
  });

  it('the factory options type-check as BrowserWindow options', () => {
    const typed: BrowserWindowConstructorOptions = mainWindowOptions({
      preloadPath: PRELOAD,
      isPackaged: true,
    });
    expect(typed.webPreferences?.sandbox).toBe(true);
  });
});
