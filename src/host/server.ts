/**
 * The browser host: serves the built renderer and the bridge over HTTP on 127.0.0.1 only, for
 * development, demos and end-to-end tests where Electron cannot run.
 *
 * Every bridge call must carry the per-launch token (header `X-CW-Token`), which is part of the
 * URL the host prints; a request whose `Origin` is not the host's own, or whose `Host` is not the
 * loopback address it listens on (DNS rebinding), is refused.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { bridgeResultSchema, type BridgeError, type BridgeResult } from '../bridge/errors';
import type { BridgeDispatch, StreamedDispatch } from '../main/services/bridge-router';
import { isChannelName, type ChannelName } from '../bridge/channels';
import { SECURITY_HEADERS } from '../main/services/security-headers';
import { resolveStaticFile } from '../main/services/static-files';
import type { Logger } from '../main/services/logger';

export const TOKEN_HEADER = 'x-cw-token';
export const BRIDGE_PATH_PREFIX = '/bridge/';
const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Channels that carry files: a backup of 50,000 messages is about 100 MiB; the cap leaves room
 * for growth and refuses (413, `too-large`) what would take the host's memory many times over.
 */
export const LARGE_BODY_BYTES: Readonly<Record<string, number>> = {
  'backup.save': 256 * 1024 * 1024,
  'export.save': 64 * 1024 * 1024,
  'report.export': 64 * 1024 * 1024,
};

export interface HostOptions {
  port: number;
  rendererDir: string;
  dispatch: BridgeDispatch;
  log: Logger;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
  /**
   * Channels whose body is streamed to a file in `spoolDir` (never held whole, never parsed on
   * the event loop) and handed to `dispatch` as that file, removed after the call.
   */
  streamed?: {
    channels: ReadonlySet<ChannelName>;
    dispatch: StreamedDispatch;
    spoolDir: string;
  };
  /** Body caps other than LARGE_BODY_BYTES' (tests). */
  bodyLimits?: Readonly<Record<string, number>>;
}

/** The ending of a spooled request body's file (removed after its call; swept at start). */
export const SPOOL_SUFFIX = '.cw-body';

