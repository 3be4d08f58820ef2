/**
 * Screens read through live queries (app/data.ts). A repository read decrypts with WebCrypto
 * between its Dexie reads; the live query must still observe the reads after a decryption, or a
 * change made elsewhere would not show until the screen is opened again.
 */
import 'fake-indexeddb/auto'; // liveQuery runs only where a global indexedDB exists
import { describe, expect, it } from 'vitest';
import { liveQuery } from 'dexie';
import { importCheckedDataset } from '../../../src/renderer/db/repositories/import';
import { createQueueRepository } from '../../../src/renderer/db/repositories/queue';
import { MessageSearchIndex } from '../../../src/renderer/db/repositories/search-index';
import { openRecord } from '../../../src/renderer/db/crypto/sealed-records';
import { BASE_DATASET, checked, cipher, freshDatabase, noRisk } from '../db/helpers';

const NOW = Date.parse('2026-12-02T12:00:00+09:00');

/** Subscribes and resolves each emission in turn. */
function emissions<T>(read: () => Promise<T>) {
  const seen: T[] = [];
  const waiting: ((value: T) => void)[] = [];
  const subscription = liveQuery(read).subscribe({
    next: (value) => {
      const next = waiting.shift();
      if (next) next(value);
      else seen.push(value);
    },
  });
  return {
    next: () =>
      seen.length > 0
        ? Promise.resolve(seen.shift() as T)
        : new Promise<T>((resolve) => waiting.push(resolve)),
    stop: () => subscription.unsubscribe(),
  };
}

async function seeded() {
  const db = freshDatabase();
  await importCheckedDataset(db, cipher, checked(BASE_DATASET), {
    nowMs: NOW,
    hasRiskSignal: noRisk,
  });
  return { db, queue: createQueueRepository(db, cipher, new MessageSearchIndex(db, cipher)) };
}

describe('live reads through repositories', () => {
  it('observes a table read after a decryption', async () => {
    const { db } = await seeded();
    const live = emissions(async () => {
      const subject = await db.threadSubjects.get('t1');
      if (subject) await openRecord(cipher, 'threadSubjects', subject); // WebCrypto in between
      return (await db.threads.get('t1'))?.risk ?? null;
    });
    expect(await live.next()).not.toBe('urgent');
    await db.threads.update('t1', { risk: 'urgent' });
    expect(await live.next()).toBe('urgent');
    live.stop();
  });

  it("shows a thread taken elsewhere in the open thread's detail without opening it again", async () => {
    const { queue } = await seeded();
    const live = emissions(() => queue.threadDetail('t1'));
    expect((await live.next())?.thread.assigneeId ?? null).toBe(null);
    await queue.setRisk('t1', 'urgent', 'c1', NOW);
    const after = await live.next();
    expect(after?.thread.risk).toBe('urgent');
    live.stop();
  });
});
