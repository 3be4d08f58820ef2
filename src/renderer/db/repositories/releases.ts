/**
 * The register of report releases (docs/reports.md, "Successive releases"): every anonymised
 * report exported for CLAIR, recorded before its file is written (so that no release escapes the
 * register; an export that is cancelled or fails is taken off again). A later report is built with
 * the releases it overlaps, so that read together they give away nothing either hides.
 *
 * What is stored is what was published (slugs, months, numbers or `*`) and the counsellor aliases
 * used; no participant's data. Records are never edited.
 */
import type { EarlierRelease } from '../../../domain/reports';
import type { WorkstationDatabase } from '../database';
import { newId } from '../ids';
import type { ReleaseRecord } from '../records';

export interface ReleasesRepository {
  /** Every release, oldest first. */
  list(): Promise<ReleaseRecord[]>;
  /** Records a release about to be exported; gives its id. */
  record(release: Omit<ReleaseRecord, 'id'>): Promise<string>;
  /** Takes off a release whose export was cancelled or failed (nothing left the workstation). */
  withdraw(id: string): Promise<void>;
}

export function createReleasesRepository(db: WorkstationDatabase): ReleasesRepository {
  return {
    list: () => db.releases.orderBy('releasedAtMs').toArray(),
    async record(release) {
      const id = newId();
      await db.releases.add({ ...release, id, rows: release.rows.map((r) => ({ ...r })) });
      return id;
    },
    async withdraw(id) {
      await db.releases.delete(id);
    },
  };
}

/** What a new report needs of the register: the releases, and the aliases they used. */
export interface ReleaseHistory {
  earlier: EarlierRelease[];
  counsellorAliases: Record<string, string>;
  count: number;
}

/**
 * The releases as the report domain takes them, with the counsellor aliases of all of them
 * together (an alias keeps its counsellor; a counsellor keeps the alias first given).
 */
export function releaseHistory(releases: readonly ReleaseRecord[]): ReleaseHistory {
  const counsellorAliases: Record<string, string> = {};
  const taken = new Set<string>();
  for (const release of releases) {
    for (const [id, alias] of Object.entries(release.counsellorAliases)) {
      if (id in counsellorAliases || taken.has(alias)) continue;
      counsellorAliases[id] = alias;
      taken.add(alias);
    }
  }
  return {
    earlier: releases.map((r) => ({ from: r.from, to: r.to, rows: r.rows })),
    counsellorAliases,
    count: releases.length,
  };
}
