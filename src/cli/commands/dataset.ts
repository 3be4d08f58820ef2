/**
 * Dataset commands (docs/dataset.md). Stable interface:
 *
 *   demo-data [--seed N] [--messages M] [--until INSTANT] --out FILE
 *       writes a realistic, deterministic demo dataset; prints
 *       {file, seed, messages, until, bytes, participants, counsellors, threads,
 *        participantMessages, replies, overLimit}
 *   check-dataset <file> [--now INSTANT]
 *       checks a dataset as the import does; prints one {position, id, line, column, problems}
 *       per invalid record, then {file, records, valid, invalid, overLimit}
 *
 * With `--json`, one JSON object per line. Both take `--holidays FILE` and `--settings FILE` like
 * the calendar commands (demo-data times its replies with the business calendar).
 *
 * Exit codes: 0 when done (check-dataset: every record valid); 2 on bad arguments, a file that is
 * not a dataset (the problem on stderr), or invalid records (their list on stdout, a count on
 * stderr).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEMO_DEFAULT_MESSAGES,
  DEMO_DEFAULT_SEED,
  DEMO_DEFAULT_UNTIL,
  DEMO_MAX_MESSAGES,
  datasetContents,
  describeInvalidRecord,
  generateDemoDataset,
  serializeDataset,
  validateDataset,
} from '../../domain/dataset';
import { formatJstInstant } from '../../domain/calendar';
import { CliUsageError, EXIT_OK, EXIT_USAGE, type CliCommand } from '../command';
import {
  checkDatasetFile,
  forInput,
  readInstant,
  readText,
  takeCalendarOptions,
  takeOption,
} from './shared';

function wholeNumber(option: string, text: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new CliUsageError(`${option} "${text}" is not a whole number from 0 to ${max}`);
  }
  return Number(text);
}

function rejectUnknown(args: string[]): void {
  const first = args[0];
  if (first !== undefined) throw new CliUsageError(`unexpected argument "${first}"`);
}

const demoDataCommand: CliCommand = {
  name: 'demo-data',
  summary: 'Write a realistic, deterministic demo dataset (participants, counsellors, messages).',
  usage:
    'demo-data [--seed N] [--messages M] [--until INSTANT] --out FILE [--json] [--settings FILE] [--holidays FILE]',
  run(args, io) {
    const seedText = takeOption(args, '--seed');
    const messagesText = takeOption(args, '--messages');
    const untilText = takeOption(args, '--until');
    const out = takeOption(args, '--out');
    const { json, calendar } = takeCalendarOptions(args, true);
    rejectUnknown(args);
    if (out === undefined) throw new CliUsageError('--out FILE is required');
    const seed =
      seedText === undefined ? DEMO_DEFAULT_SEED : wholeNumber('--seed', seedText, 0xffff_ffff);
    const messages =
      messagesText === undefined
        ? DEMO_DEFAULT_MESSAGES
        : wholeNumber('--messages', messagesText, DEMO_MAX_MESSAGES);
    const until = untilText ?? DEMO_DEFAULT_UNTIL;
    const untilMs = readInstant('--until', until);
    const document = forInput('--until', until, () =>
      generateDemoDataset({ calendar, seed, messages, untilMs }),
    );
    const text = serializeDataset(document);
    const file = resolve(out);
    try {
      writeFileSync(file, text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
      throw new CliUsageError(`--out "${out}": cannot write the file (${code})`);
    }
    const bytes = Buffer.byteLength(text);
    const contents = datasetContents(document);
    const summary = {
      file: out,
      seed,
      messages,
      until: formatJstInstant(untilMs),
      bytes,
      ...contents,
    };
    io.out(
      json
        ? JSON.stringify(summary)
        : `Wrote ${out}: ${messages} messages (${contents.participantMessages} from participants, ${contents.replies} replies, ${contents.overLimit} over the 1,200-character limit) in ${contents.threads} threads, ${contents.participants} participants, ${contents.counsellors} counsellors; seed ${seed}, until ${summary.until}; ${bytes} bytes.`,
    );
    return EXIT_OK;
  },
};

const checkDatasetCommand: CliCommand = {
  name: 'check-dataset',
  summary: 'Check a dataset file as the import does, and list its invalid records.',
  usage: 'check-dataset <file> [--now INSTANT] [--json]',
  run(args, io) {
    const nowText = takeOption(args, '--now');
    const json = args.includes('--json');
    if (json) args.splice(args.indexOf('--json'), 1);
    const [file, ...rest] = args;
    rejectUnknown(rest);
    if (file === undefined || file.startsWith('--')) {
      throw new CliUsageError(
        file === undefined ? 'needs a <file>' : `unexpected argument "${file}"`,
      );
    }
    const nowMs = nowText === undefined ? undefined : readInstant('--now', nowText);
    const options = nowMs === undefined ? {} : { nowMs };
    // Checked as it is read (records one at a time, the text never whole); a file that is no
    // JSON object is read whole and checked again, for what is wrong and where.
    const result =
      checkDatasetFile('<file>', resolve(file), options) ??
      validateDataset(readText('<file>', resolve(file)), options);
    if (!result.ok) {
      for (const problem of result.problems)
        io.err(`cli check-dataset: ${file}: ${problem.message}`);
      return EXIT_USAGE;
    }
    for (const record of result.invalid) {
      io.out(
        json
          ? JSON.stringify({
              position: record.position,
              id: record.id,
              line: record.line,
              column: record.column,
              problems: record.problems,
            })
          : describeInvalidRecord(record),
      );
    }
    const { records, valid, invalid, overLimit } = result.counts;
    if (invalid > result.invalid.length && !json)
      io.out(`… and ${invalid - result.invalid.length} more invalid records, not listed.`);
    io.out(
      json
        ? JSON.stringify({ file, records, valid, invalid, overLimit })
        : `${file}: ${records} records, ${valid} valid, ${invalid} invalid; ${overLimit} ${overLimit === 1 ? 'message' : 'messages'} over the 1,200-character limit (kept whole, flagged).`,
    );
    if (invalid > 0) {
      io.err(`cli check-dataset: ${file}: ${invalid} of ${records} records are invalid`);
      return EXIT_USAGE;
    }
    return EXIT_OK;
  },
};

export const datasetCommands: CliCommand[] = [demoDataCommand, checkDatasetCommand];
