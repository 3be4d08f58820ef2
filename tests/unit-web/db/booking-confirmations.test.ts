/**
 * The booking repository's reads and writes behind the confirmations of issue 14 (item 6): the
 * cancellation preview, a completed session's details, the supervisor's audited correction, the
 * same-day warning and the availability calendar's plan.
 */
import { describe, expect, it } from 'vitest';
import { createBookingRules } from '../../../src/domain/booking';
import { createBusinessCalendar, validateHolidayData } from '../../../src/domain/calendar';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../src/domain/settings/organisation-settings';
import {
  createBookingRepository,
  SessionDetailsError,
} from '../../../src/renderer/db/repositories/booking';
import { importCheckedDataset } from '../../../src/renderer/db/repositories/import';
import shippedHolidays from '../../../resources/holidays/japan.json';
import { BASE_DATASET, checked, cipher, freshDatabase, noRisk } from './helpers';

const validation = validateHolidayData(shippedHolidays);
if (!validation.ok) throw new Error('holidays');
const settings = DEFAULT_ORGANISATION_SETTINGS;
const RULES = createBookingRules({
  calendar: createBusinessCalendar({ holidays: validation.data, settings }),
  settings,
});

const jst = (dateTime: string) => Date.parse(`${dateTime}:00+09:00`);
/** Monday 30 November 2026, 10:00 JST. */
const NOW = jst('2026-11-30T10:00');
const TUE_THU = 'DTSTART;TZID=Asia/Tokyo:20261201T080000\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH';

async function setup() {
  const db = freshDatabase();
  await importCheckedDataset(db, cipher, checked(BASE_DATASET), {
    nowMs: NOW,
    hasRiskSignal: noRisk,
  });
  const booking = createBookingRepository(db, cipher, () => RULES);
  const saved = await booking.saveRule(
    { counsellorId: 'c1', rule: TUE_THU, durationMinutes: 150 },
    NOW,
  );
  if (!saved.ok) throw new Error(saved.problem);
  return { db, booking };
}

/** The names and arguments of the mutations about one session, in order. */
async function mutationsOf(db: Awaited<ReturnType<typeof setup>>['db'], sessionId: string) {
  return (await db.outbox.orderBy('seq').toArray())
    .filter((e) => (e.args as { sessionId?: string }).sessionId === sessionId)
    .map((e) => [e.name, e.args]);
}

async function bookAt(booking: Awaited<ReturnType<typeof setup>>['booking'], at: string) {
  const decision = await booking.book({
    counsellorId: 'c1',
    participantId: 'p1',
    startMs: jst(at),
    nowMs: NOW,
  });
  if (!decision.ok) throw new Error(JSON.stringify(decision.problems));
  return decision.session.id;
}

