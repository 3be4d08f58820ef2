/**
 * The outbox's sealed values and the workstation's keys: a mutation waiting to be pushed carries a
 * note's or a reply's text as an envelope, so a key rotation seals it again like the records (the
 * old key is never retired under it), and a restore brings the outbox back sealed under this
 * workstation's keys. A backup from before the outbox held mutations brings no outbox.
 */
import { describe, expect, it } from 'vitest';
import { FieldCipher } from '../../../src/renderer/db/crypto/field-cipher';
import {
  SEALED_ARGUMENTS,
  sealedArguments,
} from '../../../src/renderer/db/crypto/sealed-mutations';
import { SEALED_FIELDS } from '../../../src/renderer/db/crypto/sealed-records';
import { sealedFromWire } from '../../../src/renderer/db/crypto/sealed-wire';
import type { WorkstationDatabase } from '../../../src/renderer/db/database';
import {
  createBackupData,
  parseBackupFile,
  restoreBackup,
} from '../../../src/renderer/db/repositories/backup';
import { importCheckedDataset } from '../../../src/renderer/db/repositories/import';
import { createQueueRepository } from '../../../src/renderer/db/repositories/queue';
import { kidsInUse, resealAll } from '../../../src/renderer/db/repositories/resealing';
import { MessageSearchIndex } from '../../../src/renderer/db/repositories/search-index';
import { createSessionLogRepository } from '../../../src/renderer/db/repositories/session-log';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../src/domain/settings/organisation-settings';
import { MUTATIONS, MUTATION_NAMES } from '../../../src/sync/mutations';
import { sealedSchema } from '../../../src/sync/sealed';
import { BASE_DATASET, checked, forgetImportForTeam, freshDatabase, noRisk } from './helpers';

const NOW = Date.parse('2026-12-02T12:00:00+09:00');
const random = () => globalThis.crypto.getRandomValues(new Uint8Array(32));
const INDEX_KEY = random();
const NOTE = 'Asked about the anniversary of the accident.';
const REPLY = 'Thank you for writing to us again.';
const SESSION_NOTE = 'Spoke about sleep and the new job.';
/** A keystore section of the right form (the main process opens it; not these tests). */
const KEYSTORE = {
  kdf: { name: 'scrypt', N: 1024, r: 8, p: 1, salt: 'c2FsdA==' },
  wrapped: { alg: 'A256GCM', iv: 'aXY=', ct: 'Y3Q=', tag: 'dGFn' },
};

function keys(currentKid: string, ...kids: [string, Uint8Array][]) {
  return FieldCipher.fromKeyMaterial({
    currentKid,
    keys: kids.map(([kid, key]) => ({ kid, key: new Uint8Array(key) })),
    indexKey: new Uint8Array(INDEX_KEY),
  });
}

/** A database with a note, a reply and a session note waiting in the outbox, under `cipher`. */
async function withTexts(cipher: FieldCipher): Promise<WorkstationDatabase> {
  const db = freshDatabase();
  await importCheckedDataset(db, cipher, checked(BASE_DATASET), {
    nowMs: NOW,
    hasRiskSignal: noRisk,
  });
  await forgetImportForTeam(db);
  const queue = createQueueRepository(db, cipher, new MessageSearchIndex(db, cipher));
  await queue.addNote('t1', NOTE, 'c1', NOW);
  await queue.sendReply({ threadId: 't1', body: REPLY, authorId: 'c1', nowMs: NOW });
  await db.sessions.add({
    id: 's1',
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
    deletedAt: null,
    participantId: 'p1',
    counsellorId: 'c1',
    startMs: NOW - 3_600_000,
    outcome: 'completed',
    cancelledAtMs: null,
    sourceHash: null,
  });
  const log = createSessionLogRepository(db, cipher, () => DEFAULT_ORGANISATION_SETTINGS);
  await log.addNote('s1', SESSION_NOTE, 'Counsellor', NOW);
  return db;
}

