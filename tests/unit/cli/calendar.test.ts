import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { json, run, tempDir, writeInput } from './helpers';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../src/domain/settings/organisation-settings';

const dir = tempDir('cw-calendar-cli-');
const writeFile = (name: string, content: unknown) => writeInput(dir, name, content);

describe('cli holidays', () => {
  it('prints one object per holiday, year by year', async () => {
    const rows = await json(['holidays', '2026', '2028']);
    expect(rows[0]).toEqual({
      date: '2026-01-01',
      name: "New Year's Day",
      nameJa: '元日',
      kind: 'national',
      provisional: false,
    });
    expect(rows.find((r) => r.date === '2026-09-22')).toEqual({
      date: '2026-09-22',
      name: "Citizens' Holiday",
      nameJa: '国民の休日',
      kind: 'citizens',
      provisional: false,
    });
    expect(rows.filter((r) => String(r.date).startsWith('2026'))).toHaveLength(18);
    expect(
      rows.filter((r) => String(r.date).startsWith('2028')).every((r) => r.provisional === true),
    ).toBe(true);
  });

  it('prints a readable line per holiday without --json', async () => {
    const { code, out } = await run(['holidays', '2028']);
    expect(code).toBe(0);
    expect(out[0]).toBe("2028-01-01 Sat  New Year's Day · 元日  [national] (provisional)");
  });

  it.each([
    [['holidays', 'twenty'], '<year> "twenty" is not a year written YYYY'],
    [['holidays', '2018'], '<year> "2018" is outside 2019 to 2150'],
    [['holidays', '2026', '3000'], '<year> "3000" is outside 2019 to 2150'],
    [['holidays'], 'needs at least one <year>'],
    [['holidays', '2026', '--yaml'], 'unexpected argument "--yaml"'],
  ])('exits 2 and names the argument: %j', async (argv, message) => {
    const result = await run(argv);
    expect(result).toEqual({ code: 2, out: [], err: [`cli holidays: ${message}`] });
  });
});

describe('cli business-day', () => {
  it('gives the reason a day is not a business day', async () => {
    expect(await json(['business-day', '2026-11-23', '2026-11-24', '2026-11-28'])).toEqual([
      {
        date: '2026-11-23',
        businessDay: false,
        reason: {
          kind: 'holiday',
          name: 'Labor Thanksgiving Day',
          nameJa: '勤労感謝の日',
          provisional: false,
        },
      },
      { date: '2026-11-24', businessDay: true, reason: null },
      { date: '2026-11-28', businessDay: false, reason: { kind: 'weekend' } },
    ]);
  });

  it('reads closures from the app settings file', async () => {
    const settings = writeFile('settings.json', {
      format: 'counsellor-workstation.settings',
      version: 1,
      settings: {
        ...DEFAULT_ORGANISATION_SETTINGS,
        closures: [{ from: '2026-12-29', to: '2027-01-03', label: 'Year-end closure' }],
      },
    });
    expect(await json(['business-day', '--settings', settings, '2026-12-30'])).toEqual([
      {
        date: '2026-12-30',
        businessDay: false,
        reason: { kind: 'closure', label: 'Year-end closure' },
      },
    ]);
    const { out } = await run([
      'business-day',
      `--settings=${settings}`,
      '2026-12-30',
      '2026-12-28',
    ]);
    expect(out).toEqual([
      '2026-12-30 Wed  not a business day: closure, Year-end closure',
      '2026-12-28 Mon  business day',
    ]);
  });

  it('says what is wrong with a settings file', async () => {
    const bad = writeFile('bad-settings.json', {
      format: 'counsellor-workstation.settings',
      version: 1,
      settings: {
        ...DEFAULT_ORGANISATION_SETTINGS,
        closures: [{ from: '2026-12-29', to: '2026-12-01', label: 'x' }],
      },
    });
    const result = await run(['business-day', '--settings', bad, '2026-12-30']);
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.err[0]).toContain(
      `--settings "${bad}": settings.closures.0.to: ends before it starts`,
    );
    const missing = await run([
      'business-day',
      '--settings',
      path.join(dir, 'none.json'),
      '2026-12-30',
    ]);
    expect(missing.err[0]).toMatch(/cannot read the file \(ENOENT\)/);
    expect((await run(['business-day', '--settings'])).err[0]).toBe(
      'cli business-day: --settings needs a value',
    );
  });

  it('prints nothing when one of the dates is bad', async () => {
    expect(await run(['business-day', '2026-11-24', '2026-02-30'])).toEqual({
      code: 2,
      out: [],
      err: ['cli business-day: <date> "2026-02-30" is not a real date written YYYY-MM-DD'],
    });
    const early = await run(['business-day', '2018-12-31']);
    expect(early.code).toBe(2);
    expect(early.err[0]).toMatch(/<date> "2018-12-31" cannot be used: .*starts in 2019/);
  });
});

