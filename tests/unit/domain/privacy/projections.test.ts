import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CO_MEASURES,
  SESSION_OUTCOMES,
  buildCoView,
  coViewMonths,
  maskedJetNumberOf,
  projectForCo,
  projectForCounsellor,
  projectForSupervisor,
  sameCoRelease,
} from '../../../../src/domain/privacy/projections';
import type {
  CoRow,
  CoView,
  MaskedJetNumber,
  ParticipantInput,
  SessionInput,
} from '../../../../src/domain/privacy/projections';
import {
  auditPublishedReport,
  buildReport,
  isCountMeasure,
  publish,
  type EarlierRelease,
  type ReportInput,
  type ReportMessageInput,
  type ReportSessionInput,
} from '../../../../src/domain/reports';
import { at, calendarWith } from '../calendar/helpers';

const calendar = calendarWith();

// ---------------------------------------------------------------------------------------------
// Random records shaped like the app's, with every sensitive field filled.

interface World {
  participants: (ParticipantInput & { createdAt: number })[];
  sessions: (SessionInput & { notes: string })[];
  counsellorIds: string[];
}

const jetArb = fc.stringMatching(/^20\d{9}$/);
const nameArb = fc.stringMatching(/^[A-Z][a-z]{4,10} [A-Z][a-z]{4,10}$/);
const textArb = fc.stringMatching(/^[a-z]{3,8} [a-z ]{3,30}$/);
const instantArb = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 5, 30) });
const outcomeArb = fc.constantFrom(...SESSION_OUTCOMES);

const worldArb: fc.Arbitrary<World> = fc
  .record({
    people: fc.uniqueArray(
      fc.record({
        id: fc.uuid(),
        jetNumber: fc.option(jetArb, { nil: null }),
        name: nameArb,
        email: fc.emailAddress(),
        language: fc.constantFrom('en' as const, 'ja' as const),
      }),
      { minLength: 1, maxLength: 14, selector: (p) => p.id },
    ),
    counsellorIds: fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 3 }),
    sessions: fc.array(
      fc.record({
        who: fc.nat(),
        by: fc.nat(),
        id: fc.uuid(),
        startMs: instantArb,
        outcome: outcomeArb,
        notes: textArb,
      }),
      { maxLength: 60 },
    ),
  })
  .map(({ people, counsellorIds, sessions }) => ({
    participants: people.map((p) => ({ ...p, createdAt: 0 })),
    counsellorIds,
    sessions: sessions.map((s) => ({
      id: s.id,
      participantId: people[s.who % people.length]!.id,
      counsellorId: counsellorIds[s.by % counsellorIds.length]!,
      startMs: s.startMs,
      outcome: s.outcome,
      notes: s.notes,
    })),
  }));

// ---------------------------------------------------------------------------------------------

