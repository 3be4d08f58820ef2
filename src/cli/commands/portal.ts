/**
 * The portal simulator (issue 16, section 2): what the participants' portal does with the sync
 * server's intake, from the command line, for trying the service end to end and for tests.
 *
 *   portal send --server URL --api-key KEY --dataset FILE [--json]
 *       delivers the dataset's participants, then its participants' messages (replies are the
 *       service's, not the portal's: left out), 100 to a delivery; prints each item refused (its
 *       id, field and reason) and how many were delivered, already there, and refused. With
 *       --json, one line per item ({kind, id, status, code?, path?, message?, receivedAtMs?,
 *       overLimit?}) and a last line {delivered, alreadyThere, refused, skippedReplies}.
 *       The API key may come from PORTAL_API_KEY instead (a command line is visible to others).
 *   portal answers --server URL --api-key KEY --portal-key FILE [--after N] [--json]
 *       fetches the answers sealed for the portal (after the cursor N), opens each with the
 *       portal's private key, and prints them (--json: {seq, replyId, threadId, participantId,
 *       sentAt, subject, text} a line); the last seq is the next --after.
 *   portal register-key --server URL --organisation SLUG --login LOGIN --password-file FILE
 *                       --key-file FILE
 *       a supervisor registers the portal key file's public half: answers are sealed to it.
 *   portal keys --out FILE [--kid KID]
 *       makes a portal key pair (X25519) for the answers: the file (mode 600) holds both halves;
 *       prints the public half, which a supervisor registers with the server.
 *
 * The server is the judge of each item: the simulator sends the dataset's records as they are.
 * A delivery whose answer is lost (the connection fails) is sent once more, as a portal would:
 * the intake is idempotent on the portal's ids. Too many deliveries in a minute: it waits as the
 * server says. Exit codes: 0 every item delivered or already there; 1 an item refused, or the
 * server refused or could not be reached (the reason on stderr); 2 bad arguments or file.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DATASET_FORMAT } from '../../domain/dataset/schema';
import {
  intakeResponseSchema,
  openSealed,
  portalAnswersResponseSchema,
  portalHolderOf,
  portalKeyFileSchema,
  type KeySealed,
  type PortalKeyFile,
  keyIdSchema,
  MAX_INTAKE_BATCH,
  newPortalKeyFile,
  type IntakeResult,
} from '../../sync/intake';
import { errorResponseSchema, tokensSchema } from '../../sync/protocol';
import {
  CliFailure,
  CliUsageError,
  EXIT_FAILURE,
  EXIT_OK,
  rejectRest,
  takeFlag,
  type CliCommand,
  type CliIo,
} from '../command';
import { badInput, readJson, readText, takeOption } from './shared';

const SEND_USAGE = 'portal send --server URL --api-key KEY --dataset FILE [--json]';
const ANSWERS_USAGE =
  'portal answers --server URL --api-key KEY --portal-key FILE [--after N] [--json]';
const KEYS_USAGE = 'portal keys --out FILE [--kid KID]';
const REGISTER_USAGE =
  'portal register-key --server URL --organisation SLUG --login LOGIN --password-file FILE --key-file FILE';

function serverUrlOf(text: string | undefined): string {
  if (text === undefined) throw new CliUsageError('--server URL is required');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badInput('--server', text, 'is not a URL (e.g. https://sync.example.org)');
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local))
    throw badInput('--server', text, 'must start with https:// (http:// only to this computer)');
  return url.origin + url.pathname.replace(/\/$/, '');
}

/** The dataset's participants and participants' messages, as the portal would send them. */
function itemsOf(file: string): {
  participants: unknown[];
  messages: unknown[];
  skippedReplies: number;
} {
  const document = readJson('--dataset', file);
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw badInput('--dataset', file, 'is not a dataset (a JSON object; see docs/dataset.md)');
  const d = document as Record<string, unknown>;
  if (d.format !== DATASET_FORMAT)
    throw badInput('--dataset', file, `is not a dataset: its "format" is not "${DATASET_FORMAT}"`);
  const list = (name: string): unknown[] => {
    const value = d[name] ?? [];
    if (!Array.isArray(value))
      throw badInput('--dataset', file, `has "${name}" that is not a list`);
    return value;
  };
  const participants = list('participants');
  const all = list('messages');
  const isReply = (m: unknown) =>
    typeof m === 'object' && m !== null && ('author' in m || 'sentAt' in m);
  const messages = all
    .filter((m) => !isReply(m))
    .map((m) => {
      if (typeof m !== 'object' || m === null) return m;
      // Triage's tags are the service's, not the portal's.
      const { topics: _topics, ...rest } = m as Record<string, unknown>;
      return rest;
    });
  return { participants, messages, skippedReplies: all.length - messages.length };
}

interface Sender {
  (kind: 'participants' | 'messages', items: unknown[]): Promise<IntakeResult[]>;
}