/** Every sealed argument in the outbox, opened with `cipher` in its place. */
async function outboxTexts(db: WorkstationDatabase, cipher: FieldCipher): Promise<string[]> {
  const texts: string[] = [];
  for (const entry of await db.outbox.orderBy('seq').toArray())
    for (const { sealed, place } of sealedArguments(entry))
      texts.push(await cipher.open(sealedFromWire(sealed), place));
  return texts;
}

const outboxKids = async (db: WorkstationDatabase) =>
  new Set(
    (await db.outbox.toArray()).flatMap((e) => sealedArguments(e).map(({ sealed }) => sealed.kid)),
  );

describe('the outbox’s sealed values', () => {
  it('every sealed argument of a mutation the workstation writes has its place', () => {
    for (const name of MUTATION_NAMES) {
      if (name === 'records.import') continue; // whole records: their tables' sealed fields (share.test.ts)
      if (name === 'intake.accept') continue; // a registration's or a message's: the next test
      const shape = (MUTATIONS[name].args as unknown as { shape: Record<string, unknown> }).shape;
      const sealed = Object.keys(shape).filter((key) => shape[key] === sealedSchema);
      const listed = (SEALED_ARGUMENTS as Record<string, { fields: readonly string[] }>)[name];
      expect([...(listed?.fields ?? [])].sort(), name).toEqual(sealed.sort());
    }
    for (const spec of Object.values(SEALED_ARGUMENTS))
      for (const field of spec.fields)
        expect(SEALED_FIELDS[spec.table].fields as readonly string[]).toContain(field);
  });

  it('an intake.accept’s sealed arguments each have their place: a registration’s, a message’s and its thread’s', () => {
    const s = { v: 1 as const, kid: 'k', iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAAAAAAAAAAAAAAAAAAAA==' };
    const places = (args: object) =>
      sealedArguments({ name: 'intake.accept', args }).map((a) => [a.path[0], a.place]);
    expect(
      places({
        kind: 'participant',
        participantId: 'p1',
        name: s,
        email: s,
        jetNumber: null,
        jetIndex: null,
      }),
    ).toEqual([
      ['name', { table: 'participants', id: 'p1', field: 'name' }],
      ['email', { table: 'participants', id: 'p1', field: 'email' }],
    ]);
    expect(
      places({
        kind: 'message',
        messageId: 'm1',
        threadId: 't1',
        subject: s,
        body: s,
        threadSubject: s,
        riskSignal: false,
      }),
    ).toEqual([
      ['subject', { table: 'messages', id: 'm1', field: 'subject' }],
      ['body', { table: 'messages', id: 'm1', field: 'body' }],
      ['threadSubject', { table: 'threadSubjects', id: 't1', field: 'subject' }],
    ]);
  });

  it('a key rotation seals the outbox’s values again; the old key is needed until it has', async () => {
    const a = random();
    const b = random();
    const db = await withTexts(await keys('a', ['a', a]));
    expect(await outboxKids(db)).toEqual(new Set(['a']));
    expect(await kidsInUse(db)).toContain('a');

    const during = await keys('b', ['a', a], ['b', b]);
    const { resealed } = await resealAll(db, during, { hasRiskSignal: noRisk });
    expect(resealed).toBeGreaterThan(3);
    expect(await outboxKids(db)).toEqual(new Set(['b']));
    expect(await kidsInUse(db)).toEqual(new Set(['b']));
    // With the old key gone, every value waiting in the outbox still opens in its place.
    const after = await keys('b', ['b', b]);
    expect(await outboxTexts(db, after)).toEqual([
      NOTE,
      'Re: Feeling isolated',
      REPLY,
      SESSION_NOTE,
    ]);
    expect(await db.outbox.count()).toBe(3);
    // A second pass has nothing to do.
    expect((await resealAll(db, after, { hasRiskSignal: noRisk })).resealed).toBe(0);
  });

  it('a key rotation seals an import’s records waiting for the team again, each in its place', async () => {
    const a = random();
    const b = random();
    const db = freshDatabase();
    await importCheckedDataset(db, await keys('a', ['a', a]), checked(BASE_DATASET), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    const imported = (await db.outbox.toArray()).filter((e) => e.name === 'records.import');
    expect(imported.length).toBeGreaterThan(0);
    const before = await outboxTexts(db, await keys('a', ['a', a]));
    expect(before).toContain('Alex Morgan');
    expect(await outboxKids(db)).toEqual(new Set(['a']));
    await resealAll(db, await keys('b', ['a', a], ['b', b]), { hasRiskSignal: noRisk });
    expect(await outboxKids(db)).toEqual(new Set(['b']));
    // With only the new key, every value opens in its record's place, the same text.
    expect(await outboxTexts(db, await keys('b', ['b', b]))).toEqual(before);
  });

  it('an outbox value that does not open is counted, left, and keeps its key', async () => {
    const a = random();
    const db = await withTexts(await keys('a', ['a', a]));
    const [first] = await db.outbox.orderBy('seq').toArray();
    const args = first!.args as { body: { ct: string } };
    await db.outbox.put({
      ...first!,
      args: { ...args, body: { ...args.body, ct: btoa('x'.repeat(32)) } },
    });
    const result = await resealAll(db, await keys('b', ['a', a], ['b', random()]), {
      hasRiskSignal: noRisk,
    });
    expect(result.unreadable).toBe(1);
    expect(await kidsInUse(db)).toContain('a');
  });

  it('a restore brings the outbox back sealed under this workstation’s keys', async () => {
    const backupKeys = await keys('old', ['old', random()]);
    const source = await withTexts(backupKeys);
    const { data } = await createBackupData(source, backupKeys, NOW);
    const file = `{"format":"counsellor-workstation.backup","version":1,"keystore":${JSON.stringify(KEYSTORE)},"data":${data}}`;
    const target = freshDatabase();
    const here = await keys('here', ['here', random()]);
    await restoreBackup(target, here, backupKeys, parseBackupFile(file));
    expect((await target.outbox.toArray()).map((e) => e.name)).toEqual([
      'note.add',
      'reply.send',
      'sessionNote.add',
    ]);
    expect(await outboxKids(target)).toEqual(new Set(['here']));
    expect(await outboxTexts(target, here)).toEqual([
      NOTE,
      'Re: Feeling isolated',
      REPLY,
      SESSION_NOTE,
    ]);
  });

  it('a backup from before version 9 restores its records and no outbox', async () => {
    const backupKeys = await keys('old', ['old', random()]);
    const source = await withTexts(backupKeys);
    const { data } = await createBackupData(source, backupKeys, NOW);
    const wrapped = JSON.parse(data) as { payload: string; mac: string };
    const payload = JSON.parse(wrapped.payload) as {
      schemaVersion: number;
      tables: Record<string, unknown[]>;
    };
    // As version 8 wrote it: record-level outbox entries.
    payload.schemaVersion = 8;
    payload.tables.outbox = [
      { seq: 1, table: 'notes', recordId: 'n-1', op: 'put', version: 1, at: NOW },
    ];
    const text = JSON.stringify(payload);
    const old = JSON.stringify({
      ...wrapped,
      payload: text,
      mac: await backupKeys.blindIndex(text),
    });
    const file = `{"format":"counsellor-workstation.backup","version":1,"keystore":${JSON.stringify(KEYSTORE)},"data":${old}}`;
    const target = freshDatabase();
    const here = await keys('here', ['here', random()]);
    await restoreBackup(target, here, backupKeys, parseBackupFile(file));
    expect(await target.outbox.count()).toBe(0);
    expect(await target.notes.count()).toBe(1);
    expect(await target.messages.count()).toBe(await source.messages.count());
  });
});
