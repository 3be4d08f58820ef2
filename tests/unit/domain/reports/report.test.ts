import { describe, expect, it } from 'vitest';
import {
  REPORT_MEASURES,
  REPORT_PERIOD_PATTERN,
  REPORT_TOKEN_PATTERN,
  TOPIC_CATEGORIES,
  auditPublishedReport,
  buildReport,
  nearestRank,
} from '../../../../src/domain/reports';
import {
  at,
  build,
  calendar,
  emptyInput,
  message,
  people,
  rawOf,
  reply,
  session,
  valueOf,
} from './helpers';

/**
 * November 2026 (Culture Day, Tue 3 November, is a holiday), T = 5:
 * - six English-speaking participants write on Mon 2 Nov 10:00 JST (deadline Fri 6 Nov 21:30):
 *   four answered Wed 4 Nov 11:00 (13 service hours), one at the deadline itself (47.5 h, on
 *   time), one on Mon 9 Nov 10:00 (48 h, late);
 * - five Japanese-speaking participants write on Sat 7 Nov 12:00 (receipt day Mon 9 Nov),
 *   answered Mon 9 Nov 12:00 (2.5 service hours).
 */
function november() {
  const en = people(6, 'en');
  const ja = people(5, 'ja');
  const messages = [];
  const answers = [
    '2026-11-04T11:00:00+09:00',
    '2026-11-04T11:00:00+09:00',
    '2026-11-04T11:00:00+09:00',
    '2026-11-04T11:00:00+09:00',
    '2026-11-06T21:30:00+09:00',
    '2026-11-09T10:00:00+09:00',
  ];
  for (const [i, p] of en.entries()) {
    const m = message(p.id, '2026-11-02T10:00:00+09:00');
    messages.push(m, reply(m, answers[i]!));
  }
  for (const p of ja) {
    const m = message(p.id, '2026-11-07T12:00:00+09:00');
    messages.push(m, reply(m, '2026-11-09T12:00:00+09:00', 'c-2'));
  }
  return emptyInput({ participants: [...en, ...ja], messages });
}

