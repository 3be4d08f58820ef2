import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateHolidayData } from '../../../../src/domain/calendar';
import { HOLIDAYS_FILE, shippedHolidays } from './helpers';

const problems = (value: unknown) => {
  const result = validateHolidayData(value);
  return result.ok ? [] : result.problems;
};

describe('the holiday data file', () => {
  it('is valid, says where it came from and until when it is official', () => {
    const data = shippedHolidays();
    expect(data.source).toMatch(/Cabinet Office/);
    expect(data.officialThrough).toBe(2027);
    expect(data.howToUpdate).toMatch(/officialThrough/);
  });

  it('is written one holiday per line, so that an update is a readable diff', () => {
    const lines = readFileSync(HOLIDAYS_FILE, 'utf8').split('\n');
    const rows = lines.filter((line) => line.trimStart().startsWith('{ "date"'));
    expect(rows).toHaveLength(shippedHolidays().holidays.length);
  });

  it('names the row and the field of each problem', () => {
    const data = shippedHolidays();
    const holidays = data.holidays.map((h) => ({ ...h }));
    holidays[3] = { ...holidays[3]!, kind: 'festival' as never };
    holidays[5] = { ...holidays[5]!, date: '2019-02-30' };
    expect(problems({ ...data, holidays })).toEqual([
      { path: 'holidays[3].kind', message: 'must be one of national, substitute, citizens' },
      { path: 'holidays[5].date', message: 'must be a real date written YYYY-MM-DD' },
    ]);
    expect(
      problems({
        ...data,
        holidays: [data.holidays[1], data.holidays[0], ...data.holidays.slice(2)],
      }),
    ).toEqual([
      expect.objectContaining({
        path: 'holidays[1].date',
        message: expect.stringMatching(/date order/),
      }),
    ]);
    expect(
      problems({
        ...data,
        holidays: [{ ...data.holidays[0], nameJA: 'x' }, ...data.holidays.slice(1)],
      }),
    ).toEqual([{ path: 'holidays[0].nameJA', message: 'is not a field of a holiday' }]);
    expect(
      problems({ ...data, holidays: data.holidays.filter((h) => !h.date.startsWith('2021')) }),
    ).toEqual([{ path: 'holidays', message: expect.stringMatching(/no holidays in 2021/) }]);
    expect(problems({ ...data, officialThrough: '2027' })).toEqual([
      expect.objectContaining({ path: 'officialThrough' }),
    ]);
    expect(problems({ ...data, holidays: [] })).toEqual([
      expect.objectContaining({ path: 'holidays' }),
    ]);
    expect(problems([1, 2])).toEqual([{ path: '(file)', message: 'must be a JSON object' }]);
    expect(problems({ ...data, name: 'x' })).toEqual([
      { path: 'name', message: 'is not a field of the holiday data' },
    ]);
  });
});
