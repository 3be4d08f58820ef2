/**
 * The sync transport (issue 15, the workstation's side): the main process (the browser host in
 * its place) does all of the workstation's network I/O with the sync server, in plain Node
 * (`fetch`), and the page reaches it through the bridge's `sync.*` channels.
 *
 * - **Connection**: the server's address (TLS required except to this computer, `sync-url.ts`),
 *   the organisation, and per account the client id and refresh token, sealed in the data folder
 *   (`sync-connection-store.ts`). The access token lives in memory only. Everything here works
 *   between an unlock and the next lock: locked, the connection cannot be read and nothing syncs.
 * - **Requests** (push, pull): the answers checked with the sync contract's schemas; an expired
 *   access token refreshed once (one refresh at a time: the server rotates refresh tokens and
 *   revokes a family whose spent token comes back); network errors, timeouts and 5xx retried with
 *   back-off and full jitter (`sync-backoff.ts`) for as long as the call's patience lasts; a 4xx
 *   never retried, but returned as `sync-refused` with the server's error code (never its words).
 * - **Events**: a fetch-based reader of `GET /v1/events` (EventSource cannot send the
 *   Authorization header), reconnecting through the same back-off. A poke, a reconnect, a wake
 *   and a fallback timer each mark a change, which `waitForChange` (the page's long-poll, the
 *   same under Electron and in the browser host) and `onChange` report: the caller then pulls.
 * - **Status**: who is signed in, online / backing off (with the next attempt), the last sync,
 *   and the server clock's offset, flagged past 2 minutes (DOMAIN.md section 8).
 *
 * Logs carry event names, codes and counts only: never a URL, a login, a token or an id.
 */
import type { z } from 'zod';
import { BridgeFailure, reason } from '../../bridge/errors';
import {
  CLOCK_TOLERANCE_MS,
  type SyncPullInput,
  type SyncSignInInput,
  type SyncStatus,
} from '../../bridge/schemas/sync';
import {
  claimEnrolmentResponseSchema,
  issueEnrolmentResponseSchema,
  type ClaimEnrolmentResponse,
  type IssueEnrolmentRequest,
} from '../../sync/enrolment';
import {
  answersDueResponseSchema,
  intakeKeyResponseSchema,
  pendingResponseSchema,
  publicKeySchema,
  type AnswersDueResponse,
  type IntakeKeyResponse,
  type PendingRequest,
  type PendingResponse,
  type PublicKeyWire,
} from '../../sync/intake';
import type { Mutation } from '../../sync/mutations';
import {
  EVENT_POKE,
  clientRegistrationSchema,
  auditAnchorResponseSchema,
  errorResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  tokensSchema,
  type AccountRole,
  type AuditAnchor,
  type ErrorResponse,
  type PullResponse,
  type PushResponse,
} from '../../sync/protocol';
import type { AuditAnchorStore } from './audit-anchor';
import type { OrganisationSettings } from '../../domain/settings/organisation-settings';
import { organisationSettingsSchema } from '../../domain/settings/settings-schema';
import { errorKind, type Logger } from './logger';
import {
  DEFAULT_BACKOFF,
  createBackoffGate,
  systemClock,
  type BackoffPolicy,
  type SyncClock,
} from './sync-backoff';
import {
  EMPTY_CONNECTION,
  createSyncConnectionStore,
  signedInEntry,
  type SyncAccountEntry,
  type SyncConnection,
} from './sync-connection-store';
import { createEventStreamParser } from './sync-events';
import {
  NEVER,
  badAnswerFailure,
  createSender,
  lockedFailure,
  offlineFailure,
  refusedFailure,
  serverError,
  signedOutFailure,
  urlFailure,
  type Answer,
  type Outcome,
  type Fetch,
} from './sync-http';
import { checkServerUrl } from './sync-url';

export type { Fetch } from './sync-http';

/** Why the caller should pull now. */
export type ChangeCause = 'poke' | 'reconnect' | 'timer' | 'wake' | 'recovered';

