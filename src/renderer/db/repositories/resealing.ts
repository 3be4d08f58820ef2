/**
 * Sealing again, record by record (issue 7): the one sweep behind two jobs.
 *
 * - **Records written before encryption** (database versions 1 to 3) hold plaintext in fields that
 *   are now sealed. The version 4 upgrade cannot encrypt (WebCrypto is asynchronous and would end
 *   the upgrade transaction), so it marks the database, and the first unlock runs this sweep before
 *   the app shows anything: every plaintext field is sealed (participants get their JET number's
 *   blind index, messages their crisis-expression signal).
 * - **Key rotation**: after the main process made a new current data key, every value sealed under
 *   an older key is opened and sealed again under the new one; then the old key can be retired.
 *   The sealed arguments of the mutations waiting in the outbox (a note's text, a reply's) are
 *   sealed again too, in the place they are bound to, so none is left under a retired key.
 *
 * The sweep is resumable: it goes page by page in key order; each page is read in one transaction,
 * sealed with none open, and written in another that checks each record still holds what was read
 * (a record changed meanwhile is left for the next pass). Interrupted, it starts again at the next
 * unlock and skips what is done, since done records need nothing.
 */
import type { Table } from 'dexie';
import {
  FieldDecryptionError,
  isEnvelope,
  normaliseJetNumber,
  type FieldCipher,
} from '../crypto/field-cipher';
import { resealArguments, sealedArguments, type SealedArgument } from '../crypto/sealed-mutations';
import { SEALED_FIELDS, type SealedTableName } from '../crypto/sealed-records';
import { sealedFromWire, sealedToWire } from '../crypto/sealed-wire';
import { LEGACY_PLAINTEXT_KEY, type WorkstationDatabase } from '../database';
import type { OutboxEntry } from '../records';
import type { Sealed } from '../../../sync/sealed';

/** Set in `meta` from the start of a key rotation until its old keys are retired. */
export const ROTATION_KEY = 'sealing.rotation';

const PAGE = 500;

export interface ResealProgress {
  done: number;
  total: number;
}

type Loose = Record<string, unknown>;

function tablesWithSealedFields(db: WorkstationDatabase): [SealedTableName, Table<Loose>][] {
  const names = Object.keys(SEALED_FIELDS) as SealedTableName[];
  return names.flatMap((name) =>
    db.tables.some((t) => t.name === name)
      ? [[name, db.table(name) as Table<Loose>] as [SealedTableName, Table<Loose>]]
      : [],
  );
}

/** Whether a stored record has a field that is plaintext or sealed under another key. */
function needsSealing(table: SealedTableName, record: Loose, currentKid: string): boolean {
  for (const field of SEALED_FIELDS[table].fields) {
    const value = record[field];
    if (value === undefined || value === null) continue;
    if (!isEnvelope(value) || value.kid !== currentKid) return true;
  }
  return false;
}

/** A fingerprint of a record's sealed fields as read, to see that it did not change meanwhile. */
function sealedFingerprint(table: SealedTableName, record: Loose | undefined): string {
  if (record === undefined) return 'absent';
  return SEALED_FIELDS[table].fields
    .map((field) => {
      const value = record[field];
      if (isEnvelope(value)) return `${value.kid}:${Array.from(value.iv).join('.')}`;
      return JSON.stringify(value ?? null);
    })
    .join('|');
}

async function resealRecord(
  cipher: FieldCipher,
  table: SealedTableName,
  record: Loose,
  hasRiskSignal: (text: string) => boolean,
): Promise<Loose> {
  const { key, fields } = SEALED_FIELDS[table];
  const id = String(record[key]);
  const out: Loose = { ...record };
  const plain: Loose = {};
  for (const field of fields) {
    const value = record[field];
    if (value === undefined || value === null) continue;
    const place = { table, id, field };
    // Plaintext here is only ever what was written before encryption.
    const text = isEnvelope(value) ? await cipher.open(value, place) : String(value);
    plain[field] = text;
    out[field] = await cipher.seal(text, place);
  }
  if (table === 'participants' && record.jetIndex === undefined) {
    const jet = plain.jetNumber as string | undefined;
    out.jetIndex = jet === undefined ? null : await cipher.blindIndex(normaliseJetNumber(jet));
  }
  if (table === 'messages' && record.riskSignal === undefined) {
    out.riskSignal =
      record.kind === 'participant-message' &&
      hasRiskSignal(`${String(plain.subject ?? '')}\n${String(plain.body ?? '')}`);
  }
  return out;
}

