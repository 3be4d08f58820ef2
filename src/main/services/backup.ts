/**
 * Encrypted backups (issue 7). The page hands over its data exactly as stored, still sealed field
 * by field, with a MAC under its index key; this adds the key set wrapped under the workstation
 * passphrase (never the copy sealed by the operating system's store, which only opens on this
 * computer) and saves the file like an export: where the person chooses (Electron), or in the
 * data folder's `exports/` (browser host). The file therefore opens with the passphrase alone, on
 * this or another workstation, and is useless without it.
 *
 * Restoring happens in the page, which checks the whole file before it touches anything.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { ExportSaveOutput } from '../../bridge/schemas/exports';
import { backupSaveInputSchema } from '../../bridge/schemas/security';
import { BridgeFailure, reason } from '../../bridge/errors';
import type { ExportFiles } from './export-files';
import type { KeyStore } from './key-store';
import type { OffLoopResult, OffLoopRunner } from './off-loop';
import type { ChannelName } from '../../bridge/channels';
import { createStreamedDispatch, type StreamedDispatch } from './bridge-router';
import type { Logger } from './logger';

export const BACKUP_FORMAT = 'counsellor-workstation.backup';
export const BACKUP_DATA_FORMAT = 'counsellor-workstation.backup-data';

/** How long checking and writing a backup may take (in a worker). */
export const BACKUP_TIME_LIMIT_MS = 120_000;

