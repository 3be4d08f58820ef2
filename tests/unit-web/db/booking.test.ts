import { describe, expect, it } from 'vitest';
import {
  createBookingRules,
  describeBookingProblem,
  parseAvailabilityRule,
  type BookingRules,
} from '../../../src/domain/booking';
import { createBusinessCalendar, validateHolidayData } from '../../../src/domain/calendar';
import {
  DEFAULT_ORGANISATION_SETTINGS,
  type OrganisationSettings,
} from '../../../src/domain/settings/organisation-settings';
import { createBookingRepository } from '../../../src/renderer/db/repositories/booking';
// Imported rather than read with node:fs: tsconfig.web.json (browser types) has no Node types.
import shippedHolidays from '../../../resources/holidays/japan.json';
import { freshDatabase, cipher } from './helpers';

function bookingRules(settings: OrganisationSettings = DEFAULT_ORGANISATION_SETTINGS) {
  const validation = validateHolidayData(shippedHolidays);
  if (!validation.ok) throw new Error(JSON.stringify(validation.problems));
  const calendar = createBusinessCalendar({ holidays: validation.data, settings });
  return createBookingRules({ calendar, settings });
}

const RULES = bookingRules();

/** Epoch ms of a JST wall time. */
const jst = (dateTime: string) => Date.parse(`${dateTime}:00+09:00`);

/** Monday 30 November 2026, 10:00 JST. */
const NOW = jst('2026-11-30T10:00');

/** Tuesdays and Thursdays from 1 December 2026, 10:00 to 14:00 JST. */
const TUE_THU = 'DTSTART;TZID=Asia/Tokyo:20261201T100000\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH';

function setup(getRules: () => BookingRules = () => RULES) {
  const db = freshDatabase();
  return { db, booking: createBookingRepository(db, cipher, getRules) };
}

async function withRule() {
  const context = setup();
  const saved = await context.booking.saveRule(
    { counsellorId: 'c1', rule: TUE_THU, durationMinutes: 240 },
    NOW,
  );
  if (!saved.ok) throw new Error(saved.problem);
  return { ...context, ruleId: saved.record.id };
}

/** The outbox as `[name, args]`, in its order. */
async function mutations(db: ReturnType<typeof freshDatabase>) {
  return (await db.outbox.orderBy('seq').toArray()).map((e) => [e.name, e.args]);
}

/** The mutations about one session, in order. */
async function sessionMutations(db: ReturnType<typeof freshDatabase>, sessionId: string) {
  return (await mutations(db)).filter(
    ([, args]) => (args as { sessionId?: string }).sessionId === sessionId,
  );
}

const times = (slots: { startMs: number }[]) =>
  slots.map((s) => new Date(s.startMs + 9 * 3600_000).toISOString().slice(0, 16));

