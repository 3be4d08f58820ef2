/**
 * The outbox of named mutations (issue 15, DESIGN.md "Sync"): every change a person makes is one
 * mutation of `src/sync/mutations.ts`, written in the transaction of the change, in the order the
 * changes were made, and carrying text only as the envelopes stored here. A privacy attack reads
 * the whole outbox for the texts that were written.
 */
import { describe, expect, it } from 'vitest';
import { createBookingRules } from '../../../src/domain/booking';
import { createBusinessCalendar, validateHolidayData } from '../../../src/domain/calendar';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../src/domain/settings/organisation-settings';
import { createBookingRepository } from '../../../src/renderer/db/repositories/booking';
import { recordMutation } from '../../../src/renderer/db/repositories/changes';
import { importCheckedDataset } from '../../../src/renderer/db/repositories/import';
import { createQueueRepository } from '../../../src/renderer/db/repositories/queue';
import { MessageSearchIndex } from '../../../src/renderer/db/repositories/search-index';
import { mutationSchema, parseMutation, type MutationName } from '../../../src/sync/mutations';
import shippedHolidays from '../../../resources/holidays/japan.json';
import {
  BASE_DATASET,
  checked,
  forgetImportForTeam,
  cipher,
  freshDatabase,
  noRisk,
} from './helpers';

const validation = validateHolidayData(shippedHolidays);
if (!validation.ok) throw new Error('holidays');
const settings = DEFAULT_ORGANISATION_SETTINGS;
const RULES = createBookingRules({
  calendar: createBusinessCalendar({ holidays: validation.data, settings }),
  settings,
});

const jst = (dateTime: string) => Date.parse(`${dateTime}:00+09:00`);
/** Wednesday 2 December 2026, 12:00 JST. */
const NOW = jst('2026-12-02T12:00');
const TUE_THU = 'DTSTART;TZID=Asia/Tokyo:20261201T100000\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH';

const NOTE = 'Mentioned the anniversary of the accident; ask about sleep.';
const REPLY = 'Thank you for trusting us with this. Would a video session on Thursday help?';
const SESSION_NOTE = 'Participant spoke about panic attacks at the school gate.';

async function seeded() {
  const db = freshDatabase();
  await importCheckedDataset(db, cipher, checked(BASE_DATASET), {
    nowMs: NOW,
    hasRiskSignal: noRisk,
  });
  await forgetImportForTeam(db);
  return {
    db,
    queue: createQueueRepository(db, cipher, new MessageSearchIndex(db, cipher)),
    booking: createBookingRepository(db, cipher, () => RULES),
  };
}

/** UTF-8 bytes of a text in base64 (a "hidden" plaintext copy would look like this). */
const base64Of = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

