import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Protocol } from 'electron';
import {
  createAppProtocolHandler,
  handleAppProtocol,
  registerAppScheme,
  type AppProtocolHandler,
} from '../../../../src/main/electron/protocol';
import {
  CONTENT_SECURITY_POLICY,
  SECURITY_HEADERS,
} from '../../../../src/main/services/security-headers';

vi.mock('electron', () => ({}));

const SECRET = 'TOP-SECRET-OUTSIDE-THE-RENDERER';
const INDEX = '<!doctype html><title>Counsellor Workstation</title>';
let root: string;
let rendererDir: string;
let handler: AppProtocolHandler;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'cw-protocol-'));
  rendererDir = path.join(root, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), INDEX);
  await writeFile(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1);');
  await writeFile(path.join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  // Files next to and above the renderer that must never be served.
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ secret: SECRET }));
  await writeFile(path.join(root, 'secret'), SECRET);
  await writeFile(path.join(root, 'x'), SECRET);
  await mkdir(path.join(root, 'etc'));
  await writeFile(path.join(root, 'etc', 'passwd'), SECRET);
  handler = createAppProtocolHandler(rendererDir, (file) => readFile(file));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function get(pathAndQuery: string, init?: RequestInit): Promise<Response> {
  return handler(new Request(`app://counsellor-workstation${pathAndQuery}`, init));
}

function expectSecurityHeaders(response: Response): void {
  expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    expect(response.headers.get(name)).toBe(value);
  }
}

describe('registerAppScheme', () => {
  it('registers app:// as standard, secure and fetchable (and not CORS-readable)', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol as unknown as Protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });
});

describe('handleAppProtocol', () => {
  it('handles the app scheme with a handler that serves the renderer folder', async () => {
    const protocol = { handle: vi.fn() };
    handleAppProtocol(protocol as unknown as Protocol, rendererDir);
    expect(protocol.handle).toHaveBeenCalledOnce();
    const [scheme, registered] = protocol.handle.mock.calls[0] as [string, AppProtocolHandler];
    expect(scheme).toBe('app');
    const response = await registered(new Request('app://counsellor-workstation/index.html'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
  });
});

describe('createAppProtocolHandler', () => {
  it('serves index.html for /', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe(INDEX);
    expectSecurityHeaders(response);
  });

  it('serves assets with their content type, ignoring the query', async () => {
    const js = await get('/assets/index-abc.js?v=2');
    expect(js.status).toBe(200);
    expect(js.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1);');
    expectSecurityHeaders(js);
    const css = await get('/assets/index-abc.css');
    expect(css.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await get('/index.html', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('');
    expectSecurityHeaders(response);
  });

  it('answers 404 with the CSP for a missing file or a folder', async () => {
    for (const missing of ['/nope.js', '/assets']) {
      const response = await get(missing);
      expect(response.status).toBe(404);
      expectSecurityHeaders(response);
    }
  });

  it.each([
    '/../package.json',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2e%2e/secret',
    '/..%2fsecret',
    '/..%2f..%2fsecret',
    '/assets/..%5c..%5cx',
    '/index.html%00',
    '/%00',
    '/%E0%A4%A',
    '/%2F%2Fetc/passwd',
  ])('refuses the path %s', async (pathname) => {
    const response = await get(pathname);
    expect([400, 404]).toContain(response.status);
    expect(await response.text()).not.toContain(SECRET);
    expectSecurityHeaders(response);
  });

  it('refuses traversal even when the URL reaches it unnormalised', async () => {
    // A request object whose URL string was never canonicalised: the handler parses it itself.
    const response = await handler({
      url: 'app://counsellor-workstation/../../secret',
      method: 'GET',
    } as Request);
    expect([400, 404]).toContain(response.status);
    expect(await response.text()).not.toContain(SECRET);
  });

  it.each([
    'app://other-host/index.html',
    'app://counsellor-workstation.evil/index.html',
    'app://counsellor-workstation:1234/index.html',
    'https://counsellor-workstation/index.html',
  ])('refuses another host or scheme: %s', async (url) => {
    const response = await handler(new Request(url));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('Counsellor Workstation</title>');
    expectSecurityHeaders(response);
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('refuses %s with 405', async (method) => {
    const response = await get('/index.html', {
      method,
      ...(method === 'POST' || method === 'PUT' ? { body: 'x' } : {}),
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('Allow')).toBe('GET, HEAD');
    expectSecurityHeaders(response);
  });

  it('answers 500 with the CSP when reading fails for another reason', async () => {
    const failing = createAppProtocolHandler(rendererDir, () =>
      Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' })),
    );
    const response = await failing(new Request('app://counsellor-workstation/index.html'));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('denied');
    expectSecurityHeaders(response);
  });

  it('never reads a file for a refused request', async () => {
    const read = vi.fn((file: string) => readFile(file));
    const guarded = createAppProtocolHandler(rendererDir, read);
    await guarded(new Request('app://counsellor-workstation/..%2fsecret'));
    await guarded(new Request('app://other-host/index.html'));
    await guarded(
      new Request('app://counsellor-workstation/index.html', { method: 'POST', body: 'x' }),
    );
    expect(read).not.toHaveBeenCalled();
    await guarded(new Request('app://counsellor-workstation/index.html'));
    expect(read).toHaveBeenCalledExactlyOnceWith(path.join(rendererDir, 'index.html'));
  });
});
