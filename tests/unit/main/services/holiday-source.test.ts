import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHolidaySource } from '../../../../src/main/services/holiday-source';
import { createLogger } from '../../../../src/main/services/logger';

const log = createLogger({ sink: () => undefined });
const bundledFile = path.resolve('resources/holidays/japan.json');
const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'cw-holidays-'));

describe('holiday source', () => {
  it('uses the bundled list when the data folder has no override', async () => {
    const state = await createHolidaySource({ bundledFile, dataDir: await tempDir(), log }).load();
    expect(state).toMatchObject({ source: 'bundled', file: bundledFile, problem: null });
    expect(state.data.officialThrough).toBeGreaterThanOrEqual(2027);
    expect(state.data.holidays).toContainEqual({
      date: '2026-11-23',
      name: 'Labor Thanksgiving Day',
      nameJa: '勤労感謝の日',
      kind: 'national',
    });
  });

  it('uses a valid holidays.json in the data folder (a new official year without an app update)', async () => {
    const dataDir = await tempDir();
    const bundled = JSON.parse(await readFile(bundledFile, 'utf8'));
    const next = {
      ...bundled,
      officialThrough: bundled.officialThrough + 1,
      holidays: [
        ...bundled.holidays,
        {
          date: `${bundled.officialThrough + 1}-01-01`,
          name: "New Year's Day",
          nameJa: '元日',
          kind: 'national',
        },
      ],
    };
    await writeFile(path.join(dataDir, 'holidays.json'), JSON.stringify(next));
    const state = await createHolidaySource({ bundledFile, dataDir, log }).load();
    expect(state).toMatchObject({ source: 'override', problem: null });
    expect(state.data.officialThrough).toBe(bundled.officialThrough + 1);
  });

  it('reports an unusable override with the row and field, and keeps the bundled list', async () => {
    const dataDir = await tempDir();
    await writeFile(
      path.join(dataDir, 'holidays.json'),
      JSON.stringify({
        source: 'x',
        officialThrough: 2028,
        holidays: [{ date: '2028-02-30', name: 'X', nameJa: 'X', kind: 'national' }],
      }),
    );
    const state = await createHolidaySource({ bundledFile, dataDir, log }).load();
    expect(state.source).toBe('bundled');
    expect(state.problem?.message).toMatch(/holidays\.json .*holidays\[0\]\.date/);
  });

  it('fails loudly rather than answer "no holidays" when the bundled list is missing', async () => {
    const source = createHolidaySource({
      bundledFile: '/nonexistent/japan.json',
      dataDir: await tempDir(),
      log,
    });
    await expect(source.load()).rejects.toThrow(/holiday list .* is missing/);
  });
});

describe('holiday source after an app update', () => {
  it('keeps the bundled list when the override in the data folder is older, and says so', async () => {
    const dataDir = await tempDir();
    const bundled = JSON.parse(await readFile(bundledFile, 'utf8'));
    const older = {
      ...bundled,
      officialThrough: bundled.officialThrough - 1,
      holidays: bundled.holidays.filter(
        (h: { date: string }) => h.date < `${bundled.officialThrough}-01-01`,
      ),
    };
    await writeFile(path.join(dataDir, 'holidays.json'), JSON.stringify(older));
    const state = await createHolidaySource({ bundledFile, dataDir, log }).load();
    expect(state.source).toBe('bundled');
    expect(state.problem?.message).toMatch(
      /official only through \d{4}, older than the list shipped/,
    );
  });
});
