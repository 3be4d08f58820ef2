import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { json, run, tempDir, writeInput } from './helpers';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../src/domain/settings/organisation-settings';

const dir = tempDir('cw-booking-cli-');
const writeFile = (name: string, content: unknown) => writeInput(dir, name, content);

const availability = writeFile('availability.json', [
  {
    counsellor: 'c1',
    rrule: 'DTSTART;TZID=Asia/Tokyo:20261102T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE',
    durationMinutes: 180,
  },
  {
    counsellor: 'c2',
    rrule: 'DTSTART;TZID=Asia/Tokyo:20261102T190000\nRRULE:FREQ=DAILY',
    durationMinutes: 240,
  },
]);
const booked = writeFile('booked.json', [
  { counsellor: 'c1', participant: 'p1', start: '2026-12-02T11:00:00+09:00', outcome: 'scheduled' },
  { counsellor: 'c2', participant: 'p2', start: '2026-12-01T10:00:00Z', outcome: 'cancelled' },
  { counsellor: 'c2', participant: 'p1', start: '2026-11-30T20:00:00+09:00', outcome: 'scheduled' },
]);
const NOW = '2026-11-27T12:00:00+09:00';
const slots = (...extra: string[]) => [
  'slots',
  '--availability',
  availability,
  '--from',
  '2026-11-30',
  '--to',
  '2026-12-02',
  '--now',
  NOW,
  ...extra,
];

