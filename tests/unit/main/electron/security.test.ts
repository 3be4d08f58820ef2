import { describe, expect, it, vi } from 'vitest';
import type { App, Session, Shell, WebContents } from 'electron';
import { APP_INDEX_URL, trustedOrigins } from '../../../../src/main/electron/app-origin';
import { installSecurityGuards } from '../../../../src/main/electron/security';
import { createLogger } from '../../../../src/main/services/logger';

// security.ts only needs Electron's types; the module itself must never be loaded in tests.
vi.mock('electron', () => ({}));

type Listener = (...args: unknown[]) => unknown;

function fakeWebContents() {
  const listeners = new Map<string, Listener[]>();
  let windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
  const contents = {
    on: vi.fn((event: string, listener: Listener) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    }),
    setWindowOpenHandler: vi.fn((handler: (details: { url: string }) => unknown) => {
      windowOpenHandler = handler;
    }),
  };
  return {
    contents,
    emit(event: string, ...args: unknown[]) {
      for (const listener of listeners.get(event) ?? []) listener(...args);
    },
    listenerCount: (event: string) => listeners.get(event)?.length ?? 0,
    openWindow(url: string) {
      if (!windowOpenHandler) throw new Error('no window open handler installed');
      return windowOpenHandler({ url });
    },
  };
}

function setup(origins = trustedOrigins(undefined)) {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', sink: (line) => lines.push(line) });
  const appListeners = new Map<string, Listener>();
  const app = {
    on: vi.fn((event: string, listener: Listener) => {
      appListeners.set(event, listener);
      return app;
    }),
  };
  let requestHandler: Listener | undefined;
  let checkHandler: Listener | undefined;
  let beforeRequest: Listener | undefined;
  const session = {
    setPermissionRequestHandler: vi.fn((handler: Listener) => {
      requestHandler = handler;
    }),
    setPermissionCheckHandler: vi.fn((handler: Listener) => {
      checkHandler = handler;
    }),
    webRequest: {
      onBeforeRequest: vi.fn((handler: Listener) => {
        beforeRequest = handler;
      }),
    },
  };
  const shell = { openExternal: vi.fn(async () => undefined) };
  installSecurityGuards(
    app as unknown as App,
    session as unknown as Session,
    origins,
    log,
    shell as unknown as Shell,
  );

  const wc = fakeWebContents();
  const created = appListeners.get('web-contents-created');
  if (!created) throw new Error('no web-contents-created listener');
  created({ preventDefault: vi.fn() }, wc.contents as unknown as WebContents);

  const navigate = (event: 'will-navigate' | 'will-redirect', url: string) => {
    const preventDefault = vi.fn();
    wc.emit(event, { url, preventDefault }, url);
    return preventDefault;
  };
  const request = (url: string) => {
    if (!beforeRequest) throw new Error('no onBeforeRequest listener');
    const callback = vi.fn();
    beforeRequest({ url, resourceType: 'xhr', method: 'GET' }, callback);
    return callback.mock.calls[0]?.[0] as { cancel?: boolean } | undefined;
  };
  return {
    lines,
    shell,
    wc,
    navigate,
    request,
    requestHandler: () => requestHandler,
    checkHandler: () => checkHandler,
  };
}

const BLOCKED_DESTINATIONS = [
  'https://example.com/',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/html,<h1>hi</h1>',
  'app://other-host/index.html',
  'http://localhost:5173/',
];

describe('installSecurityGuards: navigation', () => {
  it.each(['will-navigate', 'will-redirect'] as const)(
    '%s to the app origin is allowed',
    (event) => {
      const { navigate } = setup();
      expect(navigate(event, APP_INDEX_URL)).not.toHaveBeenCalled();
      expect(navigate(event, 'app://counsellor-workstation/#/queue')).not.toHaveBeenCalled();
    },
  );

  it.each(
    (['will-navigate', 'will-redirect'] as const).flatMap((event) =>
      BLOCKED_DESTINATIONS.map((url) => [event, url] as const),
    ),
  )('%s to %s is prevented', (event, url) => {
    const { navigate } = setup();
    expect(navigate(event, url)).toHaveBeenCalledOnce();
  });

  it('allows the dev server only when it is a trusted origin', () => {
    const { navigate } = setup(trustedOrigins('http://localhost:5173'));
    expect(navigate('will-navigate', 'http://localhost:5173/')).not.toHaveBeenCalled();
    expect(navigate('will-navigate', 'http://localhost:5174/')).toHaveBeenCalledOnce();
  });

  it('never logs the URL, only its scheme', () => {
    const { navigate, lines } = setup();
    navigate('will-navigate', 'https://example.com/private?name=Taro');
    const text = lines.join('\n');
    expect(text).toContain('navigation.blocked');
    expect(text).not.toContain('example.com');
    expect(text).not.toContain('Taro');
  });

  it('prevents every <webview> from attaching', () => {
    const { wc } = setup();
    expect(wc.listenerCount('will-attach-webview')).toBe(1);
    const preventDefault = vi.fn();
    wc.emit('will-attach-webview', { preventDefault }, {}, { src: APP_INDEX_URL });
    expect(preventDefault).toHaveBeenCalledOnce();
  });
});