describe('cli deadline', () => {
  it('gives the receipt day and deadline per message, in order, at +09:00', async () => {
    expect(
      await json([
        'deadline',
        '2026-11-30T10:00:00+09:00',
        '2026-11-30T13:00:00Z',
        '2026-11-28T12:00:00+09:00',
      ]),
    ).toEqual([
      {
        receivedAt: '2026-11-30T10:00:00+09:00',
        receiptDay: '2026-11-30',
        deadline: '2026-12-03T21:30:00+09:00',
      },
      {
        receivedAt: '2026-11-30T22:00:00+09:00',
        receiptDay: '2026-12-01',
        deadline: '2026-12-04T21:30:00+09:00',
      },
      {
        receivedAt: '2026-11-28T12:00:00+09:00',
        receiptDay: '2026-11-30',
        deadline: '2026-12-03T21:30:00+09:00',
      },
    ]);
    const { out } = await run(['deadline', '2026-11-20T10:00:00+09:00']);
    expect(out).toEqual([
      '2026-11-20T10:00:00+09:00  receipt day 2026-11-20 Fri  deadline Thu 26 Nov 2026 21:30 JST (2026-11-26T21:30:00+09:00)',
    ]);
  });

  it.each([
    ['2026-13-01T00:00:00Z', 'has month 13, which does not exist'],
    ['2026-11-30T10:00:00', 'has no UTC offset'],
    ['next monday', 'is not an instant in ISO 8601 with an offset'],
  ])('exits 2 for %s, naming it, and prints nothing', async (bad, problem) => {
    const result = await run(['deadline', '2026-11-30T10:00:00+09:00', bad, '--json']);
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toContain(`cli deadline: <receivedAt> "${bad}" ${problem}`);
  });

  it('uses N and service hours from the settings file', async () => {
    const settings = writeFile('n5.json', {
      format: 'counsellor-workstation.settings',
      version: 1,
      settings: {
        ...DEFAULT_ORGANISATION_SETTINGS,
        answerDeadlineBusinessDays: 5,
        serviceHours: { open: '10:00', close: '18:00' },
      },
    });
    expect(await json(['deadline', '--settings', settings, '2026-11-30T10:00:00+09:00'])).toEqual([
      {
        receivedAt: '2026-11-30T10:00:00+09:00',
        receiptDay: '2026-11-30',
        deadline: '2026-12-07T18:00:00+09:00',
      },
    ]);
  });
});

describe('cli status', () => {
  it('gives status and service minutes left at --now', async () => {
    expect(
      await json([
        'status',
        '--now',
        '2024-11-28T15:20:00+09:00',
        '2024-11-25T10:00:00+09:00',
        '2024-11-26T10:00:00+09:00',
        '2024-11-18T10:00:00+09:00',
      ]),
    ).toEqual([
      {
        receivedAt: '2024-11-25T10:00:00+09:00',
        deadline: '2024-11-28T21:30:00+09:00',
        status: 'due-soon',
        serviceMinutesLeft: 370,
      },
      {
        receivedAt: '2024-11-26T10:00:00+09:00',
        deadline: '2024-11-29T21:30:00+09:00',
        status: 'on-track',
        serviceMinutesLeft: 1090,
      },
      {
        receivedAt: '2024-11-18T10:00:00+09:00',
        deadline: '2024-11-21T21:30:00+09:00',
        status: 'overdue',
        serviceMinutesLeft: 0,
      },
    ]);
    const { out } = await run([
      'status',
      '--now',
      '2024-11-28T15:20:00+09:00',
      '2024-11-25T10:00:00+09:00',
    ]);
    expect(out).toEqual([
      '2024-11-25T10:00:00+09:00  due-soon  6h 10m of service time left · due Thu 28 Nov 2024 21:30 JST',
    ]);
  });

  it('stops the timer at --answered-at', async () => {
    expect(
      await json([
        'status',
        '--now=2024-12-02T10:00:00+09:00',
        '--answered-at=2024-11-28T20:30:00+09:00',
        '2024-11-25T10:00:00+09:00',
        '2024-11-20T10:00:00+09:00',
      ]),
    ).toEqual([
      {
        receivedAt: '2024-11-25T10:00:00+09:00',
        deadline: '2024-11-28T21:30:00+09:00',
        status: 'answered-on-time',
        serviceMinutesLeft: 60,
      },
      {
        receivedAt: '2024-11-20T10:00:00+09:00',
        deadline: '2024-11-25T21:30:00+09:00',
        status: 'answered-late',
        serviceMinutesLeft: 0,
      },
    ]);
  });

  it('needs --now, and names a bad one', async () => {
    expect((await run(['status', '2024-11-25T10:00:00+09:00'])).err).toEqual([
      'cli status: --now <instant> is required',
    ]);
    const bad = await run(['status', '--now', '2024-11-28 15:20', '2024-11-25T10:00:00+09:00']);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toMatch(/^cli status: --now "2024-11-28 15:20" is not an instant/);
    const twice = await run([
      'status',
      '--now',
      '2024-11-28T15:20:00Z',
      '--now',
      '2024-11-28T15:20:00Z',
      '2024-11-25T10:00:00Z',
    ]);
    expect(twice.err).toEqual(['cli status: --now is given more than once']);
  });
});