describe('buildReport: counts, deadlines and answer times', () => {
  it('counts messages received, answered and answered on time by the business calendar', () => {
    const { report, published } = build(november(), {
      from: '2026-11',
      to: '2026-11',
      threshold: 5,
    });
    // The counts as counted (11 answered and 10 on time publish a difference of 1: issue 13).
    const v = (measure: string, category = 'all') => rawOf(report, '2026-11', measure, category);
    expect(v('messages-received')).toBe(11);
    expect(v('messages-answered')).toBe(11);
    // The one answered on Mon 9 Nov is late; the one at Fri 21:30 (the deadline) is on time.
    expect(v('messages-answered-on-time')).toBe(10);
    expect(v('on-time-share')).toBeCloseTo(10 / 11, 9);
    // One late answer: answered and on time are not both published, nor the share made of them.
    const shown = (measure: string) => valueOf(published, '2026-11', measure);
    expect([shown('messages-answered'), shown('messages-answered-on-time')]).toContain('*');
    expect(shown('on-time-share')).toBe('*');
    // Service hours: 2.5 (x5), 13 (x4), 47.5, 48; nearest rank: 6th of 11, 10th of 11.
    expect(v('answer-hours-median')).toBe(13);
    expect(v('answer-hours-p90')).toBe(47.5);
    expect(v('messages-received', 'language:en')).toBe(6);
    expect(v('messages-received', 'language:ja')).toBe(5);
    expect(v('messages-answered-on-time', 'language:en')).toBe(5);
    expect(v('messages-over-limit')).toBe(0);
    expect(v('participants')).toBe(11);
    expect(v('participants', 'language:ja')).toBe(5);
    // No thread has tags: no message is under any topic, and there is no "no topic" category.
    expect(v('messages-received', 'topic:work-stress')).toBe(0);
    expect(published.rows.some((r) => r.category === 'topic:none')).toBe(false);
    expect(v('sessions')).toBe(0);
  });

  it('does not count a reply sent after now', () => {
    const { published } = build(november(), {
      from: '2026-11',
      to: '2026-11',
      threshold: 5,
      nowMs: at('2026-11-05T00:00:00+09:00'),
    });
    expect(valueOf(published, '2026-11', 'messages-received')).toBe(11);
    // Only the four answered on Wed 4 Nov are answered at now (fewer than T: suppressed).
    expect(valueOf(published, '2026-11', 'messages-answered')).toBe('*');
  });

  it('counts a message in the JST month it was received, whatever the zone it was written in', () => {
    const participants = people(5);
    const messages = participants.map((p) => message(p.id, '2026-10-31T15:30:00Z')); // 1 Nov 00:30 JST
    const { published } = build(emptyInput({ participants, messages }), {
      from: '2026-10',
      to: '2026-11',
      threshold: 5,
    });
    expect(valueOf(published, '2026-10', 'messages-received')).toBe(0);
    expect(valueOf(published, '2026-11', 'messages-received')).toBe(5);
  });

  it('counts sessions by outcome, never a session still scheduled, and by language', () => {
    const en = people(10, 'en');
    const sessions = [
      ...en.slice(0, 6).map((p) => session(p.id, '2026-11-04T10:00:00+09:00', 'completed')),
      ...en.slice(6, 10).map((p) => session(p.id, '2026-11-05T10:00:00+09:00', 'cancelled')),
      session(en[0]!.id, '2026-11-30T10:00:00+09:00', 'scheduled'),
    ];
    const { published } = build(emptyInput({ participants: en, sessions }), {
      from: '2026-11',
      to: '2026-11',
      threshold: 5,
    });
    expect(valueOf(published, '2026-11', 'sessions')).toBe(10);
    // 4 cancelled (< T): suppressed, and the smallest other nonzero cell of its line with it
    // (6 completed, smaller than the total 10); zeros are shown.
    expect(valueOf(published, '2026-11', 'sessions', 'outcome:cancelled')).toBe('*');
    expect(valueOf(published, '2026-11', 'sessions', 'outcome:completed')).toBe('*');
    expect(valueOf(published, '2026-11', 'sessions', 'outcome:late-cancelled')).toBe(0);
    expect(valueOf(published, '2026-11', 'sessions', 'language:en')).toBe(10);
    expect(valueOf(published, '2026-11', 'participants')).toBe(10);
  });

  it('counts a thread under each topic of its tags, through the vocabulary, never as typed', () => {
    const participants = people(6);
    const messages = participants.map((p, i) =>
      message(p.id, '2026-11-02T10:00:00+09:00', { threadId: `t-${i}` }),
    );
    const threads = participants.map((_, i) => ({
      id: `t-${i}`,
      tags: i < 5 ? ['Work', '孤独', 'Spoke about her landlord Mr Tanaka'] : [],
    }));
    const { report, published } = build(emptyInput({ participants, messages, threads }), {
      from: '2026-11',
      to: '2026-11',
      threshold: 5,
    });
    expect(rawOf(report, '2026-11', 'messages-received', 'topic:work-stress')).toBe(5);
    expect(rawOf(report, '2026-11', 'messages-received', 'topic:other')).toBe(5);
    // 6 messages, 5 about work: publishing both would say 1 was about something else.
    expect([
      valueOf(published, '2026-11', 'messages-received'),
      valueOf(published, '2026-11', 'messages-received', 'topic:work-stress'),
    ]).toContain('*');
    // The thread without tags is under no topic; topics are not a sum line, so the zeros stay.
    expect(published.rows.some((r) => r.category === 'topic:none')).toBe(false);
    expect(rawOf(report, '2026-11', 'messages-received', 'topic:isolation')).toBe(5);
    expect(valueOf(published, '2026-11', 'messages-received', 'topic:housing')).toBe(0);
    expect(report.categories['messages-received']).toEqual(
      expect.arrayContaining([...TOPIC_CATEGORIES]),
    );
    const text = JSON.stringify(published);
    expect(text).not.toMatch(/landlord|Tanaka|Work|孤独/);
  });

  it('breaks answers down by counsellor when asked, by alias only, and never what was received', () => {
    const participants = people(15);
    const messages = participants.flatMap((p, i) => {
      const m = message(p.id, '2026-11-02T10:00:00+09:00');
      if (i >= 10) return [m]; // never answered
      return [m, reply(m, '2026-11-04T11:00:00+09:00', i < 5 ? 'c-1' : '01HZX Counsellor')];
    });
    const { report, published } = build(emptyInput({ participants, messages }), {
      from: '2026-11',
      to: '2026-11',
      threshold: 5,
      byCounsellor: true,
    });
    // Sorted ids: '01HZX Counsellor' is counsellor:1, 'c-1' counsellor:2.
    expect(report.categories['messages-answered']).toEqual(
      expect.arrayContaining(['counsellor:1', 'counsellor:2', 'counsellor:none']),
    );
    expect(valueOf(published, '2026-11', 'messages-answered', 'counsellor:2')).toBe(5);
    expect(valueOf(published, '2026-11', 'messages-answered', 'counsellor:1')).toBe(5);
    expect(valueOf(published, '2026-11', 'messages-answered', 'counsellor:none')).toBe(0);
    // Received (and over-limit) by counsellor would tie answered[c] = received[c]: not published.
    for (const m of ['messages-received', 'messages-over-limit'] as const)
      expect(report.categories[m]?.some((c) => c.startsWith('counsellor:'))).toBe(false);
    expect(JSON.stringify(published)).not.toMatch(/01HZX|c-1/);
    const plain = build(emptyInput({ participants, messages }), {
      from: '2026-11',
      to: '2026-11',
      threshold: 5,
    });
    expect(plain.published.rows.some((r) => r.category.startsWith('counsellor:'))).toBe(false);
  });

  it('leaves soft-deleted records out', () => {
    const participants = people(5);
    const messages = participants.map((p) => message(p.id, '2026-11-02T10:00:00+09:00'));
    const deleted = { ...message('p-en-1', '2026-11-02T10:00:00+09:00'), deletedAt: 1 };
    const { published } = build(emptyInput({ participants, messages: [...messages, deleted] }), {
      from: '2026-11',
      to: '2026-11',
      threshold: 5,
    });
    expect(valueOf(published, '2026-11', 'messages-received')).toBe(5);
  });

  it('refuses a threshold below 5, and months out of order', () => {
    expect(() => build(november(), { from: '2026-11', to: '2026-11', threshold: 4 })).toThrow(
      RangeError,
    );
    expect(() => build(november(), { from: '2026-12', to: '2026-11' })).toThrow('from is after to');
    expect(() => build(november(), { from: '2026-13', to: '2026-14' })).toThrow(RangeError);
  });

  it('defaults the threshold to 10', () => {
    const { report } = build(november(), { from: '2026-11', to: '2026-11' });
    expect(report.threshold).toBe(10);
  });
});