describe('the outbox of named mutations', () => {
  it('holds one parseable mutation per change, in the order of the changes, and no clear text', async () => {
    const { db, queue, booking } = await seeded();
    const done: MutationName[] = [];
    const step = async (name: MutationName, run: () => Promise<unknown>) => {
      await run();
      done.push(name);
    };
    const ok = <T extends { ok: boolean }>(result: T) => {
      if (!result.ok) throw new Error(JSON.stringify(result));
      return result as Extract<T, { ok: true }>;
    };

    // Triage, a note and a reply.
    await step('thread.setRisk', () => queue.setRisk('t1', 'elevated', 'c1', NOW));
    await step('thread.setTags', () => queue.setTags('t1', ['bereavement', 'sleep'], NOW));
    await step('thread.take', () => queue.take('t1', 'c1', NOW));
    await step('note.add', () => queue.addNote('t1', NOTE, 'c1', NOW));
    await step('reply.send', () =>
      queue.sendReply({ threadId: 't1', body: REPLY, authorId: 'c1', nowMs: NOW + 1 }),
    );
    await step('thread.reassign', () => queue.reassign('t2', 'c1', NOW + 2));
    await step('thread.release', () => queue.release('t2', NOW + 3));
    // Availability and sessions.
    let ruleId = '';
    await step('availability.putRule', async () => {
      const saved = ok(
        await booking.saveRule({ counsellorId: 'c1', rule: TUE_THU, durationMinutes: 240 }, NOW),
      );
      ruleId = saved.record.id;
    });
    let exceptionId = '';
    await step('availability.putException', async () => {
      const saved = ok(
        await booking.addException(
          {
            counsellorId: 'c1',
            date: '2026-12-09',
            kind: 'extra-window',
            start: '15:00',
            end: '16:00',
          },
          NOW,
        ),
      );
      exceptionId = saved.record.id;
    });
    let moved = '';
    await step('session.book', async () => {
      const booked = ok(
        await booking.book({
          counsellorId: 'c1',
          participantId: 'p1',
          startMs: jst('2026-12-03T10:00'),
          nowMs: NOW,
        }),
      );
      moved = booked.session.id;
    });
    await step('session.change', async () => {
      ok(await booking.change({ sessionId: moved, startMs: jst('2026-12-03T11:00'), nowMs: NOW }));
    });
    await step('session.cancel', async () => {
      ok(await booking.cancel({ sessionId: moved, nowMs: NOW }));
    });
    let held = '';
    await step('session.book', async () => {
      const booked = ok(
        await booking.book({
          counsellorId: 'c1',
          participantId: 'p2',
          startMs: jst('2026-12-03T12:00'),
          nowMs: NOW,
        }),
      );
      held = booked.session.id;
    });
    await step('session.recordOutcome', async () => {
      ok(
        await booking.recordOutcome({
          sessionId: held,
          outcome: 'completed',
          nowMs: jst('2026-12-03T12:45'),
          details: { durationMinutes: 40, channel: 'video' },
        }),
      );
    });
    await step('sessionNote.add', () =>
      booking.log.addNote(held, SESSION_NOTE, 'Counsellor', jst('2026-12-03T12:50')),
    );
    await step('availability.removeException', () =>
      booking.deleteException(exceptionId, jst('2026-12-03T13:00')),
    );
    await step('availability.removeRule', () =>
      booking.deleteRule(ruleId, jst('2026-12-03T13:00')),
    );

    const outbox = await db.outbox.orderBy('seq').toArray();
    // One mutation per change, in the order of the changes (the local order is `seq`).
    expect(outbox.map((e) => e.name)).toEqual(done);
    const seqs = outbox.map((e) => e.seq!);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    // Each is a mutation the sync server accepts: its name, version and arguments.
    for (const entry of outbox) {
      const { seq, name, v, args, at } = entry;
      const mutation = mutationSchema.parse({ id: seq, name, v, args, at });
      expect(parseMutation(mutation), entry.name).toMatchObject({ ok: true, name: entry.name });
    }
    // The queue header's count.
    expect(await queue.outboxCount()).toBe(done.length);

    // The privacy attack: none of the texts written is in the outbox, as text or as base64.
    const everything = JSON.stringify(outbox);
    for (const text of [NOTE, REPLY, SESSION_NOTE, 'Re: Feeling isolated']) {
      expect(everything).not.toContain(text);
      expect(everything).not.toContain(text.slice(0, 20));
      expect(everything).not.toContain(base64Of(text));
    }
    for (const word of ['anniversary', 'trusting', 'panic', 'isolated', 'Alex Morgan'])
      expect(everything).not.toContain(word);
  });

  it('refuses arguments that do not fit: a TypeError naming the mutation and the field, never the value', async () => {
    const { db } = await seeded();
    const secret = 'I have not told anyone about this';
    const error = await db
      .transaction('rw', db.threads, db.outbox, async () => {
        await db.threads.update('t1', { tags: ['changed'] });
        await recordMutation(
          db,
          'note.add',
          { noteId: 'n-1', threadId: 't1', body: secret as never },
          NOW,
        );
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('note.add');
    expect((error as Error).message).toContain('body');
    expect((error as Error).message).not.toContain(secret);
    expect((error as Error).message).not.toContain('not told');
    // The whole transaction rolled back: the change went with its mutation.
    expect((await db.threads.get('t1'))?.tags).toEqual([]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses a mutation recorded outside the write transaction of its change', async () => {
    const { db } = await seeded();
    await expect(recordMutation(db, 'thread.take', { threadId: 't1' }, NOW)).rejects.toThrow(
      TypeError,
    );
    await expect(
      db.transaction('rw', db.threads, () =>
        recordMutation(db, 'thread.take', { threadId: 't1' }, NOW),
      ),
    ).rejects.toThrow(/thread.take/);
    await expect(
      db.transaction('r', db.outbox, () =>
        recordMutation(db, 'thread.take', { threadId: 't1' }, NOW),
      ),
    ).rejects.toThrow(TypeError);
    expect(await db.outbox.count()).toBe(0);
  });
});
