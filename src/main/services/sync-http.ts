/**
 * The sync transport's requests and what their failures become: one POST of JSON to the sync
 * server with a timeout (`createSender`), and the bridge failures the page is given. A 4xx
 * becomes `sync-refused` with the server's error code and numbers, never its message.
 */
import { BridgeFailure, reason } from '../../bridge/errors';
import { errorResponseSchema, type ErrorResponse } from '../../sync/protocol';
import type { SyncClock } from './sync-backoff';

/** The network, as far as the transport uses it (tests wrap the real one). */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export type Answer = { status: number; body: unknown; sentAt: number; receivedAt: number };
export type Outcome =
  | ({ kind: 'answer' } & Answer)
  | { kind: 'unreachable' }
  | { kind: 'bad-answer' }
  | { kind: 'aborted' };

export const lockedFailure = () =>
  new BridgeFailure(
    'failed',
    'The workstation is locked: unlock it to sync.',
    [],
    reason('sync-locked'),
  );
export const signedOutFailure = () =>
  new BridgeFailure('failed', 'Not signed in to the sync server.', [], reason('sync-signed-out'));
export const offlineFailure = (retryAt: number | null) =>
  new BridgeFailure(
    'failed',
    'The sync server cannot be reached now; the workstation keeps trying.',
    [],
    reason('sync-offline', retryAt === null ? {} : { retryAt }),
  );
export const badAnswerFailure = () =>
  new BridgeFailure(
    'failed',
    'What answered is not the sync server: check the server address.',
    [],
    reason('sync-bad-answer'),
  );

/** A 4xx, with the server's error code and parameters (never its message). */
export function refusedFailure(error: ErrorResponse): BridgeFailure {
  const params: Record<string, string | number> = { code: error.error };
  if (error.expected !== undefined) params.expected = error.expected;
  if (error.retryAfter !== undefined) params.retryAfter = error.retryAfter;
  const path = error.path?.slice(0, 200);
  if (path) params.path = path;
  return new BridgeFailure(
    'failed',
    `The sync server refused the request (${error.error}).`,
    path ? path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [],
    reason('sync-refused', params),
  );
}

export function urlFailure(problem: 'invalid' | 'insecure'): BridgeFailure {
  return problem === 'insecure'
    ? new BridgeFailure(
        'invalid-input',
        'The server address must start with https:// (http:// only for a server on this computer: 127.0.0.1, ::1 or localhost).',
        ['serverUrl'],
        reason('sync-insecure-url'),
      )
    : new BridgeFailure(
        'invalid-input',
        'The server address is not an http(s) address, or carries a name, password, query or fragment.',
        ['serverUrl'],
        reason('sync-invalid-url'),
      );
}

/** The error of a non-200 answer; what is not one is not the sync server. */
export function serverError(answer: Answer): ErrorResponse {
  const parsed = errorResponseSchema.safeParse(answer.body);
  if (!parsed.success) throw badAnswerFailure();
  return parsed.data;
}

/** A signal that never aborts: a refresh, once sent, is always read to its end (see refreshNow). */
export const NEVER = new AbortController().signal;

/** One request, once: its answer, or why there is none. Never throws. */
export type Send = (
  signal: AbortSignal,
  url: string,
  body: unknown,
  token: string | null,
) => Promise<Outcome>;

/** POSTs JSON through `fetch`, each request within `timeoutMs` of the clock. */
export function createSender(fetchFn: Fetch, clock: SyncClock, timeoutMs: number): Send {
  return async function send(
    signal: AbortSignal,
    url: string,
    body: unknown,
    token: string | null,
  ): Promise<Outcome> {
    if (signal.aborted) return { kind: 'aborted' };
    // The caller's signal linked by hand and unlinked after: AbortSignal.any leaks on a
    // long-lived signal (nodejs#55351), and a session's lives for days.
    const request = new AbortController();
    const stop = () => request.abort();
    signal.addEventListener('abort', stop, { once: true });
    const timer = new AbortController();
    void clock.sleep(timeoutMs, timer.signal).then(() => {
      if (!timer.signal.aborted) request.abort();
    });
    const sentAt = clock.now();
    try {
      const response = await fetchFn(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(body),
        // A redirect could lead off TLS, or elsewhere: the server never sends one.
        redirect: 'manual',
        signal: request.signal,
      });
      const text = await response.text();
      const receivedAt = clock.now();
      if (response.status >= 500) return { kind: 'unreachable' };
      try {
        return {
          kind: 'answer',
          status: response.status,
          body: JSON.parse(text),
          sentAt,
          receivedAt,
        };
      } catch {
        return { kind: 'bad-answer' };
      }
    } catch {
      return signal.aborted ? { kind: 'aborted' } : { kind: 'unreachable' };
    } finally {
      timer.abort();
      signal.removeEventListener('abort', stop);
    }
  };
}