describe('cli slots', () => {
  it('prints {counsellor, start, end} per bookable slot in time order, --to inclusive', async () => {
    const rows = await json(slots('--booked', booked));
    expect(rows).toEqual([
      { counsellor: 'c1', start: '2026-11-30T10:00:00+09:00', end: '2026-11-30T10:40:00+09:00' },
      { counsellor: 'c1', start: '2026-11-30T11:00:00+09:00', end: '2026-11-30T11:40:00+09:00' },
      { counsellor: 'c1', start: '2026-11-30T12:00:00+09:00', end: '2026-11-30T12:40:00+09:00' },
      { counsellor: 'c2', start: '2026-11-30T19:00:00+09:00', end: '2026-11-30T19:40:00+09:00' },
      // c2 20:00 on 30 Nov is booked.
      { counsellor: 'c2', start: '2026-12-01T19:00:00+09:00', end: '2026-12-01T19:40:00+09:00' },
      { counsellor: 'c2', start: '2026-12-01T20:00:00+09:00', end: '2026-12-01T20:40:00+09:00' },
      { counsellor: 'c1', start: '2026-12-02T10:00:00+09:00', end: '2026-12-02T10:40:00+09:00' },
      // c1 11:00 on 2 Dec is booked.
      { counsellor: 'c1', start: '2026-12-02T12:00:00+09:00', end: '2026-12-02T12:40:00+09:00' },
      { counsellor: 'c2', start: '2026-12-02T19:00:00+09:00', end: '2026-12-02T19:40:00+09:00' },
      { counsellor: 'c2', start: '2026-12-02T20:00:00+09:00', end: '2026-12-02T20:40:00+09:00' },
    ]);
  });

  it('leaves out slots past their cutoff, and a participant’s clashes with --participant', async () => {
    // At Mon 30 Nov 17:01, Tue 1 Dec has closed; Wed 2 Dec is open until Tue 17:00.
    const late = await json([...slots().slice(0, -2), '--now', '2026-11-30T17:01:00+09:00']);
    expect(new Set(late.map((r) => String(r.start).slice(0, 10)))).toEqual(new Set(['2026-12-02']));
    // p3 has a session with another counsellor on 1 Dec 19:20-20:00: c2's 19:00 overlaps it.
    const p3 = writeFile('p3.json', [
      {
        counsellor: 'c9',
        participant: 'p3',
        start: '2026-12-01T19:20:00+09:00',
        outcome: 'scheduled',
      },
    ]);
    const dec1 = (rows: Record<string, unknown>[]) =>
      rows.filter((r) => String(r.start).startsWith('2026-12-01')).map((r) => r.start);
    expect(dec1(await json(slots('--booked', p3)))).toEqual([
      '2026-12-01T19:00:00+09:00',
      '2026-12-01T20:00:00+09:00',
    ]);
    expect(dec1(await json(slots('--booked', p3, '--participant', 'p3')))).toEqual([
      '2026-12-01T20:00:00+09:00',
    ]);
  });

  it('applies day offs and extra windows from --exceptions, and the settings buffer', async () => {
    const exceptions = writeFile('exceptions.json', [
      { counsellor: 'c1', date: '2026-11-30', kind: 'day-off' },
      { counsellor: 'c1', date: '2026-12-01', kind: 'extra-window', start: '14:00', end: '15:00' },
    ]);
    const settings = writeFile('settings.json', {
      format: 'counsellor-workstation.settings',
      version: 1,
      settings: { ...DEFAULT_ORGANISATION_SETTINGS, sessionBufferMinutes: 10 },
    });
    const rows = await json(slots('--exceptions', exceptions, '--settings', settings));
    const c1 = rows.filter((r) => r.counsellor === 'c1').map((r) => r.start);
    expect(c1).toEqual([
      '2026-12-01T14:00:00+09:00',
      '2026-12-02T10:00:00+09:00',
      '2026-12-02T10:50:00+09:00',
      '2026-12-02T11:40:00+09:00',
    ]);
  });

  it('prints readable lines without --json', async () => {
    const { code, out } = await run(slots());
    expect(code).toBe(0);
    expect(out[0]).toBe('Mon 30 Nov 2026 10:00–10:40 JST  c1');
    const none = await run([...slots().slice(0, -2), '--now', '2026-12-31T00:00:00+09:00']);
    expect(none.out).toEqual(['no bookable slots from 2026-11-30 to 2026-12-02']);
  });

  it.each([
    [
      [
        {
          counsellor: 'c1',
          rrule: 'DTSTART;TZID=Asia/Tokyo:20261102T100000\nRRULE:BYDAY=MO',
          durationMinutes: 60,
        },
      ],
      'availability[0].rrule: RRULE has no FREQ',
    ],
    [
      [
        {
          counsellor: 'c1',
          rrule: 'DTSTART;TZID=Asia/Tokyo:20261102T100000\nRRULE:FREQ=WEEKLY',
          durationMinutes: 60,
        },
        {
          counsellor: 'c1',
          rrule: 'DTSTART;TZID=Asia/Tokyo:20261102T100000\nRRULE:FREQ=WEEKLY',
          durationMinutes: 60,
        },
        {
          counsellor: 'c1',
          rrule: 'DTSTART:20261102T010000Z\nRRULE:FREQ=WEEKLY',
          durationMinutes: 60,
        },
      ],
      'availability[2].rrule: DTSTART is in UTC; write it in JST wall time: DTSTART;TZID=Asia/Tokyo:YYYYMMDDTHHMMSS',
    ],
    [
      [
        {
          counsellor: 'c1',
          rrule: 'DTSTART;TZID=Asia/Tokyo:20261102T100000\nRRULE:FREQ=WEEKLY',
          durationMinutes: '60',
        },
      ],
      'availability[0].durationMinutes: must be a whole number of minutes from 1 to 1440, not "60"',
    ],
    [[{ counsellor: 'c1', rrule: 'x' }], 'availability[0].durationMinutes: missing'],
    [
      [{ counsellor: 'c1', rrule: 'x', durationMinutes: 60, duration: 60 }],
      'availability[0]: unknown field "duration" (fields: counsellor, rrule, durationMinutes, validFrom, validUntil)',
    ],
    [
      [{ counsellor: '', rrule: 'x', durationMinutes: 60 }],
      'availability[0].counsellor: must be non-empty text, not ""',
    ],
    [{ counsellor: 'c1' }, 'not a JSON array of availability entries'],
  ])('names the entry and field of a bad availability file: %#', async (content, message) => {
    const file = writeFile('bad-availability.json', content);
    const result = await run([
      'slots',
      '--availability',
      file,
      '--from',
      '2026-11-30',
      '--to',
      '2026-12-02',
      '--now',
      NOW,
    ]);
    expect(result).toEqual({
      code: 2,
      out: [],
      err: [`cli slots: --availability "${file}": ${message}`],
    });
  });

  it.each([
    [
      [{ counsellor: 'c1', participant: 'p1', start: '2026-12-02T11:00:00', outcome: 'scheduled' }],
      'booked[0].start "2026-12-02T11:00:00" has no UTC offset (add Z or +09:00, e.g. 2026-11-23T10:00:00+09:00)',
    ],
    [
      [{ counsellor: 'c1', participant: 'p1', start: '2026-12-02T11:00:00Z', outcome: 'done' }],
      'booked[0].outcome: must be one of scheduled, completed, cancelled, late-cancelled, no-show, not "done"',
    ],
    [
      [{ counsellor: 'c1', start: '2026-12-02T11:00:00Z', outcome: 'scheduled' }],
      'booked[0].participant: missing',
    ],
  ])('names the entry and field of a bad booked file: %#', async (content, message) => {
    const file = writeFile('bad-booked.json', content);
    const result = await run(slots('--booked', file));
    expect(result).toEqual({
      code: 2,
      out: [],
      err: [`cli slots: --booked "${file}": ${message}`],
    });
  });

  it.each([
    [
      ['slots', '--from', '2026-11-30', '--to', '2026-12-02', '--now', NOW],
      '--availability FILE is required',
    ],
    [
      ['slots', '--availability', 'a.json', '--to', '2026-12-02', '--now', NOW],
      '--from DATE is required',
    ],
    [
      ['slots', '--availability', 'a.json', '--from', '2026-11-30', '--to', '2026-12-02'],
      '--now INSTANT is required',
    ],
    [
      slots().map((a) => (a === '2026-12-02' ? '2026-02-30' : a)),
      '--to "2026-02-30" is not a real date written YYYY-MM-DD',
    ],
    [
      slots().map((a) => (a === '2026-12-02' ? '2026-11-29' : a)),
      '--to "2026-11-29" is before --from "2026-11-30"',
    ],
    [
      slots().map((a) => (a === NOW ? '2026-11-27T12:00' : a)),
      '--now "2026-11-27T12:00" has no UTC offset (add Z or +09:00, e.g. 2026-11-23T10:00:00+09:00)',
    ],
    [slots('--yaml'), 'unexpected argument "--yaml"'],
    [
      slots().map((a) => (a === '2026-12-02' ? '2028-01-01' : a)),
      '--from "2026-11-30" --to "2028-01-01": cannot list slots: from 2026-11-30 to 2028-01-01 covers more than 366 days',
    ],
  ])('exits 2 and names the argument: %#', async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 2, out: [], err: [`cli slots: ${message}`] });
  });

  it('reports an unreadable file', async () => {
    const result = await run([
      'slots',
      '--availability',
      path.join(dir, 'none.json'),
      '--from',
      '2026-11-30',
      '--to',
      '2026-12-02',
      '--now',
      NOW,
    ]);
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(/--availability ".*none\.json": cannot read the file \(ENOENT\)/);
  });
});

