import type { AuditAnchor } from '../db/repositories/audit';
import { bridge } from '../bridge';

/**
 * The audit log's anchor outside the page's database, through the bridge (issue 13): the main
 * process, or the browser host in its place, keeps the count and the newest hash beside the key
 * store. Only those two cross the bridge.
 */
export const bridgeAuditAnchor: AuditAnchor = {
  read: () => bridge['audit.anchor']({}),
  advance: (count, head) => bridge['audit.advance']({ count, head }),
};