export interface SyncTransportOptions {
  dataDir: string;
  log: Logger;
  fetch?: Fetch;
  clock?: SyncClock;
  /** Uniform in [0, 1): the jitter of the back-off. */
  random?: () => number;
  backoff?: BackoffPolicy;
  /** How long a call keeps trying through failures before it answers `sync-offline`. */
  patienceMs?: number;
  /** How long one request may take before it counts as a network failure. */
  requestTimeoutMs?: number;
  /** The fallback: a change is marked this often even without a poke. */
  pullIntervalMs?: number;
  /** An events stream silent this long is taken for dead (the server says something every 25 s). */
  eventsIdleMs?: number;
  /** Called on each change (a poke, a reconnect…), for a caller in the main process. */
  onChange?: (cause: ChangeCause) => void;
  /**
   * The audit log's anchor beside the key store: mirrored to the server (which keeps it per
   * client and only lets it move forward) each time the events stream connects and after each
   * append, so a data folder put back to an earlier copy is found by the server's.
   */
  auditAnchor?: Pick<AuditAnchorStore, 'read'>;
  /**
   * The organisation's settings arrived in a pull (checked against the domain's schema): the
   * main process saves them, so every workstation runs on the settings a supervisor last wrote.
   */
  onSettingsPulled?: (settings: OrganisationSettings) => Promise<unknown>;
  /** The server ended an account's session (disabled, or its sign-in revoked): its account id. */
  onSessionEnded?: (accountId: string) => void;
}

export interface SyncTransport {
  /** Opens the connection with the index key of an unlock (base64) and resumes a session. */
  useKey(indexKeyBase64: string): Promise<void>;
  /** Stops everything and forgets the connection and the access token until the next unlock. */
  lock(): void;
  status(): SyncStatus;
  signIn(input: SyncSignInInput): Promise<SyncStatus>;
  signOut(): Promise<{ revoked: boolean }>;
  push(mutations: Mutation[]): Promise<PushResponse>;
  pull(request: SyncPullInput): Promise<PullResponse>;
  /** Leaves wrapped keys on the server for an enrolment (a supervisor's account only). */
  issueEnrolment(
    request: IssueEnrolmentRequest,
  ): Promise<{ expiresAt: number; serverTime: number }>;
  /** Claims an enrolment's wrapped keys (once; the server then forgets them). */
  claimEnrolment(enrolmentId: string): Promise<ClaimEnrolmentResponse>;
  /** The organisation's intake key on the server; publishes `publish` first (supervisors). */
  intakeKey(publish: PublicKeyWire | null): Promise<IntakeKeyResponse>;
  /** The portal's deliveries no workstation has taken in yet, oldest first. */
  intakePending(request: PendingRequest): Promise<PendingResponse>;
  /** Replies due to the portal (to seal to its key), and that key. */
  portalAnswersDue(): Promise<AnswersDueResponse>;
  /** Resolves `changed: true` once a change was marked since the last call, or false at the timeout. */
  waitForChange(timeoutMs: number): Promise<{ changed: boolean }>;
  /** After sleep, or when the network comes back: try the server now, reconnect the events. */
  wake(): SyncStatus;
  /** Stops everything and waits for the background loops to end (a stopping host, tests). */
  close(): Promise<void>;
  /** The account signed in now (for the main process: the bridge's status names no id). */
  signedInAccount(): { id: string; role: AccountRole } | null;
  /** The anchor the server holds for this client, once read this session (null otherwise). */
  serverAuditAnchor(): AuditAnchor | null;
  /** The local anchor moved on: send it to the server (in the background, never failing). */
  auditAnchorAdvanced(): void;
}

export const DEFAULT_PATIENCE_MS = 30_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_PULL_INTERVAL_MS = 60_000;
export const DEFAULT_EVENTS_IDLE_MS = 70_000;

/** A signed-in account, from sign-in (or an unlock that found one) to sign-out, lock or its end. */
interface Session {
  controller: AbortController;
  entry: SyncAccountEntry;
  accessToken: string | null;
  refreshing: Promise<void> | null;
  /** The open events stream's own abort (a wake reconnects it). */
  stream: AbortController | null;
  loops: Promise<void>[];
  /** How it ended: a lock keeps it on disk (it resumes at the next unlock), a sign-out does not. */
  endedBy: 'lock' | 'sign-out' | null;
}

const sameAccount = (a: SyncAccountEntry, serverUrl: string, accountId: string) =>
  a.serverUrl === serverUrl && a.account.id === accountId;

function withEntry(connection: SyncConnection, entry: SyncAccountEntry): SyncConnection {
  return {
    ...connection,
    accounts: [
      ...connection.accounts.filter((a) => !sameAccount(a, entry.serverUrl, entry.account.id)),
      entry,
    ],
  };
}

