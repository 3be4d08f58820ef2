/**
 * Booking commands: bookable video-session slots and the yearly quota (DOMAIN.md section 5).
 * Stable interface:
 *
 *   slots --availability FILE --from DATE --to DATE --now INSTANT [--booked FILE]
 *         [--exceptions FILE] [--participant ID]          {counsellor, start, end} per slot
 *   quota --sessions FILE --participant ID --at INSTANT    {participant, used, remaining,
 *                                                           periodStart, periodEnd, renewsOn}
 *
 * With `--json`, one JSON object per line; slots in time order (then by counsellor), `--to`
 * inclusive. Instants are read in ISO 8601 with an offset and printed at +09:00; dates are JST
 * `YYYY-MM-DD`. Files are JSON arrays:
 *
 *   --availability   [{counsellor, rrule, durationMinutes, validFrom?, validUntil?}]
 *                    rrule: "DTSTART;TZID=Asia/Tokyo:YYYYMMDDTHHMMSS\nRRULE:FREQ=WEEKLY;BYDAY=..."
 *   --exceptions     [{counsellor, date, kind: "day-off"}] or
 *                    [{counsellor, date, kind: "extra-window", start: "HH:MM", end: "HH:MM"}]
 *   --booked, --sessions
 *                    [{counsellor, participant, start, outcome}], outcome one of scheduled,
 *                    completed, cancelled, late-cancelled, no-show
 *
 * `--participant` on `slots` also leaves out slots overlapping that participant's sessions.
 * Options: `--settings FILE` (the app's settings.json: service hours, closures, buffer, quota) and,
 * for `slots`, `--holidays FILE`. Bad input: nothing goes to stdout, the first problem goes to
 * stderr naming the option, the file and the entry (e.g.
 * `--availability "a.json": availability[2].rrule: RRULE has no FREQ`), and the exit code is 2.
 */
import { resolve } from 'node:path';
import {
  createBookingRules,
  durationProblem,
  parseAvailabilityRule,
  quotaUsage,
  SESSION_OUTCOMES,
  type AvailabilityException,
  type AvailabilityRule,
  type Session,
  type SessionOutcome,
} from '../../domain/booking';
import { formatJstInstant, formatWallTime, jstTimeOfDayMs, parseDate } from '../../domain/calendar';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../domain/settings/organisation-settings';
import { CliUsageError, EXIT_OK, rejectRest, takeFlag, type CliCommand } from '../command';
import {
  loadSettingsFile,
  print,
  readInstant,
  readJson,
  readableInstant,
  takeCalendarOptions,
  takeOption,
} from './shared';

// ---------------------------------------------------------------------------------------------
// Files

type Entry = Record<string, unknown>;

/** A problem with one entry of a file; the caller adds the option and file name. */
class EntryProblem extends Error {}

/** A JSON array of objects from `option`'s file; each entry is checked by `read`. */
function readEntries<T>(
  option: string,
  file: string,
  label: string,
  fields: { required: string[]; optional: string[] },
  read: (entry: Entry, at: string) => T,
): T[] {
  const where = `${option} "${file}"`;
  const document = readJson(option, resolve(file));
  if (!Array.isArray(document))
    throw new CliUsageError(`${where}: not a JSON array of ${label} entries`);
  return document.map((entry: unknown, i) => {
    const at = `${label}[${i}]`;
    try {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        throw new EntryProblem(`${at}: not an object`);
      }
      const record = entry as Entry;
      for (const key of Object.keys(record)) {
        if (!fields.required.includes(key) && !fields.optional.includes(key)) {
          throw new EntryProblem(
            `${at}: unknown field "${key}" (fields: ${[...fields.required, ...fields.optional].join(', ')})`,
          );
        }
      }
      for (const key of fields.required) {
        if (record[key] === undefined) throw new EntryProblem(`${at}.${key}: missing`);
      }
      return read(record, at);
    } catch (error) {
      if (error instanceof EntryProblem) throw new CliUsageError(`${where}: ${error.message}`);
      throw error;
    }
  });
}

function text(record: Entry, at: string, key: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new EntryProblem(`${at}.${key}: must be non-empty text, not ${JSON.stringify(value)}`);
  }
  return value;
}

