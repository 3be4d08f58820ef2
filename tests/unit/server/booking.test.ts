/**
 * Booking decided by the server (DOMAIN.md sections 5 and 8): the last slot goes to whoever
 * reaches the server first, the quota and the cutoffs are judged by the server's clock and the
 * sessions it holds, whatever the workstation believed when it booked offline. And availability:
 * rules the server cannot read are refused; a removed one leaves a tombstone that pulls carry
 * until it is purged, after which an old cursor gets a snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeTombstones } from '../../../src/server/sync/store';
import type { SessionWire } from '../../../src/sync/records';
import { testBackends } from './databases';
import { importOf, openWorld, organisation, signIn, T0, type World } from './world';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Wednesday 2026-12-09, 11:00 JST (T0 is Monday 10:00 JST). */
const WEDNESDAY_11 = Date.parse('2026-12-09T11:00:00+09:00');

const rule = (id: string, counsellorId: string, text = 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR') => ({
  id,
  createdAt: T0,
  counsellorId,
  rule: `DTSTART;TZID=Asia/Tokyo:20261201T100000\nRRULE:${text}`,
  durationMinutes: 360,
  validFrom: null,
  validUntil: null,
  sourceHash: null,
});

const pastSession = (id: string, participantId: string, startMs: number): SessionWire => ({
  id,
  createdAt: startMs - DAY,
  participantId,
  counsellorId: 'c-02',
  startMs,
  outcome: 'completed',
  cancelledAtMs: null,
  sourceHash: null,
});

