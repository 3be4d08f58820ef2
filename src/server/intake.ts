/**
 * The portal's intake (issue 16, section 1): a portal, known by its API key, delivers
 * registrations and messages; each item is checked on its own, sealed on arrival to the
 * organisation's intake key (src/sync/intake.ts) and stored with its metadata. The clear text
 * lives only in this request's memory: it is not written to the database, a log or a file.
 *
 * - **Idempotent on the portal's ids.** The same item again is "already there"; the same id with
 *   other content is refused with `conflict`, and the first is kept. The comparison uses an HMAC
 *   of the item keyed with the portal's API key: the server keeps only the key's hash, so a copy
 *   of its database cannot confirm a guess of what a participant wrote or who registered. An item
 *   delivered under an earlier API key of the portal cannot be compared: it is "already there".
 * - **The receipt instant is the server's** (DOMAIN.md section 8): the service counts deadlines
 *   from it; the portal's own instant is kept beside it.
 * - **A message over 1,200 code points** is kept whole and flagged (DOMAIN.md section 4).
 * - **Rate-limited** per portal key, per minute, in the database (several processes share it).
 */
import { createHash, createHmac } from 'node:crypto';
import type { z } from 'zod';
import { MESSAGE_BODY_LIMIT, exceedsCodePoints } from '../domain/dataset/text';
import {
  INTAKE_REQUESTS_PER_MINUTE,
  intakeMessageSchema,
  intakeParticipantSchema,
  pendingDeliverySchema,
  portalAnswerSchema,
  publicKeySchema,
  recipientOf,
  sealTo,
  type IntakeResult,
  type KeySealed,
  type PendingDelivery,
  type PortalAnswer,
  type PublicKeyWire,
  type Recipient,
} from '../sync/intake';
import type { Database, Sql } from './db/database';
import { CHANGES_CHANNEL } from './sync/push';

export type IntakeKind = 'participant' | 'message';

export interface Portal {
  keyId: string;
  orgId: string;
  /** The API key the request came with: the HMAC key of its fingerprints (never stored). */
  apiKey: string;
}

export const hashApiKey = (apiKey: string) =>
  createHash('sha256').update(apiKey).digest('base64url');