function senderFor(server: string, apiKey: string, io: CliIo, json: boolean): Sender {
  const post = (kind: string, items: unknown[]) =>
    fetch(`${server}/v1/intake/${kind}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ [kind]: items }),
      signal: AbortSignal.timeout(30_000),
    });
  return async (kind, items) => {
    let lostOnce = false;
    for (;;) {
      let response: Response;
      try {
        response = await post(kind, items);
      } catch (error) {
        // The answer was lost: once more, as a portal would (the same ids change nothing).
        if (!lostOnce) {
          lostOnce = true;
          continue;
        }
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const why = cause?.code ?? cause?.message ?? (error as Error).name;
        throw new CliFailure(`the server at ${server} could not be reached (${why})`);
      }
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) {
        const parsed = intakeResponseSchema.safeParse(body);
        if (!parsed.success || parsed.data.results.length !== items.length)
          throw new CliFailure(
            `the server at ${server} answered something that is not an intake answer`,
          );
        return parsed.data.results;
      }
      const error = errorResponseSchema.safeParse(body);
      const said = error.success ? error.data.message : `HTTP ${response.status}`;
      if (response.status === 429 && error.success && error.data.retryAfter !== undefined) {
        if (!json)
          io.err(
            `portal send: too many deliveries this minute; waiting ${error.data.retryAfter} s`,
          );
        await new Promise((resolve) => setTimeout(resolve, error.data.retryAfter! * 1000));
        continue;
      }
      if (response.status >= 500 && response.status !== 503 && !lostOnce) {
        lostOnce = true;
        continue;
      }
      throw new CliFailure(`the server refused the delivery: ${said}`);
    }
  };
}

async function send(args: string[], io: CliIo): Promise<number> {
  const json = takeFlag(args, '--json');
  const server = serverUrlOf(takeOption(args, '--server'));
  const apiKey = apiKeyOf(args);
  const dataset = takeOption(args, '--dataset');
  if (dataset === undefined) throw new CliUsageError('--dataset FILE is required');
  rejectRest(args);
  const { participants, messages, skippedReplies } = itemsOf(path.resolve(dataset));
  const deliver = senderFor(server, apiKey, io, json);
  const counts = { delivered: 0, alreadyThere: 0, refused: 0 };
  for (const [kind, items] of [
    ['participants', participants],
    ['messages', messages],
  ] as const) {
    for (let i = 0; i < items.length; i += MAX_INTAKE_BATCH) {
      const results = await deliver(kind, items.slice(i, i + MAX_INTAKE_BATCH));
      for (const result of results) {
        if (result.status === 'delivered') counts.delivered += 1;
        else if (result.status === 'already-there') counts.alreadyThere += 1;
        else counts.refused += 1;
        if (json) io.out(JSON.stringify({ kind: kind.slice(0, -1), ...result }));
        else if (result.status === 'refused')
          io.out(
            `refused ${kind.slice(0, -1)} ${result.id ?? '(no id)'}: ${result.message ?? result.code}`,
          );
      }
    }
  }
  if (json) io.out(JSON.stringify({ ...counts, skippedReplies }));
  else
    io.out(
      `${counts.delivered} delivered, ${counts.alreadyThere} already there, ${counts.refused} refused` +
        (skippedReplies > 0
          ? ` (${skippedReplies} ${skippedReplies === 1 ? 'reply' : 'replies'} left out: replies are the service's)`
          : ''),
    );
  return counts.refused > 0 ? EXIT_FAILURE : EXIT_OK;
}

async function keys(args: string[], io: CliIo): Promise<number> {
  const json = takeFlag(args, '--json');
  const out = takeOption(args, '--out');
  if (out === undefined) throw new CliUsageError('--out FILE is required');
  const kid = takeOption(args, '--kid') ?? `portal-${new Date().toISOString().slice(0, 10)}`;
  if (!keyIdSchema.safeParse(kid).success)
    throw badInput('--kid', kid, 'must be letters, digits, . _ - (at most 64)');
  rejectRest(args);
  const file = path.resolve(out);
  if (existsSync(file))
    throw badInput('--out', out, 'exists already: a key file is never overwritten');
  const content = await newPortalKeyFile(kid);
  try {
    writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw new CliFailure(
      `cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? 'failed'})`,
    );
  }
  io.out(
    json
      ? JSON.stringify({ file, kid, publicKey: content.publicKey })
      : `Key pair written to ${file} (keep it on the portal; it opens the answers).\nPublic key to register: {"kid":"${kid}","publicKey":"${content.publicKey}"}`,
  );
  return EXIT_OK;
}

function apiKeyOf(args: string[]): string {
  const apiKey = takeOption(args, '--api-key') ?? process.env.PORTAL_API_KEY;
  if (apiKey === undefined || apiKey === '')
    throw new CliUsageError('--api-key KEY is required (or PORTAL_API_KEY in the environment)');
  return apiKey;
}

function portalKeyFileAt(option: string, file: string | undefined): PortalKeyFile {
  if (file === undefined) throw new CliUsageError(`${option} FILE is required`);
  const parsed = portalKeyFileSchema.safeParse(readJson(option, path.resolve(file)));
  if (!parsed.success)
    throw badInput(option, file, 'is not a portal key file (made by cli portal keys)');
  return parsed.data;
}

