/**
 * `npm run --silent server -- …`: one line on stdout when ready, JSON lines on stderr, a clean stop
 * on SIGINT or SIGTERM. Exit 2 for a usage error, 1 when the server cannot start.
 */
import { parseServerArgs, SERVER_HELP, UsageError } from './args';
import { FolderInUseError } from './db/folder-lock';
import { SchemaTooNewError } from './db/migrations';
import { startServer } from './start';

const log = (msg: string, extra: Record<string, unknown> = {}) =>
  process.stderr.write(`${JSON.stringify({ level: 30, time: Date.now(), msg, ...extra })}\n`);

async function main(): Promise<number> {
  let args;
  try {
    args = parseServerArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${SERVER_HELP}`);
      return 2;
    }
    throw error;
  }
  if (args === 'help') {
    process.stdout.write(SERVER_HELP);
    return 0;
  }
  let server;
  try {
    server = await startServer(args, { logStream: process.stderr });
  } catch (error) {
    if (error instanceof FolderInUseError || error instanceof SchemaTooNewError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    process.stderr.write(`The sync server could not start: ${(error as Error).message}\n`);
    return 1;
  }
  if (server.demoFile)
    log(`demo organisation created; accounts and the portal key are in ${server.demoFile}`);
  else if (args.demo)
    log('demo organisation already exists; its accounts file was written at its first start');
  log('database', { kind: server.db.kind });
  // The stop is set up before the ready line: whoever reads it may signal at once.
  const stopped = new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log('stopping', { signal });
      server
        .close()
        .catch((error: unknown) => log('stop failed', { errorName: (error as Error).name }))
        .finally(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  process.stdout.write(`Counsellor Workstation sync server ready at ${server.url}\n`);
  await stopped;
  log('stopped');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The sync server failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
