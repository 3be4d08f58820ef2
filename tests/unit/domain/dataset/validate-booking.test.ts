import { describe, expect, it } from 'vitest';
import {
  importDecision,
  recordContentHash,
  validateDataset,
  type Availability,
  type Session,
} from '../../../../src/domain/dataset';
import { check, dataset, participant, problemCodes, type Json } from './builders';

const RULE = 'DTSTART;TZID=Asia/Tokyo:20261130T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR';

function rule(over: Json = {}): Json {
  return { id: 'av-1', counsellorId: 'c-1', rule: RULE, durationMinutes: 180, ...over };
}

function dayOff(over: Json = {}): Json {
  return { id: 'x-1', counsellorId: 'c-1', date: '2026-12-04', kind: 'day-off', ...over };
}

function extraWindow(over: Json = {}): Json {
  return {
    id: 'x-2',
    counsellorId: 'c-1',
    date: '2026-12-05',
    kind: 'extra-window',
    start: '13:00',
    end: '15:00',
    ...over,
  };
}

function session(over: Json = {}): Json {
  return {
    id: 's-1',
    participantId: 'p-1',
    counsellorId: 'c-1',
    start: '2026-11-30T10:00:00+09:00',
    outcome: 'completed',
    ...over,
  };
}

const one = (collection: string, record: Json) => check(dataset({ [collection]: [record] }));

describe('validateDataset: availability', () => {
  it('accepts a rule, with or without its dates', () => {
    const result = check(
      dataset({
        availability: [
          rule(),
          rule({ id: 'av-2', validFrom: '2026-12-01', validUntil: '2026-12-01' }),
          rule({ id: 'av-3', validFrom: null, validUntil: null, durationMinutes: 1 }),
          rule({ id: 'av-4', durationMinutes: 1440, rule: RULE.replace('\n', '\r\n') }),
        ],
      }),
    );
    expect(result.invalid).toEqual([]);
    expect(result.collections.availability.valid.map((v) => v.id)).toEqual([
      'av-1',
      'av-2',
      'av-3',
      'av-4',
    ]);
  });

  it('gives the rule parser’s reason for a bad rule', () => {
    const cases: [string, string][] = [
      [
        'RRULE:FREQ=WEEKLY;BYDAY=MO',
        'has no DTSTART line (DTSTART;TZID=Asia/Tokyo:YYYYMMDDTHHMMSS)',
      ],
      [
        'DTSTART;TZID=Asia/Tokyo:20261130T100000\nRRULE:BYDAY=MO',
        'is not a valid availability rule: RRULE has no FREQ',
      ],
      [
        'DTSTART;TZID=Europe/London:20261130T100000\nRRULE:FREQ=WEEKLY',
        'is not a valid availability rule: DTSTART has TZID=Europe/London; only TZID=Asia/Tokyo is allowed (availability is in JST)',
      ],
      ['', 'is empty: write a DTSTART line and an RRULE line'],
    ];
    for (const [text, reason] of cases) {
      const result = one('availability', rule({ rule: text }));
      expect(result.invalid[0]?.problems).toEqual([
        { field: 'rule', code: 'invalid-value', message: reason },
      ]);
    }
    expect(problemCodes(one('availability', rule({ rule: 'x'.repeat(1_001) })))).toEqual({
      'availability[0]': ['rule:too-long'],
    });
  });

  it('refuses durations and dates that cannot be right, at the boundaries', () => {
    for (const durationMinutes of [0, -5, 1_441, 1.5]) {
      expect(problemCodes(one('availability', rule({ durationMinutes })))).toEqual({
        'availability[0]': ['durationMinutes:invalid-value'],
      });
    }
    expect(problemCodes(one('availability', rule({ durationMinutes: '180' })))).toEqual({
      'availability[0]': ['durationMinutes:wrong-type'],
    });
    expect(problemCodes(one('availability', rule({ durationMinutes: undefined })))).toEqual({
      'availability[0]': ['durationMinutes:missing'],
    });
    for (const validFrom of ['2026-02-30', '2026-12-1', '20261201', '1999-12-31']) {
      expect(problemCodes(one('availability', rule({ validFrom })))).toEqual({
        'availability[0]': ['validFrom:invalid-value'],
      });
    }
    const reversed = one(
      'availability',
      rule({ validFrom: '2026-12-02', validUntil: '2026-12-01' }),
    );
    expect(reversed.invalid[0]?.problems).toEqual([
      { field: 'validUntil', code: 'invalid-value', message: 'is before validFrom' },
    ]);
    expect(problemCodes(one('availability', rule({ weekdays: 'MO' })))).toEqual({
      'availability[0]': ['weekdays:unknown-field'],
    });
  });
});

