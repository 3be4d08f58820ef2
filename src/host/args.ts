/** The browser host's command-line flags. */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

export const HOST_HELP = `Counsellor Workstation, browser host

Serves the app and its bridge on 127.0.0.1 for a browser (development, demos, end-to-end tests).

Usage: npm run start:browser -- [options]

Options:
  --port N          port to listen on (default 5199; 0 picks any free port). The
                    data folder remembers the port its data lives under (the page's
                    database belongs to its origin) and later starts reuse it;
                    another port is refused (exit 2) unless --new-origin
  --new-origin      start on a new origin (--port N, or any free port) with an empty
                    database; the data under the folder's old origin is left behind
  --data-dir DIR    folder for the workstation's files
                    (default ${path.join('~', '.counsellor-workstation', 'browser-host')})
  --now INSTANT     pin the app's clock to this ISO 8601 instant with an offset,
                    e.g. 2026-11-30T10:00:00+09:00 (demos and tests)
  --demo            on a first start (empty database), load the demo dataset
                    (default seed; dated up to --now, or to the start time)
  --demo-messages M how many messages the demo dataset has (default 600)
  --passphrase-file FILE
                    the workstation passphrase, read from FILE: sets it on a first
                    start, then unlocks without typing (demos and tests); without
                    it the page asks
  --rebuild         build the renderer even if the build looks current
  --help            show this help
`;

export class UsageError extends Error {}

export interface HostArgs {
  /** The --port given, or null (then the data folder's port, or 5199). */
  port: number | null;
  newOrigin: boolean;
  dataDir: string;
  now: string | null;
  rebuild: boolean;
  demo: boolean;
  demoMessages: number;
  passphraseFile: string | null;
}

export function parseHostArgs(argv: string[]): HostArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        'new-origin': { type: 'boolean' },
        'data-dir': { type: 'string' },
        now: { type: 'string' },
        rebuild: { type: 'boolean' },
        demo: { type: 'boolean' },
        'demo-messages': { type: 'string' },
        'passphrase-file': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const port = values.port === undefined ? null : Number(values.port);
  if (port !== null && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new UsageError(`--port: "${values.port}" is not a port number from 0 to 65535`);
  }
  let now: string | null = null;
  if (values.now !== undefined) {
    const valid =
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(values.now) &&
      !Number.isNaN(Date.parse(values.now));
    if (!valid) {
      throw new UsageError(
        `--now: "${values.now}" is not an ISO 8601 instant with an offset (e.g. 2026-11-30T10:00:00+09:00)`,
      );
    }
    now = values.now;
  }
  const dataDir = path.resolve(
    values['data-dir'] ?? path.join(os.homedir(), '.counsellor-workstation', 'browser-host'),
  );
  const demoMessages =
    values['demo-messages'] === undefined ? 600 : Number(values['demo-messages']);
  if (!Number.isInteger(demoMessages) || demoMessages < 1 || demoMessages > 1_000_000) {
    throw new UsageError(
      `--demo-messages: "${values['demo-messages']}" is not a whole number from 1 to 1000000`,
    );
  }
  return {
    port,
    newOrigin: values['new-origin'] ?? false,
    dataDir,
    now,
    rebuild: values.rebuild ?? false,
    demo: values.demo ?? values['demo-messages'] !== undefined,
    demoMessages,
    passphraseFile:
      values['passphrase-file'] === undefined ? null : path.resolve(values['passphrase-file']),
  };
}
