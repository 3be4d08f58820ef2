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
import { releaseToWire } from '../release-wire';
import { recordMutation } from './changes';

export interface ReleasesRepository {
  /** Every release, oldest first (this workstation's and, synced, the organisation's). */
  list(): Promise<ReleaseRecord[]>;
  /** Records a release about to be exported; gives its id. */
  record(release: Omit<ReleaseRecord, 'id'>): Promise<string>;
  /** Takes off a release whose export was cancelled or failed (nothing left the workstation). */
  withdraw(id: string, nowMs: number): Promise<void>;
}

/**
 * The register is the organisation's (issue 15): a release recorded or withdrawn here goes to the
 * outbox with it (`release.record`, `release.withdraw`), so that every workstation suppresses a
 * new report together with every release of the organisation. A release that does not fit the
 * contract is a programming error: nothing is recorded and the export does not go.
 */
export function createReleasesRepository(db: WorkstationDatabase): ReleasesRepository {
  return {
    list: () => db.releases.orderBy('releasedAtMs').toArray(),
    async record(release) {
      const stored: ReleaseRecord = {
        ...release,
        id: newId(),
        rows: release.rows.map((r) => ({ ...r })),
      };
      await db.transaction('rw', [db.releases, db.outbox, db.serverCopies], async () => {
        await recordMutation(
          db,
          'release.record',
          { release: releaseToWire(stored) },
          release.releasedAtMs,
        );
        await db.releases.add(stored);
      });
      return stored.id;
    },
    async withdraw(id, nowMs) {
      await db.transaction('rw', [db.releases, db.outbox, db.serverCopies], async () => {
        if ((await db.releases.get(id)) === undefined) return;
        await recordMutation(db, 'release.withdraw', { releaseId: id }, nowMs);
        await db.releases.delete(id);
      });
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
