/**
 * The command-line door to the domain and the sync server's administration. Stable interface:
 * `--json` prints one JSON object per line on stdout; bad input goes to stderr with exit code 2, a
 * refusal or failure (CliFailure) with exit code 1. Later issues add commands to COMMANDS.
 */
import { bookingCommands } from './commands/booking';
import { calendarCommands } from './commands/calendar';
import { datasetCommands } from './commands/dataset';
import { portalCommands } from './commands/portal';
import { reportCommands } from './commands/report';
import { serverAdminCommands } from './commands/server-admin';
import {
  CliFailure,
  CliUsageError,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  rejectRest,
  takeFlag,
  type CliCommand,
  type CliContext,
  type CliIo,
} from './command';

export type { CliCommand, CliContext, CliIo };

const versionCommand: CliCommand = {
  name: 'version',
  summary: 'Print the version of Counsellor Workstation.',
  usage: 'version [--json]',
  run(args, io, context) {
    const json = takeFlag(args, '--json');
    rejectRest(args);
    io.out(
      json
        ? JSON.stringify({ name: 'counsellor-workstation', version: context.version })
        : context.version,
    );
    return EXIT_OK;
  },
};

export const COMMANDS: CliCommand[] = [
  versionCommand,
  ...calendarCommands,
  ...bookingCommands,
  ...datasetCommands,
  ...reportCommands,
  ...serverAdminCommands,
  ...portalCommands,
];

export function helpText(commands: CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Counsellor Workstation command line',
    '',
    'Usage: npm run --silent cli -- <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    '  --json   print one JSON object per line (stable output for scripts)',
    '  --help   show the usage of a command: cli -- <command> --help',
    '',
    'Exit codes: 0 success, 1 refused or failed (the reason on stderr), 2 bad input (the message',
    'on stderr names the argument).',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo, context: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`cli: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help')) {
    io.out(`Usage: npm run --silent cli -- ${command.usage}\n\n${command.summary}`);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io, context);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.err(`cli ${command.name}: ${error.message}`);
      return EXIT_USAGE;
    }
    if (error instanceof CliFailure) {
      io.err(`cli ${command.name}: ${error.message}`);
      return EXIT_FAILURE;
    }
    throw error;
  }
}
