import { describe, expect, it } from 'vitest';
import { validateDataset } from '../../../src/domain/dataset/validate';
import { importCheckedDataset, knownRecords } from '../../../src/renderer/db/repositories/import';
import { BASE_DATASET, checked, freshDatabase, noRisk, cipher } from './helpers';

const NOW = Date.parse('2026-12-02T12:00:00+09:00');

const BOOKING = {
  availability: [
    {
      id: 'av1',
      counsellorId: 'c1',
      rule: 'DTSTART;TZID=Asia/Tokyo:20261130T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR',
      durationMinutes: 180,
    },
    {
      id: 'av2',
      counsellorId: 'c1',
      rule: 'DTSTART;TZID=Asia/Tokyo:20261201T180000\nRRULE:FREQ=WEEKLY;BYDAY=TU',
      durationMinutes: 150,
      validFrom: '2026-12-01',
      validUntil: '2027-03-31',
    },
  ],
  availabilityExceptions: [
    { id: 'x1', counsellorId: 'c1', date: '2026-12-04', kind: 'day-off' },
    {
      id: 'x2',
      counsellorId: 'c1',
      date: '2026-12-05',
      kind: 'extra-window',
      start: '13:00',
      end: '15:00',
    },
  ],
  sessions: [
    {
      id: 's1',
      participantId: 'p1',
      counsellorId: 'c1',
      start: '2026-11-30T10:00:00+09:00',
      outcome: 'completed',
    },
    {
      id: 's2',
      participantId: 'p2',
      counsellorId: 'c1',
      start: '2026-12-01T09:00:00Z',
      outcome: 'late-cancelled',
      cancelledAt: '2026-11-30T20:00:00+09:00',
    },
    {
      id: 's3',
      participantId: 'p1',
      counsellorId: 'c1',
      start: '2026-12-07T11:00:00+09:00',
      outcome: 'scheduled',
    },
  ],
};

const WITH_BOOKING = { ...BASE_DATASET, ...BOOKING };

const counts = (booking: [number, number, number], base: [number, number, number]) => ({
  participants: base[0],
  counsellors: base[1],
  messages: base[2],
  availability: booking[0],
  availabilityExceptions: booking[1],
  sessions: booking[2],
});