describe('validateDataset: availability exceptions', () => {
  it('accepts a day off and an extra window', () => {
    const result = check(dataset({ availabilityExceptions: [dayOff(), extraWindow()] }));
    expect(result.invalid).toEqual([]);
    expect(result.collections.availabilityExceptions.valid.map((v) => v.record.kind)).toEqual([
      'day-off',
      'extra-window',
    ]);
  });

  it('needs start before end on an extra window, and none on a day off', () => {
    expect(problemCodes(one('availabilityExceptions', extraWindow({ end: '13:00' })))).toEqual({
      'availabilityExceptions[0]': ['end:invalid-value'],
    });
    expect(problemCodes(one('availabilityExceptions', extraWindow({ end: '12:59' })))).toEqual({
      'availabilityExceptions[0]': ['end:invalid-value'],
    });
    expect(one('availabilityExceptions', extraWindow({ end: '13:01' })).invalid).toEqual([]);
    expect(
      problemCodes(one('availabilityExceptions', extraWindow({ start: '24:00', end: undefined }))),
    ).toEqual({ 'availabilityExceptions[0]': ['start:invalid-value', 'end:missing'] });
    const withTimes = one('availabilityExceptions', dayOff({ start: '10:00' }));
    expect(withTimes.invalid[0]?.problems).toEqual([
      {
        field: 'start',
        code: 'unknown-field',
        message:
          'cannot be on a day off: only an extra window ("kind": "extra-window") has a start and an end',
      },
    ]);
  });

  it('says what kind an exception must be, and still checks its other fields', () => {
    expect(
      problemCodes(one('availabilityExceptions', dayOff({ kind: 'holiday', date: 'soon' }))),
    ).toEqual({ 'availabilityExceptions[0]': ['kind:invalid-value', 'date:invalid-value'] });
    expect(problemCodes(one('availabilityExceptions', dayOff({ kind: undefined })))).toEqual({
      'availabilityExceptions[0]': ['kind:missing'],
    });
  });
});

