/**
 * Enrolment on the workstation (issue 15) against a real sync server in this process, on a
 * loopback port (PGlite in memory): a supervisor's workstation issues 13 words, a counsellor's
 * workstation of the same organisation claims with them and then holds the organisation's keys
 * (its `vault.unlock` gives the supervisor's), keeping its own for what is its own. Words that are
 * wrong are refused before any request; an enrolment is claimed once and not after it expired; a
 * counsellor does not issue; the words, the secret and the keys reach neither the log, the
 * server's tables, nor a data folder in the clear; a claim the policy refuses changes nothing.
 * Every channel is called through the bridge router, so every answer is checked against the
 * bridge's schemas.
 */
import { hkdfSync } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createBridgeRouter,
  type BridgeDispatch,
} from '../../../../src/main/services/bridge-router';
import { createBridgeHandlers } from '../../../../src/main/services/handlers';
import type { ChannelInput } from '../../../../src/bridge/contract';
import { call, refusal } from './bridge-calls';
import { createKeyStore, KEY_STORE_FILE_NAME } from '../../../../src/main/services/key-store';
import { createLogger } from '../../../../src/main/services/logger';
import { createRoleCredentials } from '../../../../src/main/services/role-credentials';
import { createAuditAnchorStore } from '../../../../src/main/services/audit-anchor';
import {
  unwrapOrganisationKeys,
  wrapOrganisationKeys,
} from '../../../../src/main/services/enrolment-keys';
import {
  createSyncTransport,
  type Fetch,
  type SyncTransport,
} from '../../../../src/main/services/sync-transport';
import type { Database } from '../../../../src/server/db/database';
import { openPglite } from '../../../../src/server/db/database';
import { enrolmentIdOf, type WrappedKeys } from '../../../../src/sync/enrolment';
import { wordsToSecret } from '../../../../src/sync/words';
import { openWorld, organisation, PASSWORD, type World } from '../../server/world';

const FAST = { N: 1024, r: 8, p: 1 };
const PASSPHRASE = 'a workstation passphrase of some length';

const logLines: string[] = [];
const log = createLogger({ sink: (line) => logLines.push(line), level: 'debug' });

// ---------------------------------------------------------------- the server

let world: World;
let base: string;

beforeAll(async () => {
  world = await openWorld(await openPglite(null));
  world.clock.now = Date.now();
  await world.app.listen({ port: 0, host: '127.0.0.1' });
  const address = world.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 60_000);

afterAll(async () => {
  await world?.close();
});

// ---------------------------------------------------------------- workstations

interface Workstation {
  dataDir: string;
  dispatch: BridgeDispatch;
  /** The paths of the requests sent, in order. */
  sent: string[];
}

const open: SyncTransport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sync) => sync.close()));
});

async function workstation(): Promise<Workstation> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-enrol-'));
  const sent: string[] = [];
  const fetchFn: Fetch = (url, init) => {
    sent.push(new URL(url).pathname);
    return fetch(url, init);
  };
  const sync = createSyncTransport({ dataDir, log, fetch: fetchFn });
  open.push(sync);
  const keyStore = createKeyStore({ dataDir, log, scryptParameters: FAST });
  await keyStore.create(PASSPHRASE);
  const dispatch = createBridgeRouter(
    createBridgeHandlers({
      appInfo: {
        name: 'Counsellor Workstation',
        version: '0.1.0',
        host: 'browser-host',
        os: 'linux',
        dataDir,
        pinnedNow: null,
      },
      settings: {} as never,
      holidays: {} as never,
      keyStore,
      auditAnchor: createAuditAnchorStore({ dataDir, log }),
      roles: createRoleCredentials({ dataDir, log, verifyPassphrase: (p) => keyStore.verify(p) }),
      exports: {} as never,
      sync,
      log,
    }),
    log,
  );
  await call(dispatch, 'vault.unlock', { passphrase: PASSPHRASE });
  return { dataDir, dispatch, sent };
}

async function signedIn(slug: string, login: string): Promise<Workstation> {
  const ws = await workstation();
  await call(ws.dispatch, 'sync.signIn', {
    serverUrl: base,
    organisation: slug,
    login,
    password: PASSWORD,
  });
  return ws;
}