export function createSyncTransport(options: SyncTransportOptions): SyncTransport {
  const { log } = options;
  const fetchFn: Fetch = options.fetch ?? ((url, init) => fetch(url, init));
  const clock = options.clock ?? systemClock;
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  const patienceMs = options.patienceMs ?? DEFAULT_PATIENCE_MS;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const pullIntervalMs = options.pullIntervalMs ?? DEFAULT_PULL_INTERVAL_MS;
  const eventsIdleMs = options.eventsIdleMs ?? DEFAULT_EVENTS_IDLE_MS;
  const send = createSender(fetchFn, clock, requestTimeoutMs);
  const store = createSyncConnectionStore({ dataDir: options.dataDir, log });
  const gate = createBackoffGate(clock, options.random ?? Math.random, policy, (count, delay) =>
    log.warn('sync.backing-off', { count, durationMs: delay }),
  );

  /** Aborted at each lock; null while locked. */
  let unlocked: AbortController | null = null;
  let connection: SyncConnection = EMPTY_CONNECTION;
  let session: Session | null = null;
  let problem: SyncStatus['problem'] = null;
  let eventsState: SyncStatus['events'] = 'stopped';
  let lastSyncAt: number | null = null;
  let clockOffsetMs: number | null = null;
  let changePending = false;
  const changeWaiters = new Set<(changed: boolean) => void>();
  /** The server's anchor for this session's client: undefined until read since the session began. */
  let serverAnchor: AuditAnchor | null | undefined;
  let anchorRun: Promise<void> | null = null;
  let anchorAgain = false;

  const stopped = () => (unlocked === null ? lockedFailure() : signedOutFailure());

  function requireSession(): Session {
    if (unlocked === null) throw lockedFailure();
    if (session === null) throw signedOutFailure();
    return session;
  }

  function noteClock(serverTime: number, sentAt: number, receivedAt: number) {
    clockOffsetMs = Math.round(serverTime - (sentAt + receivedAt) / 2);
  }

  /**
   * Brings the server's anchor up to the local one: reads the server's once per session (and on
   * each reconnection), then sends the local one whenever it is ahead. A conflict (the server's
   * is ahead, or holds another hash at its count) is kept as the server's anchor: Verify then
   * checks the log against it (handlers.ts, `newerAnchor`). One run at a time; a request made
   * meanwhile runs once more after it.
   */
  function reconcileAnchor(): void {
    const current = session;
    if (current === null || !options.auditAnchor) return;
    if (anchorRun !== null) {
      anchorAgain = true;
      return;
    }
    anchorRun = (async () => {
      do {
        anchorAgain = false;
        try {
          await reconcileAnchorOnce(current);
        } catch (error) {
          log.warn('sync.audit-anchor-not-sent', { kind: errorKind(error) });
          return;
        }
      } while (anchorAgain && session === current);
    })().finally(() => {
      anchorRun = null;
    });
  }

  async function reconcileAnchorOnce(current: Session): Promise<void> {
    const local = options.auditAnchor;
    if (!local) return;
    if (serverAnchor === undefined) {
      const held = await authorised(
        '/v1/audit-anchor/get',
        (entry) => ({ clientId: entry.clientId }),
        auditAnchorResponseSchema,
      );
      if (session !== current) return;
      serverAnchor = held.anchor;
    }
    const mine = await local.read();
    if (mine.state !== 'set' || mine.count === 0) return;
    if (serverAnchor !== null && serverAnchor.count >= mine.count) return;
    const sent = await authorised(
      '/v1/audit-anchor',
      (entry) => ({ clientId: entry.clientId, count: mine.count, hash: mine.head }),
      auditAnchorResponseSchema,
      (error) =>
        error.error === 'conflict' && error.anchor
          ? { anchor: error.anchor, conflict: true as const }
          : undefined,
    );
    if (session !== current) return;
    serverAnchor = sent.anchor;
    if ('conflict' in sent) log.warn('sync.audit-anchor-behind-server');
  }

  function signalChange(cause: ChangeCause) {
    if (session === null) return;
    if (cause === 'reconnect') {
      serverAnchor = undefined;
      reconcileAnchor();
    }
    options.onChange?.(cause);
    if (changeWaiters.size === 0) {
      changePending = true;
      return;
    }
    changePending = false;
    for (const waiter of [...changeWaiters]) waiter(true);
  }

  /**
   * Sends through the back-off gate until the server answers (2xx or 4xx), the deadline comes
   * (`sync-offline`), or the signal aborts (locked or signed out).
   */
  async function exchange(
    signal: AbortSignal,
    deadline: number,
    attempt: () => Promise<Outcome>,
  ): Promise<Answer> {
    for (;;) {
      const turn = await gate.turn(deadline, signal);
      if (!turn.go) throw turn.why === 'aborted' ? stopped() : offlineFailure(turn.retryAt);
      const outcome = await attempt();
      if (outcome.kind === 'aborted') {
        gate.release(turn.round);
        throw stopped();
      }
      if (outcome.kind === 'unreachable') {
        gate.failed(turn.round);
        continue;
      }
      if (gate.succeeded()) signalChange('recovered');
      if (outcome.kind === 'bad-answer') throw badAnswerFailure();
      return outcome;
    }
  }

  /** A push or a pull: with the access token, refreshed once when it has expired. */
  async function authorised<T extends { serverTime: number }, R = never>(
    path: string,
    body: (entry: SyncAccountEntry) => unknown,
    schema: z.ZodType<T>,
    /** A 4xx the caller takes as an answer (the audit anchor's conflict), or undefined. */
    answerOf: (error: ErrorResponse) => R | undefined = () => undefined,
  ): Promise<T | R> {
    const deadline = clock.now() + patienceMs;
    let refreshed = false;
    for (;;) {
      const current = requireSession();
      const token = await accessTokenOf(current, deadline);
      const signal = current.controller.signal;
      const url = `${current.entry.serverUrl}${path}`;
      const answer = await exchange(signal, deadline, () =>
        send(signal, url, body(current.entry), token),
      );
      if (answer.status === 200) {
        const parsed = schema.safeParse(answer.body);
        if (!parsed.success) throw badAnswerFailure();
        noteClock(parsed.data.serverTime, answer.sentAt, answer.receivedAt);
        lastSyncAt = clock.now();
        return parsed.data;
      }
      const error = serverError(answer);
      if (error.error === 'token-expired' && !refreshed) {
        refreshed = true;
        await refresh(current, deadline, token);
        continue;
      }
      if (error.error === 'unauthenticated') {
        await endSession(current, 'session-ended');
        throw signedOutFailure();
      }
      const taken = answerOf(error);
      if (taken !== undefined) {
        lastSyncAt = clock.now();
        return taken;
      }
      log.warn('sync.refused', { code: error.error });
      throw refusedFailure(error);
    }
  }

  async function accessTokenOf(current: Session, deadline: number): Promise<string> {
    if (current.accessToken === null) await refresh(current, deadline, null);
    if (current.accessToken === null || session !== current) throw stopped();
    return current.accessToken;
  }

  /** Refreshes the access token, once for every caller that saw `stale` fail. */
  function refresh(current: Session, deadline: number, stale: string | null): Promise<void> {
    if (current.accessToken !== stale) return Promise.resolve();
    current.refreshing ??= refreshNow(current, deadline).finally(() => {
      current.refreshing = null;
    });
    return current.refreshing;
  }

  /**
   * The refresh itself. Once sent it is read to its end, whatever happens meanwhile (a lock, a
   * sign-out): the server has then spent the old refresh token, and the new one is saved even so
   * (the store took its key when the refresh began). Presenting a spent token again would make the
   * server revoke the whole session.
   */
  async function refreshNow(current: Session, deadline: number): Promise<void> {
    const save = store.writer();
    const base = connection;
    const entry = current.entry;
    let answer: Answer;
    try {
      answer = await exchange(current.controller.signal, deadline, () =>
        send(NEVER, `${entry.serverUrl}/v1/refresh`, { refreshToken: entry.refreshToken }, null),
      );
    } catch (error) {
      save.discard();
      throw error;
    }
    if (answer.status !== 200) {
      save.discard();
      const error = serverError(answer);
      if (error.error === 'unauthenticated') {
        await endSession(current, 'session-ended');
        throw signedOutFailure();
      }
      throw refusedFailure(error);
    }
    const tokens = tokensSchema.safeParse(answer.body);
    if (!tokens.success || tokens.data.account.id !== entry.account.id) {
      save.discard();
      throw badAnswerFailure();
    }
    noteClock(tokens.data.serverTime, answer.sentAt, answer.receivedAt);
    const renewed: SyncAccountEntry = {
      ...entry,
      account: tokens.data.account,
      refreshToken: tokens.data.refreshToken,
    };
    const live = session === current;
    if (live) {
      current.entry = renewed;
      current.accessToken = tokens.data.accessToken;
      connection = withEntry(connection, renewed);
    }
    // Signed out meanwhile: the sign-out stands (and revoked the token's family on the server).
    if (!live && current.endedBy !== 'lock') {
      save.discard();
      throw stopped();
    }
    try {
      await save.write(live ? connection : withEntry(base, renewed));
    } catch (error) {
      log.error('sync.connection-not-saved', { kind: errorKind(error) });
    }
    if (!live) throw stopped();
  }

  /** Ends the session here: tokens forgotten (the client id kept), the loops stopped. */
  async function endSession(current: Session, why: SyncStatus['problem']): Promise<void> {
    if (session !== current) return;
    session = null;
    serverAnchor = undefined;
    current.endedBy = 'sign-out';
    current.controller.abort();
    current.accessToken = null;
    problem = why;
    eventsState = 'stopped';
    changePending = false;
    for (const waiter of [...changeWaiters]) waiter(false);
    const entry = { ...current.entry, refreshToken: null };
    connection = { ...withEntry(connection, entry), signedIn: null };
    log.info('sync.signed-out', { reason: why ?? 'person' });
    if (why === 'session-ended') options.onSessionEnded?.(current.entry.account.id);
    try {
      await store.write(connection);
    } catch (error) {
      log.error('sync.connection-not-saved', { kind: errorKind(error) });
    }
  }

  function startSession(entry: SyncAccountEntry, accessToken: string | null): void {
    const current: Session = {
      controller: new AbortController(),
      entry,
      accessToken,
      refreshing: null,
      stream: null,
      loops: [],
      endedBy: null,
    };
    session = current;
    serverAnchor = undefined;
    problem = null;
    changePending = false;
    current.loops.push(runEvents(current), runPullTimer(current));
  }

  /** Stops the session in memory only (a lock: the stored connection stays as it is). */
  function dropSession(): Session | null {
    const current = session;
    if (current === null) return null;
    session = null;
    serverAnchor = undefined;
    current.endedBy = 'lock';
    current.controller.abort();
    current.accessToken = null;
    eventsState = 'stopped';
    changePending = false;
    for (const waiter of [...changeWaiters]) waiter(false);
    return current;
  }

  async function runPullTimer(current: Session): Promise<void> {
    const signal = current.controller.signal;
    for (;;) {
      await clock.sleep(pullIntervalMs, signal);
      if (signal.aborted || session !== current) return;
      signalChange('timer');
    }
  }

  /** The events stream: connect, read until it ends, reconnect; through the back-off gate. */
  async function runEvents(current: Session): Promise<void> {
    const signal = current.controller.signal;
    while (!signal.aborted && session === current) {
      eventsState = 'connecting';
      try {
        await accessTokenOf(current, Number.POSITIVE_INFINITY);
      } catch {
        // Signed out or locked: the loop ends. Refused otherwise: try again after the longest wait.
        if (session !== current) break;
        await clock.sleep(policy.capMs, signal);
        continue;
      }
      const turn = await gate.turn(Number.POSITIVE_INFINITY, signal);
      if (!turn.go) break;
      const next = await listenOnce(current, turn.round);
      if (typeof next === 'object') {
        const renewed = await refresh(current, Number.POSITIVE_INFINITY, next.expired).then(
          () => true,
          () => false,
        );
        if (!renewed && session === current) await clock.sleep(policy.capMs, signal);
      } else if (next === 'wait') {
        await clock.sleep(policy.capMs, signal);
      }
    }
    if (session === null || session === current) eventsState = 'stopped';
  }

  /**
   * One connection of the events stream, from the turn the gate gave to its end: what to do
   * next (`again`: reconnect through the gate; `expired`: refresh this access token first;
   * `wait`: refused for another reason, so wait the longest back-off).
   */
  async function listenOnce(
    current: Session,
    round: number,
  ): Promise<'again' | 'wait' | { expired: string }> {
    const token = current.accessToken;
    if (token === null) {
      gate.release(round);
      return 'again';
    }
    // The stream's own abort (a wake, silence, the connect timeout), and the session's, linked
    // by hand and unlinked after: AbortSignal.any leaks on a long-lived signal (nodejs#55351).
    const stream = new AbortController();
    const stop = () => stream.abort('stopped');
    const signal = current.controller.signal;
    signal.addEventListener('abort', stop, { once: true });
    current.stream = stream;
    try {
      const opened = signal.aborted
        ? { kind: 'aborted' as const }
        : await openStream(current, token, stream);
      if (opened.kind === 'aborted') {
        gate.release(round);
        return 'again';
      }
      if (opened.kind === 'unreachable') {
        gate.failed(round);
        return 'again';
      }
      if (gate.succeeded()) signalChange('recovered');
      if (opened.kind === 'refused') {
        if (opened.code === 'token-expired') return { expired: token };
        if (opened.code === 'unauthenticated') await endSession(current, 'session-ended');
        return opened.code === 'unauthenticated' ? 'again' : 'wait';
      }
      const ready = await readStream(current, opened.body, stream);
      if (session === current) eventsState = 'connecting';
      // A stream that ended before the server said it was ready is not a working server.
      if (!ready && stream.signal.reason !== 'wake' && !signal.aborted) gate.failed(gate.failures);
      return 'again';
    } finally {
      signal.removeEventListener('abort', stop);
      if (current.stream === stream) current.stream = null;
    }
  }

  async function openStream(
    current: Session,
    token: string,
    stream: AbortController,
  ): Promise<
    | { kind: 'aborted' }
    | { kind: 'unreachable' }
    | { kind: 'refused'; code: string }
    | { kind: 'open'; body: NonNullable<Response['body']> }
  > {
    const connectTimer = new AbortController();
    void clock.sleep(requestTimeoutMs, connectTimer.signal).then(() => {
      if (!connectTimer.signal.aborted) stream.abort('timeout');
    });
    try {
      const response = await fetchFn(`${current.entry.serverUrl}/v1/events`, {
        method: 'GET',
        headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
        redirect: 'manual',
        signal: stream.signal,
      });
      if (response.status === 200 && response.body !== null)
        return { kind: 'open', body: response.body };
      const text = await response.text();
      if (response.status >= 500) return { kind: 'unreachable' };
      try {
        const error = errorResponseSchema.safeParse(JSON.parse(text));
        return { kind: 'refused', code: error.success ? error.data.error : 'invalid-answer' };
      } catch {
        return { kind: 'refused', code: 'invalid-answer' };
      }
    } catch {
      if (current.controller.signal.aborted || stream.signal.reason === 'wake')
        return { kind: 'aborted' };
      return { kind: 'unreachable' };
    } finally {
      connectTimer.abort();
    }
  }

  /** Reads events until the stream ends or goes silent; true when the server said it is ready. */
  async function readStream(
    current: Session,
    body: NonNullable<Response['body']>,
    stream: AbortController,
  ): Promise<boolean> {
    let ready = false;
    const openedAt = clock.now();
    const parser = createEventStreamParser((event) => {
      if (session !== current) return;
      if (event.event === 'ready') {
        ready = true;
        eventsState = 'connected';
        try {
          const data = JSON.parse(event.data) as { serverTime?: unknown };
          if (typeof data.serverTime === 'number')
            noteClock(data.serverTime, openedAt, clock.now());
        } catch {
          // The offset waits for the next answer.
        }
        log.info('sync.events-connected');
        signalChange('reconnect');
      } else if (event.event === EVENT_POKE) {
        signalChange('poke');
      }
    });
    const reader = body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const idle = new AbortController();
        void clock.sleep(eventsIdleMs, idle.signal).then(() => {
          if (!idle.signal.aborted) stream.abort('idle');
        });
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch {
          return ready;
        } finally {
          idle.abort();
        }
        if (chunk.done) return ready;
        parser.push(decoder.decode(chunk.value, { stream: true }));
      }
    } finally {
      void reader.cancel().catch(() => undefined);
    }
  }

  /** Tells the server to revoke a refresh token: one attempt, its outcome only reported. */
  async function revoke(serverUrl: string, refreshToken: string): Promise<boolean> {
    const outcome = await send(NEVER, `${serverUrl}/v1/logout`, { refreshToken }, null);
    return outcome.kind === 'answer' && outcome.status === 200;
  }

  async function signIn(input: SyncSignInInput): Promise<SyncStatus> {
    if (unlocked === null) throw lockedFailure();
    if (session !== null)
      throw new BridgeFailure(
        'failed',
        'Already signed in to the sync server: sign out first.',
        [],
        reason('sync-already-signed-in'),
      );
    const checked = checkServerUrl(input.serverUrl);
    if (!checked.ok) throw urlFailure(checked.problem);
    const serverUrl = checked.url;
    const signal = unlocked.signal;
    const deadline = clock.now() + patienceMs;
    gate.reset();
    const answer = await exchange(signal, deadline, () =>
      send(
        signal,
        `${serverUrl}/v1/login`,
        { organisation: input.organisation, login: input.login, password: input.password },
        null,
      ),
    );
    if (answer.status !== 200) {
      const error = serverError(answer);
      log.warn('sync.sign-in-refused', { code: error.error });
      throw refusedFailure(error);
    }
    const parsed = tokensSchema.safeParse(answer.body);
    if (!parsed.success) throw badAnswerFailure();
    const tokens = parsed.data;
    noteClock(tokens.serverTime, answer.sentAt, answer.receivedAt);
    try {
      // The client id this workstation already uses for the account, registered again if the
      // server does not know it (restored from a backup made before it was registered), or a
      // new one.
      const clientId = await registerClient(
        signal,
        deadline,
        serverUrl,
        tokens.accessToken,
        connection.accounts.find((a) => sameAccount(a, serverUrl, tokens.account.id))?.clientId,
      );
      if (unlocked?.signal !== signal) throw lockedFailure();
      if (session !== null) throw new Error('signed in meanwhile');
      const entry: SyncAccountEntry = {
        serverUrl,
        account: tokens.account,
        clientId,
        refreshToken: tokens.refreshToken,
      };
      const next: SyncConnection = {
        ...withEntry(connection, entry),
        serverUrl,
        organisation: tokens.account.organisation,
        signedIn: { serverUrl, accountId: tokens.account.id },
      };
      await store.write(next);
      connection = next;
      startSession(entry, tokens.accessToken);
    } catch (error) {
      // Nothing of this sign-in is kept: the server forgets its refresh token too.
      await revoke(serverUrl, tokens.refreshToken);
      throw error;
    }
    log.info('sync.signed-in');
    return status();
  }

  /** The account's client id: `known` (registered again if need be), or a new one. */
  async function registerClient(
    signal: AbortSignal,
    deadline: number,
    serverUrl: string,
    accessToken: string,
    known: string | undefined,
  ): Promise<string> {
    const answer = await exchange(signal, deadline, () =>
      send(
        signal,
        `${serverUrl}/v1/clients`,
        known === undefined ? {} : { clientId: known },
        accessToken,
      ),
    );
    if (answer.status !== 200) throw refusedFailure(serverError(answer));
    const parsed = clientRegistrationSchema.safeParse(answer.body);
    if (!parsed.success || (known !== undefined && parsed.data.clientId !== known))
      throw badAnswerFailure();
    return parsed.data.clientId;
  }

  function status(): SyncStatus {
    const entry = session?.entry ?? null;
    let state: SyncStatus['connection'];
    if (unlocked === null) state = 'locked';
    else if (session === null) state = 'signed-out';
    else if (gate.failures > 0)
      state = (gate.nextAttemptAt ?? 0) > clock.now() ? 'backing-off' : 'offline';
    else state = gate.hasAnswered ? 'online' : 'connecting';
    return {
      connection: state,
      serverUrl: unlocked === null ? null : connection.serverUrl,
      organisation: unlocked === null ? null : connection.organisation,
      account: entry
        ? {
            login: entry.account.login,
            role: entry.account.role,
            organisation: entry.account.organisation,
            counsellorId: entry.account.counsellorId,
          }
        : null,
      clientId: entry?.clientId ?? null,
      events: session === null ? 'stopped' : eventsState,
      nextAttemptAt: session !== null && gate.failures > 0 ? gate.nextAttemptAt : null,
      lastSyncAt,
      clock:
        clockOffsetMs === null
          ? null
          : { offsetMs: clockOffsetMs, off: Math.abs(clockOffsetMs) > CLOCK_TOLERANCE_MS },
      problem: unlocked === null ? null : problem,
    };
  }

  function lock(): void {
    dropSession();
    unlocked?.abort();
    unlocked = null;
    store.forgetKey();
    connection = EMPTY_CONNECTION;
    problem = null;
    gate.reset();
  }

  return {
    async useKey(indexKeyBase64) {
      try {
        const changed = store.useKey(indexKeyBase64);
        if (!changed && unlocked !== null) return;
        dropSession();
        unlocked?.abort();
        const mine = new AbortController();
        unlocked = mine;
        connection = EMPTY_CONNECTION;
        gate.reset();
        const read = await store.read();
        if (unlocked !== mine) return;
        if (read.state === 'set') connection = read.connection;
        problem = read.state === 'unreadable' ? 'unreadable' : null;
        const entry = signedInEntry(connection);
        if (entry !== null) startSession(entry, null);
      } catch (error) {
        log.error('sync.unlock-failed', { kind: errorKind(error) });
      }
    },
    lock() {
      lock();
      log.info('sync.locked');
    },
    signedInAccount: () =>
      session === null ? null : { id: session.entry.account.id, role: session.entry.account.role },
    serverAuditAnchor: () => (session === null ? null : (serverAnchor ?? null)),
    auditAnchorAdvanced: reconcileAnchor,
    status,
    signIn,
    async signOut() {
      if (unlocked === null) throw lockedFailure();
      const current = session;
      if (current === null) return { revoked: false };
      const { serverUrl, refreshToken } = current.entry;
      // Forgotten here first: when the server cannot be told, nothing is left to use anyway.
      await endSession(current, null);
      gate.reset();
      const revoked = refreshToken === null ? false : await revoke(serverUrl, refreshToken);
      return { revoked };
    },
    push: (mutations) =>
      authorised(
        '/v1/push',
        (entry) => ({ clientId: entry.clientId, mutations }),
        pushResponseSchema,
      ),
    async pull(request) {
      const response = await authorised(
        '/v1/pull',
        (entry) => ({ clientId: entry.clientId, ...request }),
        pullResponseSchema,
      );
      // The organisation's settings the server sent (a supervisor wrote them; the server checked
      // the role): the main process keeps them itself, as it keeps the ones saved here.
      const settings = response.changes.findLast(
        (change) => change.table === 'settings' && change.record !== null,
      );
      if (settings && options.onSettingsPulled) {
        // The server's bookkeeping beside the settings themselves.
        const { id, version, createdAt, updatedAt, deletedAt, ...fields } = settings.record ?? {};
        void [id, version, createdAt, updatedAt, deletedAt];
        const parsed = organisationSettingsSchema.safeParse(fields);
        if (!parsed.success) log.warn('sync.settings-not-applied', { kind: 'invalid' });
        else
          await options
            .onSettingsPulled(parsed.data)
            .catch((error: unknown) =>
              log.error('sync.settings-not-applied', { kind: errorKind(error) }),
            );
      }
      return response;
    },
    issueEnrolment: (request) =>
      authorised('/v1/enrolments', () => request, issueEnrolmentResponseSchema),
    claimEnrolment: (enrolmentId) =>
      authorised('/v1/enrolments/claim', () => ({ enrolmentId }), claimEnrolmentResponseSchema),
    intakeKey: (publish) =>
      publish === null
        ? authorised('/v1/intake-key/get', () => ({}), intakeKeyResponseSchema)
        : authorised(
            '/v1/intake-key',
            () => publish,
            intakeKeyResponseSchema.extend({ key: publicKeySchema }),
          ),
    portalAnswersDue: () =>
      authorised('/v1/portal/answers-due', () => ({}), answersDueResponseSchema),
    intakePending: (request) =>
      authorised('/v1/intake/pending', () => request, pendingResponseSchema),
    async waitForChange(timeoutMs) {
      requireSession();
      if (changePending) {
        changePending = false;
        return { changed: true };
      }
      if (timeoutMs === 0) return { changed: false };
      return new Promise((resolve) => {
        const timer = new AbortController();
        const waiter = (changed: boolean) => {
          changeWaiters.delete(waiter);
          timer.abort();
          resolve({ changed });
        };
        changeWaiters.add(waiter);
        void clock.sleep(timeoutMs, timer.signal).then(() => {
          if (!timer.signal.aborted) waiter(false);
        });
      });
    },
    wake() {
      gate.wake();
      const current = session;
      if (current !== null) {
        current.stream?.abort('wake');
        signalChange('wake');
      }
      return status();
    },
    async close() {
      const current = session;
      lock();
      if (current) await Promise.all(current.loops);
    },
  };
}
