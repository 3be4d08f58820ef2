/**
 * Idempotent import (issue 4, item 3): telling "the same record again" (nothing to do) from "the
 * same id with other content" (a conflict: report it, do not overwrite).
 *
 * Two records are the same when their canonical forms are equal. The canonical form is what the
 * record means, not how the file wrote it: an absent optional field equals null, an instant is
 * its epoch milliseconds (`2026-11-30T12:00:00+09:00` equals `2026-11-30T03:00:00Z`), and a
 * counsellor's languages are a set. Text is compared exactly, never trimmed or normalised (an
 * availability rule's text included: a rule written otherwise is another record).
 *
 * - `recordFingerprint`: the canonical form as a string; equal strings, same record. Exact.
 * - `recordContentHash`: 16 hex digits (64 bits) of the fingerprint, to store beside a record and
 *   compare without reading it whole. Not cryptographic (cyrb64, after bryc's public-domain
 *   cyrb53): fine for telling a change from none, not a secret. Do not store it in plaintext beside
 *   encrypted fields: anyone could confirm a guess of the text. Store it encrypted, or key it
 *   (an HMAC with the data key) if it must be indexed.
 *
 * The canonical form is version "cw1"; should it ever change, so does that prefix, and stored
 * hashes made with the old one must be recomputed before they are compared.
 */
import { parseInstant } from '../calendar/jst';
import { isReply, type CollectionName, type DatasetRecords } from './schema';

const CANONICAL_VERSION = 'cw1';

function instantMs(text: string): number | string {
  const parsed = parseInstant(text);
  return parsed.ok ? parsed.instantMs : text;
}

const CANONICAL: { [C in CollectionName]: (record: DatasetRecords[C]) => unknown[] } = {
  participants: (p) => [p.id, p.jetNumber ?? null, p.name, p.email, p.language],
  counsellors: (c) => [c.id, c.name, [...new Set(c.languages)].sort()],
  messages: (m) =>
    isReply(m)
      ? [
          'reply',
          m.id,
          m.threadId,
          m.participantId,
          m.subject,
          m.body,
          m.author,
          instantMs(m.sentAt),
        ]
      : [
          'participant-message',
          m.id,
          m.threadId,
          m.participantId,
          m.subject,
          m.body,
          instantMs(m.receivedAt),
          m.requestedCounsellorId ?? null,
        ],
  availability: (a) => [
    a.id,
    a.counsellorId,
    a.rule,
    a.durationMinutes,
    a.validFrom ?? null,
    a.validUntil ?? null,
  ],
  availabilityExceptions: (x) =>
    x.kind === 'extra-window'
      ? [x.id, x.counsellorId, x.date, x.kind, x.start, x.end]
      : [x.id, x.counsellorId, x.date, x.kind, null, null],
  sessions: (s) => [
    s.id,
    s.participantId,
    s.counsellorId,
    instantMs(s.start),
    s.outcome,
    s.cancelledAt == null ? null : instantMs(s.cancelledAt),
  ],
};

/** The canonical form of a record, as a string. Equal strings, same record. */
export function recordFingerprint<C extends CollectionName>(
  collection: C,
  record: DatasetRecords[C],
): string {
  const canonical = CANONICAL[collection] as (record: DatasetRecords[C]) => unknown[];
  return JSON.stringify([CANONICAL_VERSION, collection, ...canonical(record)]);
}

/** 64 bits of a string, as 16 hex digits (cyrb64; not cryptographic). */
export function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/** A stable 64-bit hash of the record's canonical form: 16 hex digits. */
export function recordContentHash<C extends CollectionName>(
  collection: C,
  record: DatasetRecords[C],
): string {
  return hash64(recordFingerprint(collection, record));
}

/** Whether two records of a collection say the same thing (see the top of this file). */
export function sameRecord<C extends CollectionName>(
  collection: C,
  a: DatasetRecords[C],
  b: DatasetRecords[C],
): boolean {
  return recordFingerprint(collection, a) === recordFingerprint(collection, b);
}

/**
 * What importing `incoming` would do given the stored record with the same id: `new` (none is
 * stored: add it), `unchanged` (the same record: nothing to do), `conflict` (other content: report
 * it and keep the stored one).
 */
export type ImportDecision = 'new' | 'unchanged' | 'conflict';

export function importDecision<C extends CollectionName>(
  collection: C,
  incoming: DatasetRecords[C],
  stored: DatasetRecords[C] | undefined,
): ImportDecision {
  if (stored === undefined) return 'new';
  return sameRecord(collection, incoming, stored) ? 'unchanged' : 'conflict';
}