/** A request to the server; a refusal or no answer is a CliFailure that says which. */
async function call(server: string, pathname: string, init: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${server}${pathname}`, {
      ...init,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CliFailure(
      `the server at ${server} could not be reached (${cause?.code ?? cause?.message ?? (error as Error).name})`,
    );
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body;
  const error = errorResponseSchema.safeParse(body);
  throw new CliFailure(
    `the server refused: ${error.success ? error.data.message : `HTTP ${response.status}`}`,
  );
}

async function answers(args: string[], io: CliIo): Promise<number> {
  const json = takeFlag(args, '--json');
  const server = serverUrlOf(takeOption(args, '--server'));
  const apiKey = apiKeyOf(args);
  const keyFile = portalKeyFileAt('--portal-key', takeOption(args, '--portal-key'));
  const afterText = takeOption(args, '--after');
  let after = afterText === undefined ? 0 : Number(afterText);
  if (!Number.isInteger(after) || after < 0)
    throw badInput('--after', afterText ?? '', 'is not a whole number of 0 or more');
  rejectRest(args);
  const holder = await portalHolderOf(keyFile);
  let count = 0;
  for (;;) {
    const body = await call(server, `/v1/portal/answers?after=${after}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    const page = portalAnswersResponseSchema.safeParse(body);
    if (!page.success)
      throw new CliFailure(
        `the server at ${server} answered something that is not a list of answers`,
      );
    for (const answer of page.data.answers) {
      const open = (field: string, sealed: KeySealed) =>
        openSealed([holder], sealed, { what: 'answer', id: answer.replyId, field });
      let subject: string;
      let text: string;
      try {
        subject = await open('subject', answer.sealed.subject);
        text = await open('body', answer.sealed.body);
      } catch {
        throw new CliFailure(
          `answer ${answer.replyId} does not open with ${keyFile.kid}: sealed to another key, or changed`,
        );
      }
      const sentAt = new Date(answer.sentAtMs).toISOString();
      io.out(
        json
          ? JSON.stringify({
              seq: answer.seq,
              replyId: answer.replyId,
              threadId: answer.threadId,
              participantId: answer.participantId,
              sentAt,
              subject,
              text,
            })
          : `#${answer.seq} ${sentAt} to ${answer.participantId} (${answer.threadId}): ${subject}\n${text}\n`,
      );
      after = answer.seq;
      count += 1;
    }
    if (!page.data.more || page.data.answers.length === 0) break;
  }
  if (!json) io.out(`${count} answer${count === 1 ? '' : 's'}; next time: --after ${after}`);
  return EXIT_OK;
}

async function registerKey(args: string[], io: CliIo): Promise<number> {
  const json = takeFlag(args, '--json');
  const server = serverUrlOf(takeOption(args, '--server'));
  const organisation = takeOption(args, '--organisation');
  const login = takeOption(args, '--login');
  const passwordFile = takeOption(args, '--password-file');
  const keyFile = portalKeyFileAt('--key-file', takeOption(args, '--key-file'));
  if (organisation === undefined) throw new CliUsageError('--organisation SLUG is required');
  if (login === undefined) throw new CliUsageError('--login LOGIN is required');
  if (passwordFile === undefined) throw new CliUsageError('--password-file FILE is required');
  rejectRest(args);
  const password = readText('--password-file', path.resolve(passwordFile)).split(/\r?\n/)[0] ?? '';
  const signedIn = tokensSchema.safeParse(
    await call(server, '/v1/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organisation, login, password }),
    }),
  );
  if (!signedIn.success) throw new CliFailure(`the server at ${server} did not sign in`);
  const key = { kid: keyFile.kid, publicKey: keyFile.publicKey };
  await call(server, '/v1/portal-key', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${signedIn.data.accessToken}`,
    },
    body: JSON.stringify(key),
  });
  await call(server, '/v1/logout', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: signedIn.data.refreshToken }),
  }).catch(() => undefined);
  io.out(
    json
      ? JSON.stringify({ organisation, ...key })
      : `The portal's key ${key.kid} is registered for ${organisation}: answers are sealed to it.`,
  );
  return EXIT_OK;
}

export const portalCommands: CliCommand[] = [
  {
    name: 'portal',
    summary:
      "Act as the participants' portal: deliver a dataset to the sync server, make a key pair.",
    usage: [SEND_USAGE, ANSWERS_USAGE, KEYS_USAGE, REGISTER_USAGE].join(
      '\n       npm run --silent cli -- ',
    ),
    async run(args, io) {
      const [sub, ...rest] = args;
      if (sub === 'send') return send(rest, io);
      if (sub === 'keys') return keys(rest, io);
      if (sub === 'answers') return answers(rest, io);
      if (sub === 'register-key') return registerKey(rest, io);
      throw new CliUsageError(
        sub === undefined
          ? 'say what to do: portal send, answers, keys or register-key'
          : `unknown portal command "${sub}" (send, answers, keys, register-key)`,
      );
    },
  },
];
