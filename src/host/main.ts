/**
 * `npm run start:browser -- [--port N] [--data-dir DIR] [--now ISO]`: builds the renderer if
 * needed, serves it and the bridge on 127.0.0.1, and prints exactly one line on stdout:
 * `Counsellor Workstation ready at <url>`. Logs go to stderr. Ctrl-C or SIGTERM stops it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBridgeRouter } from '../main/services/bridge-router';
import { PARTIAL_SUFFIX, streamedBackupSave, sweepPartialFiles } from '../main/services/backup';
import { createOffLoopRunner } from '../main/services/off-loop';
import { createAuditAnchorStore } from '../main/services/audit-anchor';
import { createBridgeHandlers } from '../main/services/handlers';
import { createRoleCredentials } from '../main/services/role-credentials';
import { createLogger } from '../main/services/logger';
import { createHolidaySource } from '../main/services/holiday-source';
import { createSettingsStore } from '../main/services/settings-store';
import { createUpdateSettingsStore } from '../main/services/update-settings-store';
import { createSyncTransport } from '../main/services/sync-transport';
import { createKeyStore, KEY_STORE_FILE_NAME, type KeyStore } from '../main/services/key-store';
import { createExportFiles, exportsFolderDestination } from '../main/services/export-files';
import { createBusinessCalendar } from '../domain/calendar';
import { generateDemoDataset } from '../domain/dataset/demo';
import { serializeDataset } from '../domain/dataset/schema';
import { BridgeFailure, reason } from '../bridge/errors';
import { HOST_HELP, parseHostArgs, UsageError, type HostArgs } from './args';
import { SPOOL_SUFFIX, startHost, type RunningHost } from './server';
import {
  checkKeyStorePresent,
  chooseOrigin,
  FolderRefusal,
  portTakenRefusal,
  readFolderRecord,
  writeFolderRecord,
  type FolderRecord,
} from './data-folder';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** True when out/renderer is missing or older than any source it is built from. */
function rendererNeedsBuild(rendererDir: string): boolean {
  const index = path.join(rendererDir, 'index.html');
  if (!existsSync(index)) return true;
  const builtAt = statSync(index).mtimeMs;
  const sources = ['src/renderer', 'src/bridge', 'src/domain'].map((d) =>
    path.join(projectRoot, d),
  );
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? newer(full) : statSync(full).mtimeMs > builtAt;
    });
  return sources.some((dir) => existsSync(dir) && newer(dir));
}

/** Sets the passphrase from the file on a first start, or checks it; a problem in words, or null. */
async function checkPassphraseFile(keyStore: KeyStore, passphrase: string): Promise<string | null> {
  const status = await keyStore.status();
  if (status.state === 'damaged') return status.problem;
  try {
    if (status.state === 'unset') {
      await keyStore.create(passphrase);
      return null;
    }
  } catch (error) {
    return (error as Error).message;
  }
  const check = await keyStore.verify(passphrase);
  return check.ok ? null : 'the passphrase in the file does not unlock this data folder';
}