describe('buildReport: suppression (DOMAIN.md section 7)', () => {
  it('suppresses a cell with many events from few participants, and a second cell of its line', () => {
    // English: 4 participants with 3 messages each (12 events, 4 people); Japanese: 10 with one.
    const en = people(4, 'en');
    const ja = people(10, 'ja');
    const messages = [
      ...en.flatMap((p) => [1, 2, 3].map(() => message(p.id, '2026-11-02T10:00:00+09:00'))),
      ...ja.map((p) => message(p.id, '2026-11-02T10:00:00+09:00')),
    ];
    const { report, published } = build(emptyInput({ participants: [...en, ...ja], messages }), {
      from: '2026-11',
      to: '2026-11',
      threshold: 5,
    });
    const cell = report.cells.find(
      (c) => c.measure === 'messages-received' && c.category === 'language:en',
    )!;
    expect(cell).toMatchObject({ raw: 12, participants: 4, status: 'primary', value: '*' });
    // Its line (en + ja = all): the smaller of ja (10) and all (22) goes with it.
    expect(valueOf(published, '2026-11', 'messages-received', 'language:ja')).toBe('*');
    expect(valueOf(published, '2026-11', 'messages-received')).toBe(22);
  });

  it('shows zero, and publishes no share or answer time from a count below T', () => {
    const participants = people(6);
    const messages = participants.flatMap((p, i) => {
      const m = message(p.id, '2026-11-02T10:00:00+09:00');
      return i < 4 ? [m, reply(m, '2026-11-04T11:00:00+09:00')] : [m];
    });
    const { report, published } = build(emptyInput({ participants, messages }), {
      from: '2026-11',
      to: '2026-11',
      threshold: 5,
    });
    expect(valueOf(published, '2026-11', 'messages-over-limit')).toBe(0);
    expect(valueOf(published, '2026-11', 'messages-answered')).toBe('*');
    expect(valueOf(published, '2026-11', 'on-time-share')).toBe('*');
    expect(valueOf(published, '2026-11', 'answer-hours-median')).toBe('*');
    // The preview keeps the figure; only the published value is the marker.
    const share = report.cells.find((c) => c.measure === 'on-time-share' && c.category === 'all')!;
    expect(share).toMatchObject({ raw: 1, status: 'not-published' });
  });

  it('publishes a span as the sum of its months, and protects a suppressed month in it', () => {
    // Apr to Jun 2026: 20 messages a month, but only 3 in May from Japanese speakers.
    const en = people(20, 'en');
    const ja = people(3, 'ja');
    const messages = [
      ...['04', '05', '06'].flatMap((mm) =>
        en.map((p) => message(p.id, `2026-${mm}-08T10:00:00+09:00`)),
      ),
      ...ja.map((p) => message(p.id, '2026-05-13T10:00:00+09:00')),
    ];
    const { published } = build(emptyInput({ participants: [...en, ...ja], messages }), {
      from: '2026-04',
      to: '2026-06',
      threshold: 5,
    });
    const span = '2026-04..2026-06';
    expect(valueOf(published, span, 'messages-received')).toBe(63);
    expect(valueOf(published, '2026-05', 'messages-received', 'language:ja')).toBe('*');
    const audit = auditPublishedReport(published);
    expect(audit.problems).toEqual([]);
    // Every suppressed count can take at least two values.
    for (const cell of audit.cells)
      expect(cell.upper === null || cell.upper > cell.lower).toBe(true);
  });
});

