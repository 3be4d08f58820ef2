/**
 * Notes on video sessions on the server (`sessionNote.add`): insert-only, written by the session's
 * counsellor or a supervisor, stored sealed as sent, and seen only by the session's counsellor and
 * the supervisors, also after the session moves to another counsellor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, PullResponse } from '../../../src/sync/protocol';
import type { SessionNoteWire, SessionWire } from '../../../src/sync/records';
import { testBackends } from './databases';
import { importOf, openWorld, organisation, sealed, signIn, T0, type World } from './world';

/** Wednesday 2026-12-09, 11:00 JST (T0 is Monday 10:00 JST). */
const WEDNESDAY_11 = Date.parse('2026-12-09T11:00:00+09:00');

const rule = (id: string, counsellorId: string) => ({
  id,
  createdAt: T0,
  counsellorId,
  rule: 'DTSTART;TZID=Asia/Tokyo:20261201T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
  durationMinutes: 360,
  validFrom: null,
  validUntil: null,
  sourceHash: null,
});

const changesOf = (pages: PullResponse[]): Change[] => pages.flatMap((p) => p.changes);
const notesIn = (pages: PullResponse[]) =>
  changesOf(pages).filter((c) => c.table === 'sessionNotes');

describe.each(testBackends())('session notes on $name', (backend) => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld(await backend.open());
  });
  afterAll(async () => {
    await world?.close();
  });

  /** An organisation with Alice's session s-1 (Wednesday 11:00) and availability for both. */
  async function withSession() {
    const slug = await organisation(world);
    const supervisor = await signIn(world, slug, 'super');
    const people = importOf(0);
    const session: SessionWire = {
      id: 's-1',
      createdAt: T0,
      participantId: people.participantId,
      counsellorId: 'c-01',
      startMs: WEDNESDAY_11,
      outcome: 'scheduled',
      cancelledAtMs: null,
      sourceHash: null,
    };
    const records = [
      ...(people.mutation.args.records as object[]),
      { table: 'availabilityRules', record: rule('r-1', 'c-01') },
      { table: 'availabilityRules', record: rule('r-2', 'c-02') },
      { table: 'sessions', record: session },
    ];
    const imported = await supervisor.push([{ name: 'records.import', args: { records } }]);
    expect(imported.refusals).toEqual([]);
    const [alice, bob] = [await signIn(world, slug, 'alice'), await signIn(world, slug, 'bob')];
    return { supervisor, alice, bob };
  }

  it('the session’s counsellor and supervisors add notes; nobody else, and never twice', async () => {
    const { supervisor, alice, bob } = await withSession();
    const body = sealed();
    const note = (noteId: string, sessionId = 's-1', text: unknown = sealed()) => ({
      name: 'sessionNote.add',
      args: { noteId, sessionId, body: text },
    });
    const byAlice = await alice.push([
      note('sn-1', 's-1', body),
      note('sn-1'),
      note('sn-2', 'no-such-session'),
      note('sn-3', 's-1', 'Talked about sleep and the new job'),
    ]);
    expect(byAlice.results.map((r) => r.status)).toEqual([
      'applied',
      'refused',
      'refused',
      'refused',
    ]);
    expect(byAlice.refusals.map((r) => [r.mutationId, r.code, r.params])).toEqual([
      [2, 'already-exists', {}],
      [3, 'not-found', { table: 'sessions' }],
      [4, 'invalid-arguments', expect.objectContaining({ path: 'body' })],
    ]);
    expect((await bob.push([note('sn-4')])).refusals.map((r) => r.code)).toEqual([
      'forbidden-role',
    ]);
    expect((await supervisor.push([note('sn-5')])).refusals).toEqual([]);

    // Stored as sent, with the author the server stamps (the supervisor has no counsellor record).
    const seenByAlice = notesIn(await alice.pullAll(0));
    expect(seenByAlice.map((c) => c.id).sort()).toEqual(['sn-1', 'sn-5']);
    const first = seenByAlice.find((c) => c.id === 'sn-1')!.record as SessionNoteWire;
    expect(first).toMatchObject({ sessionId: 's-1', authorId: 'c-01', body, createdAt: T0 });
    const fifth = seenByAlice.find((c) => c.id === 'sn-5')!.record as SessionNoteWire;
    expect(fifth.authorId).not.toBe('c-01');
    expect(fifth.authorId).not.toBeNull();
    // Bob does not see the notes of Alice's session; a supervisor sees them all.
    expect(notesIn(await bob.pullAll(0))).toEqual([]);
    expect(
      notesIn(await supervisor.pullAll(0))
        .map((c) => c.id)
        .sort(),
    ).toEqual(['sn-1', 'sn-5']);
  });

  it('the notes move with the session: the new counsellor pulls them, the former one drops them', async () => {
    const { supervisor, alice, bob } = await withSession();
    await alice.push([
      { name: 'sessionNote.add', args: { noteId: 'sn-1', sessionId: 's-1', body: sealed() } },
    ]);
    const aliceCursor = (await alice.pullAll(0)).at(-1)!.cursor;
    const bobCursor = (await bob.pullAll(0)).at(-1)!.cursor;

    const moved = await supervisor.push([
      {
        name: 'session.change',
        args: { sessionId: 's-1', startMs: WEDNESDAY_11, counsellorId: 'c-02' },
      },
    ]);
    expect(moved.refusals).toEqual([]);

    const toBob = notesIn(await bob.pullAll(bobCursor));
    expect(toBob.map((c) => [c.id, c.record === null])).toEqual([['sn-1', false]]);
    const toAlice = notesIn(await alice.pullAll(aliceCursor));
    expect(toAlice.map((c) => [c.id, c.record])).toEqual([['sn-1', null]]);
    // Bob, now the session's counsellor, may add one; Alice no longer.
    const add = (noteId: string) => ({
      name: 'sessionNote.add',
      args: { noteId, sessionId: 's-1', body: sealed() },
    });
    expect((await bob.push([add('sn-2')])).refusals).toEqual([]);
    expect((await alice.push([add('sn-3')])).refusals.map((r) => r.code)).toEqual([
      'forbidden-role',
    ]);
  });
});