/** The portal behind an API key, while the key is not revoked. */
export async function portalOf(db: Sql, apiKey: string): Promise<Portal | null> {
  if (apiKey.length < 16 || apiKey.length > 200) return null;
  const { rows } = await db.query<{ id: string; org_id: string }>(
    `SELECT id, org_id FROM portal_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
    [hashApiKey(apiKey)],
  );
  const row = rows[0];
  return row ? { keyId: row.id, orgId: row.org_id, apiKey } : null;
}

/** Counts one delivery in the key's minute; refused past the limit, with the seconds to wait. */
export async function countDelivery(
  db: Database,
  keyId: string,
  now: number,
  limit = INTAKE_REQUESTS_PER_MINUTE,
): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const windowStart = now - (now % 60_000);
  return db.transaction(async (tx) => {
    await tx.query(`DELETE FROM intake_windows WHERE portal_key_id = $1 AND window_start < $2`, [
      keyId,
      windowStart,
    ]);
    const { rows } = await tx.query<{ count: number }>(
      `INSERT INTO intake_windows (portal_key_id, window_start, count) VALUES ($1, $2, 1)
       ON CONFLICT (portal_key_id, window_start) DO UPDATE SET count = intake_windows.count + 1
       RETURNING count`,
      [keyId, windowStart],
    );
    if (Number(rows[0]!.count) <= limit) return { ok: true };
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((windowStart + 60_000 - now) / 1000)),
    };
  });
}

/** Publishes the organisation's intake key (a supervisor's workstation does, once enrolled). */
export async function setIntakeKey(
  db: Sql,
  input: { orgId: string; accountId: string; key: PublicKeyWire },
  now: number,
): Promise<void> {
  // Checked as a key (a public key the sealing would refuse is refused here, not at a delivery).
  await recipientOf(input.key);
  await db.query(
    `INSERT INTO intake_keys (org_id, kid, public_key, set_by, set_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (org_id) DO UPDATE
       SET kid = EXCLUDED.kid, public_key = EXCLUDED.public_key, set_by = EXCLUDED.set_by,
           set_at = EXCLUDED.set_at`,
    [input.orgId, input.key.kid, input.key.publicKey, input.accountId, now],
  );
}

export async function intakeKeyOf(db: Sql, orgId: string): Promise<PublicKeyWire | null> {
  const { rows } = await db.query<{ kid: string; public_key: string }>(
    `SELECT kid, public_key FROM intake_keys WHERE org_id = $1`,
    [orgId],
  );
  const row = rows[0];
  return row ? publicKeySchema.parse({ kid: row.kid, publicKey: row.public_key }) : null;
}

/** JSON with its keys in order: the same item gives the same text, whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

const fingerprintOf = (portal: Portal, kind: IntakeKind, item: unknown) =>
  createHmac('sha256', portal.apiKey)
    .update(`${kind}\n${canonical(item)}`)
    .digest('base64url');

/** The id an item says it has, when it is one that can be said back. */
function saidId(item: unknown): string | null {
  if (typeof item !== 'object' || item === null) return null;
  const id = (item as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : null;
}

function refusedInvalid(item: unknown, error: z.ZodError): IntakeResult {
  const issue = error.issues[0]!;
  const path = issue.path.join('.');
  return {
    id: saidId(item),
    status: 'refused',
    code: 'invalid',
    path,
    message: `${path || 'item'}: ${issue.message}`,
  };
}

interface Prepared {
  id: string;
  fingerprint: string;
  meta: Record<string, unknown>;
  sealed: Record<string, KeySealed | null>;
  overLimit?: boolean;
}

async function prepareParticipant(
  recipient: Recipient,
  portal: Portal,
  item: unknown,
): Promise<Prepared | IntakeResult> {
  const parsed = intakeParticipantSchema.safeParse(item);
  if (!parsed.success) return refusedInvalid(item, parsed.error);
  const p = parsed.data;
  const place = (field: string) => ({ what: 'participant' as const, id: p.id, field });
  return {
    id: p.id,
    fingerprint: fingerprintOf(portal, 'participant', p),
    meta: { language: p.language },
    sealed: {
      name: await sealTo(recipient, place('name'), p.name),
      email: await sealTo(recipient, place('email'), p.email),
      jetNumber:
        p.jetNumber === null || p.jetNumber === undefined
          ? null
          : await sealTo(recipient, place('jetNumber'), p.jetNumber),
    },
  };
}

async function prepareMessage(
  recipient: Recipient,
  portal: Portal,
  item: unknown,
): Promise<Prepared | IntakeResult> {
  const parsed = intakeMessageSchema.safeParse(item);
  if (!parsed.success) return refusedInvalid(item, parsed.error);
  const m = parsed.data;
  const place = (field: string) => ({ what: 'message' as const, id: m.id, field });
  const overLimit = exceedsCodePoints(m.body, MESSAGE_BODY_LIMIT);
  return {
    id: m.id,
    fingerprint: fingerprintOf(portal, 'message', m),
    meta: {
      participantId: m.participantId,
      threadId: m.threadId ?? m.id,
      requestedCounsellorId: m.requestedCounsellorId ?? null,
      portalReceivedAtMs: Date.parse(m.receivedAt),
      overLimit,
    },
    sealed: {
      subject: await sealTo(recipient, place('subject'), m.subject),
      body: await sealTo(recipient, place('body'), m.body),
    },
    overLimit,
  };
}

async function participantKnown(tx: Sql, orgId: string, id: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `SELECT 1 FROM intake_deliveries WHERE org_id = $1 AND kind = 'participant' AND external_id = $2
     UNION ALL
     SELECT 1 FROM records WHERE org_id = $1 AND tbl = 'participants' AND id = $2 AND record IS NOT NULL
     LIMIT 1`,
    [orgId, id],
  );
  return rowCount > 0;
}

/**
 * Delivers a batch of one kind: each item checked, sealed and stored on its own (one bad item
 * does not refuse the others). 'no-intake-key': the organisation has not published its key yet,
 * and nothing was stored.
 */
export async function deliver(
  db: Database,
  portal: Portal,
  kind: IntakeKind,
  items: readonly unknown[],
  now: number,
): Promise<IntakeResult[] | 'no-intake-key'> {
  const key = await intakeKeyOf(db, portal.orgId);
  if (key === null) return 'no-intake-key';
  const recipient = await recipientOf(key);
  const results: IntakeResult[] = [];
  let delivered = false;
  for (const item of items) {
    const prepared =
      kind === 'participant'
        ? await prepareParticipant(recipient, portal, item)
        : await prepareMessage(recipient, portal, item);
    if ('status' in prepared) {
      results.push(prepared);
      continue;
    }
    const result = await storeOne(db, portal, kind, prepared, now);
    if (result.status === 'delivered') delivered = true;
    results.push(result);
  }
  // One notice for the batch: the workstations' events streams say "pull now".
  if (delivered) await db.query(`SELECT pg_notify($1, $2)`, [CHANGES_CHANNEL, portal.orgId]);
  return results;
}

/** Stores one prepared item, or says what was there before it (two racing: the first wins). */
async function storeOne(
  db: Database,
  portal: Portal,
  kind: IntakeKind,
  prepared: Prepared,
  now: number,
): Promise<IntakeResult> {
  for (;;) {
    const result = await db.transaction(async (tx): Promise<IntakeResult | null> => {
      const found = await tx.query<{
        fingerprint: string;
        portal_key_id: string;
        received_at: string;
        meta: { overLimit?: boolean };
      }>(
        `SELECT fingerprint, portal_key_id, received_at, meta FROM intake_deliveries
         WHERE org_id = $1 AND kind = $2 AND external_id = $3`,
        [portal.orgId, kind, prepared.id],
      );
      const earlier = found.rows[0];
      const extra = (receivedAt: number, overLimit: boolean | undefined) =>
        kind === 'message' ? { receivedAtMs: receivedAt, overLimit: overLimit === true } : {};
      if (earlier !== undefined) {
        if (earlier.portal_key_id === portal.keyId && earlier.fingerprint !== prepared.fingerprint)
          return {
            id: prepared.id,
            status: 'refused',
            code: 'conflict',
            message: `${prepared.id}: this id was delivered before with other content; the first is kept`,
          };
        return {
          id: prepared.id,
          status: 'already-there',
          ...extra(Number(earlier.received_at), earlier.meta.overLimit),
        };
      }
      if (kind === 'message') {
        const participantId = String(prepared.meta.participantId);
        if (!(await participantKnown(tx, portal.orgId, participantId)))
          return {
            id: prepared.id,
            status: 'refused',
            code: 'unknown-participant',
            path: 'participantId',
            message:
              'participantId: no participant was registered with this id; register them first',
          };
      }
      const inserted = await tx.query(
        `INSERT INTO intake_deliveries
           (org_id, kind, external_id, portal_key_id, fingerprint, received_at, meta, sealed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (org_id, kind, external_id) DO NOTHING`,
        [
          portal.orgId,
          kind,
          prepared.id,
          portal.keyId,
          prepared.fingerprint,
          now,
          JSON.stringify(prepared.meta),
          JSON.stringify(prepared.sealed),
        ],
      );
      // Another request stored the same id meanwhile: read what it stored.
      if (inserted.rowCount === 0) return null;
      return { id: prepared.id, status: 'delivered', ...extra(now, prepared.overLimit) };
    });
    if (result !== null) return result;
  }
}

/** The deliveries no workstation has taken in yet, oldest first (`POST /v1/intake/pending`). */
export async function pendingDeliveries(
  db: Sql,
  orgId: string,
  after: number,
  limit: number,
): Promise<{ deliveries: PendingDelivery[]; more: boolean }> {
  const { rows } = await db.query<{
    seq: string;
    kind: IntakeKind;
    external_id: string;
    received_at: string;
    meta: Record<string, unknown>;
    sealed: Record<string, unknown>;
  }>(
    `SELECT seq, kind, external_id, received_at, meta, sealed FROM intake_deliveries
     WHERE org_id = $1 AND accepted_at IS NULL AND seq > $2 ORDER BY seq LIMIT $3`,
    [orgId, after, limit + 1],
  );
  const deliveries = rows.slice(0, limit).map((row) =>
    pendingDeliverySchema.parse({
      seq: Number(row.seq),
      kind: row.kind,
      id: row.external_id,
      receivedAtMs: Number(row.received_at),
      ...row.meta,
      sealed: row.sealed,
    }),
  );
  return { deliveries, more: rows.length > limit };
}

/** Registers the portal's public key for answers (a supervisor). Replaces the one held. */
export async function setPortalAnswerKey(
  db: Sql,
  orgId: string,
  key: PublicKeyWire,
  now: number,
): Promise<void> {
  await recipientOf(key);
  await db.query(
    `INSERT INTO portal_answer_keys (org_id, kid, public_key, set_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (org_id) DO UPDATE
       SET kid = EXCLUDED.kid, public_key = EXCLUDED.public_key, set_at = EXCLUDED.set_at`,
    [orgId, key.kid, key.publicKey, now],
  );
}

export async function portalAnswerKeyOf(db: Sql, orgId: string): Promise<PublicKeyWire | null> {
  const { rows } = await db.query<{ kid: string; public_key: string }>(
    `SELECT kid, public_key FROM portal_answer_keys WHERE org_id = $1`,
    [orgId],
  );
  const row = rows[0];
  return row ? publicKeySchema.parse({ kid: row.kid, publicKey: row.public_key }) : null;
}

/** The replies due to the portal, oldest first (none while the portal has no key registered). */
export async function answersDue(
  db: Sql,
  orgId: string,
  limit = 100,
): Promise<{ portalKey: PublicKeyWire | null; replies: { replyId: string; threadId: string }[] }> {
  const portalKey = await portalAnswerKeyOf(db, orgId);
  if (portalKey === null) return { portalKey, replies: [] };
  const { rows } = await db.query<{ reply_id: string; thread_id: string }>(
    `SELECT reply_id, thread_id FROM portal_answers WHERE org_id = $1 AND seq IS NULL
     ORDER BY sent_at, reply_id LIMIT $2`,
    [orgId, limit],
  );
  return { portalKey, replies: rows.map((r) => ({ replyId: r.reply_id, threadId: r.thread_id })) };
}

/** The answers sealed for the portal after `after`, in order (the portal's cursor). */
export async function portalAnswers(
  db: Sql,
  orgId: string,
  after: number,
  limit: number,
): Promise<{ answers: PortalAnswer[]; more: boolean }> {
  const { rows } = await db.query<{
    seq: string;
    reply_id: string;
    thread_id: string;
    participant_id: string;
    sent_at: string;
    sealed: unknown;
  }>(
    `SELECT seq, reply_id, thread_id, participant_id, sent_at, sealed FROM portal_answers
     WHERE org_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [orgId, after, limit + 1],
  );
  return {
    answers: rows.slice(0, limit).map((r) =>
      portalAnswerSchema.parse({
        seq: Number(r.seq),
        replyId: r.reply_id,
        threadId: r.thread_id,
        participantId: r.participant_id,
        sentAtMs: Number(r.sent_at),
        sealed: r.sealed,
      }),
    ),
    more: rows.length > limit,
  };
}