function date(record: Entry, at: string, key: string): string | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || parseDate(value) === null) {
    throw new EntryProblem(
      `${at}.${key}: must be a real date written YYYY-MM-DD, not ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function readAvailability(file: string): AvailabilityRule[] {
  return readEntries(
    '--availability',
    file,
    'availability',
    { required: ['counsellor', 'rrule', 'durationMinutes'], optional: ['validFrom', 'validUntil'] },
    (record, at) => {
      const counsellorId = text(record, at, 'counsellor');
      const rule = record.rrule;
      if (typeof rule !== 'string') throw new EntryProblem(`${at}.rrule: must be text`);
      const parse = parseAvailabilityRule(rule);
      if (!parse.ok) throw new EntryProblem(`${at}.rrule: ${parse.problem}`);
      const duration = durationProblem(record.durationMinutes);
      if (duration !== null) throw new EntryProblem(`${at}.durationMinutes: ${duration}`);
      const validFrom = date(record, at, 'validFrom');
      const validUntil = date(record, at, 'validUntil');
      if (validFrom !== undefined && validUntil !== undefined && validUntil < validFrom) {
        throw new EntryProblem(`${at}.validUntil: is before validFrom`);
      }
      return {
        id: at,
        counsellorId,
        rule,
        durationMinutes: record.durationMinutes as number,
        ...(validFrom === undefined ? {} : { validFrom }),
        ...(validUntil === undefined ? {} : { validUntil }),
      };
    },
  );
}

function readExceptions(file: string): AvailabilityException[] {
  return readEntries(
    '--exceptions',
    file,
    'exceptions',
    { required: ['counsellor', 'date', 'kind'], optional: ['start', 'end'] },
    (record, at): AvailabilityException => {
      const counsellorId = text(record, at, 'counsellor');
      const day = date(record, at, 'date')!;
      const wallTime = (key: string) => {
        const value = record[key];
        if (typeof value !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) {
          throw new EntryProblem(
            `${at}.${key}: must be a JST time written HH:MM, not ${JSON.stringify(value)}`,
          );
        }
        return value;
      };
      if (record.kind === 'day-off') {
        if (record.start !== undefined || record.end !== undefined) {
          throw new EntryProblem(`${at}: a day off has no start or end (use kind "extra-window")`);
        }
        return { counsellorId, date: day, kind: 'day-off' };
      }
      if (record.kind === 'extra-window') {
        const start = wallTime('start');
        const end = wallTime('end');
        if (end <= start) throw new EntryProblem(`${at}.end: must be after start on the same date`);
        return { counsellorId, date: day, kind: 'extra-window', start, end };
      }
      throw new EntryProblem(
        `${at}.kind: must be "day-off" or "extra-window", not ${JSON.stringify(record.kind)}`,
      );
    },
  );
}

function readSessions(option: string, file: string, label: string): Session[] {
  return readEntries(
    option,
    file,
    label,
    { required: ['counsellor', 'participant', 'start', 'outcome'], optional: [] },
    (record, at) => {
      const counsellorId = text(record, at, 'counsellor');
      const participantId = text(record, at, 'participant');
      const start = record.start;
      if (typeof start !== 'string')
        throw new EntryProblem(`${at}.start: must be an instant written in ISO 8601`);
      let startMs: number;
      try {
        startMs = readInstant(`${at}.start`, start);
      } catch (error) {
        if (error instanceof CliUsageError) throw new EntryProblem(error.message);
        throw error;
      }
      const outcome = record.outcome;
      if (!(SESSION_OUTCOMES as readonly unknown[]).includes(outcome)) {
        throw new EntryProblem(
          `${at}.outcome: must be one of ${SESSION_OUTCOMES.join(', ')}, not ${JSON.stringify(outcome)}`,
        );
      }
      return { id: at, counsellorId, participantId, startMs, outcome: outcome as SessionOutcome };
    },
  );
}

function required(value: string | undefined, option: string, what: string): string {
  if (value === undefined) throw new CliUsageError(`${option} ${what} is required`);
  return value;
}

function readDate(option: string, value: string): string {
  if (parseDate(value) === null) {
    throw new CliUsageError(`${option} "${value}" is not a real date written YYYY-MM-DD`);
  }
  return value;
}

function participant(value: string): string {
  if (value.trim() === '') throw new CliUsageError('--participant needs a participant id');
  return value;
}

// ---------------------------------------------------------------------------------------------
// Commands

const slotsCommand: CliCommand = {
  name: 'slots',
  summary: 'List the bookable video-session slots of counsellors between two dates.',
  usage:
    'slots --availability FILE --from DATE --to DATE --now INSTANT [--booked FILE] [--exceptions FILE] [--participant ID] [--json] [--settings FILE] [--holidays FILE]',
  run(args, io) {
    const availabilityFile = takeOption(args, '--availability');
    const fromText = takeOption(args, '--from');
    const toText = takeOption(args, '--to');
    const nowText = takeOption(args, '--now');
    const bookedFile = takeOption(args, '--booked');
    const exceptionsFile = takeOption(args, '--exceptions');
    const participantText = takeOption(args, '--participant');
    const { json, calendar, settings } = takeCalendarOptions(args, true);
    rejectRest(args);
    const from = readDate('--from', required(fromText, '--from', 'DATE'));
    const to = readDate('--to', required(toText, '--to', 'DATE'));
    if (to < from) throw new CliUsageError(`--to "${to}" is before --from "${from}"`);
    const nowMs = readInstant('--now', required(nowText, '--now', 'INSTANT'));
    const participantId = participantText === undefined ? undefined : participant(participantText);
    const rules = readAvailability(required(availabilityFile, '--availability', 'FILE'));
    const exceptions = exceptionsFile === undefined ? [] : readExceptions(exceptionsFile);
    const sessions = bookedFile === undefined ? [] : readSessions('--booked', bookedFile, 'booked');
    const booking = createBookingRules({ calendar, settings });
    let slots;
    try {
      slots = booking.slots({
        rules,
        exceptions,
        sessions,
        from,
        to,
        nowMs,
        ...(participantId === undefined ? {} : { participantId }),
      });
    } catch (error) {
      if (error instanceof RangeError) {
        throw new CliUsageError(
          `--from "${from}" --to "${to}": cannot list slots: ${error.message}`,
        );
      }
      throw error;
    }
    if (!json && slots.length === 0) {
      io.out(`no bookable slots from ${from} to ${to}`);
      return EXIT_OK;
    }
    return print(
      io,
      json,
      slots.map((slot) => ({
        json: {
          counsellor: slot.counsellorId,
          start: formatJstInstant(slot.startMs),
          end: formatJstInstant(slot.endMs),
        },
        text: `${readableInstant(slot.startMs).replace(/ JST$/, '')}–${formatWallTime(
          Math.floor(jstTimeOfDayMs(slot.endMs) / 60_000),
        )} JST  ${slot.counsellorId}`,
      })),
    );
  },
};

const quotaCommand: CliCommand = {
  name: 'quota',
  summary:
    "Give a participant's used and remaining video sessions in the quota year of an instant.",
  usage: 'quota --sessions FILE --participant ID --at INSTANT [--json] [--settings FILE]',
  run(args, io) {
    const json = takeFlag(args, '--json');
    const sessionsFile = takeOption(args, '--sessions');
    const participantText = takeOption(args, '--participant');
    const atText = takeOption(args, '--at');
    const settingsFile = takeOption(args, '--settings');
    rejectRest(args);
    const participantId = participant(required(participantText, '--participant', 'ID'));
    const atMs = readInstant('--at', required(atText, '--at', 'INSTANT'));
    const settings =
      settingsFile === undefined
        ? DEFAULT_ORGANISATION_SETTINGS
        : loadSettingsFile(resolve(settingsFile));
    const sessions = readSessions(
      '--sessions',
      required(sessionsFile, '--sessions', 'FILE'),
      'sessions',
    );
    const quota = quotaUsage({ sessions, participantId, atMs, settings });
    return print(io, json, [
      {
        json: {
          participant: participantId,
          used: quota.used,
          remaining: quota.remaining,
          periodStart: quota.periodStart,
          periodEnd: quota.periodEnd,
          renewsOn: quota.renewsOn,
        },
        text: `${participantId}: ${quota.used} of ${quota.limit} sessions used, ${quota.remaining} remaining in the quota year ${quota.periodStart} to ${quota.periodEnd} (renews on ${quota.renewsOn})`,
      },
    ]);
  },
};

export const bookingCommands: CliCommand[] = [slotsCommand, quotaCommand];
