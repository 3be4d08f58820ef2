import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  SESSION_OUTCOMES,
  SUPPRESSED,
  maskedJetNumberOf,
  projectForCo,
  projectForCounsellor,
  projectForSupervisor,
} from '../../../../src/domain/privacy/projections';
import type {
  CoCell,
  CoSessionRow,
  CoView,
  MaskedJetNumber,
  MessageInput,
  ParticipantInput,
  SessionInput,
  SessionOutcome,
} from '../../../../src/domain/privacy/projections';
import { suppressGrid } from '../../../../src/domain/privacy/suppression';
import { pseudonymFor } from '../../../../src/domain/privacy/pseudonym';

const KEY_A = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const KEY_B = '0f9e8d7c6b5a49382716f5e4d3c2b1a0';
const JST = 9 * 3_600_000;

// ---------------------------------------------------------------------------------------------
// Random records shaped like the app's, with every sensitive field filled.

interface World {
  participants: (ParticipantInput & { createdAt: number })[];
  sessions: (SessionInput & { notes: string })[];
  messages: (MessageInput & { subject: string; body: string; threadId: string })[];
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
    messages: fc.array(
      fc.record({
        who: fc.nat(),
        id: fc.uuid(),
        threadId: fc.uuid(),
        at: fc.option(instantArb, { nil: null }),
        subject: textArb,
        body: textArb,
      }),
      { maxLength: 60 },
    ),
  })
  .map(({ people, counsellorIds, sessions, messages }) => ({
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
    messages: messages.map((m) => ({
      id: m.id,
      threadId: m.threadId,
      participantId: people[m.who % people.length]!.id,
      receivedAtMs: m.at,
      kind: m.at === null ? ('reply' as const) : ('participant-message' as const),
      subject: m.subject,
      body: m.body,
    })),
  }));

const thresholdArb = fc.integer({ min: 5, max: 9 });

// ---------------------------------------------------------------------------------------------
// Helpers over a CoView.

/** The sessions table as a grid with its margins: months then the total line; outcomes then total. */
function sessionGridOf(view: CoView): CoCell[][] {
  const { rows, totals } = view.counts.sessions;
  return [...rows, totals].map((r) => [...SESSION_OUTCOMES.map((o) => r.byOutcome[o]), r.total]);
}

function messageGridOf(view: CoView): CoCell[][] {
  return [...view.counts.messages.rows.map((r) => [r.received]), [view.counts.messages.total]];
}

function linesOf(grid: CoCell[][]): CoCell[][] {
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  const lines: CoCell[][] = [];
  if (cols >= 2) lines.push(...grid);
  if (rows >= 2) for (let c = 0; c < cols; c++) lines.push(grid.map((r) => r[c]!));
  return lines;
}

const monthOf = (ms: number) => new Date(ms + JST).toISOString().slice(0, 7);

/** Raw counts computed independently: [events, distinct participants] per published cell. */
function rawSessionGrid(world: World, months: readonly string[]): [number, number][][] {
  const cellOf = (pred: (s: SessionInput) => boolean): [number, number] => {
    const hits = world.sessions.filter(pred);
    return [hits.length, new Set(hits.map((s) => s.participantId)).size];
  };
  const cols: ((s: SessionInput) => boolean)[] = [
    ...SESSION_OUTCOMES.map((o) => (s: SessionInput) => s.outcome === o),
    () => true,
  ];
  const rowPreds: ((s: SessionInput) => boolean)[] = [
    ...months.map((m) => (s: SessionInput) => monthOf(s.startMs) === m),
    () => true,
  ];
  return rowPreds.map((rp) => cols.map((cp) => cellOf((s) => rp(s) && cp(s))));
}

function rawMessageGrid(world: World, months: readonly string[]): [number, number][][] {
  const received = world.messages.filter((m) => m.receivedAtMs !== null);
  const cellOf = (pred: (m: MessageInput) => boolean): [number, number] => {
    const hits = received.filter(pred);
    return [hits.length, new Set(hits.map((m) => m.participantId)).size];
  };
  return [
    ...months.map((m) => [cellOf((x) => monthOf(x.receivedAtMs!) === m)]),
    [cellOf(() => true)],
  ];
}

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

