/**
 * The server's housekeeping, on PGlite and on a real PostgreSQL: tombstones older than the
 * retention go, organisation by organisation, and only they; a workstation whose cursor is older
 * than what went starts over from a snapshot, one within the retention catches up change by
 * change. The hourly round runs at start, again on its timer, and a stopped one runs no more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerArgs, UsageError } from '../../../src/server/args';
import {
  DEFAULT_TOMBSTONE_DAYS,
  purgeExpiredTombstones,
  startHousekeeping,
} from '../../../src/server/housekeeping';
import { testBackends } from './databases';
import { T0, teamOf, type World, openWorld } from './world';

const DAY = 86_400_000;

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

describe('the tombstone retention flag', () => {
  it('is 30 days unless given, a whole number of days from 1 to 3650', () => {
    expect(DEFAULT_TOMBSTONE_DAYS).toBe(30);
    expect(parseServerArgs([], {})).toMatchObject({ tombstoneDays: 30 });
    expect(parseServerArgs(['--tombstone-days', '7'], {})).toMatchObject({ tombstoneDays: 7 });
    for (const bad of ['0', '-1', '2.5', 'week', '3651', ''])
      expect(() => parseServerArgs([`--tombstone-days=${bad}`], {})).toThrow(
        new UsageError(`--tombstone-days: "${bad}" is not a whole number of days from 1 to 3650`),
      );
  });
});

describe.each(testBackends())('housekeeping on $name', (backend) => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld(await backend.open());
  });
  afterAll(async () => {
    await world?.close();
  });

  /** An organisation whose supervisor put two rules and removed one, on the world's clock. */
  async function removedRule() {
    const team = await teamOf(world);
    await team.supervisor.push([
      { name: 'availability.putRule', args: { rule: rule('r-kept') } },
      { name: 'availability.putRule', args: { rule: rule('r-gone') } },
    ]);
    await team.supervisor.push([{ name: 'availability.removeRule', args: { ruleId: 'r-gone' } }]);
    return team;
  }

  it('purges only tombstones older than the retention, in every organisation', async () => {
    world.clock.now = T0;
    const first = await removedRule();
    const second = await removedRule();
    const before = await first.alice.pull(0);
    // Nine days on, the tombstones are younger than ten days: nothing goes.
    expect(await purgeExpiredTombstones(world.db, T0 + 9 * DAY, 10)).toBe(0);
    const tombstones = async (slug: string) =>
      (
        await world.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM records r JOIN organisations o ON o.id = r.org_id
           WHERE o.slug = $1 AND r.record IS NULL`,
          [slug],
        )
      ).rows[0]!.n;
    expect(await tombstones(first.slug)).toBe('1');
    // Eleven days on, both organisations' tombstones go, and nothing else.
    const purged = await purgeExpiredTombstones(world.db, T0 + 11 * DAY, 10);
    expect(purged).toBeGreaterThanOrEqual(2);
    expect(await tombstones(first.slug)).toBe('0');
    expect(await tombstones(second.slug)).toBe('0');
    world.clock.now = T0 + 11 * DAY;
    // A cursor from before the removal starts over; one from after it goes on.
    const stale = await first.alice.pull(1);
    expect(stale.reset).toBe(true);
    expect(stale.changes.map((c) => c.id)).toEqual(['r-kept']);
    const current = await first.alice.pull(before.cursor);
    expect(current).toMatchObject({ reset: false, changes: [] });
  });

  it('runs at start and on its timer; a failed round does not stop the next; a stopped one runs no more', async () => {
    world.clock.now = T0;
    const { supervisor } = await removedRule();
    const rounds: number[] = [];
    const errors: unknown[] = [];
    let roundSeen: () => void = () => {};
    const nextRound = () => new Promise<void>((resolve) => (roundSeen = resolve));
    let now = T0 + DAY;
    let failNext = false;
    const db = {
      ...world.db,
      query: ((...args: Parameters<typeof world.db.query>) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('connection lost'));
        }
        return world.db.query(...args);
      }) as typeof world.db.query,
      transaction: world.db.transaction.bind(world.db),
    };
    let waiting = nextRound();
    const housekeeping = startHousekeeping({
      db,
      now: () => now,
      days: 30,
      intervalMs: 20,
      onRound: (purged) => {
        rounds.push(purged);
        roundSeen();
      },
      onError: (error) => {
        errors.push(error);
        roundSeen();
      },
    });
    await waiting;
    expect(rounds).toEqual([0]);
    failNext = true;
    waiting = nextRound();
    await waiting;
    expect(errors).toHaveLength(1);
    now = T0 + 31 * DAY;
    waiting = nextRound();
    await waiting;
    expect(rounds.at(-1)).toBeGreaterThanOrEqual(1);
    await housekeeping.stop();
    const count = rounds.length + errors.length;
    // Another removal, old enough: no round comes to purge it.
    await supervisor.push([{ name: 'availability.removeRule', args: { ruleId: 'r-kept' } }]);
    now = T0 + 400 * DAY;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rounds.length + errors.length).toBe(count);
  });
});
