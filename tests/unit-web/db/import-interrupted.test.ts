/**
 * Issue 12.4: an import cut short (the page closed mid-import) is recorded before it stores
 * anything, found at the next unlock, and finished from the stored records without the file.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkstationDatabase } from '../../../src/renderer/db/database';
import {
  IMPORT_PENDING_KEY,
  finishInterruptedImport,
  importCheckedDataset,
} from '../../../src/renderer/db/repositories/import';
import { BASE_DATASET, checked, cipher, freshDatabase, noRisk } from './helpers';

const NOW = Date.parse('2026-12-02T12:00:00+09:00');
const LATER = NOW + 3_600_000;
const CHUNK = 4;

/** A file of `n` messages over a few threads (two participants), some answered, some tagged. */
function dataset(n: number) {
  const messages = Array.from({ length: n }, (_, i) => {
    const thread = `t${i % 5}`;
    const participantId = i % 5 < 3 ? 'p1' : 'p2';
    const day = String(1 + Math.floor(i / 5)).padStart(2, '0');
    return i % 4 === 3
      ? {
          id: `m${i}`,
          threadId: thread,
          participantId,
          subject: `Re: subject ${thread}`,
          body: `Answer ${i}`,
          author: 'c1',
          sentAt: `2026-11-${day}T12:00:00+09:00`,
        }
      : {
          id: `m${i}`,
          threadId: thread,
          participantId,
          subject: `Subject ${thread}`,
          body: `Message ${i}`,
          receivedAt: `2026-11-${day}T09:00:00+09:00`,
          ...(i % 3 === 0 ? { topics: [`topic-${i % 2}`] } : {}),
        };
  });
  return { ...BASE_DATASET, messages };
}

/** The threads as the queue shows them, bookkeeping aside. */
async function threadsOf(db: WorkstationDatabase) {
  return (await db.threads.toArray())
    .map((t) => ({ ...t, createdAt: 0, updatedAt: 0, version: 0 }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

class Closed extends Error {}

describe('an interrupted import (issue 12.4)', () => {
  it('is audited before it stores anything, and leaves no mark when it completes', async () => {
    const db = freshDatabase();
    const seen: number[] = [];
    await importCheckedDataset(db, cipher, checked(dataset(10)), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
      chunkSize: CHUNK,
      onStart: async ({ total }) => {
        seen.push(total, await db.messages.count(), await db.participants.count());
      },
    });
    expect(seen).toEqual([13, 0, 0]);
    expect(await db.meta.get(IMPORT_PENDING_KEY)).toBeUndefined();
    expect(await finishInterruptedImport(db, cipher, LATER)).toBeNull();
  });

  it('cut at any chunk boundary: finished from the stored records, every stored message in its thread', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 24 }),
        fc.nat({ max: 12 }),
        async (messageCount, stopAfter) => {
          const file = checked(dataset(messageCount));
          const db = freshDatabase();
          let calls = 0;
          let interrupted = false;
          try {
            await importCheckedDataset(db, cipher, file, {
              nowMs: NOW,
              hasRiskSignal: noRisk,
              chunkSize: CHUNK,
              onStart: () => Promise.resolve(),
              onProgress: () => {
                if (calls++ === stopAfter) throw new Closed();
              },
            });
          } catch (error) {
            if (!(error instanceof Closed)) throw error;
            interrupted = true;
          }
          const stored = (await db.messages.toArray()).map((m) => m.id);
          const finished = await finishInterruptedImport(db, cipher, LATER);
          if (!interrupted) {
            expect(finished).toBeNull();
            return;
          }
          expect(finished).not.toBeNull();
          expect(finished!.total).toBe(
            Object.values(file.collections).reduce((sum, c) => sum + c.valid.length, 0),
          );
          expect(finished!.stored).toBe(
            (await db.participants.count()) +
              (await db.counsellors.count()) +
              (await db.messages.count()),
          );
          expect(await db.meta.get(IMPORT_PENDING_KEY)).toBeUndefined();
          // Every stored message is in a thread that counts it; no thread without messages.
          const perThread = new Map<string, number>();
          for (const m of await db.messages.toArray())
            perThread.set(m.threadId, (perThread.get(m.threadId) ?? 0) + 1);
          const threads = await threadsOf(db);
          expect(threads.map((t) => [t.id, t.messageCount])).toEqual(
            [...perThread].sort(([a], [b]) => a.localeCompare(b)),
          );
          expect(stored.length).toBe([...perThread.values()].reduce((x, y) => x + y, 0));
          // Importing the file again completes it: the same as one whole import.
          await importCheckedDataset(db, cipher, file, { nowMs: LATER, hasRiskSignal: noRisk });
          const whole = freshDatabase();
          await importCheckedDataset(whole, cipher, file, { nowMs: LATER, hasRiskSignal: noRisk });
          expect((await threadsOf(db)).map((t) => [t.id, t.messageCount, t.state])).toEqual(
            (await threadsOf(whole)).map((t) => [t.id, t.messageCount, t.state]),
          );
        },
      ),
      { numRuns: 25 },
    );
  });
});