describe('small-cell suppression', () => {
  const raw = (events: number, participants = events) => ({ events, participants });

  it('suppresses small cells and their complements (worked example, T = 5)', () => {
    // Interior 2×2 with margins: the 3 is small, so its row and column need a second suppression,
    // which in turn needs a second one in the other row and column.
    const grid = [
      [raw(3), raw(10), raw(13)],
      [raw(8), raw(12), raw(20)],
      [raw(11), raw(22), raw(33)],
    ];
    expect(suppressGrid(grid, 5)).toEqual([
      [SUPPRESSED, SUPPRESSED, 13],
      [SUPPRESSED, SUPPRESSED, 20],
      [11, 22, 33],
    ]);
  });

  it('shows zero, and suppresses on few participants even when events are many', () => {
    const grid = [
      [raw(0), raw(20, 3), raw(20, 3)],
      [raw(6), raw(9), raw(15)],
      [raw(6), raw(29, 12), raw(35, 15)],
    ];
    // 20 events by 3 people is small, and so is its row total (the same 3 people). Each of their
    // columns then needs a second suppression: the 9 (smaller than 29) and the 15 (smaller than 35).
    // Row 2 then holds two; nothing else holds exactly one, so it is stable.
    expect(suppressGrid(grid, 5)).toEqual([
      [0, SUPPRESSED, SUPPRESSED],
      [6, SUPPRESSED, SUPPRESSED],
      [6, 29, 35],
    ]);
  });

  it('refuses a threshold below 5', () => {
    for (const t of [4, 0, -1, 4.5, Number.NaN]) {
      expect(() => suppressGrid([[raw(1)]], t)).toThrow(RangeError);
      expect(() => projectForCo([], [], { pseudonymKey: KEY_A, threshold: t })).toThrow(RangeError);
    }
  });
});

