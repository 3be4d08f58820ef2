/** What every CLI command shares: its shape, the usage error, the exit codes and argument helpers. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIo, context: CliContext): number | Promise<number>;
}

export interface CliContext {
  version: string;
}

/** A usage problem: the message names the argument that was wrong. */
export class CliUsageError extends Error {}

/** The input was fine but the command could not do it (refused, or the database failed). */
export class CliFailure extends Error {}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Removes `flag` from args and says whether it was there. */
export function takeFlag(args: string[], flag: string): boolean {
  const index = args.indexOf(flag);
  if (index === -1) return false;
  args.splice(index, 1);
  return true;
}

export function rejectRest(args: string[]): void {
  if (args.length > 0) throw new CliUsageError(`unexpected argument "${args[0]}"`);
}
