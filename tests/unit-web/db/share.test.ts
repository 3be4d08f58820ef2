/**
 * A file import on a supervisor's workstation reaches the team (issue 15): what it stored goes to
 * the outbox as `records.import` batches, the server keeps them sealed, and another workstation of
 * the organisation pulls the same records and opens the same text. A counsellor's import is
 * refused by the server, and the refusal is kept for the person to see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../../../src/domain/dataset/demo';
import { serializeDataset } from '../../../src/domain/dataset/schema';
import { validateDataset } from '../../../src/domain/dataset/validate';
import { openRecord } from '../../../src/renderer/db/crypto/sealed-records';
import type { WorkstationDatabase } from '../../../src/renderer/db/database';
import { FieldCipher } from '../../../src/renderer/db/crypto/field-cipher';
import { importCheckedDataset } from '../../../src/renderer/db/repositories/import';
import { MessageSearchIndex } from '../../../src/renderer/db/repositories/search-index';
import {
  pulledSettingsMark,
  recordSettingsUpdate,
} from '../../../src/renderer/db/repositories/sync-engine';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../src/domain/settings/organisation-settings';
import { createMaintenanceRepository } from '../../../src/renderer/db/repositories/maintenance';
import { wireFromStored } from '../../../src/renderer/db/repositories/share';
import { MAX_IMPORT_BATCH, parseMutation } from '../../../src/sync/mutations';
import { calendarWith } from '../../unit/domain/calendar/helpers';
import { organisation, type World } from '../../unit/server/world';
import { cipher, noRisk } from './helpers';
import { openServer, workstation } from './sync-world';

let world: World;
beforeAll(async () => {
  world = await openServer();
});
afterAll(async () => {
  await world?.close();
});

const demo = () => {
  const checked = validateDataset(
    serializeDataset(generateDemoDataset({ calendar: calendarWith(), messages: 300 })),
    {},
  );
  if (!checked.ok) throw new Error('the demo dataset does not validate');
  return checked;
};

/** Every message's subject and body as the workstation opens them, by id. */
async function openedMessages(db: WorkstationDatabase): Promise<Map<string, string>> {
  const opened = new Map<string, string>();
  for (const stored of await db.messages.toArray()) {
    const message = await openRecord(cipher, 'messages', stored);
    opened.set(stored.id, `${message.subject}\n${message.body}`);
  }
  return opened;
}

