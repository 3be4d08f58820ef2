import { describe, expect, it } from 'vitest';
import {
  APP_INDEX_URL,
  APP_ORIGIN,
  trustedOrigins,
} from '../../../../src/main/electron/app-origin';
import {
  EXTERNAL_URL_ALLOW_LIST,
  isAllowedExternalUrl,
  isAllowedRequestUrl,
  isAppUrl,
  isTrustedSender,
} from '../../../../src/main/electron/guards';

const PACKAGED = trustedOrigins(undefined);
const DEV = trustedOrigins('http://localhost:5173/');

describe('app origin', () => {
  it('is app://counsellor-workstation, index at /index.html', () => {
    expect(APP_ORIGIN).toBe('app://counsellor-workstation');
    expect(APP_INDEX_URL).toBe('app://counsellor-workstation/index.html');
  });

  it('trusts only the app origin without a dev server', () => {
    expect(trustedOrigins(undefined)).toEqual([APP_ORIGIN]);
    expect(trustedOrigins('')).toEqual([APP_ORIGIN]);
  });

  it('also trusts the dev server origin (not its path) in development', () => {
    expect(DEV).toEqual([APP_ORIGIN, 'http://localhost:5173']);
  });

  it.each([
    'not a url',
    'file:///tmp/index.html',
    'javascript:alert(1)',
    'http://user:pw@localhost:5173/',
  ])('ignores an unusable dev server URL %s', (devUrl) => {
    expect(trustedOrigins(devUrl)).toEqual([APP_ORIGIN]);
  });
});

describe('isAppUrl', () => {
  it.each([
    APP_INDEX_URL,
    'app://counsellor-workstation/',
    'app://counsellor-workstation/assets/x.js?v=1#h',
  ])('allows %s', (url) => {
    expect(isAppUrl(url, PACKAGED)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'app://other-host/index.html',
    'app://counsellor-workstation.evil.com/index.html',
    'app://counsellor-workstation:8080/index.html',
    'app://user@counsellor-workstation/index.html',
    'app:counsellor-workstation/index.html',
    'about:blank',
    'not a url',
    '',
  ])('denies %s', (url) => {
    expect(isAppUrl(url, PACKAGED)).toBe(false);
  });

  it('allows the dev server only when it is trusted', () => {
    expect(isAppUrl('http://localhost:5173/src/main.tsx', DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5173/', PACKAGED)).toBe(false);
    expect(isAppUrl('http://localhost:5174/', DEV)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', DEV)).toBe(false);
  });
});

describe('isAllowedExternalUrl', () => {
  it('has the agreed allow-list', () => {
    expect(EXTERNAL_URL_ALLOW_LIST).toEqual([
      'jetprogramme.org',
      'www.jetprogramme.org',
      'www.clair.or.jp',
    ]);
  });

  it.each([
    'https://jetprogramme.org/',
    'https://www.jetprogramme.org/en/contact/',
    'https://www.clair.or.jp/j/index.html?q=1',
    'https://jetprogramme.org:443/',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    'http://jetprogramme.org/',
    'https://jetprogramme.org.evil.com/',
    'https://evil-jetprogramme.org/',
    'https://evil.com/jetprogramme.org',
    'https://jetprogramme.org@evil.com/',
    'https://user:pw@jetprogramme.org/',
    'https://jetprogramme.org:8443/',
    'https://clair.or.jp/',
    'https://sub.www.clair.or.jp/',
    'javascript:alert("https://jetprogramme.org")',
    'file:///etc/passwd',
    'app://counsellor-workstation/index.html',
    'not a url',
  ])('denies %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts only a main frame on a trusted origin', () => {
    expect(isTrustedSender(APP_INDEX_URL, true, PACKAGED)).toBe(true);
    expect(isTrustedSender(APP_INDEX_URL, false, PACKAGED)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true, PACKAGED)).toBe(false);
    expect(isTrustedSender('http://localhost:5173/', true, DEV)).toBe(true);
    expect(isTrustedSender('http://localhost:5173/', true, PACKAGED)).toBe(false);
  });
});

describe('isAllowedRequestUrl', () => {
  it.each([
    APP_INDEX_URL,
    'app://counsellor-workstation/assets/index.js',
    'devtools://devtools/bundled/devtools_app.html',
    'data:image/png;base64,AAAA',
    'blob:app://counsellor-workstation/3f1c0a7e-0000-4000-8000-000000000000',
  ])('allows %s', (url) => {
    expect(isAllowedRequestUrl(url, PACKAGED)).toBe(true);
  });

  it.each([
    'https://example.com/beacon',
    'http://127.0.0.1:5199/api',
    'http://localhost:5173/',
    'ws://localhost:5173/',
    'wss://evil.example/socket',
    'file:///etc/passwd',
    'app://other-host/x',
    'blob:https://evil.example/1',
    'ftp://example.com/',
    'not a url',
  ])('blocks %s in a packaged app', (url) => {
    expect(isAllowedRequestUrl(url, PACKAGED)).toBe(false);
  });

  it('allows the trusted dev server and its hot-reload socket in development', () => {
    expect(isAllowedRequestUrl('http://localhost:5173/@vite/client', DEV)).toBe(true);
    expect(isAllowedRequestUrl('ws://localhost:5173/?token=x', DEV)).toBe(true);
    expect(isAllowedRequestUrl('ws://localhost:9999/', DEV)).toBe(false);
    expect(isAllowedRequestUrl('https://example.com/', DEV)).toBe(false);
  });
});
