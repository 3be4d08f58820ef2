/**
 * The sync server's HTTP routes (Fastify 5), version 1 under `/v1`. Every body is checked with the
 * zod schemas of `src/sync/protocol`; every error answers `{ error, message, path? }` with a code
 * the workstation words in its own language. Nothing here keeps state another server process
 * would need: accounts, tokens, throttles, cursors and the signing key all live in the database.
 *
 * Logs are JSON lines on stderr with the method, route and status: never a body, a token, an
 * account name or a record id.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { claimEnrolmentRequestSchema, issueEnrolmentRequestSchema } from '../sync/enrolment';
import {
  MAX_ANSWERS_PAGE,
  MAX_PENDING_PAGE,
  messageDeliverySchema,
  participantDeliverySchema,
  pendingRequestSchema,
  publicKeySchema,
} from '../sync/intake';
import {
  EVENT_POKE,
  PROTOCOL_VERSION,
  auditAnchorGetRequestSchema,
  auditAnchorRequestSchema,
  clientRegistrationRequestSchema,
  loginRequestSchema,
  pullRequestSchema,
  pushRequestSchema,
  refreshRequestSchema,
  type ErrorCode,
  type ErrorResponse,
} from '../sync/protocol';
import { advanceAnchor, readAnchor } from './audit-anchor';
import { createServerMetrics, type ServerMetrics } from './metrics';
import { activeAccount, signIn } from './auth/accounts';
import {
  ACCESS_TOKEN_SECONDS,
  issueRefreshToken,
  revokeRefreshToken,
  signAccessToken,
  signingKey,
  useRefreshToken,
  verifyAccessToken,
} from './auth/tokens';
import type { Database } from './db/database';
import { claimEnrolment, issueEnrolment } from './enrolment';
import {
  countDelivery,
  deliver,
  intakeKeyOf,
  answersDue,
  pendingDeliveries,
  portalAnswers,
  portalOf,
  setPortalAnswerKey,
  setIntakeKey,
  type IntakeKind,
} from './intake';
import type { ChangeNotices } from './events';
import type { Actor } from './sync/handlers';
import { pull } from './sync/pull';
import { push, PushOrderError } from './sync/push';

export interface ServerOptions {
  db: Database;
  notices: ChangeNotices;
  /** The server's clock (tests pin it). */
  now?: () => number;
  /** Where JSON log lines go; none when null (tests). */
  logStream?: NodeJS.WritableStream | null;
  /** Seconds between keep-alive comments on an events stream. */
  heartbeatSeconds?: number;
  /** Where the server counts what it does (`GET /metrics`); a registry of its own when absent. */
  metrics?: ServerMetrics;
}

const STATUS: Record<ErrorCode, number> = {
  'invalid-request': 400,
  unauthenticated: 401,
  'token-expired': 401,
  forbidden: 403,
  'too-many-attempts': 429,
  'unknown-client': 404,
  'mutation-gap': 409,
  'not-found': 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

class HttpError extends Error {
  constructor(readonly body: ErrorResponse) {
    super(body.message);
  }
}

const fail = (error: ErrorCode, message: string, more: Partial<ErrorResponse> = {}) =>
  new HttpError({ error, message, ...more });

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join('.');
  throw fail('invalid-request', `${path || 'body'}: ${issue.message}`, { path });
}

