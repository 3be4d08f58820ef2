/**
 * The list of national holidays the calendar uses: the one bundled with the app
 * (`resources/holidays/japan.json`), or, when present, `holidays.json` in the data folder, so an
 * office can install the Cabinet Office's next year before an app update. An override that cannot
 * be used is reported (file, row and field) and the bundled list stays in force.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  describeHolidayDataProblems,
  validateHolidayData,
  type HolidayData,
} from '../../domain/calendar/holiday-data';
import type { HolidayDataState } from '../../bridge/schemas/calendar';
import { BridgeFailure, reason } from '../../bridge/errors';
import type { Logger } from './logger';

export const HOLIDAY_OVERRIDE_FILE_NAME = 'holidays.json';

export interface HolidaySource {
  load(): Promise<HolidayDataState>;
}

type Read = { ok: true; data: HolidayData } | { ok: false; message: string } | { ok: 'missing' };

async function readHolidayFile(file: string): Promise<Read> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: 'missing' };
    return {
      ok: false,
      message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'is not valid JSON' };
  }
  const validation = validateHolidayData(json);
  if (!validation.ok)
    return { ok: false, message: describeHolidayDataProblems(validation.problems) };
  return { ok: true, data: validation.data };
}

export function createHolidaySource(options: {
  bundledFile: string;
  dataDir: string;
  log: Logger;
}): HolidaySource {
  let state: Promise<HolidayDataState> | null = null;
  const overrideFile = path.join(options.dataDir, HOLIDAY_OVERRIDE_FILE_NAME);

  async function read(): Promise<HolidayDataState> {
    const override = await readHolidayFile(overrideFile);
    const bundledFirst = await readHolidayFile(options.bundledFile);
    // An override is for a newer official list; after an app update the bundled list may be newer.
    if (
      override.ok === true &&
      (bundledFirst.ok !== true ||
        override.data.officialThrough >= bundledFirst.data.officialThrough)
    ) {
      options.log.info('holidays.override-in-use');
      return { data: override.data, source: 'override', file: overrideFile, problem: null };
    }
    const bundled = bundledFirst;
    if (bundled.ok !== true) {
      // The app cannot tell business days without its holiday list: fail loudly, never "no holidays".
      throw new BridgeFailure(
        'failed',
        `The bundled holiday list ${options.bundledFile} ${bundled.ok === 'missing' ? 'is missing' : bundled.message}`,
        [],
        reason('holidays-missing'),
      );
    }
    const problem =
      override.ok === true
        ? {
            file: overrideFile,
            message: `${HOLIDAY_OVERRIDE_FILE_NAME} is official only through ${override.data.officialThrough}, older than the list shipped with the app`,
          }
        : override.ok === false
          ? { file: overrideFile, message: `${HOLIDAY_OVERRIDE_FILE_NAME} ${override.message}` }
          : null;
    if (problem) options.log.warn('holidays.override-unusable');
    return { data: bundled.data, source: 'bundled', file: options.bundledFile, problem };
  }

  return {
    load() {
      state ??= read();
      return state;
    },
  };
}
