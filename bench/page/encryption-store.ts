/**
 * Runs in Chromium (bundled by bench/encryption.bench.ts): stores messages the way an import does,
 * once sealed (the app's repositories: seal before the write transaction, the plaintext guard on)
 * and once as the same records in the clear in a plain Dexie database with the same stores, so the
 * cost of encryption is measured in one run, on one page, by the page's clock. Also opens the 50
 * subjects a screen of the queue shows.
 */
import Dexie from 'dexie';
import { FieldCipher } from '../../src/renderer/db/crypto/field-cipher';
import { sealAll, openAll } from '../../src/renderer/db/crypto/sealed-records';
import { WorkstationDatabase } from '../../src/renderer/db/database';
import type { MessageRecord } from '../../src/renderer/db/records';

const CHUNK = 2_000;

function messages(count: number, run: number): MessageRecord[] {
  const words =
    'I have not slept well since the school term began and my supervisor keeps asking'.split(' ');
  return Array.from({ length: count }, (_, i) => {
    const body = Array.from({ length: 120 }, (_, w) => words[(i + w) % words.length]).join(' ');
    return {
      id: `r${run}-m${String(i).padStart(6, '0')}`,
      createdAt: 1,
      updatedAt: 1,
      version: 1,
      deletedAt: null,
      threadId: `r${run}-t${Math.floor(i / 3)}`,
      participantId: `p${i % 500}`,
      kind: 'participant-message',
      subject: `Message ${i}: sleep and work`,
      body,
      receivedAtMs: 1_764_000_000_000 + i * 60_000,
      requestedCounsellorId: null,
      answeredAtMs: null,
      authorId: null,
      sentAtMs: null,
      delivery: null,
      overLimit: false,
      riskSignal: false,
      sourceHash: `hash-${i}`,
    };
  });
}

async function newCipher(): Promise<FieldCipher> {
  const random = () => crypto.getRandomValues(new Uint8Array(32));
  return FieldCipher.fromKeyMaterial({
    currentKid: 'k',
    keys: [{ kid: 'k', key: random() }],
    indexKey: random(),
  });
}

export async function storeRun(count: number, run: number) {
  const records = messages(count, run);
  const cipher = await newCipher();

  const sealedDb = new WorkstationDatabase(`bench-sealed-${run}`);
  await sealedDb.open();
  let started = performance.now();
  for (let i = 0; i < records.length; i += CHUNK) {
    const sealed = await sealAll(cipher, 'messages', records.slice(i, i + CHUNK));
    await sealedDb.transaction('rw', sealedDb.messages, () => sealedDb.messages.bulkAdd(sealed));
  }
  const encryptedMs = performance.now() - started;

  const plainDb = new Dexie(`bench-plain-${run}`, { chromeTransactionDurability: 'strict' });
  plainDb.version(1).stores({ messages: 'id, threadId, participantId, updatedAt' });
  await plainDb.open();
  started = performance.now();
  for (let i = 0; i < records.length; i += CHUNK) {
    const chunk = records.slice(i, i + CHUNK);
    await plainDb.transaction('rw', plainDb.table('messages'), () =>
      plainDb.table('messages').bulkAdd(chunk),
    );
  }
  const plainMs = performance.now() - started;

  // One screen of the queue: read 50 rows and open their subjects and bodies.
  started = performance.now();
  const screen = await sealedDb.messages.limit(50).toArray();
  await openAll(cipher, 'messages', screen);
  const openScreenMs = performance.now() - started;

  sealedDb.close();
  plainDb.close();
  await Dexie.delete(`bench-sealed-${run}`);
  await Dexie.delete(`bench-plain-${run}`);
  return { encryptedMs, plainMs, openScreenMs };
}

(globalThis as unknown as { storeRun: typeof storeRun }).storeRun = storeRun;
