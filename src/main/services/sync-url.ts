/**
 * The sync server's address, as a person types it at sign-in. TLS is required: `https://`, except
 * for a server on this very computer (the loopback addresses 127.0.0.0/8 and ::1, and
 * `localhost`), which development, demos and tests run over plain `http://`. A name that merely
 * resolves to a loopback address does not count: only what the URL says is checked, so nothing
 * depends on a resolver an attacker on the network could answer.
 */

export type ServerUrlCheck =
  { ok: true; url: string } | { ok: false; problem: 'invalid' | 'insecure' };

const LOOPBACK_NAMES = new Set(['localhost', '[::1]']);

/** Whether the URL's host is this computer (what `http://` is allowed for). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (LOOPBACK_NAMES.has(host)) return true;
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets.slice(1).every((o) => Number(o) <= 255) && octets[1] === '127';
}

/**
 * The server's base URL (no trailing slash; requests go to `<base>/v1/…`), or why not: not an
 * http(s) URL, with a user name, password, query or fragment in it (`invalid`); `http://` to a
 * host that is not this computer (`insecure`).
 */
export function checkServerUrl(text: string): ServerUrlCheck {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, problem: 'invalid' };
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    return { ok: false, problem: 'invalid' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    return { ok: false, problem: 'insecure' };
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}