describe('an import for the team', () => {
  it('goes to the outbox as records.import batches that another workstation pulls and opens', async () => {
    const slug = await organisation(world);
    const supervisor = await workstation(world, slug, 'super');
    const report = await importCheckedDataset(supervisor.db, cipher, demo(), {
      nowMs: world.clock.now,
      hasRiskSignal: noRisk,
    });
    expect(report.added.messages).toBeGreaterThan(0);
    const outbox = await supervisor.db.outbox.toArray();
    expect(new Set(outbox.map((e) => e.name))).toEqual(new Set(['records.import']));
    const sent = outbox.flatMap(
      (e) => (e.args as { records: { table: string; record: { id: string } }[] }).records,
    );
    for (const entry of outbox) {
      const { records } = entry.args as { records: unknown[] };
      expect(records.length).toBeLessThanOrEqual(MAX_IMPORT_BATCH);
      expect(
        parseMutation({ id: 1, name: entry.name, v: entry.v, args: entry.args, at: 0 }).ok,
      ).toBe(true);
    }
    // Every record the import stored, once.
    const count = (table: string) => sent.filter((r) => r.table === table).length;
    expect(count('messages')).toBe(await supervisor.db.messages.count());
    expect(count('threads')).toBe(await supervisor.db.threads.count());
    expect(count('threadSubjects')).toBe(await supervisor.db.threadSubjects.count());
    expect(count('participants')).toBe(await supervisor.db.participants.count());
    expect(new Set(sent.map((r) => `${r.table}/${r.record.id}`)).size).toBe(sent.length);
    // Nothing in clear: the wire records hold the stored envelopes only.
    const wire = JSON.stringify(sent);
    const first = (await openedMessages(supervisor.db)).values().next().value ?? '';
    expect(first.length).toBeGreaterThan(10);
    expect(wire).not.toContain(first.split('\n')[1]!.slice(0, 30));

    await supervisor.engine.syncOnce();
    expect(await supervisor.db.outbox.count()).toBe(0);
    expect(await supervisor.db.refusals.count()).toBe(0);

    // The same supervisor on a second workstation of the organisation (the same keys): the same
    // records, the same text.
    const elsewhere = await workstation(world, slug, 'super');
    const search = new MessageSearchIndex(elsewhere.db, cipher);
    await search.build();
    const pulled = await elsewhere.engine.syncOnce();
    expect(await elsewhere.db.messages.count()).toBe(await supervisor.db.messages.count());
    expect(await openedMessages(elsewhere.db)).toEqual(await openedMessages(supervisor.db));
    // The search finds what was pulled, as soon as the round has told it.
    const [someId, someText] = [...(await openedMessages(elsewhere.db))][0]!;
    const word = someText.split('\n')[0]!;
    expect((await search.search(word)).size).toBe(0);
    await search.refresh(pulled.messagesChanged ?? []);
    const thread = (await elsewhere.db.messages.get(someId))!.threadId;
    expect(await search.search(word)).toContain(thread);
    const threads = async (db: WorkstationDatabase) =>
      (await db.threads.toArray()).map((t) => [t.id, t.state, t.assigneeId, t.participantId]);
    expect(await threads(elsewhere.db)).toEqual(await threads(supervisor.db));

    // Importing the file again records nothing the server does not already hold as it is.
    await importCheckedDataset(supervisor.db, cipher, demo(), {
      nowMs: world.clock.now + 1000,
      hasRiskSignal: noRisk,
    });
    await supervisor.engine.syncOnce();
    expect(await supervisor.db.refusals.count()).toBe(0);
    await elsewhere.engine.syncOnce();
    expect(await elsewhere.db.messages.count()).toBe(await supervisor.db.messages.count());
  });

  it('from a counsellor’s workstation is refused by the server, and the refusal is kept', async () => {
    const slug = await organisation(world);
    const alice = await workstation(world, slug, 'alice');
    await importCheckedDataset(alice.db, cipher, demo(), {
      nowMs: world.clock.now,
      hasRiskSignal: noRisk,
    });
    const batches = await alice.db.outbox.count();
    await alice.engine.syncOnce();
    const refusals = await alice.db.refusals.toArray();
    expect(refusals).toHaveLength(batches);
    expect(new Set(refusals.map((r) => r.code))).toEqual(new Set(['forbidden-role']));
    const bob = await workstation(world, slug, 'bob');
    await bob.engine.syncOnce();
    expect(await bob.db.messages.count()).toBe(0);
  });

  it('counts the records only this workstation can open, not those pulled under the organisation’s keys', async () => {
    const slug = await organisation(world);
    const supervisor = await workstation(world, slug, 'super');
    await importCheckedDataset(supervisor.db, cipher, demo(), {
      nowMs: world.clock.now,
      hasRiskSignal: noRisk,
    });
    await supervisor.engine.syncOnce();
    // Under the organisation's keys (here: the shared test cipher) they are the organisation's.
    const own = await createMaintenanceRepository(supervisor.db, cipher).ownSyncedRecords();
    expect(own).toBeGreaterThan(0);
    // A workstation with keys of its own (not joined yet) pulls them: none is its own.
    const newcomer = await FieldCipher.fromKeyMaterial({
      currentKid: 'k-newcomer',
      keys: [{ kid: 'k-newcomer', key: crypto.getRandomValues(new Uint8Array(32)) }],
      indexKey: crypto.getRandomValues(new Uint8Array(32)),
    });
    const elsewhere = await workstation(world, slug, 'super');
    await elsewhere.engine.syncOnce();
    expect(await elsewhere.db.messages.count()).toBeGreaterThan(0);
    expect(await createMaintenanceRepository(elsewhere.db, newcomer).ownSyncedRecords()).toBe(0);
    expect(await createMaintenanceRepository(elsewhere.db, cipher).ownSyncedRecords()).toBe(own);
  });

  it('a supervisor’s organisation settings go out as settings.update and reach the others’ pulls', async () => {
    const slug = await organisation(world);
    const supervisor = await workstation(world, slug, 'super');
    const settings = { ...DEFAULT_ORGANISATION_SETTINGS, answerDeadlineBusinessDays: 2 };
    await recordSettingsUpdate(supervisor.db, settings, world.clock.now);
    expect((await supervisor.db.outbox.toArray()).map((e) => e.name)).toEqual(['settings.update']);
    await supervisor.engine.syncOnce();
    expect(await supervisor.db.refusals.count()).toBe(0);
    const alice = await workstation(world, slug, 'alice');
    await alice.engine.syncOnce();
    expect(JSON.parse((await pulledSettingsMark(alice.db)) ?? 'null')).toMatchObject(settings);
  });

  it('a stored record that does not fit the contract is named by table and field, never by value', () => {
    expect(() =>
      wireFromStored('participants', { id: 'p-1', createdAt: 0, name: 'Ms Tanaka' }, 0),
    ).toThrow(/participants\.name is not an envelope/);
  });
});
