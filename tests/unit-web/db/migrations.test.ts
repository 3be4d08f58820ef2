import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { WorkstationDatabase } from '../../../src/renderer/db/database';

describe('database versions', () => {
  it('opens a version-1 database made by the first release and keeps its data', async () => {
    const indexedDB = new IDBFactory();
    // The first release's schema, as it shipped.
    const v1 = new Dexie('upgrade-test', { indexedDB, IDBKeyRange });
    v1.version(1).stores({
      participants: 'id, updatedAt',
      counsellors: 'id',
      threads: 'id, [state+openSinceMs], participantId, assigneeId, updatedAt',
      threadSubjects: 'threadId',
      messages: 'id, threadId, participantId, updatedAt',
      notes: 'id, threadId',
      drafts: 'threadId',
      templates: 'id, language',
      outbox: '++seq, recordId',
      audit: '++seq',
      meta: 'key',
    });
    await v1.table('drafts').put({ threadId: 't1', body: 'kept', updatedAt: 1 });
    v1.close();

    const current = new WorkstationDatabase('upgrade-test', { indexedDB, IDBKeyRange });
    await current.open();
    expect(current.verno).toBe(3);
    expect(await current.drafts.get('t1')).toMatchObject({ body: 'kept' });
    expect(await current.sessions.count()).toBe(0);
    expect(await current.profiles.count()).toBe(0);
    expect(await current.sessionNotes.count()).toBe(0);
    current.close();
  });
});