/**
 * A sealed argument of an outbox entry, opened and sealed again with the cipher's current key in
 * the same place; a value that is not an envelope does not open (FieldDecryptionError).
 */
export async function resealArgument(
  from: FieldCipher,
  to: FieldCipher,
  { sealed, place }: SealedArgument,
): Promise<Sealed> {
  let envelope;
  try {
    envelope = sealedFromWire(sealed);
  } catch {
    throw new FieldDecryptionError(place, 'not-an-envelope');
  }
  return sealedToWire(await to.seal(await from.open(envelope, place), place));
}

const argumentsFingerprint = (entry: OutboxEntry | undefined) =>
  entry === undefined
    ? 'absent'
    : sealedArguments(entry)
        .map(({ sealed }) => `${sealed.kid}:${sealed.iv}`)
        .join('|');

/**
 * Seals again the sealed arguments of the outbox's mutations that are under an older key. The
 * outbox is read whole (it holds the changes not yet pushed); an entry pushed and removed
 * meanwhile is left alone.
 */
async function resealOutbox(
  db: WorkstationDatabase,
  cipher: FieldCipher,
): Promise<{ resealed: number; skipped: number; unreadable: number; checked: number }> {
  const entries = await db.outbox.toArray();
  const stale = entries.filter((e) =>
    sealedArguments(e).some(({ sealed }) => sealed.kid !== cipher.currentKid),
  );
  const outcomes = await Promise.all(
    stale.map((read) =>
      resealArguments(read, (value) => resealArgument(cipher, cipher, value)).then(
        (entry) => ({ read, entry }),
        (error: unknown) => {
          if (error instanceof FieldDecryptionError) return null;
          throw error;
        },
      ),
    ),
  );
  const work = outcomes.filter((o) => o !== null);
  let resealed = 0;
  if (work.length > 0) {
    await db.transaction('rw', db.outbox, async () => {
      const now = await db.outbox.bulkGet(work.map((w) => w.read.seq!));
      const writes = work
        .filter((w, i) => argumentsFingerprint(now[i]) === argumentsFingerprint(w.read))
        .map((w) => w.entry);
      await db.outbox.bulkPut(writes);
      resealed = writes.length;
    });
  }
  return {
    resealed,
    skipped: work.length - resealed,
    unreadable: outcomes.length - work.length,
    checked: entries.length,
  };
}

/**
 * Seals every field that is plaintext or under an older key with the cipher's current key, and
 * the sealed arguments of the outbox's mutations. Returns how many records were sealed again, and
 * how many changed meanwhile and were left.
 */