async function main(): Promise<void> {
  let args: HostArgs | 'help';
  try {
    args = parseHostArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`start:browser: ${error.message}\nRun with --help for the options.\n`);
      process.exit(2);
    }
    throw error;
  }
  if (args === 'help') {
    process.stdout.write(HOST_HELP);
    return;
  }
  const log = createLogger({ level: process.env.CW_LOG_LEVEL === 'debug' ? 'debug' : 'info' });
  const rendererDir = path.join(projectRoot, 'out', 'renderer');
  if (args.rebuild || rendererNeedsBuild(rendererDir)) {
    process.stderr.write('Building the renderer (electron-vite build)…\n');
    const build = spawnSync(
      path.join(projectRoot, 'node_modules', '.bin', 'electron-vite'),
      ['build'],
      {
        cwd: projectRoot,
        stdio: ['ignore', process.stderr, process.stderr],
      },
    );
    if (build.status !== 0) {
      process.stderr.write('start:browser: the renderer build failed (see above).\n');
      process.exit(1);
    }
  }
  mkdirSync(args.dataDir, { recursive: true, mode: 0o700 });
  const refuse = (error: unknown): never => {
    if (error instanceof FolderRefusal) {
      process.stderr.write(`start:browser: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  };
  // What the folder remembers: the port its data lives under, whether it had keys, the demo.
  let record: FolderRecord;
  let listenPort: number;
  try {
    record = readFolderRecord(args.dataDir);
    checkKeyStorePresent(args.dataDir, record, KEY_STORE_FILE_NAME, args.newOrigin);
    ({ port: listenPort, record } = chooseOrigin(record, args.port, args.newOrigin));
    const keysPresent = existsSync(path.join(args.dataDir, KEY_STORE_FILE_NAME));
    record = { ...record, keys: keysPresent };
    writeFolderRecord(args.dataDir, record);
  } catch (error) {
    refuse(error);
    return;
  }
  const remember = (change: Partial<FolderRecord>): void => {
    record = { ...record, ...change };
    writeFolderRecord(args.dataDir, record);
  };
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const settings = createSettingsStore({ dataDir: args.dataDir, log });
  const holidays = createHolidaySource({
    bundledFile: path.join(projectRoot, 'resources', 'holidays', 'japan.json'),
    dataDir: args.dataDir,
    log,
  });
  let passphraseFromFile: string | undefined;
  if (args.passphraseFile !== null) {
    try {
      // The file's text, without the line break an editor or `echo` adds at its end.
      passphraseFromFile = readFileSync(args.passphraseFile, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      process.stderr.write(
        `start:browser: --passphrase-file: cannot read ${args.passphraseFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`,
      );
      process.exit(2);
    }
  }
  const createdKeyStore = createKeyStore({
    dataDir: args.dataDir,
    log,
    ...(passphraseFromFile !== undefined ? { passphraseFromFile } : {}),
  });
  // The folder records that it has keys as soon as they exist (see checkKeyStorePresent).
  const keyStore: KeyStore = {
    ...createdKeyStore,
    create: async (passphrase) => {
      const created = await createdKeyStore.create(passphrase);
      remember({ keys: true });
      return created;
    },
  };
  if (passphraseFromFile !== undefined) {
    const problem = await checkPassphraseFile(keyStore, passphraseFromFile);
    if (problem !== null) {
      process.stderr.write(`start:browser: --passphrase-file: ${problem}\n`);
      process.exit(2);
    }
  }
  const startedAtMs = args.now === null ? Date.now() : Date.parse(args.now);
  let demo: Promise<string> | null = null;
  const demoDataset = args.demo
    ? () => {
        // Once the page has the demo stored, the dataset (every demo JET number, name and text,
        // in clear) is given out no more.
        if (record.demoSeededAt !== null)
          return Promise.reject(
            new BridgeFailure(
              'failed',
              'The demo is already stored in this data folder: the host gives it out no more.',
              [],
              reason('demo-already-stored'),
            ),
          );
        demo ??= Promise.all([holidays.load(), settings.load()]).then(([h, s]) =>
          serializeDataset(
            generateDemoDataset({
              calendar: createBusinessCalendar({ holidays: h.data, settings: s.settings }),
              messages: args.demoMessages,
              untilMs: startedAtMs,
            }),
          ),
        );
        return demo;
      }
    : undefined;
  const exports = createExportFiles({
    chooseDestination: exportsFolderDestination(args.dataDir),
    log,
  });
  // One heavy task at a time, for the router's calls and the streamed backup alike.
  const offLoop = createOffLoopRunner();
  // A backup's body is streamed to a file beside where the backup goes, and checked and written
  // in the worker a chunk at a time (never held whole or parsed on the event loop).
  const exportsDir = path.join(args.dataDir, 'exports');
  await sweepPartialFiles(exportsDir, [SPOOL_SUFFIX, PARTIAL_SUFFIX]);
  const streamed = streamedBackupSave({ keyStore, exports, offLoop, dataDir: args.dataDir, log });
  // The host does the page's network I/O with the sync server, as the main process does.
  const auditAnchor = createAuditAnchorStore({ dataDir: args.dataDir, log });
  const roles = createRoleCredentials({
    dataDir: args.dataDir,
    log,
    verifyPassphrase: (passphrase) => keyStore.verify(passphrase),
  });
  const sync = createSyncTransport({
    dataDir: args.dataDir,
    log,
    auditAnchor,
    onSessionEnded: (accountId) => void roles.accountEnded(accountId),
    onSettingsPulled: (pulled) => settings.save(pulled),
  });
  const dispatch = createBridgeRouter(
    createBridgeHandlers({
      appInfo: {
        name: 'Counsellor Workstation',
        version: pkg.version,
        host: 'browser-host',
        os: process.platform,
        dataDir: args.dataDir,
        pinnedNow: args.now,
      },
      settings,
      // Stored here too (the same Settings screen), but the browser host never updates itself.
      updateSettings: createUpdateSettingsStore({ dataDir: args.dataDir, log }),
      holidays,
      keyStore,
      auditAnchor,
      roles,
      exports,
      offLoop,
      sync,
      log,
      ...(demoDataset
        ? {
            demoDataset,
            demoSeeded: async () => {
              if (record.demoSeededAt === null)
                remember({ demoSeededAt: new Date().toISOString() });
              demo = null;
            },
          }
        : {}),
    }),
    log,
  );
  let host: RunningHost;
  try {
    host = await startHost({ port: listenPort, rendererDir, dispatch, streamed, log });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      refuse(portTakenRefusal(listenPort, record.port !== null));
    throw error;
  }
  remember({ port: host.port });
  process.stdout.write(`Counsellor Workstation ready at ${host.url}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info('host.stopping', { reason: signal });
    Promise.all([host.close(), sync.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Started by `npm run start:browser`: the host ends with npm, even when npm ends without
  // passing a signal on (killed, or a shell between them that does not forward it).
  if (process.env.npm_lifecycle_event === 'start:browser') {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) stop('parent-exited');
    }, 500).unref();
  }
}

await main();
