/**
 * "The server never sees it", attacked: the demo dataset, sealed as a workstation seals it
 * (AES-256-GCM under a key the server never gets), is pushed to a server; then every byte of the
 * PGlite data folder, every row of every table, and a `pg_dump` of the PostgreSQL database are
 * searched for the participants' names, e-mail addresses and JET numbers and the messages'
 * subjects and text. None may be found.
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { generateDemoDataset } from '../../../src/domain/dataset';
import { summariseMessages } from '../../../src/domain/queue/thread-summary';
import { openPglite } from '../../../src/server/db/database';
import { MAX_IMPORT_BATCH } from '../../../src/sync/mutations';
import type { Sealed } from '../../../src/sync/sealed';
import { calendarWith } from '../domain/calendar/helpers';
import { createPostgresDatabase } from './databases';
import { everyRow, folderBytes, foundIn, needlesOf, pgDump } from './leak-scan';
import { openWorld, organisation, signIn, type World } from './world';
import { openPostgres } from '../../../src/server/db/database';

const document = generateDemoDataset({ calendar: calendarWith(), messages: 300 });
const dataset = {
  participants: document.participants ?? [],
  counsellors: document.counsellors ?? [],
  messages: document.messages ?? [],
};
const key = randomBytes(32);
const indexKey = randomBytes(32);

function seal(text: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { v: 1, kid: 'k-demo', iv: iv.toString('base64'), ct: ct.toString('base64') };
}

const isReply = (m: (typeof dataset.messages)[number]) => 'sentAt' in m;
const needles = needlesOf(dataset);
const found = (haystack: Buffer | string) => foundIn(needles, haystack);

/** The dataset as `records.import` batches, every sensitive field sealed. */
function importBatches() {
  const at = (iso: string) => Date.parse(iso);
  const records: { table: string; record: object }[] = [];
  for (const c of dataset.counsellors)
    records.push({
      table: 'counsellors',
      record: { id: c.id, createdAt: 0, name: c.name, languages: c.languages, sourceHash: null },
    });
  for (const p of dataset.participants)
    records.push({
      table: 'participants',
      record: {
        id: p.id,
        createdAt: 0,
        jetNumber: p.jetNumber ? seal(p.jetNumber) : null,
        name: seal(p.name),
        email: seal(p.email),
        language: p.language,
        jetIndex: p.jetNumber
          ? createHmac('sha256', indexKey).update(p.jetNumber).digest('base64url')
          : null,
        sourceHash: null,
      },
    });
  const threads = new Map<string, (typeof dataset)['messages']>();
  for (const m of dataset.messages)
    threads.set(m.threadId, [...(threads.get(m.threadId) ?? []), m]);
  for (const [threadId, messages] of threads) {
    const metas = messages.map((m) => ({
      id: m.id,
      threadId,
      participantId: m.participantId,
      kind: isReply(m) ? ('reply' as const) : ('participant-message' as const),
      receivedAtMs: 'receivedAt' in m ? at(m.receivedAt) : null,
      sentAtMs: 'sentAt' in m ? at(m.sentAt) : null,
      createdAt: 0,
      answeredAtMs: null as number | null,
      requestedCounsellorId: 'receivedAt' in m ? (m.requestedCounsellorId ?? null) : null,
      overLimit: false,
      sourceHash: 'imported',
    }));
    const summary = summariseMessages(metas);
    const answered = new Map(summary.answered.map((m) => [m.id, m.answeredAtMs]));
    const first = messages[0]!;
    records.push({
      table: 'threads',
      record: {
        id: threadId,
        createdAt: 0,
        participantId: summary.participantId,
        language: dataset.participants.find((p) => p.id === first.participantId)!.language,
        ...summary.facts,
        assigneeId: null,
        risk: 'not-assessed',
        riskSetBy: null,
        riskSetAtMs: null,
        tags: [],
      },
    });
    records.push({
      table: 'threadSubjects',
      record: { id: threadId, createdAt: 0, subject: seal(first.subject) },
    });
    for (const [i, m] of messages.entries()) {
      const meta = metas[i]!;
      records.push({
        table: 'messages',
        record: {
          id: m.id,
          createdAt: 0,
          threadId,
          participantId: m.participantId,
          kind: meta.kind,
          subject: seal(m.subject),
          body: seal(m.body),
          receivedAtMs: meta.receivedAtMs,
          requestedCounsellorId: meta.requestedCounsellorId,
          answeredAtMs: answered.get(m.id) ?? null,
          authorId: 'author' in m ? m.author : null,
          sentAtMs: meta.sentAtMs,
          delivery: isReply(m) ? 'confirmed' : null,
          overLimit: false,
          sourceHash: seal(`hash-${m.id}`),
        },
      });
    }
  }
  const batches: { name: string; args: unknown }[] = [];
  for (let i = 0; i < records.length; i += MAX_IMPORT_BATCH)
    batches.push({
      name: 'records.import',
      args: { records: records.slice(i, i + MAX_IMPORT_BATCH) },
    });
  return { batches, count: records.length };
}

async function syncDemo(world: World) {
  const slug = await organisation(world);
  const supervisor = await signIn(world, slug, 'super');
  const { batches, count } = importBatches();
  for (let i = 0; i < batches.length; i += 10) {
    const result = await supervisor.push(batches.slice(i, i + 10));
    expect(result.refusals).toEqual([]);
  }
  const pulled = (await supervisor.pullAll(0)).flatMap((p) => p.changes);
  expect(pulled.length).toBeGreaterThanOrEqual(count);
}

describe('a server that holds no key to what it stores', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('the needles are real: the dataset itself contains every one of them', () => {
    expect(needles.length).toBeGreaterThan(300);
    const raw = dataset.participants
      .flatMap((p) => [p.name, p.email, p.jetNumber ?? ''])
      .concat(dataset.messages.flatMap((m) => [m.subject, m.body]))
      .join('\u0000');
    expect(found(Buffer.from(raw, 'utf8')).length).toBe(needles.length);
  });

  it(
    'PGlite: no name, e-mail, JET number, subject or text in any table or any file of the folder',
    { timeout: 120_000 },
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-leak-'));
      dirs.push(dir);
      const world = await openWorld(await openPglite(dir));
      try {
        await syncDemo(world);
        expect(found(await everyRow(world.db))).toEqual([]);
      } finally {
        await world.close();
      }
      const files = folderBytes(dir);
      expect(files.length).toBeGreaterThan(10);
      for (const bytes of files) expect(found(bytes)).toEqual([]);
    },
  );

  it.runIf(inject('postgresUrl'))(
    'PostgreSQL: no name, e-mail, JET number, subject or text in a pg_dump',
    { timeout: 120_000 },
    async () => {
      const url = await createPostgresDatabase();
      const world = await openWorld(await openPostgres(url));
      try {
        await syncDemo(world);
      } finally {
        await world.close();
      }
      const dump = pgDump(url);
      expect(dump).toContain('COPY public.records');
      expect(found(dump)).toEqual([]);
    },
  );
});