describe('booking repository: availability', () => {
  it('stores a rule with its mutation, and the rule yields slots', async () => {
    const { db, booking, ruleId } = await withRule();
    expect(await db.availabilityRules.get(ruleId)).toMatchObject({
      counsellorId: 'c1',
      version: 1,
      deletedAt: null,
      validFrom: null,
      validUntil: null,
    });
    // The rule in the contract's wire shape: nulls, and no version or deletion of the workstation's.
    expect(await db.outbox.toArray()).toEqual([
      {
        seq: expect.any(Number),
        name: 'availability.putRule',
        v: 1,
        args: {
          rule: {
            id: ruleId,
            createdAt: NOW,
            counsellorId: 'c1',
            rule: TUE_THU,
            durationMinutes: 240,
            validFrom: null,
            validUntil: null,
            sourceHash: null,
          },
        },
        at: NOW,
      },
    ]);
    const slots = await booking.slots({ from: '2026-12-01', to: '2026-12-02', nowMs: NOW });
    // 40 minutes then the 20-minute buffer, inside 10:00 to 14:00; nothing on Wednesday.
    expect(times(slots)).toEqual([
      '2026-12-01T10:00',
      '2026-12-01T11:00',
      '2026-12-01T12:00',
      '2026-12-01T13:00',
    ]);
    expect(slots[0]).toMatchObject({
      counsellorId: 'c1',
      bookingCutoffMs: jst('2026-11-30T17:00'),
    });
    expect((await booking.availability('c1')).rules.map((r) => r.id)).toEqual([ruleId]);
    expect((await booking.availability('c2')).rules).toEqual([]);
  });

  it('refuses an invalid rule text with the domain reason and stores nothing', async () => {
    const { db, booking } = setup();
    const text = 'DTSTART;TZID=Europe/London:20261201T100000\nRRULE:FREQ=WEEKLY;BYDAY=TU';
    const parse = parseAvailabilityRule(text);
    expect(parse.ok).toBe(false);
    const result = await booking.saveRule(
      { counsellorId: 'c1', rule: text, durationMinutes: 60 },
      NOW,
    );
    expect(result).toEqual({ ok: false, field: 'rule', problem: !parse.ok && parse.problem });
    const badDuration = await booking.saveRule(
      { counsellorId: 'c1', rule: TUE_THU, durationMinutes: 0 },
      NOW,
    );
    expect(badDuration).toMatchObject({ ok: false, field: 'durationMinutes' });
    const badDates = await booking.saveRule(
      {
        counsellorId: 'c1',
        rule: TUE_THU,
        durationMinutes: 60,
        validFrom: '2026-12-10',
        validUntil: '2026-12-01',
      },
      NOW,
    );
    expect(badDates).toMatchObject({ ok: false, field: 'validUntil' });
    expect(await db.availabilityRules.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses a rule the sync contract cannot carry (the domain accepts it), and stores nothing', async () => {
    const { db, booking } = setup();
    // A valid rule, longer than the 500 characters a rule may have on the wire.
    const long = `DTSTART;TZID=Asia/Tokyo:20261201T100000\nRRULE:FREQ=WEEKLY;BYDAY=${Array(160)
      .fill('TU')
      .join(',')}`;
    expect(parseAvailabilityRule(long).ok).toBe(true);
    const result = await booking.saveRule(
      { counsellorId: 'c1', rule: long, durationMinutes: 60 },
      NOW,
    );
    expect(result).toMatchObject({ ok: false, field: 'rule' });
    expect(await db.availabilityRules.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('updates a rule with a raised version, and a soft-deleted rule gives no slots', async () => {
    const { db, booking, ruleId } = await withRule();
    const later = NOW + 60_000;
    const updated = await booking.saveRule(
      {
        id: ruleId,
        counsellorId: 'c1',
        rule: TUE_THU,
        durationMinutes: 60,
        validFrom: '2026-12-03',
      },
      later,
    );
    expect(updated).toMatchObject({
      ok: true,
      record: {
        id: ruleId,
        version: 2,
        durationMinutes: 60,
        validFrom: '2026-12-03',
        updatedAt: later,
      },
    });
    const slots = await booking.slots({ from: '2026-12-01', to: '2026-12-03', nowMs: NOW });
    expect(times(slots)).toEqual(['2026-12-03T10:00']);

    const deleted = await booking.deleteRule(ruleId, later + 1);
    expect(deleted).toMatchObject({ version: 3, deletedAt: later + 1 });
    expect(await booking.deleteRule(ruleId, later + 2)).toBeNull();
    expect(await booking.slots({ from: '2026-12-01', to: '2026-12-31', nowMs: NOW })).toEqual([]);
    expect((await booking.availability()).rules).toEqual([]);
    expect((await booking.bookingData()).rules).toEqual([]);
    expect(await db.availabilityRules.count()).toBe(1); // soft: the record stays for sync
    expect(await mutations(db)).toEqual([
      ['availability.putRule', { rule: expect.objectContaining({ id: ruleId, validFrom: null }) }],
      [
        'availability.putRule',
        {
          rule: expect.objectContaining({
            id: ruleId,
            createdAt: NOW,
            durationMinutes: 60,
            validFrom: '2026-12-03',
          }),
        },
      ],
      ['availability.removeRule', { ruleId }],
    ]);
    const refused = await booking.saveRule(
      { id: ruleId, counsellorId: 'c1', rule: TUE_THU, durationMinutes: 60 },
      later + 3,
    );
    expect(refused).toMatchObject({ ok: false, field: 'id' });
    const decision = await booking.book({
      counsellorId: 'c1',
      participantId: 'p1',
      startMs: jst('2026-12-03T10:00'),
      nowMs: NOW,
    });
    expect(decision).toMatchObject({ ok: false, problems: [{ kind: 'outside-availability' }] });
  });

  it('checks and applies exceptions: days off and extra windows', async () => {
    const { db, booking } = await withRule();
    expect(
      await booking.addException({ counsellorId: 'c1', date: '2026-02-30', kind: 'day-off' }, NOW),
    ).toMatchObject({ ok: false, field: 'date' });
    expect(
      await booking.addException(
        {
          counsellorId: 'c1',
          date: '2026-12-02',
          kind: 'extra-window',
          start: '15:00',
          end: '14:00',
        },
        NOW,
      ),
    ).toMatchObject({ ok: false, field: 'end' });
    expect(
      await booking.addException(
        {
          counsellorId: 'c1',
          date: '2026-12-02',
          kind: 'extra-window',
          start: '9:00',
          end: '14:00',
        },
        NOW,
      ),
    ).toMatchObject({ ok: false, field: 'start' });
    expect(await db.availabilityExceptions.count()).toBe(0);

    const dayOff = await booking.addException(
      { counsellorId: 'c1', date: '2026-12-01', kind: 'day-off' },
      NOW,
    );
    const extra = await booking.addException(
      {
        counsellorId: 'c1',
        date: '2026-12-02',
        kind: 'extra-window',
        start: '14:00',
        end: '15:00',
      },
      NOW,
    );
    expect(dayOff).toMatchObject({ ok: true, record: { start: null, end: null, version: 1 } });
    expect(extra).toMatchObject({ ok: true, record: { start: '14:00', end: '15:00' } });
    const slots = await booking.slots({ from: '2026-12-01', to: '2026-12-02', nowMs: NOW });
    expect(times(slots)).toEqual(['2026-12-02T14:00']);
    expect((await booking.availability('c1')).exceptions.map((e) => e.date)).toEqual([
      '2026-12-01',
      '2026-12-02',
    ]);

    if (!dayOff.ok) throw new Error('unreachable');
    expect(await booking.deleteException(dayOff.record.id, NOW + 1)).toMatchObject({ version: 2 });
    const after = await booking.slots({ from: '2026-12-01', to: '2026-12-01', nowMs: NOW });
    expect(after).toHaveLength(4);
    if (!extra.ok) throw new Error('unreachable');
    const wire = { createdAt: NOW, counsellorId: 'c1', sourceHash: null };
    expect((await mutations(db)).slice(1)).toEqual([
      [
        'availability.putException',
        {
          exception: {
            ...wire,
            id: dayOff.record.id,
            date: '2026-12-01',
            kind: 'day-off',
            start: null,
            end: null,
          },
        },
      ],
      [
        'availability.putException',
        {
          exception: {
            ...wire,
            id: extra.record.id,
            date: '2026-12-02',
            kind: 'extra-window',
            start: '14:00',
            end: '15:00',
          },
        },
      ],
      ['availability.removeException', { exceptionId: dayOff.record.id }],
    ]);
  });
});

describe('booking repository: sessions', () => {
  it('books a session with its mutation, and the slot is gone', async () => {
    const { db, booking } = await withRule();
    const startMs = jst('2026-12-01T10:00');
    const decision = await booking.book({
      counsellorId: 'c1',
      participantId: 'p1',
      startMs,
      nowMs: NOW,
    });
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(await db.sessions.get(decision.session.id)).toMatchObject({
      counsellorId: 'c1',
      participantId: 'p1',
      startMs,
      outcome: 'scheduled',
      cancelledAtMs: null,
      version: 1,
      createdAt: NOW,
    });
    expect(await sessionMutations(db, decision.session.id)).toEqual([
      [
        'session.book',
        { sessionId: decision.session.id, participantId: 'p1', counsellorId: 'c1', startMs },
      ],
    ]);
    const slots = await booking.slots({ from: '2026-12-01', to: '2026-12-01', nowMs: NOW });
    expect(times(slots)).toEqual(['2026-12-01T11:00', '2026-12-01T12:00', '2026-12-01T13:00']);
    expect((await booking.bookingData()).sessions).toEqual([decision.session]);
  });

  it('refuses a double booking and stores nothing', async () => {
    const { db, booking } = await withRule();
    const startMs = jst('2026-12-01T10:00');
    await booking.book({ counsellorId: 'c1', participantId: 'p1', startMs, nowMs: NOW });
    const outboxBefore = await db.outbox.count();
    const clash = await booking.book({
      counsellorId: 'c1',
      participantId: 'p2',
      startMs: startMs + 30 * 60_000,
      nowMs: NOW,
    });
    expect(clash).toMatchObject({
      ok: false,
      problems: [{ kind: 'counsellor-double-booked', bufferMinutes: 20 }],
    });
    expect(await db.sessions.count()).toBe(1);
    expect(await db.outbox.count()).toBe(outboxBefore);
  });

  it('lets only one of two bookings made at once take the same time', async () => {
    const { db, booking } = await withRule();
    const startMs = jst('2026-12-01T11:00');
    const decisions = await Promise.all(
      ['p1', 'p2', 'p3'].map((participantId) =>
        booking.book({ counsellorId: 'c1', participantId, startMs, nowMs: NOW }),
      ),
    );
    expect(decisions.filter((d) => d.ok)).toHaveLength(1);
    expect(await db.sessions.count()).toBe(1);
  });

  it('refuses an 8th session in a quota year, saying when the quota renews', async () => {
    const { booking } = await withRule();
    // Seven Tuesdays and Thursdays in December 2026 (fiscal year 2026: April 2026 to March 2027).
    const days = ['01', '03', '08', '10', '15', '17', '22'];
    for (const day of days) {
      const decision = await booking.book({
        counsellorId: 'c1',
        participantId: 'p1',
        startMs: jst(`2026-12-${day}T10:00`),
        nowMs: NOW,
      });
      expect(decision.ok).toBe(true);
    }
    expect(await booking.quota('p1', NOW)).toMatchObject({ used: 7, remaining: 0, limit: 7 });
    const eighth = await booking.book({
      counsellorId: 'c1',
      participantId: 'p1',
      startMs: jst('2026-12-24T10:00'),
      nowMs: NOW,
    });
    expect(eighth.ok).toBe(false);
    if (eighth.ok) return;
    expect(eighth.problems).toEqual([
      {
        kind: 'quota-exhausted',
        participantId: 'p1',
        limit: 7,
        used: 7,
        periodStart: '2026-04-01',
        periodEnd: '2027-03-31',
        renewsOn: '2027-04-01',
      },
    ]);
    expect(describeBookingProblem(eighth.problems[0])).toContain('2027-04-01');
    expect(await booking.sessions({ participantId: 'p1' })).toHaveLength(7);
  });

  it('cancels before the cutoff (not counted) and after it (late, counted)', async () => {
    const { db, booking } = await withRule();
    const early = await booking.book({
      counsellorId: 'c1',
      participantId: 'p1',
      startMs: jst('2026-12-03T10:00'),
      nowMs: NOW,
    });
    const late = await booking.book({
      counsellorId: 'c1',
      participantId: 'p1',
      startMs: jst('2026-12-03T11:00'),
      nowMs: NOW,
    });
    if (!early.ok || !late.ok) throw new Error('booking failed');
    expect(await booking.quota('p1', NOW)).toMatchObject({ used: 2 });

    const cancelled = await booking.cancel({ sessionId: early.session.id, nowMs: NOW });
    expect(cancelled).toMatchObject({
      ok: true,
      countsTowardQuota: false,
      session: { outcome: 'cancelled', cancelledAtMs: NOW },
    });
    expect(await db.sessions.get(early.session.id)).toMatchObject({
      outcome: 'cancelled',
      cancelledAtMs: NOW,
      version: 2,
    });

    // The cutoff of a Thursday session: 17:00 JST on Wednesday.
    const afterCutoff = jst('2026-12-02T17:01');
    const lateCancel = await booking.cancel({ sessionId: late.session.id, nowMs: afterCutoff });
    expect(lateCancel).toMatchObject({
      ok: true,
      countsTowardQuota: true,
      session: { outcome: 'late-cancelled', cancelledAtMs: afterCutoff },
    });
    expect(await db.sessions.get(late.session.id)).toMatchObject({
      outcome: 'late-cancelled',
      version: 2,
    });
    expect(await booking.quota('p1', NOW)).toMatchObject({ used: 1, remaining: 6 });

    const again = await booking.cancel({ sessionId: early.session.id, nowMs: NOW });
    expect(again).toEqual({
      ok: false,
      problems: [{ kind: 'not-scheduled', outcome: 'cancelled' }],
    });
    expect(await db.sessions.get(early.session.id)).toMatchObject({ version: 2 });
    expect((await sessionMutations(db, early.session.id)).map(([name]) => name)).toEqual([
      'session.book',
      'session.cancel',
    ]);
    expect(await sessionMutations(db, late.session.id)).toEqual([
      ['session.book', expect.any(Object)],
      ['session.cancel', { sessionId: late.session.id }],
    ]);
    await expect(booking.cancel({ sessionId: 'missing', nowMs: NOW })).rejects.toThrow(/not found/);
  });

  it('records outcomes once a session has started', async () => {
    const { db, booking } = await withRule();
    const startMs = jst('2026-12-01T10:00');
    const booked = await booking.book({
      counsellorId: 'c1',
      participantId: 'p1',
      startMs,
      nowMs: NOW,
    });
    if (!booked.ok) throw new Error('booking failed');
    const id = booked.session.id;

    const early = await booking.recordOutcome({ sessionId: id, outcome: 'completed', nowMs: NOW });
    expect(early).toEqual({ ok: false, problems: [{ kind: 'session-not-started', startMs }] });
    expect(await db.sessions.get(id)).toMatchObject({ outcome: 'scheduled', version: 1 });

    const done = await booking.recordOutcome({
      sessionId: id,
      outcome: 'no-show',
      nowMs: startMs + 45 * 60_000,
    });
    expect(done).toMatchObject({ ok: true, session: { outcome: 'no-show' } });
    const corrected = await booking.recordOutcome({
      sessionId: id,
      outcome: 'completed',
      nowMs: startMs + 50 * 60_000,
    });
    expect(corrected).toMatchObject({ ok: true, session: { outcome: 'completed' } });
    expect(await db.sessions.get(id)).toMatchObject({ outcome: 'completed', version: 3 });
    expect(await booking.quota('p1', startMs)).toMatchObject({ used: 1 });
    const cancel = await booking.cancel({ sessionId: id, nowMs: startMs + 60 * 60_000 });
    expect(cancel).toMatchObject({ ok: false, problems: [{ kind: 'not-scheduled' }] });
    // Refusals record nothing; each outcome recorded is one mutation.
    expect((await sessionMutations(db, id)).slice(1)).toEqual([
      ['session.recordOutcome', { sessionId: id, outcome: 'no-show' }],
      ['session.recordOutcome', { sessionId: id, outcome: 'completed' }],
    ]);
  });

  it('changes a session to another time, raising its version', async () => {
    const { db, booking } = await withRule();
    const booked = await booking.book({
      counsellorId: 'c1',
      participantId: 'p1',
      startMs: jst('2026-12-03T10:00'),
      nowMs: NOW,
    });
    if (!booked.ok) throw new Error('booking failed');
    const other = await booking.book({
      counsellorId: 'c1',
      participantId: 'p2',
      startMs: jst('2026-12-03T12:00'),
      nowMs: NOW,
    });
    expect(other.ok).toBe(true);
    const moved = await booking.change({
      sessionId: booked.session.id,
      startMs: jst('2026-12-03T11:00'),
      nowMs: NOW,
    });
    expect(moved).toMatchObject({ ok: true, session: { startMs: jst('2026-12-03T11:00') } });
    expect(await db.sessions.get(booked.session.id)).toMatchObject({
      startMs: jst('2026-12-03T11:00'),
      version: 2,
    });
    const clash = await booking.change({
      sessionId: booked.session.id,
      startMs: jst('2026-12-03T12:30'),
      nowMs: NOW,
    });
    expect(clash).toMatchObject({ ok: false, problems: [{ kind: 'counsellor-double-booked' }] });
    const tooLate = await booking.change({
      sessionId: booked.session.id,
      startMs: jst('2026-12-10T10:00'),
      nowMs: jst('2026-12-02T17:01'),
    });
    expect(tooLate).toMatchObject({ ok: false, problems: [{ kind: 'change-cutoff-passed' }] });
    expect(await db.sessions.get(booked.session.id)).toMatchObject({ version: 2 });
    expect((await sessionMutations(db, booked.session.id)).slice(1)).toEqual([
      ['session.change', { sessionId: booked.session.id, startMs: jst('2026-12-03T11:00') }],
    ]);
  });

  it('lists sessions by start, in a range and by counsellor or participant', async () => {
    const { booking } = await withRule();
    for (const [participantId, at] of [
      ['p2', '2026-12-03T10:00'],
      ['p1', '2026-12-01T10:00'],
      ['p1', '2026-12-08T10:00'],
    ] as const) {
      await booking.book({ counsellorId: 'c1', participantId, startMs: jst(at), nowMs: NOW });
    }
    const starts = (list: { startMs: number }[]) => times(list);
    expect(starts(await booking.sessions())).toEqual([
      '2026-12-01T10:00',
      '2026-12-03T10:00',
      '2026-12-08T10:00',
    ]);
    expect(
      starts(
        await booking.sessions({ fromMs: jst('2026-12-01T10:00'), toMs: jst('2026-12-08T10:00') }),
      ),
    ).toEqual(['2026-12-01T10:00', '2026-12-03T10:00']);
    expect(
      starts(await booking.sessions({ fromMs: jst('2026-12-02T00:00'), participantId: 'p1' })),
    ).toEqual(['2026-12-08T10:00']);
    expect(await booking.sessions({ counsellorId: 'c2' })).toEqual([]);
  });

  it('asks the rules getter at each call (settings can change)', async () => {
    let current = RULES;
    const db = freshDatabase();
    const booking = createBookingRepository(db, cipher, () => current);
    await booking.saveRule({ counsellorId: 'c1', rule: TUE_THU, durationMinutes: 240 }, NOW);
    const settings = { ...DEFAULT_ORGANISATION_SETTINGS, sessionBufferMinutes: 0 };
    current = bookingRules(settings);
    const slots = await booking.slots({ from: '2026-12-01', to: '2026-12-01', nowMs: NOW });
    expect(slots).toHaveLength(6); // 10:00, 10:40, ... 13:20
  });
});
