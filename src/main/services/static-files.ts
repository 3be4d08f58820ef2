/**
 * Maps a request path to a file of the built renderer, refusing anything that would leave the
 * renderer's folder (`..`, encoded separators, absolute paths, NUL). Used by the Electron
 * `app://` protocol handler and by the browser host alike.
 */
import path from 'node:path';

export type StaticResolution =
  | { ok: true; file: string; contentType: string }
  | { ok: false; status: 400 | 404; reason: string };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * @param rootDir absolute folder of the built renderer
 * @param pathname the URL's path, still percent-encoded (e.g. `/assets/index-abc.js`)
 */
export function resolveStaticFile(rootDir: string, pathname: string): StaticResolution {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed path' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) {
    return { ok: false, status: 400, reason: 'forbidden character in path' };
  }
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) {
    return { ok: false, status: 400, reason: 'path leaves the app folder' };
  }
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) {
    return { ok: false, status: 400, reason: 'path leaves the app folder' };
  }
  return { ok: true, file, contentType: contentTypeFor(file) };
}