describe.each(testBackends())('booking on $name', (backend) => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld(await backend.open());
  });
  afterAll(async () => {
    await world?.close();
  });

  async function bookingTeam() {
    const slug = await organisation(world);
    const supervisor = await signIn(world, slug, 'super');
    const first = importOf(1);
    const second = importOf(1);
    const records = [
      ...(first.mutation.args.records as object[]),
      ...(second.mutation.args.records as object[]).filter(
        (r) => (r as { table: string }).table === 'participants',
      ),
      { table: 'availabilityRules', record: rule('r-1', 'c-01') },
      { table: 'availabilityRules', record: rule('r-2', 'c-02') },
    ];
    const imported = await supervisor.push([{ name: 'records.import', args: { records } }]);
    expect(imported.refusals).toEqual([]);
    const [alice, bob] = [await signIn(world, slug, 'alice'), await signIn(world, slug, 'bob')];
    return { slug, supervisor, alice, bob, p1: first.participantId, p2: second.participantId };
  }

  it('the last slot goes to whoever reaches the server first; the other is told why', async () => {
    const { supervisor, alice, p1, p2 } = await bookingTeam();
    const book = (id: string, participantId: string) => ({
      name: 'session.book',
      args: { sessionId: id, participantId, counsellorId: 'c-01', startMs: WEDNESDAY_11 },
    });
    // Both booked offline; Alice's push arrives first.
    expect((await alice.push([book('s-a', p1)])).refusals).toEqual([]);
    const late = await supervisor.push([book('s-b', p2)]);
    expect(late.refusals[0]).toMatchObject({
      code: 'booking-refused',
      params: { problems: 'counsellor-double-booked', counsellorId: 'c-01', sessionId: 's-a' },
    });
    const sessions = (await alice.pullAll(0))
      .flatMap((p) => p.changes)
      .filter((c) => c.table === 'sessions');
    expect(sessions.map((c) => [c.id, (c.record as SessionWire).outcome])).toEqual([
      ['s-a', 'scheduled'],
    ]);
  });

  it('a counsellor books only their own sessions; outside availability is refused', async () => {
    const { alice, p1 } = await bookingTeam();
    const forBob = await alice.push([
      {
        name: 'session.book',
        args: { sessionId: 's-1', participantId: p1, counsellorId: 'c-02', startMs: WEDNESDAY_11 },
      },
    ]);
    expect(forBob.refusals[0]!.code).toBe('forbidden-role');
    const evening = await alice.push([
      {
        name: 'session.book',
        args: {
          sessionId: 's-2',
          participantId: p1,
          counsellorId: 'c-01',
          startMs: WEDNESDAY_11 + 7 * HOUR,
        },
      },
    ]);
    expect(evening.refusals[0]).toMatchObject({
      code: 'booking-refused',
      params: { problems: 'outside-availability' },
    });
    const nobody = await alice.push([
      {
        name: 'session.book',
        args: {
          sessionId: 's-3',
          participantId: 'p-none',
          counsellorId: 'c-01',
          startMs: WEDNESDAY_11,
        },
      },
    ]);
    expect(nobody.refusals[0]).toMatchObject({
      code: 'not-found',
      params: { table: 'participants' },
    });
  });

  it('the quota is counted by the server: the eighth session of the year is refused', async () => {
    const { supervisor, alice, p1 } = await bookingTeam();
    // Seven sessions held this fiscal year (from 1 April 2026), on the server.
    const held = Array.from({ length: 7 }, (_, i) => ({
      table: 'sessions',
      record: pastSession(`old-${i}`, p1, Date.parse('2026-06-01T11:00:00+09:00') + i * 7 * DAY),
    }));
    expect(
      (await supervisor.push([{ name: 'records.import', args: { records: held } }])).refusals,
    ).toEqual([]);
    const eighth = await alice.push([
      {
        name: 'session.book',
        args: { sessionId: 's-8', participantId: p1, counsellorId: 'c-01', startMs: WEDNESDAY_11 },
      },
    ]);
    expect(eighth.refusals[0]).toMatchObject({
      code: 'booking-refused',
      params: { problems: 'quota-exhausted', limit: 7, used: 7, renewsOn: '2027-04-01' },
    });
  });

  it('cutoffs by the server clock: a booking for tomorrow after 17:00 is refused, a cancellation after the cutoff is late', async () => {
    const { alice, p1, p2 } = await bookingTeam();
    const tuesday11 = WEDNESDAY_11 - DAY;
    // Booked on Monday morning: in time.
    expect(
      (
        await alice.push([
          {
            name: 'session.book',
            args: {
              sessionId: 's-t',
              participantId: p1,
              counsellorId: 'c-01',
              startMs: WEDNESDAY_11,
            },
          },
        ])
      ).refusals,
    ).toEqual([]);
    // The workstation queued this at 16:00 offline, but it reaches the server at 17:30 JST.
    world.clock.now = Date.parse('2026-12-07T17:30:00+09:00');
    try {
      const tooLate = await alice.push([
        {
          name: 'session.book',
          args: {
            sessionId: 's-late',
            participantId: p2,
            counsellorId: 'c-01',
            startMs: tuesday11,
          },
        },
      ]);
      expect(tooLate.refusals[0]).toMatchObject({
        code: 'booking-refused',
        params: { problems: 'booking-cutoff-passed' },
      });
      // Wednesday's session: its cutoff is Tuesday 17:00. Cancelled on Tuesday at 18:00: late.
      world.clock.now = Date.parse('2026-12-08T18:00:00+09:00');
      expect(
        (await alice.push([{ name: 'session.cancel', args: { sessionId: 's-t' } }])).refusals,
      ).toEqual([]);
      const pulled = (await alice.pullAll(0)).flatMap((p) => p.changes).find((c) => c.id === 's-t');
      expect(pulled?.record).toMatchObject({
        outcome: 'late-cancelled',
        cancelledAtMs: world.clock.now,
      });
      // An outcome before the session started is refused.
      expect(
        (
          await alice.push([
            { name: 'session.recordOutcome', args: { sessionId: 's-t', outcome: 'completed' } },
          ])
        ).refusals[0],
      ).toMatchObject({
        code: 'booking-refused',
      });
    } finally {
      world.clock.now = T0;
    }
  });

  it('availability: unreadable rules refused, a removed rule travels as a tombstone, purged tombstones reset old cursors', async () => {
    const { slug, supervisor, alice, bob } = await bookingTeam();
    const bad = await alice.push([
      {
        name: 'availability.putRule',
        args: { rule: { ...rule('r-x', 'c-01'), rule: 'RRULE:FREQ=SOMETIMES' } },
      },
    ]);
    expect(bad.refusals[0]!.code).toBe('invalid-availability');
    expect(
      (await alice.push([{ name: 'availability.putRule', args: { rule: rule('r-3', 'c-02') } }]))
        .refusals[0]!.code,
    ).toBe('forbidden-role');
    const start = await bob.pull(0);
    expect(
      (await alice.push([{ name: 'availability.removeRule', args: { ruleId: 'r-1' } }])).refusals,
    ).toEqual([]);
    const after = await bob.pull(start.cursor);
    expect(after.changes).toEqual([
      expect.objectContaining({ table: 'availabilityRules', id: 'r-1', record: null }),
    ]);

    const orgId = (
      await world.db.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = $1`, [slug])
    ).rows[0]!.id;
    const purged = await world.db.transaction((tx) => purgeTombstones(tx, orgId, T0 + 1));
    expect(purged).toBe(1);
    // Bob's old cursor is from before the purge: he gets a snapshot without the removed rule.
    const reset = await bob.pull(start.cursor);
    expect(reset.reset).toBe(true);
    expect(reset.changes.some((c) => c.id === 'r-1')).toBe(false);
    expect(reset.changes.some((c) => c.id === 'r-2')).toBe(true);
    // A cursor from after the purge goes on as before.
    expect((await supervisor.pull(reset.cursor)).reset).toBe(false);
  });
});
