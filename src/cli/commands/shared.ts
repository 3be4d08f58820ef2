/**
 * What the CLI commands share: options, instants, JSON files, the holiday data and the settings
 * file, the business calendar, and printing. Errors are CliUsageError naming the argument.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { organisationSettingsSchema } from '../../bridge/schemas/settings';
import {
  MONTH_NAMES,
  WEEKDAY_NAMES,
  createBusinessCalendar,
  civilFromDay,
  describeHolidayDataProblems,
  formatWallTime,
  jstDayOf,
  jstTimeOfDayMs,
  parseInstant,
  validateHolidayData,
  weekdayOf,
  type BusinessCalendar,
  type HolidayData,
} from '../../domain/calendar';
import {
  DEFAULT_ORGANISATION_SETTINGS,
  type OrganisationSettings,
} from '../../domain/settings/organisation-settings';
import {
  createDatasetStreamCheck,
  type DatasetValidation,
  type ValidateDatasetOptions,
} from '../../domain/dataset';
import { CliUsageError, EXIT_OK, takeFlag, type CliIo } from '../command';

/** The holiday list shipped with the app. */
export const DEFAULT_HOLIDAYS_FILE = fileURLToPath(
  new URL('../../../resources/holidays/japan.json', import.meta.url),
);

const SETTINGS_FORMAT = 'counsellor-workstation.settings';
const SETTINGS_FORMAT_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Arguments

/** Removes `name VALUE` or `name=VALUE` from args; undefined when absent. */
export function takeOption(args: string[], name: string): string | undefined {
  const values = takeEveryOption(args, name);
  if (values.length > 1) throw new CliUsageError(`${name} is given more than once`);
  return values[0];
}

/** Every value of an option that may be given more than once (`--x A --x=B`), in order. */
export function takeEveryOption(args: string[], name: string): string[] {
  const values: string[] = [];
  let i = 0;
  while (i < args.length) {
    const arg = args[i]!;
    if (arg === name) {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new CliUsageError(`${name} needs a value`);
      }
      values.push(next);
      args.splice(i, 2);
    } else if (arg.startsWith(`${name}=`)) {
      values.push(arg.slice(name.length + 1));
      args.splice(i, 1);
    } else {
      i += 1;
    }
  }
  return values;
}

export function badInput(what: string, text: string, problem: string): CliUsageError {
  return new CliUsageError(`${what} "${text}" ${problem}`);
}

export function readInstant(what: string, text: string): number {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw badInput(what, text, parsed.problem);
  return parsed.instantMs;
}

/** Runs a domain computation for one input; a RangeError (e.g. a year out of range) names the input. */
export function forInput<T>(what: string, text: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof RangeError) throw badInput(what, text, `cannot be used: ${error.message}`);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Files

export function readText(option: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CliUsageError(`${option} "${file}": cannot read the file (${code})`);
  }
}

/**
 * A dataset file checked as it is read, 1 MiB at a time (createDatasetStreamCheck): null when it
 * is no JSON object (the caller checks the whole text then, for what and where).
 */
export function checkDatasetFile(
  option: string,
  file: string,
  options: ValidateDatasetOptions,
): DatasetValidation | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CliUsageError(`${option} "${file}": cannot read the file (${code})`);
  }
  try {
    const check = createDatasetStreamCheck({ ...options, sizeHint: fstatSync(fd).size });
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.alloc(1024 * 1024);
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
        throw new CliUsageError(`${option} "${file}": cannot read the file (${code})`);
      }
      if (read === 0) break;
      check.write(decoder.write(buffer.subarray(0, read)));
    }
    check.write(decoder.end());
    return check.end();
  } finally {
    closeSync(fd);
  }
}

export function readJson(option: string, file: string): unknown {
  const text = readText(option, file);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'invalid';
    throw new CliUsageError(`${option} "${file}": not valid JSON (${detail})`);
  }
}

export function loadHolidayData(
  file: string = DEFAULT_HOLIDAYS_FILE,
  option = '--holidays',
): HolidayData {
  const validation = validateHolidayData(readJson(option, file));
  if (!validation.ok) {
    throw new CliUsageError(
      `${option} "${file}": ${describeHolidayDataProblems(validation.problems)}`,
    );
  }
  return validation.data;
}

/** Reads the app's settings.json ({format, version, settings}) and validates the settings. */
export function loadSettingsFile(file: string): OrganisationSettings {
  const document = readJson('--settings', file);
  const where = `--settings "${file}"`;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new CliUsageError(`${where}: not a settings document (a JSON object)`);
  }
  const record = document as Record<string, unknown>;
  if (record.format !== SETTINGS_FORMAT) {
    throw new CliUsageError(`${where}: "format" must be "${SETTINGS_FORMAT}"`);
  }
  if (record.version !== SETTINGS_FORMAT_VERSION) {
    throw new CliUsageError(`${where}: "version" must be ${SETTINGS_FORMAT_VERSION}`);
  }
  const parsed = organisationSettingsSchema.safeParse(record.settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['settings', ...(issue?.path ?? [])].map(String).join('.');
    throw new CliUsageError(`${where}: ${path}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export interface CalendarOptions {
  json: boolean;
  calendar: BusinessCalendar;
  settings: OrganisationSettings;
}

/** Takes --json, --holidays and (when allowed) --settings, and builds the calendar. */
export function takeCalendarOptions(args: string[], withSettings: boolean): CalendarOptions {
  const json = takeFlag(args, '--json');
  const holidaysFile = takeOption(args, '--holidays');
  const settingsFile = withSettings ? takeOption(args, '--settings') : undefined;
  const holidays = loadHolidayData(
    holidaysFile === undefined ? DEFAULT_HOLIDAYS_FILE : resolve(holidaysFile),
  );
  const settings =
    settingsFile === undefined
      ? DEFAULT_ORGANISATION_SETTINGS
      : loadSettingsFile(resolve(settingsFile));
  return { json, calendar: createBusinessCalendar({ holidays, settings }), settings };
}

// ---------------------------------------------------------------------------------------------
// Output

/** "Fri 27 Nov 2026 21:30 JST" */
export function readableInstant(instantMs: number): string {
  const day = jstDayOf(instantMs);
  const { year, month, day: dayOfMonth } = civilFromDay(day);
  const time = formatWallTime(Math.floor(jstTimeOfDayMs(instantMs) / 60_000));
  return `${WEEKDAY_NAMES[weekdayOf(day)]} ${dayOfMonth} ${MONTH_NAMES[month - 1]} ${year} ${time} JST`;
}

/** Prints each line as JSON (`--json`) or as text. */
export function print(
  io: CliIo,
  json: boolean,
  lines: Array<{ json: object; text: string }>,
): number {
  for (const line of lines) io.out(json ? JSON.stringify(line.json) : line.text);
  return EXIT_OK;
}
