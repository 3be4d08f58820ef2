/**
 * The audit log against its anchor outside the page's database (issue 13, item 4). Pure.
 *
 * The anchor is the pair (count, head): how many entries the log had and the hash of the newest,
 * as last sent to the main process (src/main/services/audit-anchor.ts), and later the sync server
 * too. The chain alone cannot see its newest entries removed or the whole database put back to an
 * earlier copy; the anchor can, because a rollback of the database does not take it back.
 */

/** What the anchor holds, as the page reads it through the bridge. */
export type AuditAnchorReading =
  | { state: 'none' }
  | { state: 'set'; count: number; head: string }
  | { state: 'damaged' }
  | { state: 'locked' };

/** The log as Verify found it: its chain holds; how many entries, and the hash at a position. */
export interface AnchoredLog {
  count: number;
  /** The hash of the entry at `seq` (1-based), or null when there is none. */
  hashAt(seq: number): Promise<string | null>;
}

export type AnchorComparison =
  | { ok: true; behind: boolean }
  | {
      ok: false;
      /** The first entry the anchor vouches for that the log lacks or holds otherwise. */
      brokenAt: number;
      reason: 'rolled-back' | 'anchor-damaged' | 'anchor-missing' | 'anchor-unavailable';
    };

/**
 * Compares a log (whose chain holds) with its anchor:
 * - fewer entries than the anchor counts, or another entry where the anchor's newest was: entries
 *   removed, or the log rolled back (`rolled-back`). An empty log under an anchor that counts
 *   entries is one of these.
 * - more entries: the anchor is behind (an append whose anchoring did not get through); fine when
 *   the entry at the anchor's count is the anchor's head (`behind: true`, the caller moves it on).
 * - no anchor while the log has entries and `anchoredBefore` (this log was anchored once):
 *   `anchor-missing`. No anchor and never anchored: fine (a log from before anchors; anchored at
 *   the next unlock or append).
 * - a damaged anchor (its MAC does not hold) or one that cannot be read now (locked keys).
 */
export async function compareWithAnchor(
  log: AnchoredLog,
  anchor: AuditAnchorReading,
  anchoredBefore: boolean,
): Promise<AnchorComparison> {
  switch (anchor.state) {
    case 'damaged':
      return { ok: false, brokenAt: log.count, reason: 'anchor-damaged' };
    case 'locked':
      return { ok: false, brokenAt: log.count, reason: 'anchor-unavailable' };
    case 'none':
      return log.count > 0 && anchoredBefore
        ? { ok: false, brokenAt: log.count, reason: 'anchor-missing' }
        : { ok: true, behind: log.count > 0 };
    case 'set': {
      if (log.count < anchor.count)
        return { ok: false, brokenAt: log.count + 1, reason: 'rolled-back' };
      if (anchor.count === 0) return { ok: true, behind: log.count > 0 };
      if ((await log.hashAt(anchor.count)) !== anchor.head)
        return { ok: false, brokenAt: anchor.count, reason: 'rolled-back' };
      return { ok: true, behind: log.count > anchor.count };
    }
  }
}

/** The anchor the sync server holds for this workstation's log: its count and newest hash. */
export interface ServerAnchor {
  count: number;
  head: string;
}

/**
 * The anchor to check the log against, from the one beside the key store and the one the sync
 * server holds (null when there is none, or it is not known yet): the one that vouches for more.
 * A server anchor ahead of the local one, or at its count with another head, wins: someone put
 * back an earlier copy of the data folder, its anchor with it, and only the server remembers.
 * A local anchor that cannot be read (damaged, locked) stays what it is: the server's does not
 * excuse it.
 */
export function newerAnchor(
  local: AuditAnchorReading,
  server: ServerAnchor | null,
): AuditAnchorReading {
  if (server === null || local.state === 'damaged' || local.state === 'locked') return local;
  if (local.state === 'none') return { state: 'set', count: server.count, head: server.head };
  if (server.count > local.count || (server.count === local.count && server.head !== local.head))
    return { state: 'set', count: server.count, head: server.head };
  return local;
}
