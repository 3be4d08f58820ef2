import { FieldCipher } from '../../../src/renderer/db/crypto/field-cipher';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { WorkstationDatabase } from '../../../src/renderer/db/database';
import { validateDataset, type DatasetChecked } from '../../../src/domain/dataset/validate';
import { decodeAuditReason, type AuditReason } from '../../../src/domain/audit';

let counter = 0;

/** A fresh, empty database in memory. */
export function freshDatabase(): WorkstationDatabase {
  counter += 1;
  return new WorkstationDatabase(`test-${counter}`, { indexedDB: new IDBFactory(), IDBKeyRange });
}

export function checked(document: object): DatasetChecked {
  const result = validateDataset(JSON.stringify(document));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result;
}

export const noRisk = () => false;

export const BASE_DATASET = {
  format: 'counsellor-workstation.dataset',
  version: 1,
  participants: [
    {
      id: 'p1',
      jetNumber: '20123456789',
      name: 'Alex Morgan',
      email: 'alex@example.com',
      language: 'en',
    },
    { id: 'p2', jetNumber: null, name: '佐藤 花子', email: 'hanako@example.jp', language: 'ja' },
  ],
  counsellors: [{ id: 'c1', name: 'Dr Kim', languages: ['en', 'ja'] }],
  messages: [
    {
      id: 'm1',
      threadId: 't1',
      participantId: 'p1',
      subject: 'Feeling isolated',
      body: 'I have not spoken to anyone in days.',
      receivedAt: '2026-11-30T10:00:00+09:00',
    },
    {
      id: 'm2',
      threadId: 't1',
      participantId: 'p1',
      subject: 'Re: Feeling isolated',
      body: 'Thank you for writing.',
      author: 'c1',
      sentAt: '2026-12-01T11:00:00+09:00',
    },
    {
      id: 'm3',
      threadId: 't1',
      participantId: 'p1',
      subject: 'Re: Feeling isolated',
      body: 'It still feels hard.',
      receivedAt: '2026-12-02T09:00:00+09:00',
    },
    {
      id: 'm4',
      threadId: 't2',
      participantId: 'p2',
      subject: '職場のこと',
      body: '相談したいことがあります。',
      receivedAt: '2026-12-01T20:00:00+09:00',
    },
  ],
};

/** A cipher with fresh random keys, as the page has after an unlock. */
export function testCipher(): Promise<FieldCipher> {
  const random = () => globalThis.crypto.getRandomValues(new Uint8Array(32));
  return FieldCipher.fromKeyMaterial({
    currentKid: 'k-test',
    keys: [{ kid: 'k-test', key: random() }],
    indexKey: random(),
  });
}

/** One cipher for a test file's databases. */
export const cipher = await testCipher();

/** A coded audit reason holding typed text (a reveal's), for tests of the log's storage. */
export const said = (text: string): AuditReason => ({ code: 'jet-number-revealed', text });

/** The typed text of a listed reason `said` wrote (null: it could not be opened). */
export function saidText(stored: string | null): string | null {
  if (stored === null) return null;
  const decoded = decodeAuditReason(stored);
  if (decoded.kind === 'coded' && decoded.reason.code === 'jet-number-revealed')
    return decoded.reason.text;
  throw new Error(`not a reason said(): ${stored}`);
}

/**
 * Forgets what an import put in the outbox for the team (its `records.import` batches, and the
 * server copies they keep), for tests about the changes made after it; `share.test.ts` tests
 * those batches.
 */
export async function forgetImportForTeam(db: WorkstationDatabase): Promise<void> {
  await db.transaction('rw', [db.outbox, db.serverCopies], async () => {
    const batches = await db.outbox.filter((e) => e.name === 'records.import').primaryKeys();
    await db.outbox.bulkDelete(batches);
    await db.serverCopies.clear();
  });
}