describe('validateDataset: sessions', () => {
  it('accepts every outcome, with cancelledAt only when cancelled', () => {
    const result = check(
      dataset({
        sessions: [
          session(),
          session({ id: 's-2', outcome: 'scheduled', start: '2027-01-05T10:00:00Z' }),
          session({ id: 's-3', outcome: 'no-show', cancelledAt: null }),
          session({ id: 's-4', outcome: 'cancelled', cancelledAt: '2026-11-27T12:00:00+09:00' }),
          session({
            id: 's-5',
            outcome: 'late-cancelled',
            cancelledAt: '2026-11-30T10:00:00+09:00',
          }),
        ],
      }),
    );
    expect(result.invalid).toEqual([]);
    expect(result.collections.sessions.valid[3]).toMatchObject({
      startMs: Date.parse('2026-11-30T10:00:00+09:00'),
      cancelledAtMs: Date.parse('2026-11-27T12:00:00+09:00'),
    });
    expect(result.collections.sessions.valid[0]?.cancelledAtMs).toBeNull();
  });

  it('takes a channel and, on a completed session, the minutes it was held', () => {
    const codes = (over: Json) => problemCodes(one('sessions', session(over)));
    expect(
      one('sessions', session({ outcome: 'completed', channel: 'phone', durationMinutes: 38 }))
        .invalid,
    ).toEqual([]);
    expect(codes({ channel: 'zoom' })).toEqual({ 'sessions[0]': ['channel:invalid-value'] });
    expect(codes({ outcome: 'completed', durationMinutes: 0 })).toEqual({
      'sessions[0]': ['durationMinutes:invalid-value'],
    });
    expect(codes({ outcome: 'completed', durationMinutes: 40.5 })).toEqual({
      'sessions[0]': ['durationMinutes:wrong-type'],
    });
    const onNoShow = one('sessions', session({ outcome: 'no-show', durationMinutes: 40 }));
    expect(onNoShow.invalid[0]?.problems).toEqual([
      {
        field: 'durationMinutes',
        code: 'invalid-value',
        message:
          'cannot be on a session with outcome "no-show": only a completed session has a duration',
      },
    ]);
  });

  it('refuses a start that is not an instant, and an unknown outcome', () => {
    const codes = (over: Json) => problemCodes(one('sessions', session(over)));
    expect(codes({ start: '2026-11-30T10:00:00' })).toEqual({
      'sessions[0]': ['start:invalid-value'],
    });
    expect(codes({ start: '2026-11-30' })).toEqual({ 'sessions[0]': ['start:invalid-value'] });
    expect(codes({ start: 1_764_464_400_000 })).toEqual({ 'sessions[0]': ['start:wrong-type'] });
    expect(codes({ outcome: 'done' })).toEqual({ 'sessions[0]': ['outcome:invalid-value'] });
    expect(codes({ outcome: undefined })).toEqual({ 'sessions[0]': ['outcome:missing'] });
  });

  it('needs cancelledAt exactly when cancelled, not after the start', () => {
    const problems = (over: Json) => one('sessions', session(over)).invalid[0]?.problems;
    expect(problems({ outcome: 'cancelled' })).toEqual([
      {
        field: 'cancelledAt',
        code: 'missing',
        message: 'is missing: a session with outcome "cancelled" says when it was cancelled',
      },
    ]);
    expect(problems({ cancelledAt: '2026-11-29T10:00:00+09:00' })?.[0]?.code).toBe('invalid-value');
    // At the start is still a cancellation; a millisecond later it is not.
    expect(
      problems({ outcome: 'late-cancelled', cancelledAt: '2026-11-30T01:00:00Z' }),
    ).toBeUndefined();
    expect(
      problems({ outcome: 'late-cancelled', cancelledAt: '2026-11-30T01:00:00.001Z' })?.[0],
    ).toMatchObject({ field: 'cancelledAt', code: 'invalid-value' });
  });

  it('checks references against the file and what is stored', () => {
    const document = dataset({
      participants: [participant(), participant({ id: 'p-2', language: 'xx' })],
      availability: [rule({ counsellorId: 'c-9' })],
      availabilityExceptions: [dayOff({ counsellorId: 'c-9' })],
      sessions: [
        session({ participantId: 'p-2' }),
        session({ id: 's-2', participantId: 'p-3', counsellorId: 'c-9' }),
        session({ id: 's-3', participantId: 'p-stored', counsellorId: 'c-stored' }),
      ],
    });
    const result = check(document, {
      known: { participants: new Set(['p-stored']), counsellors: new Set(['c-stored']) },
    });
    expect(problemCodes(result)).toEqual({
      'participants[1]': ['language:invalid-value'],
      'availability[0]': ['counsellorId:unknown-reference'],
      'availabilityExceptions[0]': ['counsellorId:unknown-reference'],
      'sessions[0]': ['participantId:invalid-reference'],
      'sessions[1]': ['participantId:unknown-reference', 'counsellorId:unknown-reference'],
    });
    expect(result.collections.sessions.valid.map((v) => v.id)).toEqual(['s-3']);
  });

  it('refuses duplicate ids within a collection only', () => {
    const result = check(
      dataset({
        availability: [rule({ id: 'same' })],
        availabilityExceptions: [dayOff({ id: 'same' }), extraWindow({ id: 'same' })],
        sessions: [session({ id: 'same' }), session({ id: 'same' })],
      }),
    );
    expect(problemCodes(result)).toEqual({
      'availabilityExceptions[1]': ['id:duplicate-id'],
      'sessions[1]': ['id:duplicate-id'],
    });
  });

  it('with nowMs, refuses outcomes and cancellations from the future, not a scheduled session', () => {
    const nowMs = Date.parse('2026-12-01T00:00:00+09:00');
    const result = check(
      dataset({
        sessions: [
          session({ id: 's-1', outcome: 'scheduled', start: '2026-12-10T10:00:00+09:00' }),
          session({ id: 's-2', outcome: 'completed', start: '2026-12-10T10:00:00+09:00' }),
          session({ id: 's-3', outcome: 'no-show', start: '2026-12-10T10:00:00+09:00' }),
          session({
            id: 's-4',
            outcome: 'cancelled',
            start: '2026-12-10T10:00:00+09:00',
            cancelledAt: '2026-12-02T10:00:00+09:00',
          }),
          session({ id: 's-5', outcome: 'completed', start: '2026-11-30T23:20:00+09:00' }),
        ],
      }),
      { nowMs },
    );
    expect(problemCodes(result)).toEqual({
      'sessions[1]': ['start:in-the-future'],
      'sessions[2]': ['start:in-the-future'],
      'sessions[3]': ['cancelledAt:in-the-future'],
    });
  });
});

describe('idempotency of availability and sessions', () => {
  it('sees the same record however it is written, and any change', () => {
    const a = rule() as unknown as Availability;
    expect(importDecision('availability', { ...a, validFrom: null }, a)).toBe('unchanged');
    expect(importDecision('availability', { ...a, durationMinutes: 120 }, a)).toBe('conflict');
    expect(importDecision('availability', { ...a, rule: `${RULE}\n` }, a)).toBe('conflict');
    const s = session({ outcome: 'cancelled', cancelledAt: '2026-11-27T12:00:00+09:00' });
    const stored = s as unknown as Session;
    const same = { ...s, start: '2026-11-30T01:00:00Z', cancelledAt: '2026-11-27T03:00:00Z' };
    expect(importDecision('sessions', same as unknown as Session, stored)).toBe('unchanged');
    expect(importDecision('sessions', { ...stored, outcome: 'late-cancelled' }, stored)).toBe(
      'conflict',
    );
    expect(importDecision('sessions', stored, undefined)).toBe('new');
    expect(recordContentHash('availabilityExceptions', dayOff() as never)).not.toBe(
      recordContentHash('availabilityExceptions', dayOff({ kind: 'extra-window' }) as never),
    );
  });

  it('counts the new collections in the totals', () => {
    const text = JSON.stringify(
      dataset({
        availability: [rule()],
        availabilityExceptions: [dayOff()],
        sessions: [session()],
      }),
    );
    expect(validateDataset(text)).toMatchObject({
      ok: true,
      counts: { records: 5, valid: 5, invalid: 0 },
    });
  });
});
