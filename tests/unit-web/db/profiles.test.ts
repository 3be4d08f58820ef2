import { describe, expect, it } from 'vitest';
import {
  createProfileRepository,
  ProfileError,
} from '../../../src/renderer/db/repositories/profiles';
import { freshDatabase } from './helpers';

const FIRST = { name: 'Counsellor', counsellorId: null };

describe('profiles', () => {
  it('a first start makes one counsellor profile and signs it in; later starts keep it', async () => {
    const db = freshDatabase();
    const repo = createProfileRepository(db);
    const first = await repo.current(1, { name: 'Counsellor', counsellorId: 'c1' });
    expect(first).toMatchObject({ name: 'Counsellor', role: 'counsellor', counsellorId: 'c1' });
    expect(await repo.current(2, FIRST)).toEqual(first);
    expect(await repo.list()).toHaveLength(1);
  });

  it('signs in another profile and keeps it signed in', async () => {
    const db = freshDatabase();
    const repo = createProfileRepository(db);
    await repo.current(1, FIRST);
    const co = await repo.create({ name: 'CO view', role: 'co', counsellorId: 'c1' }, 2);
    expect(co.counsellorId).toBeNull(); // only counsellor profiles link to a counsellor
    await repo.signIn(co.id);
    expect((await repo.current(3, FIRST)).id).toBe(co.id);
  });

  it('refuses empty, too long and duplicate names (case-insensitive), and stores nothing', async () => {
    const db = freshDatabase();
    const repo = createProfileRepository(db);
    await repo.current(1, FIRST);
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => (e instanceof ProfileError ? e.code : String(e)),
      );
    expect(await codeOf(repo.create({ name: '  ', role: 'co', counsellorId: null }, 2))).toBe(
      'name-empty',
    );
    expect(
      await codeOf(repo.create({ name: 'x'.repeat(81), role: 'co', counsellorId: null }, 2)),
    ).toBe('name-too-long');
    expect(
      await codeOf(
        repo.create({ name: ' counsellor ', role: 'supervisor', counsellorId: null }, 2),
      ),
    ).toBe('name-taken');
    expect(await repo.list()).toHaveLength(1);
  });

  it('never removes the profile signed in, nor the last staff profile', async () => {
    const db = freshDatabase();
    const repo = createProfileRepository(db);
    const me = await repo.current(1, FIRST);
    const co = await repo.create({ name: 'CO view', role: 'co', counsellorId: null }, 2);
    await expect(repo.remove(me.id)).rejects.toMatchObject({ code: 'current' });
    await repo.signIn(co.id);
    await expect(repo.remove(me.id)).rejects.toMatchObject({ code: 'last-staff' });
    const sup = await repo.create(
      { name: 'Supervisor', role: 'supervisor', counsellorId: null },
      3,
    );
    await repo.remove(me.id);
    expect((await repo.list()).map((p) => p.name)).toEqual(['CO view', 'Supervisor']);
    expect(sup.role).toBe('supervisor');
  });

  it('when the signed-in profile is gone, falls back to the oldest staff profile', async () => {
    const db = freshDatabase();
    const repo = createProfileRepository(db);
    const me = await repo.current(1, FIRST);
    await db.meta.put({ key: 'profile.current', value: 'gone' });
    expect((await repo.current(2, FIRST)).id).toBe(me.id);
  });
});
