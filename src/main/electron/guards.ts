/**
 * The decisions behind the Electron security wiring, as pure functions of URLs: which navigations
 * stay in the app, which links may open in the user's browser, which IPC senders are trusted and
 * which requests the page may make. No Electron import, so they are unit-tested directly.
 */

/** Sites the app may open in the user's browser (https only, exact host names). */
export const EXTERNAL_URL_ALLOW_LIST: readonly string[] = [
  'jetprogramme.org',
  'www.jetprogramme.org',
  'www.clair.or.jp',
];

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * `scheme://host[:port]` of a parsed URL. Node's `URL#origin` is `"null"` for schemes it does not
 * know as special (such as `app:`), while Chromium treats our privileged standard scheme as a
 * tuple origin; building the string from protocol and host gives the same answer for both kinds.
 * For http(s) `host` already omits the default port, so this equals `URL#origin`.
 */
function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

function hasCredentials(url: URL): boolean {
  return url.username !== '' || url.password !== '';
}

/** True when `url` parses and its origin is exactly one of `trustedOrigins` (no credentials). */
export function isAppUrl(url: string, trustedOrigins: readonly string[]): boolean {
  const parsed = parse(url);
  if (parsed === null || hasCredentials(parsed) || parsed.host === '') return false;
  return trustedOrigins.includes(originOf(parsed));
}

/** True for an `https:` URL to an allow-listed host, with no credentials and the default port. */
export function isAllowedExternalUrl(url: string): boolean {
  const parsed = parse(url);
  if (parsed === null) return false;
  return (
    parsed.protocol === 'https:' &&
    !hasCredentials(parsed) &&
    parsed.port === '' &&
    EXTERNAL_URL_ALLOW_LIST.includes(parsed.hostname)
  );
}

/** True when the frame calling the bridge is a main frame showing a trusted app URL. */
export function isTrustedSender(
  frameUrl: string,
  isMainFrame: boolean,
  trustedOrigins: readonly string[],
): boolean {
  return isMainFrame && isAppUrl(frameUrl, trustedOrigins);
}

/**
 * Whether a request from the page may proceed (defence in depth behind the CSP: the page has no
 * network of its own). Allowed: the trusted origins (the app scheme, the dev server in
 * development), the dev server's WebSocket (Vite's hot reload), DevTools, and the in-memory
 * `data:` and same-origin `blob:` URLs, which never leave the machine.
 */
export function isAllowedRequestUrl(url: string, trustedOrigins: readonly string[]): boolean {
  const parsed = parse(url);
  if (parsed === null) return false;
  switch (parsed.protocol) {
    case 'devtools:':
    case 'data:':
      return true;
    case 'blob:':
      return isAppUrl(parsed.pathname, trustedOrigins);
    case 'ws:':
    case 'wss:': {
      if (hasCredentials(parsed)) return false;
      const httpOrigin = `${parsed.protocol === 'ws:' ? 'http:' : 'https:'}//${parsed.host}`;
      return trustedOrigins.includes(httpOrigin);
    }
    default:
      return isAppUrl(url, trustedOrigins);
  }
}
