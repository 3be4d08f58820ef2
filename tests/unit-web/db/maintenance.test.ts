/**
 * The whole-data operations screens call instead of holding the database (issue 14.1): an import
 * cut short is finished once however often it is asked for, and audited once; the audit log's
 * participant names are masked JET numbers.
 */
import { describe, expect, it } from 'vitest';
import { createMaintenanceRepository } from '../../../src/renderer/db/repositories/maintenance';
import type { InterruptedImport } from '../../../src/renderer/db/repositories/import';
import { BASE_DATASET, checked, cipher, freshDatabase, noRisk } from './helpers';

const NOW = Date.parse('2026-12-02T12:00:00+09:00');

class Closed extends Error {}

describe('the maintenance repository', () => {
  it('finishes an interrupted import once: a second call while it runs gets the same finishing, audited once', async () => {
    const db = freshDatabase();
    const maintenance = createMaintenanceRepository(db, cipher);
    await expect(
      maintenance.importChecked(checked(BASE_DATASET), {
        nowMs: NOW,
        hasRiskSignal: noRisk,
        chunkSize: 2,
        onStart: () => Promise.resolve(),
        onProgress: () => {
          throw new Closed();
        },
      }),
    ).rejects.toBeInstanceOf(Closed);

    const audited: InterruptedImport[] = [];
    const onFinished = async (finished: InterruptedImport) => {
      audited.push(finished);
    };
    // React runs the effect twice in development: both calls start before either ends.
    const [first, second] = await Promise.all([
      maintenance.finishInterruptedImport(NOW, onFinished),
      maintenance.finishInterruptedImport(NOW, onFinished),
    ]);
    expect(first).not.toBeNull();
    expect(second).toBe(first);
    expect(audited).toEqual([first]);
    // Finished: nothing is pending any more.
    expect(await maintenance.finishInterruptedImport(NOW + 1, onFinished)).toBeNull();
    expect(audited).toHaveLength(1);
  });

  it('names participants by masked JET number, null without one, and leaves unknown ids out', async () => {
    const db = freshDatabase();
    const maintenance = createMaintenanceRepository(db, cipher);
    await maintenance.importChecked(checked(BASE_DATASET), { nowMs: NOW, hasRiskSignal: noRisk });
    const masks = await maintenance.jetNumberMasks(['p1', 'p2', 'gone']);
    expect([...masks.keys()].sort()).toEqual(['p1', 'p2']);
    expect(masks.get('p2')).toBeNull();
    // Only the last two digits are shown (domain/privacy/jet-number.ts).
    expect(masks.get('p1')).toBe('•••••••89');
  });

  it('knows whether a key rotation is pending', async () => {
    const db = freshDatabase();
    const maintenance = createMaintenanceRepository(db, cipher);
    expect(await maintenance.rotationPending()).toBe(false);
  });
});
