/**
 * Calendar commands: holidays, business days, answer deadlines and booking cutoffs
 * (DOMAIN.md sections 3 to 5). Stable interface:
 *
 *   holidays <year>...                                  {date, name, nameJa, kind, provisional} per holiday
 *   business-day <date>...                              {date, businessDay, reason}
 *   deadline <receivedAt>...                            {receivedAt, receiptDay, deadline}
 *   status --now <instant> [--answered-at <instant>] <receivedAt>...
 *                                                       {receivedAt, deadline, status, serviceMinutesLeft}
 *   cutoff [--now <instant>] <sessionStart>...          {sessionStart, cutoff, valid, reason}
 *
 * With `--json`, one JSON object per line, in the order of the inputs (for `holidays`, one per
 * holiday, year by year). Instants are read in ISO 8601 with an offset (`Z` or `+09:00`) and
 * printed in ISO 8601 at +09:00, e.g. `2026-11-26T21:30:00+09:00`. Options: `--settings FILE` (the
 * app's settings.json: service hours, closures, N, due-soon threshold; defaults otherwise) and
 * `--holidays FILE` (another holiday list in the format of resources/holidays/japan.json).
 *
 * Bad input: every input is checked before anything is printed. If one is bad, nothing goes to
 * stdout, the first problem goes to stderr naming the argument, and the exit code is 2.
 */
import {
  WEEKDAY_NAMES,
  formatJstInstant,
  parseDate,
  weekdayOf,
  type DeadlineStatusKind,
  type NonBusinessDayReason,
  type SessionStartProblem,
} from '../../domain/calendar';
import { CliUsageError, type CliCommand } from '../command';
import {
  badInput,
  forInput,
  print,
  readInstant,
  readableInstant,
  takeCalendarOptions,
  takeOption,
} from './shared';

// The helpers this module used to export now live in ./shared (shared with the booking commands).
export { DEFAULT_HOLIDAYS_FILE, loadHolidayData, loadSettingsFile, takeOption } from './shared';

// ---------------------------------------------------------------------------------------------
// Arguments

/** The remaining arguments, which must be inputs (no unknown options), at least one. */
function takeInputs(args: string[], what: string): string[] {
  const unknown = args.find((arg) => arg.startsWith('--'));
  if (unknown !== undefined) throw new CliUsageError(`unexpected argument "${unknown}"`);
  if (args.length === 0) throw new CliUsageError(`needs at least one ${what}`);
  return args.splice(0, args.length);
}

// ---------------------------------------------------------------------------------------------
// Readable output

function dayLabel(date: string): string {
  const day = parseDate(date)!;
  return `${date} ${WEEKDAY_NAMES[weekdayOf(day)]}`;
}

function readableReason(reason: NonBusinessDayReason): string {
  switch (reason.kind) {
    case 'weekend':
      return 'weekend';
    case 'holiday':
      return `holiday, ${reason.name} (${reason.nameJa})${reason.provisional ? ', provisional' : ''}`;
    case 'closure':
      return `closure, ${reason.label}`;
  }
}

function readableSessionProblem(problem: SessionStartProblem): string {
  switch (problem.kind) {
    case 'not-business-day':
      return `${problem.date} is not a business day (${readableReason(problem.because)})`;
    case 'starts-before-service-hours':
      return `starts before service hours open at ${problem.opensAt}`;
    case 'ends-after-service-hours':
      return `its 40 minutes end after service hours close at ${problem.closesAt} (latest start ${problem.latestStart})`;
    case 'booking-cutoff-passed':
      return 'its booking cutoff has passed';
  }
}