describe('cli cutoff', () => {
  it('gives the booking cutoff and whether the start is valid', async () => {
    expect(
      await json([
        'cutoff',
        '2026-11-30T10:00:00+09:00',
        '2026-11-24T21:00:00+09:00',
        '2026-11-23T10:00:00+09:00',
      ]),
    ).toEqual([
      {
        sessionStart: '2026-11-30T10:00:00+09:00',
        cutoff: '2026-11-27T17:00:00+09:00',
        valid: true,
        reason: null,
      },
      {
        sessionStart: '2026-11-24T21:00:00+09:00',
        cutoff: '2026-11-20T17:00:00+09:00',
        valid: false,
        reason: { kind: 'ends-after-service-hours', closesAt: '21:30', latestStart: '20:50' },
      },
      {
        sessionStart: '2026-11-23T10:00:00+09:00',
        cutoff: '2026-11-20T17:00:00+09:00',
        valid: false,
        reason: {
          kind: 'not-business-day',
          date: '2026-11-23',
          because: {
            kind: 'holiday',
            name: 'Labor Thanksgiving Day',
            nameJa: '勤労感謝の日',
            provisional: false,
          },
        },
      },
    ]);
  });

  it('checks the cutoff against --now when given', async () => {
    const rows = await json([
      'cutoff',
      '--now',
      '2026-11-27T17:00:01+09:00',
      '2026-11-30T10:00:00+09:00',
    ]);
    expect(rows[0]).toMatchObject({ valid: false, reason: { kind: 'booking-cutoff-passed' } });
    const { out } = await run(['cutoff', '2026-11-28T10:00:00+09:00']);
    expect(out).toEqual([
      '2026-11-28T10:00:00+09:00  cutoff Fri 27 Nov 2026 17:00 JST  invalid: 2026-11-28 is not a business day (weekend)',
    ]);
  });
});

describe('cli --holidays', () => {
  it('uses another holiday list, and names the row of a bad one', async () => {
    const shipped = JSON.parse(
      readFileSync(new URL('../../../resources/holidays/japan.json', import.meta.url), 'utf8'),
    ) as { holidays: Array<{ date: string }> };
    const updated = writeFile('holidays.json', {
      ...shipped,
      officialThrough: 2028,
      holidays: [
        ...shipped.holidays,
        { date: '2028-01-01', name: "New Year's Day", nameJa: '元日', kind: 'national' },
      ],
    });
    expect(await json(['holidays', '--holidays', updated, '2028'])).toEqual([
      {
        date: '2028-01-01',
        name: "New Year's Day",
        nameJa: '元日',
        kind: 'national',
        provisional: false,
      },
    ]);
    const bad = writeFile('bad-holidays.json', {
      ...shipped,
      holidays: [{ ...shipped.holidays[0], kind: 'bank' }, ...shipped.holidays.slice(1)],
    });
    const result = await run(['holidays', '--holidays', bad, '2026']);
    expect(result.code).toBe(2);
    expect(result.err[0]).toContain(
      'holidays[0].kind: must be one of national, substitute, citizens',
    );
  });
});