describe('JET number masking (counsellor and supervisor)', () => {
  it.each([
    ['20123456789', '•••••••89'],
    ['20000000042', '•••••••42'],
    [' 20123456701 ', '•••••••01'],
    [null, null],
    ['', null],
    ['   ', null],
  ])('masks %j as %j', (input, expected) => {
    expect(maskedJetNumberOf(input)).toBe(expected);
  });

  it('gives full rows with the JET number masked, and drops soft-deleted records', () => {
    const participants: ParticipantInput[] = [
      {
        id: 'p1',
        jetNumber: '20123456789',
        name: 'Ann Lee',
        email: 'ann@example.jp',
        language: 'en',
      },
      { id: 'p2', jetNumber: null, name: 'Ben Ito', email: 'ben@example.jp', language: 'ja' },
      {
        id: 'p3',
        jetNumber: '20999999999',
        name: 'Gone',
        email: 'g@example.jp',
        language: 'en',
        deletedAt: 5,
      },
    ];
    const sessions: SessionInput[] = [
      { id: 's1', participantId: 'p1', counsellorId: 'c1', startMs: 1, outcome: 'completed' },
    ];
    for (const view of [
      projectForCounsellor({ participants, sessions }),
      projectForSupervisor({ participants, sessions }),
    ]) {
      expect(view.participants).toEqual([
        {
          id: 'p1',
          name: 'Ann Lee',
          email: 'ann@example.jp',
          language: 'en',
          jetNumberMasked: '•••••••89',
        },
        {
          id: 'p2',
          name: 'Ben Ito',
          email: 'ben@example.jp',
          language: 'ja',
          jetNumberMasked: null,
        },
      ]);
      expect(view.sessions).toEqual([
        { id: 's1', participantId: 'p1', counsellorId: 'c1', startMs: 1, outcome: 'completed' },
      ]);
      expect(JSON.stringify(view)).not.toContain('20123456789');
    }
    expect(projectForCounsellor({ participants, sessions }).audience).toBe('counsellor');
    expect(projectForSupervisor({ participants, sessions }).audience).toBe('supervisor');
  });

  it('never carries a full JET number in a staff view (property)', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const json = JSON.stringify(projectForSupervisor(world));
        for (const p of world.participants)
          if (p.jetNumber) expect(json).not.toContain(p.jetNumber);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The CO view (issue 13.1): built, suppressed and audited by the reports engine with the register.

let seq = 0;
const id = (prefix: string) => `${prefix}-${(seq += 1)}`;

function received(participantId: string, when: string): ReportMessageInput {
  const mid = id('m');
  return {
    id: mid,
    threadId: `t-${mid}`,
    participantId,
    kind: 'participant-message',
    receivedAtMs: at(when),
    sentAtMs: null,
    authorId: null,
    overLimit: false,
  };
}

function held(
  participantId: string,
  when: string,
  outcome: ReportSessionInput['outcome'],
): ReportSessionInput {
  return { id: id('s'), participantId, counsellorId: 'c-1', startMs: at(when), outcome };
}

const person = (n: number) => ({ id: `p-${n}`, language: 'en' as const });

/** A CO view as the register keeps it (the repository records exactly these fields). */
const asRelease = (view: CoView): EarlierRelease => ({
  from: view.from,
  to: view.to,
  rows: view.rows.map((r) => ({ ...r })),
});

/** The count cells of a release, as the audit takes earlier releases' cells. */
const countRows = (rows: readonly { measure: string }[]) =>
  rows.filter((r) => isCountMeasure(r.measure)) as unknown as EarlierRelease['rows'];

const valueIn = (rows: readonly CoRow[], period: string, measure: string, category = 'all') =>
  rows.find((r) => r.period === period && r.measure === measure && r.category === category)?.value;

/**
 * The December: 18 sessions still scheduled and two held (one completed, one cancelled by
 * two people), in a fiscal year whose other months are large. The old CO grid published Scheduled
 * 18 and Total 20 beside the two suppressed cells, so both were 1.
 */
function december2026(): ReportInput {
  const participants = Array.from({ length: 30 }, (_, i) => person(i + 1));
  const sessions: ReportSessionInput[] = [];
  const messages: ReportMessageInput[] = [];
  for (const [month, day] of [
    ['2026-10', 5],
    ['2026-11', 9],
  ] as const) {
    for (let i = 1; i <= 14; i++) {
      sessions.push(
        held(`p-${i}`, `${month}-${String(day).padStart(2, '0')}T10:00:00+09:00`, 'completed'),
      );
      messages.push(received(`p-${i}`, `${month}-12T09:00:00+09:00`));
    }
  }
  // November's messages: 47 from 20 people (the old grid published them while Reports hid them).
  for (let i = 0; i < 33; i++)
    messages.push(received(`p-${(i % 20) + 1}`, '2026-11-20T09:00:00+09:00'));
  for (let i = 1; i <= 18; i++)
    sessions.push(held(`p-${i}`, '2026-12-20T10:00:00+09:00', 'scheduled'));
  sessions.push(held('p-21', '2026-12-02T10:00:00+09:00', 'completed'));
  sessions.push(held('p-22', '2026-12-03T10:00:00+09:00', 'cancelled'));
  for (let i = 1; i <= 3; i++) messages.push(received(`p-${i}`, '2026-12-01T09:00:00+09:00'));
  return { participants, sessions, messages };
}

const NOW = at('2026-12-06T10:00:00+09:00');

describe('CO view', () => {
  it('covers the fiscal year to date by JST month', () => {
    expect(coViewMonths(at('2026-12-06T10:00:00+09:00'))).toEqual({
      from: '2026-04',
      to: '2026-12',
    });
    expect(coViewMonths(at('2027-03-31T23:59:00+09:00'))).toEqual({
      from: '2026-04',
      to: '2027-03',
    });
    // 1 April 00:30 JST is still 31 March in UTC: the JST month starts the new fiscal year.
    expect(coViewMonths(at('2027-04-01T00:30:00+09:00'))).toEqual({
      from: '2027-04',
      to: '2027-04',
    });
  });

  it('gives the issue’s December away to nobody: the CO view and a Reports release together pin no suppressed cell', () => {
    const input = december2026();
    // The CO view first (recorded on the register), then a Reports release for October–December.
    const view = buildCoView(input, { threshold: 10, calendar, nowMs: NOW, earlier: [] });
    // Nothing of scheduled sessions, nothing finer than a month, and December's held sessions hidden.
    expect(view.rows.every((r) => /^\d{4}-\d{2}(\.\.\d{4}-\d{2})?$/.test(r.period))).toBe(true);
    expect(valueIn(view.rows, '2026-12', 'sessions', 'outcome:completed')).toBe('*');
    expect(valueIn(view.rows, '2026-12', 'sessions', 'outcome:cancelled')).toBe('*');
    expect(valueIn(view.rows, '2026-12', 'sessions')).toBe('*');
    const coAudit = auditPublishedReport(view);
    expect(coAudit.problems).toEqual([]);

    const report = buildReport(input, {
      from: '2026-10',
      to: '2026-12',
      threshold: 10,
      calendar,
      nowMs: NOW,
      earlier: [asRelease(view)],
    });
    const published = publish(report);
    const joint = auditPublishedReport(published, report.earlier);
    expect(joint.problems).toEqual([]);
    // Every suppressed count keeps at least two values: December's sessions and messages included.
    expect(joint.cells.length).toBeGreaterThan(0);
    for (const cell of joint.cells) {
      expect(cell.upper === null || cell.upper > cell.lower, JSON.stringify(cell)).toBe(true);
    }
    // November's messages: what the CO view shows, Reports shows the same (never one and not the other).
    const novemberCo = valueIn(view.rows, '2026-11', 'messages-received');
    const novemberReports = published.rows.find(
      (r) => r.period === '2026-11' && r.measure === 'messages-received' && r.category === 'all',
    )?.value;
    expect(novemberCo).toBe(novemberReports);
  });

  it('is built with the register: a Reports release first, then the CO view, audited together', () => {
    const input = december2026();
    const report = buildReport(input, {
      from: '2026-10',
      to: '2026-12',
      threshold: 10,
      calendar,
      nowMs: NOW,
    });
    const release: EarlierRelease = { from: '2026-10', to: '2026-12', rows: publish(report).rows };
    const view = buildCoView(input, { threshold: 10, calendar, nowMs: NOW, earlier: [release] });
    // What the release hid stays hidden in the CO view; what it published is the same.
    for (const row of view.rows) {
      const there = release.rows.find(
        (r) => r.period === row.period && r.measure === row.measure && r.category === row.category,
      );
      if (there !== undefined)
        expect(row.value, `${row.period} ${row.measure} ${row.category}`).toBe(there.value);
    }
    // And the other way: the CO view's cells as earlier cells of the release keep every hidden count open.
    const joint = auditPublishedReport(view, countRows(release.rows));
    expect(joint.problems).toEqual([]);
  });

  it('keeps only sessions (all and by outcome) and messages received (all) of a release', () => {
    const { rows } = buildCoView(december2026(), {
      threshold: 10,
      calendar,
      nowMs: NOW,
      earlier: [],
    });
    expect(new Set(rows.map((r) => r.measure))).toEqual(new Set(CO_MEASURES));
    expect(new Set(rows.map((r) => r.category))).toEqual(
      new Set([
        'all',
        'outcome:completed',
        'outcome:cancelled',
        'outcome:late-cancelled',
        'outcome:no-show',
      ]),
    );
    expect(
      rows.filter((r) => r.measure === 'messages-received').every((r) => r.category === 'all'),
    ).toBe(true);
  });

  it('tells an identical view already on the register from a different one', () => {
    const view = buildCoView(december2026(), { threshold: 10, calendar, nowMs: NOW, earlier: [] });
    const copy = { ...view, rows: [...view.rows].reverse().map((r) => ({ ...r })) };
    expect(sameCoRelease(view, copy)).toBe(true);
    const changed = {
      ...copy,
      rows: copy.rows.map((r, i) => (i === 0 ? { ...r, value: 999 } : r)),
    };
    expect(sameCoRelease(view, changed)).toBe(false);
    expect(sameCoRelease(view, { ...copy, threshold: 11 })).toBe(false);
    expect(sameCoRelease(view, { ...copy, rows: copy.rows.slice(1) })).toBe(false);
  });

  it('refuses a release whose rows are not tokens', () => {
    const published = publish(
      buildReport(december2026(), {
        from: '2026-10',
        to: '2026-12',
        threshold: 10,
        calendar,
        nowMs: NOW,
      }),
    );
    const bad = {
      ...published,
      rows: [{ ...published.rows.find((r) => r.measure === 'sessions')!, period: '2026-12-03' }],
    } as unknown as typeof published;
    expect(() => projectForCo(bad)).toThrow(/period/);
  });

  it('holds no identifier, no day, and with a Reports release over overlapping months lets no suppressed count be worked out (property)', () => {
    const worldArb2 = fc.record({
      people: fc.integer({ min: 1, max: 14 }),
      sessions: fc.array(
        fc.record({
          who: fc.nat(),
          month: fc.constantFrom('2026-10', '2026-11', '2026-12'),
          day: fc.integer({ min: 1, max: 5 }),
          outcome: outcomeArb,
        }),
        { maxLength: 30 },
      ),
      messages: fc.array(
        fc.record({ who: fc.nat(), month: fc.constantFrom('2026-10', '2026-11', '2026-12') }),
        { maxLength: 30 },
      ),
      reportsFirst: fc.boolean(),
      threshold: fc.integer({ min: 5, max: 7 }),
    });
    fc.assert(
      fc.property(worldArb2, ({ people, sessions, messages, reportsFirst, threshold }) => {
        const ids = Array.from({ length: people }, (_, i) => `participant-${i + 1}-20123456789`);
        const input: ReportInput = {
          participants: ids.map((pid) => ({ id: pid, language: 'en' })),
          sessions: sessions.map((s) =>
            held(ids[s.who % people]!, `${s.month}-0${s.day}T10:00:00+09:00`, s.outcome),
          ),
          messages: messages.map((m) =>
            received(ids[m.who % people]!, `${m.month}-02T10:00:00+09:00`),
          ),
        };
        const reportOf = (earlier: EarlierRelease[]) =>
          buildReport(input, {
            from: '2026-11',
            to: '2026-12',
            threshold,
            calendar,
            nowMs: NOW,
            earlier,
          });
        let view: CoView;
        let report;
        if (reportsFirst) {
          report = reportOf([]);
          view = buildCoView(input, {
            threshold,
            calendar,
            nowMs: NOW,
            earlier: [{ from: '2026-11', to: '2026-12', rows: publish(report).rows }],
          });
        } else {
          view = buildCoView(input, { threshold, calendar, nowMs: NOW, earlier: [] });
          report = reportOf([asRelease(view)]);
        }
        const json = JSON.stringify(view);
        expect(json).not.toContain('participant-');
        expect(json).not.toContain('20123456789');
        expect(view.rows.every((r) => /^\d{4}-\d{2}(\.\.\d{4}-\d{2})?$/.test(r.period))).toBe(true);
        // Everything published together: the later release audited with the earlier one.
        const audit = reportsFirst
          ? auditPublishedReport(view, countRows(publish(report).rows))
          : auditPublishedReport(publish(report), report.earlier);
        expect(audit.problems).toEqual([]);
        for (const cell of audit.cells) {
          if (cell.upper !== null) expect(cell.upper).toBeGreaterThan(cell.lower);
        }
      }),
      { numRuns: 6 },
    );
  }, 300_000);

  it('has no field for a JET number, a name, a date or an identifier (types)', () => {
    const bad: CoRow = {
      period: '2026-12' as CoRow['period'],
      measure: 'sessions',
      category: 'all',
      value: 3,
      // @ts-expect-error a CO row has no field for a participant
      participantId: 'p-1',
    };
    const wrongCategory: CoRow = {
      period: '2026-12' as CoRow['period'],
      measure: 'sessions',
      // @ts-expect-error a CO row's category is one of a closed list, never free text
      category: 'participant:p-1',
      value: 3,
    };
    const staff = projectForCounsellor({ participants: [], sessions: [] });
    // @ts-expect-error a counsellor view cannot be handed where a CO view is expected
    const co: CoView = staff;
    // @ts-expect-error a full JET number is not a masked one
    const masked: MaskedJetNumber = '20123456789';
    expect([bad.value, wrongCategory.value, co.audience, masked]).toEqual([
      3,
      3,
      'counsellor',
      '20123456789',
    ]);
  });
});
