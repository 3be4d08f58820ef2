import { describe, expect, it } from 'vitest';
import {
  createReleasesRepository,
  releaseHistory,
} from '../../../src/renderer/db/repositories/releases';
import type { ReleaseRecord } from '../../../src/renderer/db/records';
import { freshDatabase } from './helpers';

const release = (
  from: string,
  to: string,
  releasedAtMs: number,
  counsellorAliases: Record<string, string> = {},
): Omit<ReleaseRecord, 'id'> => ({
  releasedAtMs,
  profile: 'Supervisor',
  format: 'csv',
  from,
  to,
  threshold: 10,
  byCounsellor: Object.keys(counsellorAliases).length > 0,
  rows: [{ period: from, measure: 'sessions', category: 'all', value: '*' }],
  counsellorAliases,
});

describe('the register of report releases', () => {
  it('lists releases oldest first, and takes off a withdrawn one', async () => {
    const releases = createReleasesRepository(freshDatabase());
    const second = await releases.record(release('2026-05', '2026-06', 2_000));
    const first = await releases.record(release('2026-04', '2026-04', 1_000));
    expect((await releases.list()).map((r) => r.id)).toEqual([first, second]);
    await releases.withdraw(second, 3_000);
    expect((await releases.list()).map((r) => [r.id, r.from, r.to])).toEqual([
      [first, '2026-04', '2026-04'],
    ]);
  });

  it('records each release and each withdrawal for the team too, whatever the profile is called', async () => {
    const db = freshDatabase();
    const releases = createReleasesRepository(db);
    const names = ['Supervisor', '田中 花子', 'm.ellison@example.org', ''];
    const ids = [];
    for (const [i, profile] of names.entries())
      ids.push(await releases.record({ ...release('2026-04', '2026-04', 1_000 + i), profile }));
    await releases.withdraw(ids[0]!, 9_000);
    await releases.withdraw('not-on-the-register', 9_001);
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((e) => e.name)).toEqual([
      'release.record',
      'release.record',
      'release.record',
      'release.record',
      'release.withdraw',
    ]);
    const sent = outbox.slice(0, 4).map((e) => (e.args as { release: ReleaseRecord }).release);
    expect(sent.map((r) => [r.id, r.profile])).toEqual(ids.map((id, i) => [id, names[i]]));
    expect(outbox[4]!.args).toEqual({ releaseId: ids[0] });
    expect(await db.serverCopies.count()).toBe(0);
  });

  it('gives the domain the releases and every counsellor alias they used, each kept once', async () => {
    const releases = createReleasesRepository(freshDatabase());
    await releases.record(release('2026-04', '2026-04', 1, { 'c-b': 'counsellor:1' }));
    await releases.record(
      release('2026-05', '2026-05', 2, { 'c-b': 'counsellor:1', 'c-a': 'counsellor:2' }),
    );
    const history = releaseHistory(await releases.list());
    expect(history.count).toBe(2);
    expect(history.counsellorAliases).toEqual({ 'c-b': 'counsellor:1', 'c-a': 'counsellor:2' });
    expect(history.earlier.map((r) => [r.from, r.to])).toEqual([
      ['2026-04', '2026-04'],
      ['2026-05', '2026-05'],
    ]);
  });
});
