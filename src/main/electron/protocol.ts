/**
 * The `app://counsellor-workstation/` protocol: serves the built renderer from its folder, GET and
 * HEAD only, one host only, with the Content-Security-Policy and the other security headers on
 * every response (errors included). Paths are resolved by `resolveStaticFile`, which refuses
 * anything that would leave the folder.
 *
 * The scheme is standard and secure (a real origin, storage, a secure context) and supports
 * fetch; it is deliberately not `corsEnabled`, so no other origin can read from it.
 */
import { readFile as nodeReadFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { errorKind, type Logger } from '../services/logger';
import { SECURITY_HEADERS } from '../services/security-headers';
import { resolveStaticFile } from '../services/static-files';
import { APP_HOST, APP_SCHEME } from './app-origin';

export type ReadFile = (file: string) => Promise<Uint8Array>;
export type AppProtocolHandler = (request: Request) => Promise<Response>;

/** Must run before the app's `ready` event (Electron honours one call only). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves `rendererDir` on the app scheme. Call after `ready`. */
export function handleAppProtocol(
  protocol: Pick<Protocol, 'handle'>,
  rendererDir: string,
  log?: Logger,
): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir, nodeReadFile, log));
}

const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  404: 'Not found',
  405: 'Method not allowed',
  500: 'Internal error',
};

function errorResponse(
  status: 400 | 404 | 405 | 500,
  extraHeaders: Record<string, string> = {},
): Response {
  return new Response(STATUS_TEXT[status] ?? 'Error', {
    status,
    headers: {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      ...extraHeaders,
    },
  });
}

export function createAppProtocolHandler(
  rendererDir: string,
  readFile: ReadFile,
  log?: Logger,
): AppProtocolHandler {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      log?.warn('protocol.refused', { status: 400, reason: 'unparsable url' });
      return errorResponse(400);
    }
    if (
      url.protocol !== `${APP_SCHEME}:` ||
      url.host !== APP_HOST ||
      url.username !== '' ||
      url.password !== ''
    ) {
      log?.warn('protocol.refused', { status: 404, reason: 'unknown host' });
      return errorResponse(404);
    }
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') {
      log?.warn('protocol.refused', { status: 405, method });
      return errorResponse(405, { Allow: 'GET, HEAD' });
    }
    const resolved = resolveStaticFile(rendererDir, url.pathname);
    if (!resolved.ok) {
      log?.warn('protocol.refused', { status: resolved.status, reason: resolved.reason });
      return errorResponse(resolved.status);
    }
    let body: Uint8Array;
    try {
      body = await readFile(resolved.file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (code !== undefined && NOT_FOUND_CODES.has(code)) {
        log?.debug('protocol.not-found', { status: 404 });
        return errorResponse(404);
      }
      log?.error('protocol.read-failed', { status: 500, kind: errorKind(error), code });
      return errorResponse(500);
    }
    return new Response(method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        ...SECURITY_HEADERS,
        'Content-Type': resolved.contentType,
        'Cache-Control': 'no-cache',
      },
    });
  };
}