describe('booking repository: before a destructive click', () => {
  it('previews a cancellation in time and a late one with the quota left after it', async () => {
    const { db, booking } = await setup();
    const id = await bookAt(booking, '2026-12-01T09:40');
    expect(await booking.cancellationPreview(id, NOW)).toMatchObject({
      ok: true,
      late: false,
      quotaAfter: { used: 0, remaining: 7 },
    });
    expect(await booking.cancellationPreview(id, jst('2026-11-30T17:01'))).toMatchObject({
      ok: true,
      late: true,
      quotaAfter: { used: 1, remaining: 6 },
    });
    // A preview stores nothing.
    expect(await db.sessions.get(id)).toMatchObject({ outcome: 'scheduled', version: 1 });
  });

  it('stores the duration and channel with a completed session; bad details store nothing', async () => {
    const { db, booking } = await setup();
    const id = await bookAt(booking, '2026-12-01T09:40');
    const later = jst('2026-12-01T10:00');
    await expect(
      booking.recordOutcome({
        sessionId: id,
        outcome: 'completed',
        nowMs: later,
        details: { durationMinutes: 0, channel: 'video' },
      }),
    ).rejects.toThrow(SessionDetailsError);
    expect(await db.sessions.get(id)).toMatchObject({ outcome: 'scheduled', version: 1 });
    const done = await booking.recordOutcome({
      sessionId: id,
      outcome: 'completed',
      nowMs: later,
      details: { durationMinutes: 35, channel: 'phone' },
    });
    expect(done.ok).toBe(true);
    expect(await db.sessions.get(id)).toMatchObject({
      outcome: 'completed',
      durationMinutes: 35,
      channel: 'phone',
      version: 2,
    });
    expect(await mutationsOf(db, id)).toEqual([
      ['session.book', expect.objectContaining({ sessionId: id })],
      [
        'session.recordOutcome',
        { sessionId: id, outcome: 'completed', channel: 'phone', durationMinutes: 35 },
      ],
    ]);
  });

  it('audits a supervisor’s correction before storing it; a refusal audits and stores nothing', async () => {
    const { db, booking } = await setup();
    const id = await bookAt(booking, '2026-12-01T09:40');
    const later = jst('2026-12-01T10:00');
    await booking.recordOutcome({ sessionId: id, outcome: 'no-show', nowMs: later });
    const audited: string[] = [];
    const audit = async (from: string) => {
      // The correction is not stored yet when the audit entry is written.
      audited.push(`${from}→${(await db.sessions.get(id))!.outcome}`);
    };
    const refused = await booking.correctOutcome(
      { sessionId: id, outcome: 'completed', reason: ' ', nowMs: later },
      audit,
    );
    expect(refused).toEqual({ ok: false, problem: 'reason-missing' });
    expect(audited).toEqual([]);
    const corrected = await booking.correctOutcome(
      {
        sessionId: id,
        outcome: 'completed',
        reason: 'the video link failed; held by phone',
        nowMs: later,
        details: { durationMinutes: 40, channel: 'phone' },
      },
      audit,
    );
    expect(corrected).toEqual({ ok: true });
    expect(audited).toEqual(['no-show→no-show']);
    expect(await db.sessions.get(id)).toMatchObject({
      outcome: 'completed',
      channel: 'phone',
      durationMinutes: 40,
      version: 3,
    });
    // For the sync server, the correction is the outcome recorded again; its reason stays here.
    const recorded = await mutationsOf(db, id);
    expect(recorded.slice(1)).toEqual([
      ['session.recordOutcome', { sessionId: id, outcome: 'no-show' }],
      [
        'session.recordOutcome',
        { sessionId: id, outcome: 'completed', channel: 'phone', durationMinutes: 40 },
      ],
    ]);
    expect(JSON.stringify(await db.outbox.toArray())).not.toContain('video link');
  });

  it('a correction from or to a cancellation stays on this workstation (no mutation for it yet)', async () => {
    const { db, booking } = await setup();
    const id = await bookAt(booking, '2026-12-01T09:40');
    await booking.cancel({ sessionId: id, nowMs: NOW });
    const before = await db.outbox.count();
    const corrected = await booking.correctOutcome(
      {
        sessionId: id,
        outcome: 'completed',
        reason: 'cancelled by mistake; the session took place',
        nowMs: jst('2026-12-01T11:00'),
        details: { durationMinutes: 40, channel: 'video' },
      },
      async () => {},
    );
    expect(corrected).toEqual({ ok: true });
    expect(await db.sessions.get(id)).toMatchObject({ outcome: 'completed', version: 3 });
    expect(await db.outbox.count()).toBe(before);
  });

  it('a failed audit leaves the outcome as it was', async () => {
    const { db, booking } = await setup();
    const id = await bookAt(booking, '2026-12-01T09:40');
    const later = jst('2026-12-01T10:00');
    await booking.recordOutcome({ sessionId: id, outcome: 'no-show', nowMs: later });
    await expect(
      booking.correctOutcome(
        {
          sessionId: id,
          outcome: 'completed',
          reason: 'held',
          nowMs: later,
          details: { durationMinutes: 40, channel: 'video' },
        },
        () => Promise.reject(new Error('audit log unavailable')),
      ),
    ).rejects.toThrow('audit log unavailable');
    expect(await db.sessions.get(id)).toMatchObject({ outcome: 'no-show', version: 2 });
    expect((await mutationsOf(db, id)).map(([name]) => name)).toEqual([
      'session.book',
      'session.recordOutcome',
    ]);
  });

  it('names the participant’s other sessions on the same day', async () => {
    const { booking } = await setup();
    const morning = await bookAt(booking, '2026-12-01T09:40');
    const found = await booking.sameDaySessions('p1', jst('2026-12-01T10:30'));
    expect(found.map((s) => s.id)).toEqual([morning]);
    expect(await booking.sameDaySessions('p1', jst('2026-12-01T10:30'), morning)).toEqual([]);
    expect(await booking.sameDaySessions('p1', jst('2026-12-03T09:00'))).toEqual([]);
  });
});

describe('booking repository: the availability plan', () => {
  it('offers 08:00–10:30 clipped to service hours, keeps the written window, lists days off', async () => {
    const { booking } = await setup();
    const added = await booking.addException(
      { counsellorId: 'c1', date: '2026-12-03', kind: 'day-off' },
      NOW,
    );
    expect(added.ok).toBe(true);
    await bookAt(booking, '2026-12-01T09:40');
    const plan = await booking.availabilityPlan({
      counsellorId: 'c1',
      from: '2026-11-30',
      to: '2026-12-06',
      nowMs: NOW,
    });
    const hhmm = (ms: number) => new Date(ms + 9 * 3600_000).toISOString().slice(11, 16);
    expect(plan.offered.map((w) => `${w.date} ${hhmm(w.startMs)}–${hhmm(w.endMs)}`)).toEqual([
      `2026-12-01 ${settings.serviceHours.open}–10:30`,
    ]);
    expect(plan.written.map((w) => `${w.date} ${hhmm(w.startMs)}`)).toEqual(['2026-12-01 08:00']);
    expect(plan.daysOff).toEqual(['2026-12-03']);
    expect(plan.sessions).toHaveLength(1);
    expect(plan.participantNames.get('p1')).toBe('Alex Morgan');
  });
});
