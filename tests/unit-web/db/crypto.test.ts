import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FieldCipher,
  FieldDecryptionError,
  type Envelope,
} from '../../../src/renderer/db/crypto/field-cipher';
import {
  openRecord,
  PlaintextRefusedError,
  sealRecord,
} from '../../../src/renderer/db/crypto/sealed-records';
import { importCheckedDataset } from '../../../src/renderer/db/repositories/import';
import {
  auditHeadMark,
  auditReasonSealer,
  createAuditRepository,
} from '../../../src/renderer/db/repositories/audit';
import { kidsInUse, resealAll } from '../../../src/renderer/db/repositories/resealing';
import { MessageSearchIndex } from '../../../src/renderer/db/repositories/search-index';
import {
  BackupError,
  createBackupData,
  currentRestoreCounts,
  parseBackupFile,
  restoreBackup,
  summariseBackup,
} from '../../../src/renderer/db/repositories/backup';
import { BASE_DATASET, checked, cipher, freshDatabase, noRisk, said, saidText } from './helpers';

const NOW = Date.parse('2026-12-02T12:00:00+09:00');
const random = () => globalThis.crypto.getRandomValues(new Uint8Array(32));
const place = { table: 'messages', id: 'm1', field: 'body' };

async function keys(currentKid: string, ...kids: [string, Uint8Array][]) {
  return FieldCipher.fromKeyMaterial({
    currentKid,
    keys: kids.map(([kid, key]) => ({ kid, key: new Uint8Array(key) })),
    indexKey: new Uint8Array(INDEX_KEY),
  });
}
const INDEX_KEY = random();

async function seeded() {
  const db = freshDatabase();
  await importCheckedDataset(db, cipher, checked(BASE_DATASET), {
    nowMs: NOW,
    hasRiskSignal: noRisk,
  });
  return db;
}

