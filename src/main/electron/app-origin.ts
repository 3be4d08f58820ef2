/**
 * Where the app is served from under Electron: a privileged custom scheme (`app://`), registered
 * as standard and secure before `ready`, with one host. Pure: no Electron import, so the guards
 * and their tests can use it.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'counsellor-workstation';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * The origins whose pages may navigate, call the bridge and load resources: the app itself, and
 * in development the electron-vite dev server (`ELECTRON_RENDERER_URL`) when it is an http(s) URL
 * without credentials. Pass `undefined` in a packaged app.
 */
export function trustedOrigins(devUrl: string | undefined): string[] {
  const origins = [APP_ORIGIN];
  if (devUrl === undefined || devUrl === '') return origins;
  let url: URL;
  try {
    url = new URL(devUrl);
  } catch {
    return origins;
  }
  if (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === ''
  ) {
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  return origins;
}
