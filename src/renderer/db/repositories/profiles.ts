/**
 * Local profiles (issue 6): who uses this workstation and in which role. Profiles stay on this
 * workstation (they are not synced). The profile signed in is kept in `meta`; on a first start the
 * workstation has one counsellor profile, so the app is usable at once, and a supervisor or CO
 * profile is added in Settings.
 *
 * This repository stores and checks; it does not decide who may switch where: the passphrase for
 * a switch to a role that sees more is asked for by the app's profile provider.
 */
import type { Role } from '../../../domain/privacy/roles';
import type { WorkstationDatabase } from '../database';
import { newId } from '../ids';
import type { ProfileRecord } from '../records';

const CURRENT_KEY = 'profile.current';
export const PROFILE_NAME_MAX = 80;

export class ProfileError extends Error {
  constructor(
    readonly code: 'name-empty' | 'name-too-long' | 'name-taken' | 'current' | 'last-staff',
    message: string,
  ) {
    super(message);
    this.name = 'ProfileError';
  }
}

export interface NewProfile {
  name: string;
  role: Role;
  counsellorId: string | null;
}

const isStaff = (p: ProfileRecord) => p.role !== 'co';
const byName = (a: ProfileRecord, b: ProfileRecord) => a.name.localeCompare(b.name);

export type ProfileRepository = ReturnType<typeof createProfileRepository>;

export function createProfileRepository(db: WorkstationDatabase) {
  async function checkName(name: string, exceptId: string | null): Promise<string> {
    const trimmed = name.trim();
    if (trimmed === '') throw new ProfileError('name-empty', 'The profile needs a name.');
    if ([...trimmed].length > PROFILE_NAME_MAX)
      throw new ProfileError(
        'name-too-long',
        `A profile name has at most ${PROFILE_NAME_MAX} characters.`,
      );
    const all = await db.profiles.toArray();
    const folded = trimmed.toLocaleLowerCase();
    if (all.some((p) => p.id !== exceptId && p.name.toLocaleLowerCase() === folded))
      throw new ProfileError('name-taken', `There is already a profile named "${trimmed}".`);
    return trimmed;
  }

  return {
    async list(): Promise<ProfileRecord[]> {
      return (await db.profiles.toArray()).sort(byName);
    },

    /**
     * The profile signed in. On a first start (no profile at all) one counsellor profile is made,
     * linked to `counsellorId` when one was chosen before profiles existed.
     */
    async current(
      nowMs: number,
      firstProfile: { name: string; counsellorId: string | null },
    ): Promise<ProfileRecord> {
      return db.transaction('rw', db.profiles, db.meta, async () => {
        const id = (await db.meta.get(CURRENT_KEY))?.value;
        const chosen = id === undefined ? undefined : await db.profiles.get(id);
        if (chosen) return chosen;
        // The current one is gone (or never set): the first staff profile, else a new one.
        const all = (await db.profiles.toArray()).sort((a, b) => a.createdAt - b.createdAt);
        let profile = all.find(isStaff);
        if (!profile) {
          profile = {
            id: newId(),
            name: firstProfile.name,
            role: 'counsellor',
            counsellorId: firstProfile.counsellorId,
            createdAt: nowMs,
            updatedAt: nowMs,
          };
          await db.profiles.add(profile);
        }
        await db.meta.put({ key: CURRENT_KEY, value: profile.id });
        return profile;
      });
    },

    async create(input: NewProfile, nowMs: number): Promise<ProfileRecord> {
      const name = await checkName(input.name, null);
      const profile: ProfileRecord = {
        id: newId(),
        name,
        role: input.role,
        counsellorId: input.role === 'counsellor' ? input.counsellorId : null,
        createdAt: nowMs,
        updatedAt: nowMs,
      };
      await db.transaction('rw', db.profiles, async () => {
        await checkName(name, null);
        await db.profiles.add(profile);
      });
      return profile;
    },

    /** Links a profile to the counsellor whose cases are "mine" (null: none). */
    async link(id: string, counsellorId: string | null, nowMs: number): Promise<ProfileRecord> {
      return db.transaction('rw', db.profiles, async () => {
        const profile = await db.profiles.get(id);
        if (!profile) throw new Error('profile not found');
        const updated = { ...profile, counsellorId, updatedAt: nowMs };
        await db.profiles.put(updated);
        return updated;
      });
    },

    /** Removes a profile; never the one signed in, nor the last staff profile. */
    async remove(id: string): Promise<void> {
      await db.transaction('rw', db.profiles, db.meta, async () => {
        if ((await db.meta.get(CURRENT_KEY))?.value === id)
          throw new ProfileError('current', 'The profile signed in cannot be removed.');
        const all = await db.profiles.toArray();
        const target = all.find((p) => p.id === id);
        if (!target) return;
        if (isStaff(target) && all.filter(isStaff).length === 1)
          throw new ProfileError(
            'last-staff',
            'The last counsellor or supervisor profile cannot be removed.',
          );
        await db.profiles.delete(id);
      });
    },

    /** Signs a profile in. Callers check the passphrase first when the role sees more. */
    async signIn(id: string): Promise<ProfileRecord> {
      return db.transaction('rw', db.profiles, db.meta, async () => {
        const profile = await db.profiles.get(id);
        if (!profile) throw new Error('profile not found');
        await db.meta.put({ key: CURRENT_KEY, value: id });
        return profile;
      });
    },
  };
}