function serviceTime(minutes: number): string {
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** "6h 10m of service time left · due Thu 28 Nov 2024 21:30 JST" (DOMAIN.md section 4). */
function readableStatus(
  status: DeadlineStatusKind,
  minutesLeft: number,
  deadlineMs: number,
): string {
  const due = readableInstant(deadlineMs);
  switch (status) {
    case 'on-track':
    case 'due-soon':
      return `${serviceTime(minutesLeft)} of service time left · due ${due}`;
    case 'overdue':
      return `was due ${due}`;
    case 'answered-on-time':
      return `answered with ${serviceTime(minutesLeft)} of service time to spare · was due ${due}`;
    case 'answered-late':
      return `answered after the deadline · was due ${due}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Commands

const holidaysCommand: CliCommand = {
  name: 'holidays',
  summary:
    'List the Japanese national holidays of one or more years (computed years are provisional).',
  usage: 'holidays <year>... [--json] [--holidays FILE]',
  run(args, io) {
    const { json, calendar } = takeCalendarOptions(args, false);
    const inputs = takeInputs(args, '<year>');
    const years = inputs.map((text) => {
      if (!/^\d{4}$/.test(text)) throw badInput('<year>', text, 'is not a year written YYYY');
      const year = Number(text);
      if (year < calendar.firstYear || year > calendar.lastYear) {
        throw badInput('<year>', text, `is outside ${calendar.firstYear} to ${calendar.lastYear}`);
      }
      return year;
    });
    const lines = years.flatMap((year) =>
      calendar.holidaysInYear(year).map((h) => ({
        json: {
          date: h.date,
          name: h.name,
          nameJa: h.nameJa,
          kind: h.kind,
          provisional: h.provisional,
        },
        text: `${dayLabel(h.date)}  ${h.name} · ${h.nameJa}  [${h.kind}]${h.provisional ? ' (provisional)' : ''}`,
      })),
    );
    return print(io, json, lines);
  },
};

const businessDayCommand: CliCommand = {
  name: 'business-day',
  summary: 'Say whether each date is a business day, and why not.',
  usage: 'business-day <date>... [--json] [--settings FILE] [--holidays FILE]',
  run(args, io) {
    const { json, calendar } = takeCalendarOptions(args, true);
    const inputs = takeInputs(args, '<date>');
    const answers = inputs.map((text) => {
      if (parseDate(text) === null)
        throw badInput('<date>', text, 'is not a real date written YYYY-MM-DD');
      return forInput('<date>', text, () => calendar.businessDay(text));
    });
    return print(
      io,
      json,
      answers.map((a) => ({
        json: { date: a.date, businessDay: a.businessDay, reason: a.reason },
        text: `${dayLabel(a.date)}  ${a.reason === null ? 'business day' : `not a business day: ${readableReason(a.reason)}`}`,
      })),
    );
  },
};

const deadlineCommand: CliCommand = {
  name: 'deadline',
  summary: 'Give the receipt day and answer deadline of messages received at the given instants.',
  usage: 'deadline <receivedAt>... [--json] [--settings FILE] [--holidays FILE]',
  run(args, io) {
    const { json, calendar } = takeCalendarOptions(args, true);
    const inputs = takeInputs(args, '<receivedAt>');
    const results = inputs.map((text) => {
      const receivedAtMs = readInstant('<receivedAt>', text);
      const { receiptDay, deadlineMs } = forInput('<receivedAt>', text, () =>
        calendar.answerDeadline(receivedAtMs),
      );
      return { receivedAtMs, receiptDay, deadlineMs };
    });
    return print(
      io,
      json,
      results.map((r) => {
        const receivedAt = formatJstInstant(r.receivedAtMs);
        const deadline = formatJstInstant(r.deadlineMs);
        return {
          json: { receivedAt, receiptDay: r.receiptDay, deadline },
          text: `${receivedAt}  receipt day ${dayLabel(r.receiptDay)}  deadline ${readableInstant(r.deadlineMs)} (${deadline})`,
        };
      }),
    );
  },
};

const statusCommand: CliCommand = {
  name: 'status',
  summary:
    'Give the deadline status of messages at a moment (on-track, due-soon, overdue, answered-...).',
  usage:
    'status --now <instant> [--answered-at <instant>] <receivedAt>... [--json] [--settings FILE] [--holidays FILE]',
  run(args, io) {
    const nowText = takeOption(args, '--now');
    const answeredText = takeOption(args, '--answered-at');
    const { json, calendar } = takeCalendarOptions(args, true);
    if (nowText === undefined) throw new CliUsageError('--now <instant> is required');
    const nowMs = readInstant('--now', nowText);
    const answeredAtMs =
      answeredText === undefined ? null : readInstant('--answered-at', answeredText);
    const inputs = takeInputs(args, '<receivedAt>');
    const results = inputs.map((text) => {
      const receivedAtMs = readInstant('<receivedAt>', text);
      const status = forInput('<receivedAt>', text, () =>
        calendar.deadlineStatus({ receivedAtMs, answeredAtMs, nowMs }),
      );
      return { receivedAtMs, ...status };
    });
    return print(
      io,
      json,
      results.map((r) => {
        const receivedAt = formatJstInstant(r.receivedAtMs);
        return {
          json: {
            receivedAt,
            deadline: formatJstInstant(r.deadlineMs),
            status: r.status,
            serviceMinutesLeft: r.serviceMinutesLeft,
          },
          text: `${receivedAt}  ${r.status}  ${readableStatus(r.status, r.serviceMinutesLeft, r.deadlineMs)}`,
        };
      }),
    );
  },
};

const cutoffCommand: CliCommand = {
  name: 'cutoff',
  summary: 'Give the booking cutoff of video sessions, and whether each start is valid.',
  usage: 'cutoff <sessionStart>... [--now <instant>] [--json] [--settings FILE] [--holidays FILE]',
  run(args, io) {
    const nowText = takeOption(args, '--now');
    const { json, calendar } = takeCalendarOptions(args, true);
    const nowMs = nowText === undefined ? undefined : readInstant('--now', nowText);
    const inputs = takeInputs(args, '<sessionStart>');
    const results = inputs.map((text) => {
      const sessionStartMs = readInstant('<sessionStart>', text);
      const check = forInput('<sessionStart>', text, () =>
        calendar.checkSessionStart(sessionStartMs, nowMs === undefined ? {} : { nowMs }),
      );
      return { sessionStartMs, ...check };
    });
    return print(
      io,
      json,
      results.map((r) => {
        const sessionStart = formatJstInstant(r.sessionStartMs);
        const cutoff = formatJstInstant(r.bookingCutoffMs);
        return {
          json: { sessionStart, cutoff, valid: r.valid, reason: r.reason },
          text: `${sessionStart}  cutoff ${readableInstant(r.bookingCutoffMs)}  ${r.reason === null ? 'valid' : `invalid: ${readableSessionProblem(r.reason)}`}`,
        };
      }),
    );
  },
};

export const calendarCommands: CliCommand[] = [
  holidaysCommand,
  businessDayCommand,
  deadlineCommand,
  statusCommand,
  cutoffCommand,
];