describe('field cipher', () => {
  it('round-trips any text, with a fresh IV each time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), async (text) => {
        const a = await cipher.seal(text, place);
        const b = await cipher.seal(text, place);
        expect(await cipher.open(a, place)).toBe(text);
        expect(Buffer.from(a.iv).equals(Buffer.from(b.iv))).toBe(false);
        // The ciphertext does not hold the text.
        if (text.length >= 4)
          expect(Buffer.from(a.ct).includes(Buffer.from(text, 'utf8'))).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('reports tampering and moved values, never garbage', async () => {
    const sealed = await cipher.seal('I have not spoken to anyone in days.', place);
    for (let i = 0; i < sealed.ct.length; i += 7) {
      const flipped: Envelope = { ...sealed, ct: new Uint8Array(sealed.ct) };
      (flipped.ct as Uint8Array)[i]! ^= 0x01;
      await expect(cipher.open(flipped, place)).rejects.toMatchObject({ reason: 'not-authentic' });
    }
    const ivFlipped = { ...sealed, iv: new Uint8Array(sealed.iv).map((b, i) => (i ? b : b ^ 1)) };
    await expect(cipher.open(ivFlipped, place)).rejects.toBeInstanceOf(FieldDecryptionError);
    // Moved to another record, field or table: it does not open.
    for (const elsewhere of [
      { ...place, id: 'm2' },
      { ...place, field: 'subject' },
      { ...place, table: 'notes' },
    ]) {
      await expect(cipher.open(sealed, elsewhere)).rejects.toThrow(
        /does not open \(changed, or moved/,
      );
    }
    await expect(cipher.open('plain text', place)).rejects.toMatchObject({
      reason: 'not-an-envelope',
    });
    await expect(cipher.open({ ...sealed, kid: 'k-other' }, place)).rejects.toMatchObject({
      reason: 'unknown-key',
    });
  });

  it('zeroes the key bytes it was given, and refuses keys that are not 256 bits', async () => {
    const key = random();
    const index = random();
    await FieldCipher.fromKeyMaterial({
      currentKid: 'a',
      keys: [{ kid: 'a', key }],
      indexKey: index,
    });
    expect(key.every((b) => b === 0)).toBe(true);
    expect(index.every((b) => b === 0)).toBe(true);
    await expect(
      FieldCipher.fromKeyMaterial({
        currentKid: 'a',
        keys: [{ kid: 'a', key: new Uint8Array(16) }],
        indexKey: random(),
      }),
    ).rejects.toThrow(/256 bits/);
  });

  it('blind indexes are keyed: the same number under another index key differs', async () => {
    const other = await FieldCipher.fromKeyMaterial({
      currentKid: 'a',
      keys: [{ kid: 'a', key: random() }],
      indexKey: random(),
    });
    expect(await cipher.blindIndex('20123456789')).toBe(await cipher.blindIndex('20123456789'));
    expect(await cipher.blindIndex('20123456789')).not.toBe(await other.blindIndex('20123456789'));
    expect(await cipher.blindIndex('20123456789')).not.toContain('20123456789');
  });
});

describe('sealed records', () => {
  it('the guard refuses plaintext in a sealed field, whatever writes it', async () => {
    const db = await seeded();
    const stored = await db.messages.get('m1');
    await expect(db.messages.put({ ...stored!, body: 'plain' as never })).rejects.toBeInstanceOf(
      PlaintextRefusedError,
    );
    await expect(
      db.drafts.put({ threadId: 't1', body: 'typed' as never, updatedAt: 1 }),
    ).rejects.toThrow(/drafts\.body is sealed at rest/);
    // What was stored is unharmed.
    expect((await openRecord(cipher, 'messages', (await db.messages.get('m1'))!)).body).toBe(
      'I have not spoken to anyone in days.',
    );
    expect(await db.drafts.count()).toBe(0);
  });

  it('a participant is found by JET number through its blind index only', async () => {
    const sealed = await sealRecord(cipher, 'participants', {
      id: 'p9',
      createdAt: 1,
      updatedAt: 1,
      version: 1,
      deletedAt: null,
      jetNumber: '20-1234-56789',
      name: 'Sam',
      email: 'sam@example.com',
      language: 'en',
      sourceHash: null,
    });
    expect(sealed.jetIndex).toBe(await cipher.blindIndex('20123456789'));
    expect(JSON.stringify(sealed)).not.toContain('56789');
  });
});

describe('key rotation', () => {
  it('seals everything again under the new key, and resumes when interrupted', async () => {
    const a = random();
    const b = random();
    const before = await keys('a', ['a', a]);
    const db = freshDatabase();
    await importCheckedDataset(db, before, checked(BASE_DATASET), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    const during = await keys('b', ['a', a], ['b', b]);
    // Interrupted after the first table.
    let calls = 0;
    await expect(
      resealAll(db, during, {
        hasRiskSignal: noRisk,
        onProgress: () => {
          calls += 1;
          if (calls === 3) throw new Error('the computer went to sleep');
        },
      }),
    ).rejects.toThrow(/sleep/);
    const kidsOf = async () =>
      new Set((await db.messages.toArray()).flatMap((m) => [m.subject.kid, m.body.kid]));
    // Resumed: everything is under b; the old key is no longer needed.
    const { resealed } = await resealAll(db, during, { hasRiskSignal: noRisk });
    expect(resealed).toBeGreaterThan(0);
    expect(await kidsOf()).toEqual(new Set(['b']));
    const after = await keys('b', ['b', b]);
    const queueFree = await Promise.all(
      (await db.messages.toArray()).map((m) => openRecord(after, 'messages', m)),
    );
    expect(queueFree.map((m) => m.body)).toContain('I have not spoken to anyone in days.');
    const participant = await openRecord(after, 'participants', (await db.participants.get('p1'))!);
    expect(participant.name).toBe('Alex Morgan');
    // A second pass finds nothing to do.
    expect((await resealAll(db, after, { hasRiskSignal: noRisk })).resealed).toBe(0);
  });
});

describe('key rotation and the audit log', () => {
  it('seals audit reasons again under the new key; the chain and its marks still verify', async () => {
    const a = random();
    const b = random();
    const before = await keys('a', ['a', a]);
    const db = freshDatabase();
    const log = (c: FieldCipher) =>
      createAuditRepository(db, undefined, auditHeadMark(c), auditReasonSealer(c));
    await log(before).append(
      { profile: 'c1', action: 'reveal', object: 'p1', reason: said('Asked by phone') },
      NOW,
    );
    const during = await keys('b', ['a', a], ['b', b]);
    await resealAll(db, during, { hasRiskSignal: noRisk });
    expect(new Set((await db.auditReasons.toArray()).map((r) => r.reason.kid))).toEqual(
      new Set(['b']),
    );
    expect(await kidsInUse(db)).not.toContain('a');
    const after = await keys('b', ['b', b]);
    expect(await log(after).verify()).toEqual({ ok: true, count: 1 });
    expect((await log(after).list()).map((e) => saidText(e.reason))).toEqual(['Asked by phone']);
  });
});

describe('sealing again never writes over a change made meanwhile', () => {
  it('keeps a change made between its read and its write; only the sealed fields change', async () => {
    const a = random();
    const before = await keys('a', ['a', a]);
    const db = freshDatabase();
    // Arms a writer that changes m3 (an answer time) and m1 (a soft deletion) inside the sweep's
    // write transaction, just before the sweep reads the records again.
    let armed = false;
    db.use({
      stack: 'dbcore',
      name: 'race',
      create(down) {
        return {
          ...down,
          table(name) {
            const table = down.table(name);
            if (name !== 'messages') return table;
            return {
              ...table,
              async getMany(request) {
                if (armed && (request.trans as unknown as IDBTransaction).mode === 'readwrite') {
                  armed = false;
                  const [m1, m3] = (await table.getMany({
                    trans: request.trans,
                    keys: ['m1', 'm3'],
                  })) as { version: number }[];
                  await table.mutate({
                    type: 'put',
                    trans: request.trans,
                    values: [
                      { ...m1, deletedAt: 123, version: m1!.version + 1 },
                      { ...m3, answeredAtMs: 999, version: m3!.version + 1 },
                    ],
                    keys: ['m1', 'm3'],
                  });
                }
                return table.getMany(request);
              },
            };
          },
        };
      },
    });
    await importCheckedDataset(db, before, checked(BASE_DATASET), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    armed = true;
    const during = await keys('b', ['a', a], ['b', random()]);
    await resealAll(db, during, { hasRiskSignal: noRisk });
    expect(armed).toBe(false);
    const [m1, m3] = [await db.messages.get('m1'), await db.messages.get('m3')];
    expect(m1).toMatchObject({ deletedAt: 123 });
    expect(m3).toMatchObject({ answeredAtMs: 999 });
    expect([m1!.body.kid, m3!.body.kid]).toEqual(['b', 'b']);
    expect((await openRecord(during, 'messages', m3!)).body).toBe('It still feels hard.');
  });

  it('a value that does not open is counted and left, and keeps its key in use', async () => {
    const db = await seeded();
    const m1 = await db.messages.get('m1');
    const broken = { ...m1!.body, ct: new Uint8Array(m1!.body.ct).map((b, i) => (i ? b : b ^ 1)) };
    await db.messages.put({ ...m1!, body: broken });
    const next = await keys('n', ['n', random()]);
    const withOld = await FieldCipher.fromKeyMaterial({
      currentKid: 'n',
      keys: [
        { kid: 'n', key: random() },
        { kid: 'k-test', key: random() },
      ],
      indexKey: random(),
    });
    void next;
    const result = await resealAll(db, withOld, { hasRiskSignal: noRisk });
    expect(result.unreadable).toBeGreaterThan(0);
    expect(await kidsInUse(db)).toContain('k-test');
  });
});

describe('search index', () => {
  it('finds text (any case, Japanese substrings) and JET numbers, and forgets all at lock', async () => {
    const db = await seeded();
    const index = new MessageSearchIndex(db, cipher);
    expect(await index.search('SPOKEN to')).toEqual(new Set(['t1']));
    expect(await index.search('相談')).toEqual(new Set(['t2']));
    expect(await index.search('20123456789')).toEqual(new Set(['t1']));
    expect(await index.search('nothing like this')).toEqual(new Set());
    expect(index.size).toBe(4);
    index.drop();
    expect(index.size).toBe(0);
  });
});

describe('backup and restore', () => {
  it('restores a backup made under other keys, whole, sealed under this workstation’s keys', async () => {
    const source = await seeded();
    const { data } = await createBackupData(source, cipher, NOW);
    const file = `{"format":"counsellor-workstation.backup","version":1,"keystore":${JSON.stringify(KEYSTORE)},"data":${data}}`;
    expect(file).not.toContain('Alex Morgan');
    const target = freshDatabase();
    const here = await keys('h', ['h', random()]);
    const { records } = await restoreBackup(target, here, cipher, parseBackupFile(file));
    expect(records).toBeGreaterThan(5);
    const m1 = await openRecord(here, 'messages', (await target.messages.get('m1'))!);
    expect(m1.body).toBe('I have not spoken to anyone in days.');
    expect((await target.participants.get('p1'))!.jetIndex).toBe(
      await here.blindIndex('20123456789'),
    );
  });

  it('says what a restore would replace and by what, before anything changes; a damaged file is refused there', async () => {
    const source = await seeded();
    const { data } = await createBackupData(source, cipher, NOW);
    const file = `{"format":"counsellor-workstation.backup","version":1,"keystore":${JSON.stringify(KEYSTORE)},"data":${data}}`;
    const summary = await summariseBackup(cipher, parseBackupFile(file));
    expect(summary).toEqual({
      createdAtMs: NOW,
      counts: {
        participants: await source.participants.count(),
        threads: await source.threads.count(),
        messages: await source.messages.count(),
        sessions: await source.sessions.count(),
        claims: 0,
      },
    });
    expect(summary.counts.messages).toBeGreaterThan(0);
    const target = freshDatabase();
    expect(await currentRestoreCounts(target)).toEqual({
      participants: 0,
      threads: 0,
      messages: 0,
      sessions: 0,
      claims: 0,
    });
    expect(await currentRestoreCounts(source)).toEqual(summary.counts);
    // The check is the restore's: a changed payload is refused before the confirmation.
    const parsed = parseBackupFile(file);
    const changed = { ...parsed, payload: parsed.payload.replace('"createdAt"', '"createdAt" ') };
    await expect(summariseBackup(cipher, changed)).rejects.toMatchObject({ code: 'damaged' });
  });

  it('adds the backup’s report releases to those here, and keeps those here', async () => {
    const release = (id: string, from: string) => ({
      id,
      releasedAtMs: NOW,
      profile: 'Supervisor',
      format: 'csv' as const,
      from,
      to: from,
      threshold: 10,
      byCounsellor: false,
      rows: [{ period: from, measure: 'sessions', category: 'all', value: 0 as const }],
      counsellorAliases: {},
    });
    const source = await seeded();
    await source.releases.add(release('r-backup', '2026-04'));
    const { data } = await createBackupData(source, cipher, NOW);
    const file = `{"format":"counsellor-workstation.backup","version":1,"keystore":${JSON.stringify(KEYSTORE)},"data":${data}}`;
    const target = freshDatabase();
    await target.releases.add(release('r-here', '2026-05'));
    const here = await keys('h', ['h', random()]);
    await restoreBackup(target, here, cipher, parseBackupFile(file));
    expect((await target.releases.toArray()).map((r) => r.id).sort()).toEqual([
      'r-backup',
      'r-here',
    ]);
  });

  it('a damaged or moved value restores nothing', async () => {
    const source = await seeded();
    const { data } = await createBackupData(source, cipher, NOW);
    const wrap = (d: string) =>
      `{"format":"counsellor-workstation.backup","version":1,"keystore":${JSON.stringify(KEYSTORE)},"data":${d}}`;
    const target = await seeded();
    const before = await target.messages.count();
    // One character of the payload changed: the MAC fails.
    const parsed = JSON.parse(data) as { payload: string; mac: string };
    const at = parsed.payload.indexOf('$b64') + 10;
    const edited = {
      ...parsed,
      // Always a different character (the base64 there is random: it may already be a Z).
      payload:
        parsed.payload.slice(0, at) +
        (parsed.payload[at] === 'Z' ? 'Y' : 'Z') +
        parsed.payload.slice(at + 1),
    };
    await expect(
      restoreBackup(
        target,
        cipher,
        cipher,
        parseBackupFile(
          wrap(
            JSON.stringify({ format: 'counsellor-workstation.backup-data', version: 1, ...edited }),
          ),
        ),
      ),
    ).rejects.toMatchObject({ code: 'damaged' });
    // Not a backup at all.
    expect(() => parseBackupFile('{"hello":1}')).toThrow(BackupError);
    expect(() => parseBackupFile('not json')).toThrow(/not a Counsellor Workstation backup/);
    expect(await target.messages.count()).toBe(before);
  });
});

const KEYSTORE = {
  kdf: { name: 'scrypt', N: 1024, r: 8, p: 1, salt: 'c2FsdA==' },
  wrapped: { alg: 'A256GCM', iv: 'aXY=', ct: 'Y3Q=', tag: 'dGFn' },
};
