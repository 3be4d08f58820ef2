/**
 * Property: whatever three workstations do (two of them the same counsellor's, one another's),
 * with the server backed up and restored from its backups in between (with or without the
 * operator's `server-restored`), once everyone has synced twice each holds exactly what a fresh
 * workstation of the same account pulls from the server, and every reply a person wrote is on the
 * server or back as a draft on the workstation that wrote it: nothing written is lost in silence.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecord } from '../../../src/renderer/db/crypto/sealed-records';
import { markRestored } from '../../../src/server/restore';
import type { World } from '../../unit/server/world';
import { cipher } from './helpers';
import {
  expectConverged,
  openServer,
  restartServer,
  threeStations,
  workstation,
  type Workstation,
} from './sync-world';

const THREADS = ['t-1', 't-2', 't-3'];

let root: string;
let live: string;
let world: World;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-restore-property-'));
  live = path.join(root, 'live');
  world = await openServer(live);
});
afterAll(async () => {
  await world?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

type Action =
  | { kind: 'take' | 'release' | 'reply'; who: number; thread: number }
  | { kind: 'tags'; who: number; thread: number; tags: string[] }
  | { kind: 'sync'; who: number }
  | { kind: 'backup' }
  | { kind: 'restore'; mark: boolean };

const who = fc.integer({ min: 0, max: 2 });
const thread = fc.integer({ min: 0, max: THREADS.length - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constantFrom('take', 'release', 'reply'), who, thread }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('tags'),
      who,
      thread,
      tags: fc.subarray(['housing', 'visa', 'work']),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync'), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('backup') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore'), mark: fc.boolean() }) },
) as fc.Arbitrary<Action>;

/**
 * Work, a backup, work the backup will not hold (with a sync at least, so the server has it), a
 * restore, and work after it; other backups and restores may fall anywhere among them.
 */
const scenario: fc.Arbitrary<Action[]> = fc
  .tuple(
    fc.array(action, { maxLength: 6 }),
    fc.array(action, { minLength: 1, maxLength: 8 }),
    who,
    fc.boolean(),
    fc.array(action, { maxLength: 6 }),
  )
  .map(([before, between, syncer, mark, after]) => [
    ...before,
    { kind: 'backup' },
    ...between,
    { kind: 'sync', who: syncer },
    { kind: 'restore', mark },
    ...after,
  ]);

describe('workstations across server restores', () => {
  it('converge on the restored server, and every reply written is on it or a draft again', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (actions) => {
        run += 1;
        const { slug, stations } = await threeStations(world, THREADS.length);
        let backup: string | null = null;
        /** Each reply's text, and the workstation that wrote it. */
        const written: { body: string; thread: string; by: Workstation }[] = [];
        for (const [i, a] of actions.entries()) {
          world.clock.now += 1000;
          const nowMs = world.clock.now;
          if (a.kind === 'backup') {
            const copy = path.join(root, `backup-${run}-${i}`);
            await restartServer(world, live, () => fs.cpSync(live, copy, { recursive: true }));
            backup = copy;
            continue;
          }
          if (a.kind === 'restore') {
            if (backup === null) continue;
            const from = backup;
            await restartServer(world, live, () => {
              fs.rmSync(live, { recursive: true, force: true });
              fs.cpSync(from, live, { recursive: true });
            });
            if (a.mark) await markRestored(world.db, nowMs);
            continue;
          }
          const w = stations[a.who]!;
          if (a.kind === 'sync') {
            await w.engine.syncOnce();
            continue;
          }
          const t = THREADS[a.thread]!;
          const counsellor = w.counsellorId!;
          if (a.kind === 'take') await w.queue.take(t, counsellor, nowMs);
          if (a.kind === 'release') await w.queue.release(t, nowMs);
          if (a.kind === 'tags') await w.queue.setTags(t, a.tags, nowMs);
          if (a.kind === 'reply') {
            const body = `Reply ${run}.${i}`;
            await w.queue.sendReply({ threadId: t, body, authorId: counsellor, nowMs });
            written.push({ body, thread: t, by: w });
          }
        }
        await expectConverged(world, slug, stations);
        const supervisor = await workstation(world, slug, 'super');
        await supervisor.engine.syncOnce();
        const onServer = new Set<string>();
        for (const t of THREADS)
          for (const m of (await supervisor.queue.threadDetail(t))?.messages ?? [])
            onServer.add(m.body);
        for (const reply of written) {
          if (onServer.has(reply.body)) continue;
          const draft = await reply.by.db.drafts.get(reply.thread);
          const text = draft ? (await openRecord(cipher, 'drafts', draft)).body : '';
          expect(text, `${reply.body}: neither on the server nor a draft`).toContain(reply.body);
        }
      }),
      { numRuns: 6 },
    );
  }, 300_000);
});