export interface RunningHost {
  /** The URL to open, token included. */
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  let origin = '';
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      options.log.error('host.request-failed', { route: routeOf(req) });
      if (!res.headersSent)
        sendJson(res, 500, failure('internal', 'The host failed on this request.'));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      sendJson(res, 403, failure('forbidden-origin', 'This host only answers on its own address.'));
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith(BRIDGE_PATH_PREFIX)) {
      let channel: string;
      try {
        channel = decodeURIComponent(url.pathname.slice(BRIDGE_PATH_PREFIX.length));
      } catch {
        // Says nothing but that the path is bad: no channel, no token check, nothing else.
        sendJson(
          res,
          400,
          failure('invalid-input', 'The bridge path is not a valid channel name.'),
        );
        return;
      }
      await handleBridge(req, res, channel);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' }).end();
      return;
    }
    await serveStatic(url.pathname, req, res);
  }

  async function handleBridge(
    req: IncomingMessage,
    res: ServerResponse,
    channel: string,
  ): Promise<void> {
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && !allowedOrigins.has(requestOrigin)) {
      options.log.warn('host.foreign-origin-refused');
      sendJson(res, 403, failure('forbidden-origin', 'Calls from another origin are refused.'));
      return;
    }
    if (!tokenMatches(req.headers[TOKEN_HEADER], tokenBytes)) {
      sendJson(
        res,
        401,
        failure('unauthorized', 'Missing or wrong launch token; open the URL the host printed.'),
      );
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'POST', 'Cache-Control': 'no-store' }).end();
      return;
    }
    const limit = options.bodyLimits?.[channel] ?? LARGE_BODY_BYTES[channel] ?? MAX_BODY_BYTES;
    const tooLarge = () => {
      options.log.warn('host.body-too-large', { channel: String(channel).slice(0, 60) });
      // The rest of the body is not read: the connection is closed after the answer.
      res.setHeader('Connection', 'close');
      sendJson(
        res,
        413,
        failure(
          'too-large',
          `The request body is larger than ${limit / 1024 / 1024} MiB, the most ${channel} takes.`,
        ),
      );
      res.once('finish', () => req.destroy());
    };
    // Refused before a byte is read when the body says its size.
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      tooLarge();
      return;
    }
    const streamed = options.streamed;
    if (streamed !== undefined && isChannelName(channel) && streamed.channels.has(channel)) {
      const file = path.join(
        streamed.spoolDir,
        `.${channel}-${randomBytes(8).toString('hex')}${SPOOL_SUFFIX}`,
      );
      const spooled = await spoolBody(req, limit, file);
      if (spooled === 'too-large') {
        tooLarge();
        return;
      }
      if (spooled !== 'ok') {
        options.log.error('host.spool-failed', { channel, code: spooled });
        sendJson(
          res,
          422,
          failure(
            'failed',
            `The body of the call to ${channel} could not be stored in ${streamed.spoolDir} (${spooled}); nothing was saved.`,
          ),
        );
        return;
      }
      const started = performance.now();
      let result: BridgeResult<unknown>;
      try {
        result = await streamed.dispatch(channel, file);
      } finally {
        // Gone before the answer: nothing of the call is left once it is answered.
        await rm(file, { force: true }).catch(() => undefined);
      }
      options.log.debug('host.bridge-call', {
        channel,
        status: result.ok ? 'ok' : result.error.code,
        durationMs: Math.round(performance.now() - started),
      });
      sendJson(res, statusFor(result), result);
      return;
    }
    const body = await readBody(req, limit);
    if (body === null) {
      tooLarge();
      return;
    }
    let input: unknown;
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        sendJson(
          res,
          400,
          failure('invalid-input', `The body of the call to ${channel} is not valid JSON.`),
        );
        return;
      }
    }
    const started = performance.now();
    const result = await options.dispatch(channel, input);
    options.log.debug('host.bridge-call', {
      channel,
      status: result.ok ? 'ok' : result.error.code,
      durationMs: Math.round(performance.now() - started),
    });
    sendJson(res, statusFor(result), result);
  }

  async function serveStatic(
    pathname: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const resolved = resolveStaticFile(options.rendererDir, pathname);
    if (!resolved.ok) {
      res
        .writeHead(resolved.status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' })
        .end(resolved.reason);
      return;
    }
    let content: Buffer;
    try {
      content = await readFile(resolved.file);
    } catch {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': resolved.contentType,
      'Content-Length': content.length,
      'Cache-Control': resolved.file.endsWith('.html') ? 'no-store' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : content);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([...allowedHosts].map((host) => `http://${host}`));
  options.log.info('host.listening', { port: String(port) });

  return {
    url: `${origin}/?token=${token}#/queue`,
    origin,
    token,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function tokenMatches(header: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof header !== 'string') return false;
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The body, or null as soon as it grows past `limit` (reading stops there, the connection stays
 * open for the answer, and is closed after it).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

/**
 * Streams the body into `file` (created, never replacing), counting: 'too-large' as soon as it
 * passes `limit` (the file removed, the rest not read), 'ok', or the file system's error code.
 */
async function spoolBody(
  req: IncomingMessage,
  limit: number,
  file: string,
): Promise<'ok' | 'too-large' | string> {
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'error';
  }
  const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  const outcome = await new Promise<'ok' | 'too-large' | string>((resolve) => {
    let size = 0;
    let settled = false;
    const settle = (value: string) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        settle('too-large');
        return;
      }
      if (!out.write(chunk)) {
        req.pause();
        out.once('drain', () => req.resume());
      }
    };
    out.once('error', (error: NodeJS.ErrnoException) => settle(error.code ?? 'error'));
    out.once('open', () => {
      let ended = false;
      req.on('data', onData);
      req.once('end', () => {
        ended = true;
        out.end(() => settle('ok'));
      });
      req.once('error', () => settle('ECONNRESET'));
      // The caller went away before the whole body came.
      req.once('close', () => {
        if (!ended) settle('ECONNRESET');
      });
    });
  });
  if (outcome !== 'ok') {
    out.destroy();
    await rm(file, { force: true }).catch(() => undefined);
  }
  return outcome;
}

function failure(code: BridgeError['code'], message: string): BridgeResult<never> {
  return { ok: false, error: { code, message, path: [], issues: [] } };
}

function statusFor(result: BridgeResult<unknown>): number {
  if (result.ok) return 200;
  switch (result.error.code) {
    case 'invalid-input':
      return 400;
    case 'unknown-channel':
      return 404;
    case 'failed':
      return 422;
    case 'too-large':
      return 413;
    case 'forbidden-role':
      return 403;
    default:
      return 500;
  }
}

function sendJson(res: ServerResponse, status: number, result: BridgeResult<unknown>): void {
  const body = JSON.stringify(bridgeResultSchema.parse(result));
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function routeOf(req: IncomingMessage): string {
  return (req.url ?? '').startsWith(BRIDGE_PATH_PREFIX) ? 'bridge' : 'static';
}