export async function saveBackup(
  context: { keyStore: KeyStore; exports: ExportFiles; offLoop: OffLoopRunner },
  input: z.infer<typeof backupSaveInputSchema>,
): Promise<ExportSaveOutput> {
  // Asked first, thrown after the data's own problems (those are said first).
  const keystore = await context.keyStore.backupSection().then(
    (section) => ({ ok: true as const, section }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  // Checked (one JSON value, never built into records) and put together in a worker: a backup of
  // hundreds of megabytes neither holds the event loop nor takes its size many times over.
  const result = await context.offLoop.run(
    { kind: 'backup-file', data: input.data, keystore: keystore.ok ? keystore.section : null },
    { timeoutMs: BACKUP_TIME_LIMIT_MS },
  );
  if (!result.ok) throw backupRefusal(result);
  if (!keystore.ok) throw keystore.error;
  if (!('bytes' in result))
    throw new BridgeFailure('failed', 'The backup was not saved.', [], reason('backup-failed'));
  return context.exports.save({
    kind: 'backup',
    suggestedName: input.suggestedName,
    bytes: result.bytes,
  });
}

/** Why a backup was not made, for the page (codes and field paths as the input schema gives). */
function backupRefusal(result: Extract<OffLoopResult, { ok: false }>): BridgeFailure {
  switch (result.reason) {
    case 'body-not-json':
      return new BridgeFailure(
        'invalid-input',
        `The body of the call to backup.save is not valid JSON (${result.detail ?? 'damaged'}).`,
        [],
        reason('backup-invalid'),
      );
    case 'body-shape':
      return new BridgeFailure(
        'invalid-input',
        `backup.save: ${result.path?.length ? `${result.path.join('.')}: ` : ''}${result.detail ?? 'invalid'}.`,
        result.path ?? [],
        reason('backup-invalid'),
      );
    case 'not-json':
      return new BridgeFailure(
        'invalid-input',
        `The backup data is not JSON (${result.detail ?? 'damaged'}).`,
        ['data'],
        reason('backup-invalid'),
      );
    case 'not-backup':
      return new BridgeFailure(
        'invalid-input',
        `The backup data is not ${BACKUP_DATA_FORMAT}.`,
        ['data'],
        reason('backup-invalid'),
      );
    case 'busy':
      return new BridgeFailure(
        'failed',
        'The backup was not saved: another large file is being written. Try again when it is done.',
        [],
        reason('backup-busy'),
      );
    case 'timeout':
      return new BridgeFailure(
        'failed',
        `The backup was not saved: writing it took longer than ${BACKUP_TIME_LIMIT_MS / 1000} s.`,
        [],
        reason('backup-timeout', { seconds: BACKUP_TIME_LIMIT_MS / 1000 }),
      );
    default:
      return new BridgeFailure(
        'failed',
        'The backup was not saved: making the file failed.',
        [],
        reason('backup-failed'),
      );
  }
}

/** The partial files of streamed backups carry this ending (swept at start: see sweepPartialBackups). */
export const PARTIAL_SUFFIX = '.cw-partial';

/**
 * backup.save from the browser host's spooled request body (backup-body.ts): the body is read,
 * checked and written into the backup file a chunk at a time in the worker, in `workDir` (beside
 * where exports go), then given its name. Refusals are those of saveBackup, plus the body's own
 * (not JSON; a field missing, unknown or not a string; a bad file name), with their field paths.
 * No partial file is left behind whatever happens.
 */
export async function saveBackupBody(
  context: { keyStore: KeyStore; exports: ExportFiles; offLoop: OffLoopRunner; workDir: string },
  bodyFile: string,
): Promise<ExportSaveOutput> {
  const keystore = await context.keyStore.backupSection().then(
    (section) => ({ ok: true as const, section }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const outFile = path.join(
    context.workDir,
    `.backup-${randomBytes(8).toString('hex')}${PARTIAL_SUFFIX}`,
  );
  try {
    const result = await context.offLoop.run(
      {
        kind: 'backup-body',
        bodyFile,
        outFile,
        keystore: keystore.ok ? keystore.section : null,
      },
      { timeoutMs: BACKUP_TIME_LIMIT_MS },
    );
    if (!result.ok) throw backupRefusal(result);
    if (!keystore.ok) throw keystore.error;
    if (!('suggestedName' in result))
      throw new BridgeFailure('failed', 'The backup was not saved.', [], reason('backup-failed'));
    const name = backupSaveInputSchema.shape.suggestedName.safeParse(result.suggestedName);
    if (!name.success)
      throw new BridgeFailure(
        'invalid-input',
        `backup.save: suggestedName: ${name.error.issues[0]?.message ?? 'invalid'}.`,
        ['suggestedName'],
        reason('backup-invalid'),
      );
    return await context.exports.saveFile({
      kind: 'backup',
      suggestedName: name.data,
      file: outFile,
      bytes: result.written,
    });
  } finally {
    await rm(outFile, { force: true }).catch(() => undefined);
  }
}

/**
 * Removes what a stopped host left of streamed calls in `dir` (spooled bodies, partial backups):
 * run at start, before any call. A folder that does not exist has nothing to sweep.
 */
export async function sweepPartialFiles(dir: string, suffixes: readonly string[]): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  const partial = names.filter(
    (name) => name.startsWith('.') && suffixes.some((s) => name.endsWith(s)),
  );
  await Promise.all(
    partial.map((name) => rm(path.join(dir, name), { force: true }).catch(() => undefined)),
  );
  return partial.length;
}

/**
 * The browser host's streamed backup.save (see HostOptions.streamed): bodies spooled into the data
 * folder's `exports/`, where the backup goes, and written from there by saveBackupBody.
 */
export function streamedBackupSave(context: {
  keyStore: KeyStore;
  exports: ExportFiles;
  offLoop: OffLoopRunner;
  dataDir: string;
  log: Logger;
}): { channels: ReadonlySet<ChannelName>; dispatch: StreamedDispatch; spoolDir: string } {
  const workDir = path.join(context.dataDir, 'exports');
  return {
    channels: new Set<ChannelName>(['backup.save']),
    dispatch: createStreamedDispatch(
      { 'backup.save': (bodyFile) => saveBackupBody({ ...context, workDir }, bodyFile) },
      context.log,
    ),
    spoolDir: workDir,
  };
}