describe('buildReport: periods and the published form', () => {
  it('lists months, quarters, the fiscal year to date and the whole period', () => {
    const { report } = build(november(), { from: '2026-02', to: '2026-11', threshold: 5 });
    expect(report.periods.map((p) => p.token)).toEqual([
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-02..2026-03',
      '2026-04..2026-06',
      '2026-07..2026-09',
      '2026-10..2026-11',
      '2026-04..2026-11',
      '2026-02..2026-11',
    ]);
    expect(report.periods.find((p) => p.token === '2026-02..2026-03')!.spanKinds).toEqual([
      'quarter',
      'fiscal-year',
    ]);
  });

  it('publishes only slugs, periods of whole months and numbers or the marker', () => {
    const { published } = build(november(), { from: '2026-10', to: '2026-12', threshold: 5 });
    expect(published).toMatchObject({
      format: 'counsellor-workstation.report',
      version: 1,
      from: '2026-10',
      to: '2026-12',
      threshold: 5,
    });
    for (const row of published.rows) {
      expect(Object.keys(row).sort()).toEqual(['category', 'measure', 'period', 'value']);
      expect(row.period).toMatch(REPORT_PERIOD_PATTERN);
      expect(row.measure).toMatch(REPORT_TOKEN_PATTERN);
      expect(row.category).toMatch(REPORT_TOKEN_PATTERN);
      expect(row.value === '*' || Number.isFinite(row.value)).toBe(true);
      expect(REPORT_MEASURES).toContain(row.measure);
    }
    expect(auditPublishedReport(published).ok).toBe(true);
  });

  it('has no cap-* measures without claims, and counts claims and subsidies with them', () => {
    const { report } = build(november(), { from: '2026-11', to: '2026-11', threshold: 5 });
    expect(report.measures).not.toContain('cap-claims');
    const claims = Array.from({ length: 6 }, (_, i) => ({
      id: `cl-${i}`,
      participantId: `p-en-${i + 1}`,
      counsellingDate: '2026-11-10',
      provider: 'A clinic',
      costYen: 8_001,
      createdAtMs: i,
    }));
    const withClaims = build(
      { ...november(), claims },
      { from: '2026-11', to: '2026-11', threshold: 5 },
    );
    expect(valueOf(withClaims.published, '2026-11', 'cap-claims')).toBe(6);
    expect(valueOf(withClaims.published, '2026-11', 'cap-subsidy-yen')).toBe(6 * 4_000);
    expect(JSON.stringify(withClaims.published)).not.toContain('clinic');
    // Four claims: fewer than T, suppressed with their yen.
    const few = build(
      { ...november(), claims: claims.slice(0, 4) },
      { from: '2026-11', to: '2026-11', threshold: 5 },
    );
    expect(valueOf(few.published, '2026-11', 'cap-claims')).toBe('*');
    expect(valueOf(few.published, '2026-11', 'cap-subsidy-yen')).toBe('*');
  });

  it('refuses bad claims, naming the field', () => {
    const claims = [
      {
        id: 'cl-1',
        participantId: 'p-1',
        counsellingDate: '2026-11-31',
        provider: 'x',
        costYen: 100,
        createdAtMs: 0,
      },
    ];
    expect(() => build({ ...november(), claims }, { from: '2026-11', to: '2026-11' })).toThrow(
      /counsellingDate/,
    );
  });

  it('needs now as an instant', () => {
    expect(() =>
      buildReport(november(), { from: '2026-11', to: '2026-11', calendar, nowMs: Number.NaN }),
    ).toThrow(RangeError);
  });
});

describe('nearestRank', () => {
  it('takes the smallest value with at least q of the values at or below it', () => {
    expect(nearestRank([], 0.5)).toBeNull();
    expect(nearestRank([7], 0.9)).toBe(7);
    expect(nearestRank([1, 2, 3, 4], 0.5)).toBe(2);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
  });
});