interface Caller extends Actor {
  orgId: string;
  /** When the access token the request came with expires (ms). */
  tokenExpiresAt: number;
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { db, notices } = options;
  const now = options.now ?? Date.now;
  const metrics = options.metrics ?? createServerMetrics();
  const key = await signingKey(db);
  const app = Fastify({
    logger:
      options.logStream === null || options.logStream === undefined
        ? false
        : {
            level: 'info',
            stream: options.logStream,
            redact: ['req.headers.authorization'],
            serializers: {
              req: (req) => ({ method: req.method, route: req.routeOptions.url }),
              res: (res) => ({ statusCode: res.statusCode }),
            },
          },
    bodyLimit: 8 * 1024 * 1024,
    // Event streams never end by themselves: a stopping server ends them.
    forceCloseConnections: true,
    genReqId: () => randomUUID(),
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) {
      const body = error.body;
      if (body.retryAfter !== undefined) void reply.header('retry-after', String(body.retryAfter));
      return reply.status(STATUS[body.error]).send(body);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      // Fastify's own: a body that is not JSON, too large, a wrong content type.
      return reply.status(400).send({
        error: 'invalid-request',
        message: 'the request body is not valid JSON within 8 MiB',
      });
    }
    // Only the error's class and code: a database message can quote values.
    request.log.error(
      { errorName: (error as Error).name, code: (error as { code?: unknown }).code },
      'request failed',
    );
    return reply.status(500).send({ error: 'internal', message: 'the server failed; try again' });
  });

  // An unknown route answers like every other error (and holds nothing: there is no listing of
  // enrolments or anchors to GET).
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ error: 'not-found', message: 'there is nothing here' }),
  );

  /** The caller behind the bearer token, still allowed to act. */
  async function authenticate(request: FastifyRequest): Promise<Caller> {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const check = verifyAccessToken(key, token, now());
    if (!check.ok)
      throw fail(
        check.code,
        check.code === 'token-expired'
          ? 'the access token has expired: refresh it'
          : 'sign in first',
      );
    const account = await activeAccount(db, check.claims.accountId);
    if (!account) throw fail('unauthenticated', 'this account is disabled or gone');
    return {
      accountId: account.id,
      orgId: account.orgId,
      role: account.role,
      counsellorId: account.counsellorId,
      tokenExpiresAt: check.claims.expiresAt,
    };
  }

  const tokensFor = async (
    account: Awaited<ReturnType<typeof activeAccount>> & object,
    refreshToken: string,
  ) => ({
    accessToken: signAccessToken(key, {
      accountId: account.id,
      orgId: account.orgId,
      role: account.role,
      counsellorId: account.counsellorId,
      expiresAt: now() + ACCESS_TOKEN_SECONDS * 1000,
    }),
    expiresIn: ACCESS_TOKEN_SECONDS,
    refreshToken,
    account: {
      id: account.id,
      organisation: account.organisation,
      login: account.login,
      role: account.role,
      counsellorId: account.counsellorId,
    },
    serverTime: now(),
  });

  // Counts and latencies by route pattern: never a path as asked (it could hold anything).
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.requestSeconds.observe({ route }, reply.elapsedTime / 1000);
  });

  /** Up, and its database answering: for a load balancer or a monitor. No account needed. */
  app.get('/v1/health', async (_request, reply) => {
    try {
      await db.query('SELECT 1');
    } catch {
      return reply.status(503).send({
        ok: false,
        database: 'unavailable',
        protocol: PROTOCOL_VERSION,
        serverTime: now(),
      });
    }
    return { ok: true, database: 'ok', protocol: PROTOCOL_VERSION, serverTime: now() };
  });

  /** Prometheus' text format: counts and latencies only (src/server/metrics.ts). */
  app.get('/metrics', async (_request, reply) => {
    void reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.post('/v1/login', async (request) => {
    const input = parse(loginRequestSchema, request.body);
    const result = await signIn(db, input, now());
    if (!result.ok) {
      if (result.code === 'too-many-attempts')
        throw fail(
          'too-many-attempts',
          `too many failed sign-ins: wait ${result.retryAfterSeconds} s`,
          {
            retryAfter: result.retryAfterSeconds,
          },
        );
      throw fail('unauthenticated', 'the organisation, name or password is wrong');
    }
    const refreshToken = await issueRefreshToken(db, result.account.id, now());
    return tokensFor({ ...result.account, orgId: result.orgId }, refreshToken);
  });

  app.post('/v1/refresh', async (request) => {
    const input = parse(refreshRequestSchema, request.body);
    const used = await db.transaction((tx) => useRefreshToken(tx, input.refreshToken, now()));
    if (!used.ok) throw fail('unauthenticated', 'sign in again (the session ended)');
    const account = await activeAccount(db, used.accountId);
    if (!account) throw fail('unauthenticated', 'this account is disabled or gone');
    return tokensFor(account, used.token);
  });

  app.post('/v1/logout', async (request) => {
    const input = parse(refreshRequestSchema, request.body);
    await revokeRefreshToken(db, input.refreshToken, now());
    return { ok: true };
  });

  /** A workstation profile signing in for the first time gets its client id (mutation numbering). */
  app.post('/v1/clients', async (request) => {
    const caller = await authenticate(request);
    const input = parse(clientRegistrationRequestSchema, request.body ?? {});
    const clientId = input.clientId ?? randomUUID();
    // A known id stays as it is (its mutation numbering with it); one another account holds is
    // refused, as a push or pull with it would be.
    const inserted = await db.query<{ account_id: string }>(
      `INSERT INTO clients (id, account_id, org_id, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET id = clients.id RETURNING account_id`,
      [clientId, caller.accountId, caller.orgId, now()],
    );
    if (inserted.rows[0]?.account_id !== caller.accountId)
      throw fail('unknown-client', 'this client is not registered for this account');
    return { clientId };
  });

  app.post('/v1/push', async (request) => {
    const caller = await authenticate(request);
    const input = parse(pushRequestSchema, request.body);
    let outcome;
    try {
      outcome = await push(
        db,
        {
          clientId: input.clientId,
          orgId: caller.orgId,
          actor: caller,
          mutations: input.mutations,
        },
        now,
      );
    } catch (error) {
      if (error instanceof PushOrderError)
        throw fail('invalid-request', error.message, { path: 'mutations' });
      throw error;
    }
    if (!outcome.ok) {
      if (outcome.code === 'mutation-gap')
        throw fail('mutation-gap', `mutation ${outcome.expected} must come first`, {
          expected: outcome.expected,
        });
      throw fail('unknown-client', 'this client is not registered for this account');
    }
    const { ok: _ok, ...body } = outcome;
    for (const result of body.results) metrics.mutations.inc({ outcome: result.status });
    return { ...body, serverTime: now() };
  });

  app.post('/v1/pull', async (request) => {
    const caller = await authenticate(request);
    const input = parse(pullRequestSchema, request.body);
    const outcome = await pull(db, {
      clientId: input.clientId,
      orgId: caller.orgId,
      actor: caller,
      cursor: input.cursor,
      log: input.log,
      limit: input.limit,
      refusalsSeenThrough: input.refusalsSeenThrough,
      snapshot: input.snapshot,
    });
    if (!outcome.ok) throw fail('unknown-client', 'this client is not registered for this account');
    const { ok: _ok, ...body } = outcome;
    metrics.pulledChanges.inc(body.changes.length);
    return { ...body, serverTime: now() };
  });

  /**
   * Enrolment (issue 15): a supervisor leaves the organisation's keys wrapped under a one-time
   * secret the server never sees (src/sync/enrolment.ts); another account of the organisation
   * claims them, once, before they expire.
   */
  app.post('/v1/enrolments', async (request) => {
    const caller = await authenticate(request);
    if (caller.role !== 'supervisor')
      throw fail('forbidden', 'only a supervisor can enrol a workstation');
    const input = parse(issueEnrolmentRequestSchema, request.body);
    const outcome = await issueEnrolment(
      db,
      { orgId: caller.orgId, accountId: caller.accountId, request: input },
      now(),
    );
    if (!outcome.ok)
      throw fail('conflict', 'this enrolment id is taken: draw a new secret', {
        path: 'enrolmentId',
      });
    return { expiresAt: outcome.expiresAt, serverTime: now() };
  });

  app.post('/v1/enrolments/claim', async (request) => {
    const caller = await authenticate(request);
    const input = parse(claimEnrolmentRequestSchema, request.body);
    const outcome = await claimEnrolment(
      db,
      { orgId: caller.orgId, accountId: caller.accountId, enrolmentId: input.enrolmentId },
      now(),
    );
    if (!outcome.ok)
      throw outcome.code === 'conflict'
        ? fail('conflict', 'this enrolment has been claimed already: ask for a new one')
        : fail('not-found', 'there is no such enrolment, or it has expired: ask for a new one');
    return { wrapped: outcome.wrapped, serverTime: now() };
  });

  /** The audit log's anchor (count, newest hash) per client: it only moves forward. */
  app.post('/v1/audit-anchor', async (request) => {
    const caller = await authenticate(request);
    const input = parse(auditAnchorRequestSchema, request.body);
    const outcome = await advanceAnchor(
      db,
      { ...input, orgId: caller.orgId, accountId: caller.accountId },
      now(),
    );
    if (!outcome.ok) {
      if (outcome.code === 'unknown-client')
        throw fail('unknown-client', 'this client is not registered for this account');
      throw fail(
        'conflict',
        outcome.anchor.count > input.count
          ? 'the server holds a later audit anchor: this audit log was rolled back'
          : 'the server holds another hash at this count: this audit log was changed',
        { anchor: outcome.anchor },
      );
    }
    return { anchor: outcome.anchor, serverTime: now() };
  });

  app.post('/v1/audit-anchor/get', async (request) => {
    const caller = await authenticate(request);
    const input = parse(auditAnchorGetRequestSchema, request.body);
    const outcome = await readAnchor(db, {
      clientId: input.clientId,
      orgId: caller.orgId,
      accountId: caller.accountId,
    });
    if (!outcome.ok) throw fail('unknown-client', 'this client is not registered for this account');
    return { anchor: outcome.anchor, serverTime: now() };
  });

  /**
   * The organisation's intake key (issue 16): the public half of the X25519 key its enrolled
   * workstations hold. A supervisor publishes it; anyone of the organisation reads it.
   */
  app.post('/v1/intake-key', async (request) => {
    const caller = await authenticate(request);
    if (caller.role !== 'supervisor')
      throw fail('forbidden', "only a supervisor can publish the organisation's intake key");
    const key = parse(publicKeySchema, request.body);
    try {
      await setIntakeKey(db, { orgId: caller.orgId, accountId: caller.accountId, key }, now());
    } catch (error) {
      if (error instanceof TypeError)
        throw fail('invalid-request', `publicKey: ${error.message}`, { path: 'publicKey' });
      throw error;
    }
    return { key, serverTime: now() };
  });

  app.post('/v1/intake-key/get', async (request) => {
    const caller = await authenticate(request);
    return { key: await intakeKeyOf(db, caller.orgId), serverTime: now() };
  });

  /** The portal behind the request's API key (its bearer), while the key is not revoked. */
  async function portalCaller(request: FastifyRequest) {
    const header = request.headers.authorization ?? '';
    const portal = header.startsWith('Bearer ') ? await portalOf(db, header.slice(7)) : null;
    if (portal === null)
      throw fail('unauthenticated', 'this API key is not known, or it has been revoked');
    return portal;
  }

  /**
   * The portal's deliveries (src/server/intake.ts), with the portal's API key as the bearer:
   * each item is checked on its own and sealed to the intake key before anything is stored.
   */
  const intakeRoute = (kind: IntakeKind) => async (request: FastifyRequest) => {
    const portal = await portalCaller(request);
    const counted = await countDelivery(db, portal.keyId, now());
    if (!counted.ok)
      throw fail(
        'too-many-attempts',
        `too many deliveries this minute: wait ${counted.retryAfterSeconds} s`,
        { retryAfter: counted.retryAfterSeconds },
      );
    const items =
      kind === 'participant'
        ? parse(participantDeliverySchema, request.body).participants
        : parse(messageDeliverySchema, request.body).messages;
    const results = await deliver(db, portal, kind, items, now());
    if (results === 'no-intake-key')
      throw fail(
        'unavailable',
        "the organisation has not published its intake key yet (a supervisor's enrolled workstation does): nothing was stored; deliver again later",
        { retryAfter: 60 },
      );
    for (const result of results) metrics.intakeItems.inc({ kind, status: result.status });
    return { results, serverTime: now() };
  };
  /** What waits to be taken in: any account of the organisation (its workstation opens them). */
  app.post('/v1/intake/pending', async (request) => {
    const caller = await authenticate(request);
    const input = parse(pendingRequestSchema, request.body);
    const page = await pendingDeliveries(
      db,
      caller.orgId,
      input.after ?? 0,
      input.limit ?? MAX_PENDING_PAGE,
    );
    return { ...page, serverTime: now() };
  });
  /** The portal's public key for answers: registered by a supervisor. */
  app.post('/v1/portal-key', async (request) => {
    const caller = await authenticate(request);
    if (caller.role !== 'supervisor')
      throw fail('forbidden', "only a supervisor can register the portal's key");
    const key = parse(publicKeySchema, request.body);
    try {
      await setPortalAnswerKey(db, caller.orgId, key, now());
    } catch (error) {
      if (error instanceof TypeError)
        throw fail('invalid-request', `publicKey: ${error.message}`, { path: 'publicKey' });
      throw error;
    }
    return { key, serverTime: now() };
  });

  /** Replies due to the portal: a workstation that can read them seals them for it. */
  app.post('/v1/portal/answers-due', async (request) => {
    const caller = await authenticate(request);
    return { ...(await answersDue(db, caller.orgId)), serverTime: now() };
  });

  /** The portal fetches its answers, sealed to its own key, after its cursor. */
  app.get('/v1/portal/answers', async (request) => {
    const portal = await portalCaller(request);
    const query = request.query as { after?: string; limit?: string };
    const number = (text: string | undefined, name: string, fallback: number, max: number) => {
      if (text === undefined) return fallback;
      const value = Number(text);
      if (!Number.isInteger(value) || value < 0 || value > max)
        throw fail('invalid-request', `${name}: must be a whole number from 0 to ${max}`, {
          path: name,
        });
      return value;
    };
    const page = await portalAnswers(
      db,
      portal.orgId,
      number(query.after, 'after', 0, Number.MAX_SAFE_INTEGER),
      Math.max(1, number(query.limit, 'limit', MAX_ANSWERS_PAGE, MAX_ANSWERS_PAGE)),
    );
    return { ...page, serverTime: now() };
  });

  app.post('/v1/intake/participants', intakeRoute('participant'));
  app.post('/v1/intake/messages', intakeRoute('message'));

  /**
   * The open event streams, ended when the server closes: `close()` waits for every connection,
   * and a stream left open would hold a SIGTERM up until its token expired.
   */
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });

  /**
   * Server-sent events: a `poke` whenever the organisation's records change. It ends when the
   * access token does (the workstation reconnects with a fresh one), or when the server stops.
   */
  app.get('/v1/events', async (request, reply) => {
    const caller = await authenticate(request);
    const endsIn = Math.max(0, caller.tokenExpiresAt - now());
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    out.write(`retry: 2000\n\nevent: ready\ndata: {"serverTime":${now()}}\n\n`);
    const unsubscribe = notices.subscribe(caller.orgId, () => {
      out.write(`event: ${EVENT_POKE}\ndata: {}\n\n`);
    });
    const heartbeat = setInterval(
      () => out.write(': keep-alive\n\n'),
      (options.heartbeatSeconds ?? 25) * 1000,
    );
    const end = () => out.end();
    streams.add(end);
    metrics.eventStreams.inc();
    const expiry = setTimeout(end, endsIn);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      metrics.eventStreams.dec();
      clearInterval(heartbeat);
      clearTimeout(expiry);
      unsubscribe();
      streams.delete(end);
    };
    request.raw.on('close', close);
    out.on('close', close);
  });

  return app;
}