describe('installSecurityGuards: window.open', () => {
  it.each([
    APP_INDEX_URL,
    'https://example.com/',
    'http://jetprogramme.org/',
    'https://jetprogramme.org.evil.com/',
    'https://jetprogramme.org@evil.com/',
    'https://user@jetprogramme.org/',
    'https://jetprogramme.org:8443/',
    'javascript:alert(1)',
    'file:///etc/passwd',
  ])('denies %s without opening anything', async (url) => {
    const { wc, shell } = setup();
    expect(wc.openWindow(url)).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it.each([
    'https://jetprogramme.org/',
    'https://www.jetprogramme.org/en/',
    'https://www.clair.or.jp/',
  ])('denies the window for %s but opens it in the browser', (url) => {
    const { wc, shell } = setup();
    expect(wc.openWindow(url)).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledOnce();
    expect(shell.openExternal).toHaveBeenCalledWith(url);
  });

  it('survives openExternal failing', async () => {
    const { wc, shell, lines } = setup();
    shell.openExternal.mockRejectedValueOnce(new Error('no browser'));
    expect(wc.openWindow('https://jetprogramme.org/')).toEqual({ action: 'deny' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(lines.join('\n')).toContain('window-open.external-failed');
  });
});

describe('installSecurityGuards: permissions', () => {
  it.each(['media', 'geolocation', 'clipboard-read', 'openExternal'])(
    'the request handler refuses %s',
    (permission) => {
      const { requestHandler, lines } = setup();
      const handler = requestHandler();
      expect(handler).toBeTypeOf('function');
      const callback = vi.fn();
      handler?.({}, permission, callback, {
        requestingUrl: 'app://counsellor-workstation/?secret=1',
      });
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged.at(-1)).toMatchObject({ event: 'permission.denied', permission });
      expect(lines.join('\n')).not.toContain('secret');
    },
  );

  it('grants notifications to the app page only (the queue notices carry counts only)', () => {
    const { requestHandler, checkHandler } = setup();
    const fromApp = vi.fn();
    requestHandler()?.({}, 'notifications', fromApp, {
      requestingUrl: 'app://counsellor-workstation/index.html',
    });
    expect(fromApp).toHaveBeenCalledExactlyOnceWith(true);
    const fromElsewhere = vi.fn();
    requestHandler()?.({}, 'notifications', fromElsewhere, {
      requestingUrl: 'https://evil.example/',
    });
    expect(fromElsewhere).toHaveBeenCalledExactlyOnceWith(false);
    expect(checkHandler()?.({}, 'notifications', 'app://counsellor-workstation', {})).toBe(true);
    expect(checkHandler()?.({}, 'notifications', 'https://evil.example', {})).toBe(false);
  });

  it('the check handler answers false', () => {
    const { checkHandler } = setup();
    const handler = checkHandler();
    expect(handler).toBeTypeOf('function');
    expect(handler?.(null, 'media', 'app://counsellor-workstation', {})).toBe(false);
    expect(handler?.({}, 'clipboard-sanitized-write', 'app://counsellor-workstation', {})).toBe(
      false,
    );
  });
});

describe('installSecurityGuards: requests from the default session', () => {
  it('lets app requests through and cancels everything else', () => {
    const { request } = setup();
    expect(request(APP_INDEX_URL)).toEqual({ cancel: false });
    expect(request('devtools://devtools/bundled/inspector.html')).toEqual({ cancel: false });
    expect(request('https://example.com/track')).toEqual({ cancel: true });
    expect(request('http://localhost:5173/')).toEqual({ cancel: true });
    expect(request('file:///etc/passwd')).toEqual({ cancel: true });
  });

  it('lets the trusted dev server through in development', () => {
    const { request } = setup(trustedOrigins('http://localhost:5173'));
    expect(request('http://localhost:5173/src/main.tsx')).toEqual({ cancel: false });
    expect(request('https://example.com/')).toEqual({ cancel: true });
  });

  it('logs a blocked request by scheme only', () => {
    const { request, lines } = setup();
    request('https://tracker.example/pixel?email=a@b.example');
    const text = lines.join('\n');
    expect(text).toContain('request.blocked');
    expect(text).not.toContain('tracker');
  });
});
