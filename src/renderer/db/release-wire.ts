/**
 * A release of the register as the sync contract carries it (`release.record`, issue 15): the
 * published rows and aliases as they are, its instant as its creation, no version (a release is
 * never edited). Apart from the repository so that the database's upgrade can use it too.
 */
import type { ReleaseWire } from '../../sync/records';
import type { ReleaseRecord } from './records';

export function releaseToWire(release: ReleaseRecord): ReleaseWire {
  return {
    id: release.id,
    createdAt: release.releasedAtMs,
    releasedAtMs: release.releasedAtMs,
    profile: release.profile,
    format: release.format,
    from: release.from,
    to: release.to,
    threshold: release.threshold,
    byCounsellor: release.byCounsellor,
    rows: release.rows.map((r) => ({ ...r })),
    counsellorAliases: { ...release.counsellorAliases },
  };
}
