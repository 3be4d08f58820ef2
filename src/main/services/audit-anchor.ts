/**
 * The audit log's anchor outside IndexedDB (issue 13, item 4). The page's hash chain cannot see
 * its newest entries removed, nor the whole database rolled back to an earlier copy: whatever the
 * page keeps, a rollback takes back with it. So the main process (the browser host in its place)
 * keeps the newest entry's hash and the number of entries in the data folder, beside the key
 * store, and the page's Verify compares its log with it.
 *
 * - The page sends only a count and a hash (no text, no id) after each append; the anchor only
 *   moves forward: a count below the one held, or the same count with another hash, is refused
 *   (`rolled-back`), so the page's bridge cannot take it back either.
 * - The file is MACed (HMAC-SHA256) under a key derived (HKDF) from the workstation's index key,
 *   which the main process holds only between an unlock and the next lock: an anchor written or
 *   edited by anyone without the keys is `damaged`, and a damaged anchor is never overwritten
 *   (fail closed, like the key store).
 * - What it cannot stop alone: someone with the data folder putting back an older copy of both
 *   the database and this file. The sync server will hold the same pair (count, hash) per
 *   workstation (docs/security.md), and Verify will take the newer of the two.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AuditAnchorAdvance, AuditAnchorState } from '../../bridge/schemas/audit';
import type { Logger } from './logger';
import { writeFileAtomically } from './settings-store';

export const AUDIT_ANCHOR_FILE_NAME = 'audit-anchor.json';
const FORMAT = 'counsellor-workstation.audit-anchor';
const HKDF_INFO = 'counsellor-workstation.audit-anchor/1';

const anchorFileSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(1),
  count: z.number().int().min(0),
  head: z.string().regex(/^[0-9a-f]{64}$/),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});

export interface AuditAnchorStore {
  /** Takes the index key of an unlock (base64) and derives the anchor's MAC key from it. */
  useKey(indexKeyBase64: string): void;
  /** Forgets the MAC key (at lock). */
  forgetKey(): void;
  read(): Promise<AuditAnchorState>;
  /** Moves the anchor to the newest entry; refused when that would take it back. */
  advance(count: number, head: string): Promise<AuditAnchorAdvance>;
}

export interface AuditAnchorOptions {
  dataDir: string;
  log: Logger;
}

function macOf(key: Buffer, count: number, head: string): string {
  return createHmac('sha256', key)
    .update(JSON.stringify([FORMAT, 1, count, head]))
    .digest('hex');
}

export function createAuditAnchorStore(options: AuditAnchorOptions): AuditAnchorStore {
  const file = path.join(options.dataDir, AUDIT_ANCHOR_FILE_NAME);
  let key: Buffer | null = null;
  // Advances run one after another: a read-compare-write is never interleaved.
  let queue: Promise<unknown> = Promise.resolve();

  async function read(): Promise<AuditAnchorState> {
    if (key === null) return { state: 'locked' };
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'none' };
      options.log.error('audit anchor: cannot read the file', {
        code: String((error as NodeJS.ErrnoException).code),
      });
      return { state: 'damaged' };
    }
    let parsed: z.infer<typeof anchorFileSchema>;
    try {
      parsed = anchorFileSchema.parse(JSON.parse(text));
    } catch {
      return { state: 'damaged' };
    }
    const expected = Buffer.from(macOf(key, parsed.count, parsed.head), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(parsed.mac, 'hex'))) return { state: 'damaged' };
    return { state: 'set', count: parsed.count, head: parsed.head };
  }

  async function advanceNow(count: number, head: string): Promise<AuditAnchorAdvance> {
    const current = await read();
    if (current.state === 'locked' || current.state === 'damaged')
      return { ok: false, reason: current.state };
    if (current.state === 'set') {
      if (count < current.count || (count === current.count && head !== current.head))
        return { ok: false, reason: 'rolled-back' };
      if (count === current.count) return { ok: true };
    }
    const body = { format: FORMAT, version: 1, count, head, mac: macOf(key!, count, head) };
    await writeFileAtomically(file, `${JSON.stringify(body, null, 2)}\n`);
    return { ok: true };
  }

  return {
    useKey(indexKeyBase64) {
      const ikm = Buffer.from(indexKeyBase64, 'base64');
      key = Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), HKDF_INFO, 32));
      ikm.fill(0);
    },
    forgetKey() {
      key?.fill(0);
      key = null;
    },
    read,
    advance(count, head) {
      const run = queue.then(() => advanceNow(count, head));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