export async function resealAll(
  db: WorkstationDatabase,
  cipher: FieldCipher,
  options: {
    hasRiskSignal: (text: string) => boolean;
    onProgress?: (p: ResealProgress) => void;
  },
): Promise<{ resealed: number; skipped: number; unreadable: number }> {
  const { hasRiskSignal } = options;
  const tables = tablesWithSealedFields(db);
  const counts = await Promise.all([db.outbox.count(), ...tables.map(([, t]) => t.count())]);
  const total = counts.reduce((a, b) => a + b, 0);
  let done = 0;
  let resealed = 0;
  let skipped = 0;
  let unreadable = 0;
  options.onProgress?.({ done, total });
  for (const [name, table] of tables) {
    const keyPath = SEALED_FIELDS[name].key;
    let after: string | null = null;
    for (;;) {
      const page: Loose[] =
        after === null
          ? await table.orderBy(':id').limit(PAGE).toArray()
          : await table.where(':id').above(after).limit(PAGE).toArray();
      if (page.length === 0) break;
      after = String(page[page.length - 1]![keyPath]);
      const candidates = page.filter((r) => needsSealing(name, r, cipher.currentKid));
      // A value that does not open (changed on disk, or under a key this workstation no longer
      // has) is left as it is and counted: one bad record must not stop the sweep, or an unlock.
      const outcomes = await Promise.all(
        candidates.map((r) =>
          resealRecord(cipher, name, r, hasRiskSignal).then(
            (record) => ({ read: r, record }),
            (error: unknown) => {
              if (error instanceof FieldDecryptionError) return null;
              throw error;
            },
          ),
        ),
      );
      const work = outcomes.filter((o) => o !== null);
      unreadable += outcomes.length - work.length;
      if (work.length > 0) {
        await db.transaction('rw', table, async () => {
          const now = await table.bulkGet(work.map((w) => w.read[keyPath] as string));
          const writes: Loose[] = [];
          work.forEach((w, i) => {
            const current = now[i];
            // Changed meanwhile (its sealed fields differ): left for the next pass.
            if (sealedFingerprint(name, current) !== sealedFingerprint(name, w.read)) return;
            // Only the sealed fields (and what sealing adds) change: every other field is kept
            // as it is now, so a concurrent change to the record (a soft deletion, an answer
            // time) is never written over with what was read.
            writes.push(mergeSealed(name, current!, w.record));
          });
          await table.bulkPut(writes);
          resealed += writes.length;
          skipped += work.length - writes.length;
        });
      }
      done += page.length;
      options.onProgress?.({ done, total });
    }
  }
  // After the records: the mutations waiting in the outbox.
  const outbox = await resealOutbox(db, cipher);
  resealed += outbox.resealed;
  skipped += outbox.skipped;
  unreadable += outbox.unreadable;
  done += outbox.checked;
  options.onProgress?.({ done, total });
  return { resealed, skipped, unreadable };
}

/** The record as it is now, with the freshly sealed fields (and what sealing adds) of `sealed`. */
function mergeSealed(table: SealedTableName, current: Loose, sealed: Loose): Loose {
  const out: Loose = { ...current };
  for (const field of SEALED_FIELDS[table].fields) if (field in sealed) out[field] = sealed[field];
  if (table === 'participants' && current.jetIndex === undefined) out.jetIndex = sealed.jetIndex;
  if (table === 'messages' && current.riskSignal === undefined) out.riskSignal = sealed.riskSignal;
  return out;
}

/** The data keys some stored value is still sealed under (the outbox's mutations included). */
export async function kidsInUse(db: WorkstationDatabase): Promise<Set<string>> {
  const kids = new Set<string>();
  await db.outbox.each((entry) => {
    for (const { sealed } of sealedArguments(entry)) kids.add(sealed.kid);
  });
  for (const [name, table] of tablesWithSealedFields(db)) {
    await table.each((record) => {
      for (const field of SEALED_FIELDS[name].fields) {
        const value = record[field];
        if (isEnvelope(value)) kids.add(value.kid);
      }
    });
  }
  return kids;
}

/** Whether records written before encryption may still hold plaintext. */
export async function legacyPlaintextPending(db: WorkstationDatabase): Promise<boolean> {
  return (await db.meta.get(LEGACY_PLAINTEXT_KEY)) !== undefined;
}

/** Seals what was written before encryption, then clears the mark (repeats until nothing is left). */
export async function sealLegacyPlaintext(
  db: WorkstationDatabase,
  cipher: FieldCipher,
  hasRiskSignal: (text: string) => boolean,
  onProgress?: (p: ResealProgress) => void,
): Promise<void> {
  for (let pass = 0; pass < 5; pass += 1) {
    const { skipped } = await resealAll(db, cipher, {
      hasRiskSignal,
      ...(onProgress ? { onProgress } : {}),
    });
    // The mark goes only when a pass left nothing behind.
    if (skipped === 0) {
      await db.meta.delete(LEGACY_PLAINTEXT_KEY);
      return;
    }
  }
}