describe('dataset import: availability and sessions', () => {
  it('stores rules, exceptions and sessions with null for what the file leaves out', async () => {
    const db = freshDatabase();
    const report = await importCheckedDataset(db, cipher, checked(WITH_BOOKING), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    expect(report.added).toEqual(counts([2, 2, 3], [2, 1, 4]));
    expect(report.conflicts).toEqual([]);

    expect(await db.availabilityRules.get('av1')).toMatchObject({
      id: 'av1',
      counsellorId: 'c1',
      rule: BOOKING.availability[0]!.rule,
      durationMinutes: 180,
      validFrom: null,
      validUntil: null,
      createdAt: NOW,
      updatedAt: NOW,
      version: 1,
      deletedAt: null,
      sourceHash: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(await db.availabilityRules.get('av2')).toMatchObject({
      validFrom: '2026-12-01',
      validUntil: '2027-03-31',
    });
    expect(await db.availabilityExceptions.get('x1')).toMatchObject({
      kind: 'day-off',
      date: '2026-12-04',
      start: null,
      end: null,
    });
    expect(await db.availabilityExceptions.get('x2')).toMatchObject({
      kind: 'extra-window',
      start: '13:00',
      end: '15:00',
    });
    expect(await db.sessions.get('s2')).toMatchObject({
      participantId: 'p2',
      counsellorId: 'c1',
      startMs: Date.parse('2026-12-01T18:00:00+09:00'),
      outcome: 'late-cancelled',
      cancelledAtMs: Date.parse('2026-11-30T20:00:00+09:00'),
    });
    expect(await db.sessions.get('s1')).toMatchObject({ cancelledAtMs: null });
    expect(await db.sessions.where('participantId').equals('p1').primaryKeys()).toEqual([
      's1',
      's3',
    ]);
    // What it stored goes to the outbox for the team, as records.import only (share.test.ts).
    expect(new Set((await db.outbox.toArray()).map((e) => e.name))).toEqual(
      new Set(['records.import']),
    );
  });

  it('is idempotent: the same records again, however written, change nothing', async () => {
    const db = freshDatabase();
    await importCheckedDataset(db, cipher, checked(WITH_BOOKING), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    const before = await Promise.all([
      db.availabilityRules.toArray(),
      db.availabilityExceptions.toArray(),
      db.sessions.toArray(),
    ]);
    // The same instant in another zone, null for an absent field, fields in another order.
    const rewritten = {
      ...WITH_BOOKING,
      availability: [
        { ...BOOKING.availability[0], validFrom: null, validUntil: null },
        BOOKING.availability[1],
      ],
      sessions: [
        { ...BOOKING.sessions[0], start: '2026-11-30T01:00:00Z', cancelledAt: null },
        { outcome: 'late-cancelled', ...BOOKING.sessions[1] },
        BOOKING.sessions[2],
      ],
    };
    const again = await importCheckedDataset(db, cipher, checked(rewritten), {
      nowMs: NOW + 1000,
      hasRiskSignal: noRisk,
    });
    expect(again.added).toEqual(counts([0, 0, 0], [0, 0, 0]));
    expect(again.unchanged).toEqual(counts([2, 2, 3], [2, 1, 4]));
    expect(again.conflicts).toEqual([]);
    expect(
      await Promise.all([
        db.availabilityRules.toArray(),
        db.availabilityExceptions.toArray(),
        db.sessions.toArray(),
      ]),
    ).toEqual(before);
  });

  it('reports a changed outcome, rule or window as a conflict and keeps what is stored', async () => {
    const db = freshDatabase();
    await importCheckedDataset(db, cipher, checked(WITH_BOOKING), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    const changed = {
      ...WITH_BOOKING,
      availability: [{ ...BOOKING.availability[0], durationMinutes: 120 }],
      availabilityExceptions: [
        BOOKING.availabilityExceptions[0],
        { ...BOOKING.availabilityExceptions[1], end: '16:00' },
      ],
      sessions: [
        BOOKING.sessions[0],
        BOOKING.sessions[1],
        { ...BOOKING.sessions[2], outcome: 'cancelled', cancelledAt: '2026-12-02T10:00:00+09:00' },
      ],
    };
    const report = await importCheckedDataset(db, cipher, checked(changed), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    expect(report.conflicts).toEqual([
      { collection: 'availability', position: 'availability[0]', id: 'av1' },
      { collection: 'availabilityExceptions', position: 'availabilityExceptions[1]', id: 'x2' },
      { collection: 'sessions', position: 'sessions[2]', id: 's3' },
    ]);
    expect(report.unchanged).toEqual(counts([0, 1, 2], [2, 1, 4]));
    expect((await db.availabilityRules.get('av1'))?.durationMinutes).toBe(180);
    expect((await db.availabilityExceptions.get('x2'))?.end).toBe('15:00');
    expect(await db.sessions.get('s3')).toMatchObject({
      outcome: 'scheduled',
      cancelledAtMs: null,
    });
  });

  it('lets a later file refer to stored participants and counsellors (knownRecords)', async () => {
    const db = freshDatabase();
    await importCheckedDataset(db, cipher, checked(WITH_BOOKING), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    const known = await knownRecords(db);
    expect([...(known.sessions as Set<string>)].sort()).toEqual(['s1', 's2', 's3']);
    expect([...(known.availability as Set<string>)].sort()).toEqual(['av1', 'av2']);
    expect([...(known.availabilityExceptions as Set<string>)].sort()).toEqual(['x1', 'x2']);
    const later = {
      format: 'counsellor-workstation.dataset',
      version: 1,
      availability: [{ ...BOOKING.availability[0], id: 'av3' }],
      sessions: [
        { ...BOOKING.sessions[2], id: 's4', start: '2026-12-09T11:00:00+09:00' },
        { ...BOOKING.sessions[2], id: 's5', participantId: 'p9' },
      ],
    };
    const result = validateDataset(JSON.stringify(later), { known });
    if (!result.ok) throw new Error('refused');
    expect(result.invalid.map((r) => [r.position, r.problems[0]?.code])).toEqual([
      ['sessions[1]', 'unknown-reference'],
    ]);
    const report = await importCheckedDataset(db, cipher, result, {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    expect(report.added).toEqual(counts([1, 0, 1], [0, 0, 0]));
    expect(report.invalid).toHaveLength(1);
    expect(await db.sessions.count()).toBe(4);
  });

  it('reports progress over every collection', async () => {
    const db = freshDatabase();
    const progress: number[] = [];
    await importCheckedDataset(db, cipher, checked(WITH_BOOKING), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
      onProgress: (p) => p.phase === 'storing' && progress.push(p.total),
    });
    expect(new Set(progress)).toEqual(new Set([14]));
  });
});
