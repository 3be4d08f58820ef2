/**
 * "The server never sees it", attacked through real workstations: a supervisor's workstation
 * imports the demo dataset as the app does (sealed by its own cipher) and syncs it; a counsellor's
 * workstation pulls, takes a thread, writes a note and a reply, and syncs them. The others open
 * every word, so the text did travel. Then every row of every table and every file of the server's
 * PGlite folder, and a `pg_dump` of a real PostgreSQL database, are searched for the participants'
 * names, e-mail addresses and JET numbers, the messages' subjects and text, and the counsellor's
 * words. None may be found.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { generateDemoDataset } from '../../../src/domain/dataset/demo';
import { serializeDataset } from '../../../src/domain/dataset/schema';
import { validateDataset } from '../../../src/domain/dataset/validate';
import { openRecord } from '../../../src/renderer/db/crypto/sealed-records';
import { importCheckedDataset } from '../../../src/renderer/db/repositories/import';
import { openPostgres } from '../../../src/server/db/database';
import { calendarWith } from '../../unit/domain/calendar/helpers';
import { createPostgresDatabase } from '../../unit/server/databases';
import { everyRow, folderBytes, foundIn, needlesOf, pgDump } from '../../unit/server/leak-scan';
import { openWorld, organisation, type World } from '../../unit/server/world';
import { cipher, noRisk } from './helpers';
import { openServer, workstation } from './sync-world';

const document = generateDemoDataset({ calendar: calendarWith(), messages: 300 });
const NOTE = 'Counsellor note: she fears her contract will not be renewed in March';
const REPLY = 'Thank you for telling me about the evenings alone in Hokkaido';
const needles = needlesOf(
  { participants: document.participants ?? [], messages: document.messages ?? [] },
  [NOTE, REPLY, NOTE.slice(30), REPLY.slice(30)],
);
const found = (haystack: Buffer | string) => foundIn(needles, haystack);

/** The demo dataset through a supervisor's workstation, and a counsellor's words through hers. */
async function syncThroughWorkstations(world: World): Promise<void> {
  const slug = await organisation(world);
  const checked = validateDataset(serializeDataset(document), {});
  if (!checked.ok) throw new Error('the demo dataset does not validate');
  const supervisor = await workstation(world, slug, 'super');
  await importCheckedDataset(supervisor.db, cipher, checked, {
    nowMs: world.clock.now,
    hasRiskSignal: noRisk,
  });
  await supervisor.engine.syncOnce();
  expect(await supervisor.db.outbox.count()).toBe(0);
  expect(await supervisor.db.refusals.count()).toBe(0);

  const alice = await workstation(world, slug, 'alice');
  await alice.engine.syncOnce();
  const open = (await alice.db.threads.toArray()).find((t) => t.assigneeId === null)!;
  expect(open).toBeDefined();
  await alice.queue.take(open.id, 'c-01', world.clock.now);
  const note = await alice.queue.addNote(open.id, NOTE, 'c-01', world.clock.now);
  const reply = await alice.queue.sendReply({
    threadId: open.id,
    body: REPLY,
    authorId: 'c-01',
    nowMs: world.clock.now,
  });
  await alice.engine.syncOnce();
  expect(await alice.db.outbox.count()).toBe(0);
  expect(await alice.db.refusals.count()).toBe(0);

  // The words travelled: the supervisor's workstation opens them.
  await supervisor.engine.syncOnce();
  const pulledNote = await supervisor.db.notes.get(note.id);
  expect(pulledNote && (await openRecord(cipher, 'notes', pulledNote)).body).toBe(NOTE);
  const pulledReply = await supervisor.db.messages.get(reply.id);
  expect(pulledReply && (await openRecord(cipher, 'messages', pulledReply)).body).toBe(REPLY);
  expect(await supervisor.db.messages.count()).toBe((document.messages ?? []).length + 1);
}

describe('what real workstations sync leaves nothing in clear on the server', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('the needles are real: more than 300 of them, the counsellor’s words among them', () => {
    expect(needles.length).toBeGreaterThan(300);
    expect(needles).toContain(NOTE.slice(0, 24));
    expect(found(`…${REPLY}…`)).toEqual([REPLY.slice(0, 24), REPLY.slice(30, 54)]);
  });

  it(
    'PGlite: no name, e-mail, JET number, subject, text or note in any table or any file',
    { timeout: 180_000 },
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-leak-ws-'));
      dirs.push(dir);
      const world = await openServer(dir);
      try {
        await syncThroughWorkstations(world);
        expect(found(await everyRow(world.db))).toEqual([]);
      } finally {
        await world.close();
      }
      const files = folderBytes(dir);
      expect(files.length).toBeGreaterThan(10);
      for (const bytes of files) expect(found(bytes)).toEqual([]);
    },
  );

  it.runIf(inject('postgresUrl'))(
    'PostgreSQL: no name, e-mail, JET number, subject, text or note in a pg_dump',
    { timeout: 180_000 },
    async () => {
      const url = await createPostgresDatabase();
      const world = await openWorld(await openPostgres(url));
      try {
        await syncThroughWorkstations(world);
      } finally {
        await world.close();
      }
      const dump = pgDump(url);
      expect(dump).toContain('COPY public.records');
      expect(found(dump)).toEqual([]);
    },
  );
});