describe('CO projection', () => {
  it('keeps the JST date, drops the time, and counts by JST month', () => {
    const sessions: (SessionInput & { notes: string })[] = Array.from({ length: 6 }, (_, i) => ({
      id: `s${i}`,
      participantId: `p${i}`,
      counsellorId: 'c1',
      // 2024-03-31T16:00Z is 2024-04-01 01:00 JST.
      startMs: Date.UTC(2024, 2, 31, 16) + i * 60_000,
      outcome: 'completed',
      notes: 'secret notes',
    }));
    const view = projectForCo(sessions, [], { pseudonymKey: KEY_A, threshold: 5 });
    expect(view.sessionRows).toHaveLength(6);
    for (const row of view.sessionRows) {
      expect(Object.keys(row).sort()).toEqual(['date', 'outcome', 'pseudonym']);
      expect(row.date).toBe('2024-04-01');
    }
    expect(view.counts.sessions.rows).toEqual([
      {
        month: '2024-04',
        byOutcome: { scheduled: 0, completed: 6, cancelled: 0, 'late-cancelled': 0, 'no-show': 0 },
        total: 6,
      },
    ]);
    expect(view.counts.messages).toEqual({ rows: [{ month: '2024-04', received: 0 }], total: 0 });
    // Below the threshold of distinct participants, no session row at all.
    expect(projectForCo(sessions, [], { pseudonymKey: KEY_A, threshold: 7 }).sessionRows).toEqual(
      [],
    );
  });

  it('refuses a short pseudonym key', () => {
    expect(() => projectForCo([], [], { pseudonymKey: 'short', threshold: 5 })).toThrow(RangeError);
  });

  it('contains no JET number, name, e-mail, subject, text or identifier of its input (property)', () => {
    fc.assert(
      fc.property(worldArb, thresholdArb, (world, threshold) => {
        const json = JSON.stringify(
          projectForCo(world.sessions, world.messages, { pseudonymKey: KEY_A, threshold }),
        );
        const forbidden = [
          ...world.participants.flatMap((p) => [
            p.id,
            p.name,
            p.email,
            ...(p.jetNumber ? [p.jetNumber] : []),
          ]),
          ...world.counsellorIds,
          ...world.sessions.flatMap((s) => [s.id, s.notes]),
          ...world.messages.flatMap((m) => [m.id, m.threadId, m.subject, m.body]),
        ];
        for (const value of forbidden) expect(json).not.toContain(value);
      }),
    );
  });

  it('gives pseudonyms stable within a view and different between views (property)', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const a1 = projectForCo(world.sessions, world.messages, {
          pseudonymKey: KEY_A,
          threshold: 5,
        });
        const a2 = projectForCo(world.sessions, world.messages, {
          pseudonymKey: KEY_A,
          threshold: 5,
        });
        const b = projectForCo(world.sessions, world.messages, {
          pseudonymKey: KEY_B,
          threshold: 5,
        });
        expect(a2).toEqual(a1);
        const inA = new Set(a1.sessionRows.map((r) => r.pseudonym));
        for (const row of b.sessionRows) expect(inA.has(row.pseudonym)).toBe(false);
        for (const p of world.participants) {
          expect(pseudonymFor(KEY_A, p.id)).toBe(pseudonymFor(KEY_A, p.id));
          expect(pseudonymFor(KEY_A, p.id)).not.toBe(pseudonymFor(KEY_B, p.id));
        }
        // One pseudonym per participant within a view.
        const distinct = new Set(world.sessions.map((s) => s.participantId)).size;
        if (a1.sessionRows.length > 0) expect(inA.size).toBe(distinct);
      }),
    );
  });

  it('gives no CO row a time of day, and no row below the participant threshold (property)', () => {
    fc.assert(
      fc.property(worldArb, thresholdArb, (world, threshold) => {
        const view = projectForCo(world.sessions, world.messages, {
          pseudonymKey: KEY_A,
          threshold,
        });
        for (const row of view.sessionRows) {
          expect(Object.keys(row).sort()).toEqual(['date', 'outcome', 'pseudonym']);
          expect(row.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(`${row.pseudonym}${row.outcome}`).not.toMatch(/[:T]\d/);
        }
        const distinct = new Set(world.sessions.map((s) => s.participantId)).size;
        if (distinct < threshold) expect(view.sessionRows).toEqual([]);
        for (const m of view.counts.sessions.rows) expect(m.month).toMatch(/^\d{4}-\d{2}$/);
      }),
    );
  });

  it('rows, counted by month and outcome, give exactly the published cells and nothing of a suppressed one (property)', () => {
    fc.assert(
      fc.property(worldArb, thresholdArb, (world, threshold) => {
        const view = projectForCo(world.sessions, world.messages, {
          pseudonymKey: KEY_A,
          threshold,
        });
        const distinct = new Set(world.sessions.map((s) => s.participantId)).size;
        if (distinct < threshold) return;
        for (const row of view.counts.sessions.rows) {
          for (const outcome of SESSION_OUTCOMES) {
            const cell = row.byOutcome[outcome];
            const counted = view.sessionRows.filter(
              (r) => r.date.startsWith(row.month) && r.outcome === outcome,
            ).length;
            expect(counted).toBe(cell === SUPPRESSED ? 0 : cell);
          }
        }
      }),
    );
  });

  it('publishes no count from 1 to T-1 and leaves no suppressed line with a single suppression (property)', () => {
    fc.assert(
      fc.property(worldArb, thresholdArb, (world, threshold) => {
        const view = projectForCo(world.sessions, world.messages, {
          pseudonymKey: KEY_A,
          threshold,
        });
        const months = view.counts.sessions.rows.map((r) => r.month);
        expect(view.counts.messages.rows.map((r) => r.month)).toEqual(months);
        const pairs: [CoCell[][], [number, number][][]][] = [
          [sessionGridOf(view), rawSessionGrid(world, months)],
          [messageGridOf(view), rawMessageGrid(world, months)],
        ];
        for (const [published, raw] of pairs) {
          published.forEach((row, r) =>
            row.forEach((cell, c) => {
              const [events, people] = raw[r]![c]!;
              if (cell === SUPPRESSED) return;
              expect(cell).toBe(events);
              expect(events === 0 || events >= threshold).toBe(true);
              expect(people === 0 || people >= threshold).toBe(true);
            }),
          );
          for (const line of linesOf(published)) {
            const hidden = line.filter((x) => x === SUPPRESSED).length;
            expect(hidden === 0 || hidden >= 2).toBe(true);
          }
        }
      }),
    );
  });

  it('has no field for a JET number, a name or an identifier (types)', () => {
    const outcome: SessionOutcome = 'completed';
    const bad: CoSessionRow = {
      pseudonym: 'x',
      date: '2024-01-01',
      outcome,
      // @ts-expect-error a CO row has no field for a JET number
      jetNumber: '20123456789',
    };
    const staff = projectForCounsellor({ participants: [], sessions: [] });
    // @ts-expect-error a counsellor view cannot be handed where a CO view is expected
    const co: CoView = staff;
    // @ts-expect-error a full JET number is not a masked one
    const masked: MaskedJetNumber = '20123456789';
    expect([bad.pseudonym, co.audience, masked]).toEqual(['x', 'counsellor', '20123456789']);
  });
});
