/**
 * The sync protocol on the server, on PGlite and on a real PostgreSQL: push applies each mutation
 * once and in order, refusals consume their id and block nothing, first come first served on a
 * thread, what each role sees in a pull, pages of whole versions, the tombstone horizon's reset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, PullResponse } from '../../../src/sync/protocol';
import type { ThreadWire } from '../../../src/sync/records';
import { testBackends } from './databases';
import { importOf, openWorld, sealed, T0, type World, teamOf } from './world';

const changesOf = (pages: PullResponse[]): Change[] => pages.flatMap((p) => p.changes);
const latest = (pages: PullResponse[], table: string, id: string) =>
  changesOf(pages)
    .filter((c) => c.table === table && c.id === id)
    .at(-1);

describe.each(testBackends())('sync on $name', (backend) => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld(await backend.open());
  });
  afterAll(async () => {
    await world?.close();
  });

  const team = () => teamOf(world);

  it('first come, first served: the second taker is refused and told who holds the thread', async () => {
    const { supervisor, alice, bob } = await team();
    const data = importOf(1);
    expect((await supervisor.push([data.mutation])).results).toEqual([
      { id: 1, status: 'applied' },
    ]);
    const threadId = data.threadIds[0]!;

    const a = await alice.push([{ name: 'thread.take', args: { threadId } }]);
    const b = await bob.push([{ name: 'thread.take', args: { threadId } }]);
    expect(a.results[0]!.status).toBe('applied');
    expect(b.results[0]!.status).toBe('refused');
    expect(b.refusals).toEqual([
      {
        mutationId: 1,
        name: 'thread.take',
        code: 'thread-held',
        params: { holderId: 'c-01' },
        at: T0,
      },
    ]);
    // The refusal reaches Bob's pull too, until he says he has seen it.
    const pulled = await bob.pull(0);
    expect(pulled.refusals.map((r) => r.code)).toEqual(['thread-held']);
    expect(pulled.lastMutationId).toBe(1);
    expect((await bob.pull(0, { refusalsSeenThrough: 1 })).refusals).toEqual([]);
  });

  it('a retried push applies nothing twice; a gap stops the push before anything is applied', async () => {
    const { supervisor, alice } = await team();
    const data = await supervisor.push([importOf(2).mutation]);
    expect(data.lastMutationId).toBe(1);
    const threads = (await alice.pullAll(0))
      .flatMap((p) => p.changes)
      .filter((c) => c.table === 'threads')
      .map((c) => c.id);
    const batch = [
      { id: 1, name: 'thread.take', v: 1, args: { threadId: threads[0] }, at: T0 },
      {
        id: 2,
        name: 'thread.setRisk',
        v: 1,
        args: { threadId: threads[0], level: 'urgent' },
        at: T0,
      },
    ];
    const first = await alice.pushRaw(batch);
    const again = await alice.pushRaw(batch);
    expect(first.json().results.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'applied',
    ]);
    expect(again.json().results.map((r: { status: string }) => r.status)).toEqual([
      'skipped',
      'skipped',
    ]);
    expect(again.json().lastMutationId).toBe(2);
    const journal = await world.db.query(
      `SELECT count(*)::int AS n FROM applied_mutations WHERE client_id = $1`,
      [alice.clientId],
    );
    expect(journal.rows[0]).toEqual({ n: 2 });

    const gap = await alice.pushRaw([
      { id: 4, name: 'thread.release', v: 1, args: { threadId: threads[0] }, at: T0 },
    ]);
    expect(gap.statusCode).toBe(409);
    expect(gap.json()).toMatchObject({ error: 'mutation-gap', expected: 3 });
    const notConsecutive = await alice.pushRaw([
      { id: 3, name: 'thread.release', v: 1, args: { threadId: threads[0] }, at: T0 },
      { id: 5, name: 'thread.release', v: 1, args: { threadId: threads[0] }, at: T0 },
    ]);
    expect(notConsecutive.statusCode).toBe(400);
    expect((await alice.pull(0)).lastMutationId).toBe(2);
  });

  it('a refused mutation consumes its id and never blocks the ones after it', async () => {
    const { supervisor, alice } = await team();
    const data = importOf(1);
    await supervisor.push([data.mutation]);
    const threadId = data.threadIds[0]!;
    const result = await alice.push([
      { name: 'thread.setRisk', args: { threadId, level: 'catastrophic' } },
      { name: 'thread.unknown', args: {} },
      { name: 'thread.take', args: { threadId }, v: 7 },
      { name: 'settings.update', args: { settings: {} } },
      { name: 'thread.take', args: { threadId: 'no-such-thread' } },
      { name: 'thread.take', args: { threadId } },
    ]);
    expect(result.results.map((r) => r.status)).toEqual([
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
      'applied',
    ]);
    expect(result.refusals.map((r) => [r.mutationId, r.code])).toEqual([
      [1, 'invalid-arguments'],
      [2, 'unknown-mutation'],
      [3, 'unsupported-version'],
      [4, 'invalid-arguments'],
      [5, 'not-found'],
    ]);
    expect(result.refusals[0]!.params).toMatchObject({ path: 'level' });
    expect(result.lastMutationId).toBe(6);
  });

  it('refuses plaintext where a sealed value belongs, and stores none of it', async () => {
    const { supervisor, alice } = await team();
    const data = importOf(1);
    await supervisor.push([data.mutation]);
    const threadId = data.threadIds[0]!;
    const secret = 'I cannot sleep since the accident';
    const result = await alice.push([
      { name: 'note.add', args: { noteId: 'n-1', threadId, body: secret } },
      { name: 'note.add', args: { noteId: 'n-2', threadId, body: { ...sealed(), clear: secret } } },
      {
        name: 'note.add',
        args: {
          noteId: 'n-3',
          threadId,
          body: { ...sealed(), ct: Buffer.from(secret).toString('base64').slice(0, 8) },
        },
      },
    ]);
    expect(result.refusals.map((r) => r.code)).toEqual([
      'invalid-arguments',
      'invalid-arguments',
      'invalid-arguments',
    ]);
    const extra = importOf(1);
    const smuggled = await supervisor.push([
      {
        name: 'records.import',
        args: {
          records: [
            {
              table: 'participants',
              record: { ...(extra.mutation.args.records[2]!.record as object), nameClear: secret },
            },
          ],
        },
      },
    ]);
    expect(smuggled.refusals.map((r) => r.code)).toEqual(['invalid-arguments']);
    const everything = await world.db.query<{ dump: string }>(
      `SELECT string_agg(record::text, '') AS dump FROM records`,
    );
    const refusals = await world.db.query<{ dump: string }>(
      `SELECT string_agg(params::text, '') AS dump FROM refusals`,
    );
    expect(everything.rows[0]!.dump ?? '').not.toContain(secret);
    expect(refusals.rows[0]!.dump ?? '').not.toContain(secret);
  });

  it('roles: only supervisors import, reassign and change settings; counsellors see only their own cases', async () => {
    const { supervisor, alice, bob } = await team();
    const data = importOf(2);
    expect((await alice.push([data.mutation])).refusals[0]!.code).toBe('forbidden-role');
    await supervisor.push([data.mutation]);
    const [mine, theirs] = data.threadIds as [string, string];
    await alice.push([{ name: 'thread.take', args: { threadId: mine } }]);
    await alice.push([
      { name: 'note.add', args: { noteId: `n-${mine}`, threadId: mine, body: sealed() } },
    ]);

    const bobSees = await bob.pullAll(0);
    const bobChanges = changesOf(bobSees);
    // Bob sees both threads in the queue (metadata, with who holds them)...
    expect(
      bobChanges
        .filter((c) => c.table === 'threads')
        .map((c) => c.id)
        .sort(),
    ).toEqual([mine, theirs].sort());
    expect((latest(bobSees, 'threads', mine)!.record as ThreadWire).assigneeId).toBe('c-01');
    // ...but not the messages, subject or notes of Alice's.
    const ofMine = bobChanges.filter(
      (c) =>
        c.table !== 'threads' &&
        (c.id === mine || (c.record as { threadId?: string } | null)?.threadId === mine),
    );
    expect(ofMine).toEqual([]);
    expect(bobChanges.some((c) => c.table === 'notes')).toBe(false);
    const aliceChanges = changesOf(await alice.pullAll(0));
    expect(aliceChanges.filter((c) => c.table === 'notes').map((c) => c.id)).toEqual([`n-${mine}`]);
    expect(changesOf(await supervisor.pullAll(0)).filter((c) => c.table === 'notes')).toHaveLength(
      1,
    );

    // Bob cannot work on Alice's thread; the supervisor can move it to him.
    expect(
      (await bob.push([{ name: 'thread.setRisk', args: { threadId: mine, level: 'urgent' } }]))
        .refusals[0],
    ).toMatchObject({
      code: 'thread-held',
      params: { holderId: 'c-01' },
    });
    expect(
      (
        await bob.push([
          { name: 'thread.reassign', args: { threadId: mine, counsellorId: 'c-02' } },
        ])
      ).refusals[0]!.code,
    ).toBe('forbidden-role');
    const before = (await alice.pull(0)).cursor;
    expect(
      (
        await supervisor.push([
          { name: 'thread.reassign', args: { threadId: mine, counsellorId: 'c-02' } },
        ])
      ).refusals,
    ).toEqual([]);
    // Alice's next pull says the note and message left her sight; Bob's brings them.
    const aliceAfter = changesOf(await alice.pullAll(before));
    expect(
      aliceAfter
        .filter((c) => c.record === null)
        .map((c) => c.table)
        .sort(),
    ).toEqual(['messages', 'notes', 'threadSubjects']);
    const bobAfter = changesOf(await bob.pullAll(0));
    expect(bobAfter.find((c) => c.table === 'notes')?.record).not.toBeNull();

    const settings = await supervisor.push([
      {
        name: 'settings.update',
        args: {
          settings: {
            serviceHours: { open: '09:00', close: '17:00' },
            closures: [],
            answerDeadlineBusinessDays: 3,
            dueSoonServiceMinutes: 240,
            sessionQuota: { sessionsPerYear: 7, quotaYear: 'fiscal' },
            sessionBufferMinutes: 10,
            reportSuppressionThreshold: 10,
            lockAfterIdleMinutes: 10,
          },
        },
      },
    ]);
    expect(settings.refusals).toEqual([]);
    expect(
      (await alice.push([{ name: 'settings.update', args: { settings: {} } }])).refusals[0]!.code,
    ).not.toBe(undefined);
    expect(latest(await alice.pullAll(0), 'settings', 'organisation')?.record).toMatchObject({
      sessionBufferMinutes: 10,
    });
  });

  it('a reply answers the thread by the server clock; one for a thread someone else holds is refused', async () => {
    const { supervisor, alice, bob } = await team();
    const data = importOf(2, T0 - 2 * 3_600_000);
    await supervisor.push([data.mutation]);
    const [first, second] = data.threadIds as [string, string];
    world.clock.now = T0 + 5 * 60_000;
    // Sending takes an unheld thread.
    const sent = await alice.push([
      {
        name: 'reply.send',
        args: { replyId: 'r-1', threadId: first, subject: sealed(), body: sealed() },
      },
    ]);
    expect(sent.refusals).toEqual([]);
    const pages = await alice.pullAll(0);
    expect(latest(pages, 'threads', first)!.record).toMatchObject({
      state: 'answered',
      assigneeId: 'c-01',
      lastAnswerMs: T0 + 5 * 60_000,
      lastAnsweredFromMs: T0 - 2 * 3_600_000,
      openSinceMs: null,
      messageCount: 2,
    });
    expect(latest(pages, 'messages', 'r-1')!.record).toMatchObject({
      kind: 'reply',
      authorId: 'c-01',
      sentAtMs: T0 + 5 * 60_000,
      delivery: 'confirmed',
    });
    const answered = changesOf(pages).filter(
      (c) =>
        c.table === 'messages' &&
        (c.record as { kind?: string })?.kind === 'participant-message' &&
        (c.record as { threadId?: string }).threadId === first,
    );
    expect(answered.at(-1)!.record).toMatchObject({ answeredAtMs: T0 + 5 * 60_000 });

    await bob.push([{ name: 'thread.take', args: { threadId: second } }]);
    const lost = await alice.push([
      {
        name: 'reply.send',
        args: { replyId: 'r-2', threadId: second, subject: sealed(), body: sealed() },
      },
    ]);
    expect(lost.refusals[0]).toMatchObject({ code: 'thread-held', params: { holderId: 'c-02' } });
    const again = await alice.push([
      {
        name: 'reply.send',
        args: { replyId: 'r-1', threadId: first, subject: sealed(), body: sealed() },
      },
    ]);
    expect(again.refusals[0]!.code).toBe('already-exists');
    world.clock.now = T0;
  });

  it('pulls in pages of whole versions, and resets a cursor older than the tombstone horizon', async () => {
    const { supervisor, alice } = await team();
    // One import: one version holding 2 counsellors + 1 participant + 3 × (thread, subject, message).
    await supervisor.push([importOf(3).mutation]);
    const single = await alice.pull(0, { limit: 2 });
    expect(single.changes).toHaveLength(12);
    expect(new Set(single.changes.map((c) => c.version)).size).toBe(1);
    const [threadId, otherId] = single.changes
      .filter((c) => c.table === 'threads')
      .map((c) => c.id) as [string, string];
    await alice.push([
      { name: 'thread.setTags', args: { threadId, tags: ['visa', 'work', 'visa'] } },
    ]);
    await alice.push([{ name: 'thread.setRisk', args: { threadId: otherId, level: 'elevated' } }]);
    // A record changed twice travels once, at its latest version.
    await alice.push([{ name: 'thread.setTags', args: { threadId, tags: ['visa', 'work'] } }]);
    const paged = await alice.pull(single.cursor, { limit: 1 });
    expect(paged).toMatchObject({ more: true, reset: false });
    expect(paged.changes).toHaveLength(1);
    expect(paged.changes[0]!.record).toMatchObject({
      id: otherId,
      risk: 'elevated',
      riskSetBy: 'c-01',
      riskSetAtMs: T0,
    });
    const rest = await alice.pull(paged.cursor, { limit: 1 });
    expect(rest.more).toBe(false);
    expect(rest.changes[0]!.record).toMatchObject({ id: threadId, tags: ['visa', 'work'] });
    expect(rest.changes[0]!.version).toBeGreaterThan(paged.changes[0]!.version);

    // Tombstones purged past Alice's cursor: her next pull is a snapshot of what exists now.
    await world.db.query(`UPDATE organisations SET horizon = $2 WHERE slug = $1`, [
      (
        await world.db.query<{ slug: string }>(
          `SELECT o.slug FROM organisations o JOIN accounts a ON a.org_id = o.id WHERE a.id = $1`,
          [alice.tokens.account.id],
        )
      ).rows[0]!.slug,
      rest.cursor + 1,
    ]);
    const reset = await alice.pull(single.cursor);
    expect(reset.reset).toBe(true);
    expect(reset.changes.filter((c) => c.table === 'threads')).toHaveLength(3);
    expect(reset.changes.every((c) => c.record !== null)).toBe(true);
  });

  it('a snapshot over several pages misses nothing that changed between its pages', async () => {
    const { supervisor, alice, bob } = await team();
    const rule = (id: string) => ({
      id,
      createdAt: T0,
      counsellorId: 'c-01',
      rule: 'DTSTART;TZID=Asia/Tokyo:20261207T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO',
      durationMinutes: 60,
      validFrom: null,
      validUntil: null,
      sourceHash: null,
    });
    await supervisor.push([{ name: 'availability.putRule', args: { rule: rule('r-1') } }]);
    const imported = importOf(2);
    await supervisor.push([imported.mutation]);
    await supervisor.push([{ name: 'availability.putRule', args: { rule: rule('r-2') } }]);
    // The first page: the first rule and the whole import (10 changes), then more.
    const first = await alice.pull(0, { limit: 10 });
    expect(first).toMatchObject({ more: true, snapshot: true, reset: false });
    expect(first.changes).toHaveLength(10);
    // Between her pages: the rule she holds is removed, and Bob takes a thread she can read.
    const [taken] = imported.threadIds as [string];
    await supervisor.push([{ name: 'availability.removeRule', args: { ruleId: 'r-1' } }]);
    expect((await bob.push([{ name: 'thread.take', args: { threadId: taken } }])).refusals).toEqual(
      [],
    );
    const pages = [first];
    let page = first;
    while (page.more) {
      page = await alice.pull(page.cursor, { snapshot: page.snapshot, limit: 1 });
      pages.push(page);
    }
    // What she holds after every page equals a snapshot taken now.
    const fold = (list: PullResponse[]) => {
      const held = new Map<string, unknown>();
      for (const c of changesOf(list))
        if (c.record === null) held.delete(`${c.table}/${c.id}`);
        else held.set(`${c.table}/${c.id}`, c.record);
      return held;
    };
    const now = fold(await alice.pullAll(0));
    expect(now.has('availabilityRules/r-1')).toBe(false);
    expect(now.has(`threadSubjects/${taken}`)).toBe(false);
    expect(fold(pages)).toEqual(now);
  });

  it('the register of releases: anyone of the organisation records one, only supervisors withdraw, no free text', async () => {
    const { supervisor, alice, bob } = await team();
    const release = (id: string, category = 'all') => ({
      id,
      createdAt: T0,
      releasedAtMs: T0,
      profile: 'p-co',
      format: 'co-view' as const,
      from: '2026-04',
      to: '2026-04',
      threshold: 10,
      byCounsellor: false,
      rows: [
        { period: '2026-04', measure: 'sessions', category, value: '*' },
        { period: '2026-04', measure: 'on-time-share', category, value: 0.75 },
      ],
      counsellorAliases: { 'c-01': 'counsellor:1' },
    });
    // A counsellor's workstation shows a CO view: its release goes on the register.
    const recorded = await alice.push([
      { name: 'release.record', args: { release: release('r-1') } },
      { name: 'release.record', args: { release: release('r-1') } },
      // Free text where a slug belongs never reaches the server's register.
      { name: 'release.record', args: { release: release('r-2', 'Amelia Patel') } },
    ]);
    expect(recorded.results.map((r) => r.status)).toEqual(['applied', 'refused', 'refused']);
    expect(recorded.refusals.map((r) => [r.code, r.params])).toEqual([
      ['already-exists', {}],
      ['invalid-arguments', expect.objectContaining({ path: 'release.rows.0.category' })],
    ]);
    // Everyone of the organisation pulls it, whoever they are.
    const seen = latest(await bob.pullAll(0), 'releases', 'r-1');
    expect(seen?.record).toMatchObject({ id: 'r-1', rows: release('r-1').rows });
    // Taking it off weakens later suppression: a counsellor may not, a supervisor may.
    const refused = await alice.push([{ name: 'release.withdraw', args: { releaseId: 'r-1' } }]);
    expect(refused.refusals.map((r) => r.code)).toEqual(['forbidden-role']);
    const withdrawn = await supervisor.push([
      { name: 'release.withdraw', args: { releaseId: 'r-1' } },
      { name: 'release.withdraw', args: { releaseId: 'r-1' } },
    ]);
    expect(withdrawn.refusals.map((r) => r.code)).toEqual(['not-found']);
    expect(latest(await bob.pullAll(seen!.version), 'releases', 'r-1')?.record).toBeNull();
  });

  it('a client belongs to one account: another account cannot push or pull with it', async () => {
    const { alice, bob } = await team();
    const stolen = await world.app.inject({
      method: 'POST',
      url: '/v1/pull',
      payload: { clientId: alice.clientId, cursor: 0 },
      headers: { authorization: `Bearer ${bob.tokens.accessToken}` },
    });
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json()).toMatchObject({ error: 'unknown-client' });
  });
});