describe('cli quota', () => {
  const sessions = writeFile('sessions.json', [
    {
      counsellor: 'c1',
      participant: 'p1',
      start: '2026-03-31T10:00:00+09:00',
      outcome: 'completed',
    },
    {
      counsellor: 'c1',
      participant: 'p1',
      start: '2026-04-01T10:00:00+09:00',
      outcome: 'completed',
    },
    { counsellor: 'c1', participant: 'p1', start: '2026-06-01T10:00:00+09:00', outcome: 'no-show' },
    {
      counsellor: 'c1',
      participant: 'p1',
      start: '2026-09-01T10:00:00+09:00',
      outcome: 'late-cancelled',
    },
    {
      counsellor: 'c1',
      participant: 'p1',
      start: '2026-10-01T10:00:00+09:00',
      outcome: 'cancelled',
    },
    {
      counsellor: 'c1',
      participant: 'p1',
      start: '2026-12-01T10:00:00+09:00',
      outcome: 'scheduled',
    },
    {
      counsellor: 'c1',
      participant: 'p2',
      start: '2026-06-01T10:00:00+09:00',
      outcome: 'completed',
    },
  ]);

  it('prints {participant, used, remaining, periodStart, periodEnd, renewsOn}', async () => {
    expect(
      await json(['quota', '--sessions', sessions, '--participant', 'p1', '--at', NOW]),
    ).toEqual([
      {
        participant: 'p1',
        used: 4,
        remaining: 3,
        periodStart: '2026-04-01',
        periodEnd: '2027-03-31',
        renewsOn: '2027-04-01',
      },
    ]);
    const { out } = await run([
      'quota',
      '--sessions',
      sessions,
      '--participant',
      'p1',
      '--at',
      NOW,
    ]);
    expect(out).toEqual([
      'p1: 4 of 7 sessions used, 3 remaining in the quota year 2026-04-01 to 2027-03-31 (renews on 2027-04-01)',
    ]);
  });

  it('uses the quota year of the settings, by the JST date of --at', async () => {
    const settings = writeFile('jet-settings.json', {
      format: 'counsellor-workstation.settings',
      version: 1,
      settings: {
        ...DEFAULT_ORGANISATION_SETTINGS,
        sessionQuota: { sessionsPerYear: 3, quotaYear: 'jet' },
      },
    });
    expect(
      await json([
        'quota',
        '--sessions',
        sessions,
        '--participant',
        'p1',
        '--at',
        '2026-07-31T15:00:00Z',
        '--settings',
        settings,
      ]),
    ).toEqual([
      {
        participant: 'p1',
        used: 2,
        remaining: 1,
        periodStart: '2026-08-01',
        periodEnd: '2027-07-31',
        renewsOn: '2027-08-01',
      },
    ]);
  });

  it.each([
    [['quota', '--participant', 'p1', '--at', NOW], '--sessions FILE is required'],
    [['quota', '--sessions', 'x.json', '--at', NOW], '--participant ID is required'],
    [['quota', '--sessions', 'x.json', '--participant', 'p1'], '--at INSTANT is required'],
    [
      ['quota', '--sessions', 'x.json', '--participant', 'p1', '--at', 'soon'],
      '--at "soon" is not an instant in ISO 8601 with an offset (e.g. 2026-11-23T10:00:00+09:00)',
    ],
    [
      ['quota', '--sessions', 'x.json', '--participant', 'p1', '--at', NOW, '--holidays', 'h.json'],
      'unexpected argument "--holidays"',
    ],
  ])('exits 2 and names the argument: %#', async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 2, out: [], err: [`cli quota: ${message}`] });
  });

  it('names the entry of a bad sessions file', async () => {
    const file = writeFile('bad-sessions.json', [
      {
        counsellor: 'c1',
        participant: 'p1',
        start: '2026-04-01T10:00:00+09:00',
        outcome: 'completed',
      },
      {
        counsellor: 'c1',
        participant: 'p1',
        start: '2026-04-31T10:00:00+09:00',
        outcome: 'completed',
      },
    ]);
    expect(await run(['quota', '--sessions', file, '--participant', 'p1', '--at', NOW])).toEqual({
      code: 2,
      out: [],
      err: [
        `cli quota: --sessions "${file}": sessions[1].start "2026-04-31T10:00:00+09:00" has day 31, which month 04 of 2026 does not have`,
      ],
    });
  });
});

describe('cli help', () => {
  it('lists the booking commands', async () => {
    const { out } = await run(['--help']);
    expect(out[0]).toMatch(/slots\s+List the bookable video-session slots/);
    expect(out[0]).toMatch(/quota\s+Give a participant's used and remaining video sessions/);
  });
});