async function keysOf(ws: Workstation) {
  const unlocked = await call(ws.dispatch, 'vault.unlock', { passphrase: PASSPHRASE });
  if (!unlocked.ok) throw new Error('the workstation did not unlock');
  return unlocked.keys;
}

async function issue(ws: Workstation, expiresInMinutes?: number) {
  const issued = await call(ws.dispatch, 'sync.issueEnrolment', {
    passphrase: PASSPHRASE,
    ...(expiresInMinutes === undefined ? {} : { expiresInMinutes }),
  });
  if (!issued.ok) throw new Error('the enrolment was not issued');
  return issued;
}

const claim = (words: string | string[], heldRecords = 0) =>
  ({ words, passphrase: PASSPHRASE, heldRecords }) satisfies ChannelInput<'sync.claimEnrolment'>;

const keyFile = (ws: Workstation) => readFile(path.join(ws.dataDir, KEY_STORE_FILE_NAME));

/** A team: the supervisor's and a counsellor's workstations, each signed in. */
async function team() {
  const slug = await organisation(world);
  const [supervisor, alice] = await Promise.all([signedIn(slug, 'super'), signedIn(slug, 'alice')]);
  return { slug, supervisor, alice };
}

/** Every row of every table of the public schema, as JSON text. */
async function everyRow(db: Database): Promise<string> {
  const tables = await db.query<{ name: string }>(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  expect(tables.rows.map((t) => t.name)).toContain('enrolments');
  let text = '';
  for (const { name } of tables.rows) {
    const rows = await db.query<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM ${name} t`,
    );
    text += rows.rows.map((r) => r.row).join('\n') + '\n';
  }
  return text;
}

/** Every file under a folder, as UTF-8 and as UTF-16 text (and its bytes as hex). */
async function folderText(folder: string): Promise<string> {
  let text = '';
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const bytes = await readFile(path.join(entry.parentPath, entry.name));
    text += `${bytes.toString('utf8')}\n${bytes.toString('utf16le')}\n${bytes.toString('hex')}\n`;
  }
  return text;
}

const encodings = (bytes: Uint8Array) => {
  const b = Buffer.from(bytes);
  return [b.toString('hex'), b.toString('base64'), b.toString('base64url')];
};

// ---------------------------------------------------------------- the tests

/** Every string a parsed log line holds as a value, however deep. */
function valuesOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(valuesOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(valuesOf);
  return [];
}

describe('enrolment on the workstation', () => {
  it("a counsellor's workstation claims with the words and then holds the organisation's keys", async () => {
    const { supervisor, alice } = await team();
    const organisationKeys = await keysOf(supervisor);
    const aliceBefore = await keysOf(alice);

    const issued = await issue(supervisor, 30);
    expect(issued.words).toHaveLength(13);
    expect(issued.expiresAt).toBe(world.clock.now + 30 * 60_000);
    expect(supervisor.sent.filter((p) => p === '/v1/enrolments')).toHaveLength(1);

    // Typed as one text, with capitals, commas and line breaks.
    const typed = `${issued.words.slice(0, 6).join(', ')}\n${issued.words.slice(6).join(' ').toUpperCase()}`;
    expect(await call(alice.dispatch, 'sync.claimEnrolment', claim(typed))).toEqual({
      ok: true,
      changed: true,
    });

    const aliceAfter = await keysOf(alice);
    // The organisation's keys: the same current key and index key as the supervisor's…
    expect(aliceAfter.currentKid).toBe(organisationKeys.currentKid);
    expect(aliceAfter.indexKey).toBe(organisationKeys.indexKey);
    expect(aliceAfter.keys).toEqual(expect.arrayContaining(organisationKeys.keys));
    // …and its own, not current: its own data key still opens what it sealed before, and its own
    // index key keys what is its own (the audit marks, the anchor, the sync connection).
    expect(aliceAfter.keys).toEqual(expect.arrayContaining(aliceBefore.keys));
    expect(aliceAfter.keys).toHaveLength(organisationKeys.keys.length + aliceBefore.keys.length);
    expect(aliceAfter.localIndexKey).toBe(aliceBefore.indexKey);
    // The supervisor's workstation IS the organisation's: nothing changed there.
    expect(await keysOf(supervisor)).toEqual(organisationKeys);

    // The sync connection, sealed under the workstation's own index key, still opens after the
    // new keys were taken: still signed in.
    expect(await call(alice.dispatch, 'sync.status', undefined)).toMatchObject({
      connection: 'online',
      problem: null,
    });
    // The audit anchor keyed by it still reads (neither damaged nor locked).
    expect(await call(alice.dispatch, 'audit.anchor', undefined)).toEqual({ state: 'none' });

    // Claiming again on the workstation already enrolled is refused before any request.
    const before = alice.sent.length;
    const again = await refusal(alice.dispatch, 'sync.claimEnrolment', claim(typed));
    expect(again.reason).toEqual({ key: 'enrolment-already-enrolled', params: {} });
    expect(alice.sent.length).toBe(before);

    // An enrolled workstation hands on the organisation's keys only, never its own old ones.
    const handedOn = await createKeyStore({
      dataDir: alice.dataDir,
      log,
      scryptParameters: FAST,
    }).organisationKeys(PASSPHRASE);
    expect(handedOn).toEqual({
      ok: true,
      keys: {
        currentKid: organisationKeys.currentKid,
        keys: organisationKeys.keys,
        indexKey: organisationKeys.indexKey,
      },
    });
  });

  it('refuses a misspelt word, a word off the list, swapped words or too few, before any request', async () => {
    const { supervisor, alice } = await team();
    const { words } = await issue(supervisor);
    const keyBefore = await keyFile(alice);
    const sentBefore = alice.sent.length;

    const misspelt = [...words];
    misspelt[4] = `${words[4]!}qq`;
    const offList = await refusal(alice.dispatch, 'sync.claimEnrolment', claim(misspelt));
    expect(offList.code).toBe('invalid-input');
    expect(offList.path).toEqual(['words', 4]);
    expect(offList.reason).toMatchObject({
      key: 'enrolment-words',
      params: { problem: 'unknown-word', position: 5 },
    });
    expect(offList.message).toContain('Word 5');

    // Another word of the list in place of the right one, and two words swapped: the check word.
    const other = [...words];
    other[7] = words[7] === 'abandon' ? 'ability' : 'abandon';
    const swapped = [...words];
    [swapped[2], swapped[9]] = [words[9]!, words[2]!];
    for (const wrong of [other, swapped]) {
      if (wrong === swapped && words[2] === words[9]) continue;
      const refused = await refusal(alice.dispatch, 'sync.claimEnrolment', claim(wrong));
      expect(refused.reason).toEqual({ key: 'enrolment-words', params: { problem: 'checksum' } });
    }
    const short = await refusal(
      alice.dispatch,
      'sync.claimEnrolment',
      claim(words.slice(0, 12).join(' ')),
    );
    expect(short.reason).toEqual({
      key: 'enrolment-words',
      params: { problem: 'word-count', expected: 13, found: 12 },
    });

    // Nothing was sent, nothing changed, and the enrolment is still there to claim.
    expect(alice.sent.length).toBe(sentBefore);
    expect((await keyFile(alice)).equals(keyBefore)).toBe(true);
    expect(await call(alice.dispatch, 'sync.claimEnrolment', claim(words))).toEqual({
      ok: true,
      changed: true,
    });
  });

  it('is claimed once: a second workstation with the same words is refused and keeps its keys', async () => {
    const { slug, supervisor, alice } = await team();
    const bob = await signedIn(slug, 'bob');
    const { words } = await issue(supervisor);
    await call(alice.dispatch, 'sync.claimEnrolment', claim(words));
    const bobKeyFile = await keyFile(bob);
    const second = await refusal(bob.dispatch, 'sync.claimEnrolment', claim(words));
    expect(second.reason).toEqual({ key: 'enrolment-already-claimed', params: {} });
    expect((await keyFile(bob)).equals(bobKeyFile)).toBe(true);
  });

  it('refuses an expired enrolment and changes nothing', async () => {
    const { supervisor, alice } = await team();
    const { words, expiresAt } = await issue(supervisor, 5);
    const before = await keyFile(alice);
    world.clock.now = expiresAt;
    try {
      const expired = await refusal(alice.dispatch, 'sync.claimEnrolment', claim(words));
      expect(expired.reason).toEqual({ key: 'enrolment-not-found', params: {} });
    } finally {
      world.clock.now = Date.now();
    }
    expect((await keyFile(alice)).equals(before)).toBe(true);
  });

  it('refuses words issued for another organisation', async () => {
    const { supervisor } = await team();
    const { words } = await issue(supervisor);
    const stranger = await signedIn(await organisation(world), 'alice');
    const refused = await refusal(stranger.dispatch, 'sync.claimEnrolment', claim(words));
    expect(refused.reason).toEqual({ key: 'enrolment-not-found', params: {} });
  });

  it('a counsellor cannot issue; signed out or locked, nothing is issued', async () => {
    const { alice } = await team();
    const refused = await refusal(alice.dispatch, 'sync.issueEnrolment', {
      passphrase: PASSPHRASE,
    });
    expect(refused.code).toBe('forbidden-role');
    expect(refused.reason).toEqual({
      key: 'supervisor-only',
      params: { action: 'issue-enrolment' },
    });
    expect(alice.sent).not.toContain('/v1/enrolments');

    const alone = await workstation();
    const signedOut = await refusal(alone.dispatch, 'sync.issueEnrolment', {
      passphrase: PASSPHRASE,
    });
    expect(signedOut.reason?.key).toBe('sync-signed-out');
    await call(alone.dispatch, 'vault.lock', undefined);
    const locked = await refusal(alone.dispatch, 'sync.claimEnrolment', claim('abandon'));
    expect(locked.reason?.key).toBe('sync-locked');
  });

  it('a wrong passphrase issues nothing and claims nothing', async () => {
    const { supervisor, alice } = await team();
    const wrong = await call(supervisor.dispatch, 'sync.issueEnrolment', {
      passphrase: 'not the passphrase at all',
    });
    expect(wrong).toEqual({ ok: false, retryAfterMs: null });
    expect(supervisor.sent).not.toContain('/v1/enrolments');

    const { words } = await issue(supervisor);
    const refused = await call(alice.dispatch, 'sync.claimEnrolment', {
      words,
      passphrase: 'not the passphrase at all',
      heldRecords: 0,
    });
    expect(refused).toEqual({ ok: false, retryAfterMs: null });
    expect(alice.sent).not.toContain('/v1/enrolments/claim');
    // The enrolment was not spent.
    expect(await call(alice.dispatch, 'sync.claimEnrolment', claim(words))).toMatchObject({
      ok: true,
    });
  });

  it('a workstation that holds records that sync is refused, its key file byte for byte as it was', async () => {
    const { supervisor, alice } = await team();
    const { words } = await issue(supervisor);
    const before = await keyFile(alice);
    const refused = await refusal(alice.dispatch, 'sync.claimEnrolment', claim(words, 3));
    expect(refused.reason).toEqual({ key: 'enrolment-not-empty', params: { records: 3 } });
    expect(refused.path).toEqual(['heldRecords']);
    expect(alice.sent).not.toContain('/v1/enrolments/claim');
    expect((await keyFile(alice)).equals(before)).toBe(true);
  });

  it('the words, the secret and the keys reach neither the log, the server nor a data folder in the clear', async () => {
    const { slug, supervisor, alice } = await team();
    const keys = await keysOf(supervisor);
    logLines.length = 0;
    const { words } = await issue(supervisor);
    const decoded = wordsToSecret(words);
    if (!decoded.ok) throw new Error('the words do not decode');
    const secret = decoded.secret;
    const enrolmentId = await enrolmentIdOf(secret);
    // The wrapping key, worked out from the blob the server holds before it is claimed.
    const stored = await world.db.query<{ wrapped: WrappedKeys }>(
      `SELECT wrapped FROM enrolments WHERE id = $1`,
      [enrolmentId],
    );
    const wrapped = stored.rows[0]!.wrapped;
    const wrappingKey = Buffer.from(
      hkdfSync(
        'sha256',
        secret,
        Buffer.from(wrapped.salt, 'base64'),
        'counsellor-workstation.enrolment-wrap/1',
        32,
      ),
    );
    // The positive control: the blob opens with the secret, for this organisation and id only.
    expect(unwrapOrganisationKeys(wrapped, secret, { organisation: slug, enrolmentId })).toEqual({
      currentKid: keys.currentKid,
      keys: keys.keys,
      indexKey: keys.indexKey,
    });
    expect(
      unwrapOrganisationKeys(wrapped, secret, { organisation: `${slug}x`, enrolmentId }),
    ).toBeNull();
    const serverWhileWaiting = await everyRow(world.db);
    expect(serverWhileWaiting).toContain(wrapped.ct);

    await call(alice.dispatch, 'sync.claimEnrolment', claim(words));
    const secrets = [
      ...words.filter((w) => w.length >= 5),
      words.join(' '),
      ...encodings(secret),
      ...encodings(wrappingKey),
      ...keys.keys.flatMap((k) => encodings(Buffer.from(k.key, 'base64'))),
      ...encodings(Buffer.from(keys.indexKey, 'base64')),
    ];
    const places = {
      log: logLines.join('\n'),
      serverWhileWaiting,
      serverAfter: await everyRow(world.db),
      supervisorFolder: await folderText(supervisor.dataDir),
      aliceFolder: await folderText(alice.dataDir),
    };
    expect(logLines.some((line) => line.includes('sync.enrolment-claimed'))).toBe(true);
    for (const [where, text] of Object.entries(places)) {
      for (const secretText of secrets) {
        // A single word can be in any text by chance: words are looked for whole, below.
        if (!/^[a-z]+$/.test(secretText))
          expect(text.includes(secretText), `${where} holds a secret`).toBe(false);
      }
    }
    // In the log, each word whole among what the lines say: their values, not their field names
    // (the word list has "time", "level" and "event", which every line names).
    const said = logLines.flatMap((line) => valuesOf(JSON.parse(line))).join('\n');
    expect(said).toContain('sync.enrolment-claimed');
    for (const word of words) expect(said).not.toMatch(new RegExp(`\\b${word}\\b`));
    // Nothing of the enrolment's id either (the log never names one).
    expect(places.log).not.toContain(enrolmentId);
  });
});

describe('the organisation keys wrapped under a secret', () => {
  it('open only with the secret, for the organisation and enrolment id they were bound to', () => {
    const keys = {
      currentKid: 'k-1',
      keys: [{ kid: 'k-1', key: Buffer.alloc(32, 1).toString('base64') }],
      indexKey: Buffer.alloc(32, 2).toString('base64'),
    };
    const secret = new Uint8Array(16).fill(7);
    const bound = { organisation: 'org-a', enrolmentId: '00000000-0000-8000-8000-000000000000' };
    const wrapped = wrapOrganisationKeys(keys, secret, bound);
    expect(wrapped.kdf).toEqual({ name: 'hkdf-sha256', params: { length: 32 } });
    expect(unwrapOrganisationKeys(wrapped, secret, bound)).toEqual(keys);
    expect(unwrapOrganisationKeys(wrapped, new Uint8Array(16).fill(8), bound)).toBeNull();
    expect(
      unwrapOrganisationKeys(wrapped, secret, {
        ...bound,
        enrolmentId: bound.enrolmentId.replace(/0$/, '1'),
      }),
    ).toBeNull();
    const flipped = Buffer.from(wrapped.ct, 'base64');
    flipped[0]! ^= 1;
    expect(
      unwrapOrganisationKeys({ ...wrapped, ct: flipped.toString('base64') }, secret, bound),
    ).toBeNull();
    expect(
      unwrapOrganisationKeys({ ...wrapped, kdf: { name: 'scrypt', params: {} } }, secret, bound),
    ).toBeNull();
  });
});
