/**
 * The organisation settings, persisted by the main process (or the browser host) as one JSON file
 * written atomically. A file that cannot be used is never overwritten silently: it is copied aside
 * first, the defaults are in force until the next save, and the problem is reported with the line
 * or field that was wrong.
 */
import { copyFile, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  DEFAULT_ORGANISATION_SETTINGS,
  type OrganisationSettings,
} from '../../domain/settings/organisation-settings';
import { organisationSettingsSchema, type SettingsState } from '../../bridge/schemas/settings';
import { BridgeFailure, reason } from '../../bridge/errors';
import type { Logger } from './logger';

export const SETTINGS_FILE_NAME = 'settings.json';
export const SETTINGS_FORMAT = 'counsellor-workstation.settings';
export const SETTINGS_FORMAT_VERSION = 1;

export interface SettingsStore {
  /** The settings in force (read once, then kept in memory). */
  load(): Promise<SettingsState>;
  /** Validates, writes atomically, and returns the new state. Throws on invalid settings. */
  save(settings: OrganisationSettings): Promise<SettingsState>;
}

export interface SettingsStoreOptions {
  dataDir: string;
  log: Logger;
  now?: () => Date;
}

export function createSettingsStore({
  dataDir,
  log,
  now = () => new Date(),
}: SettingsStoreOptions): SettingsStore {
  const file = path.join(dataDir, SETTINGS_FILE_NAME);
  let current: SettingsState | null = null;

  async function readFromDisk(): Promise<SettingsState> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { settings: DEFAULT_ORGANISATION_SETTINGS, source: 'defaults', file, problem: null };
      }
      return setAside(error);
    }
    const problem = describeProblem(text);
    if (problem === null) {
      const parsed = organisationSettingsSchema.parse(
        (JSON.parse(text) as { settings: unknown }).settings,
      );
      return { settings: parsed, source: 'file', file, problem: null };
    }
    let backupFile = file;
    try {
      backupFile = await keepBackup(file, now());
    } catch (error) {
      // No copy could be made (a read-only or full folder): the file itself stays as it is, and
      // it is not overwritten until a save.
      log.error('settings.copy-failed', { code: errnoCode(error) });
    }
    log.warn('settings.unusable-file-kept', { kind: problem.kind });
    return {
      settings: DEFAULT_ORGANISATION_SETTINGS,
      source: 'defaults',
      file,
      problem: { ...problem, message: `${SETTINGS_FILE_NAME}: ${problem.message}`, backupFile },
    };
  }

  /**
   * A settings file that cannot be read at all (permission denied, a directory, an I/O error;
   * issue 12.5): it is moved aside (renaming needs no read access) and the defaults are in force;
   * if it cannot even be moved, the problem says exactly what to fix. Never a failed start.
   */
  async function setAside(error: unknown): Promise<SettingsState> {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    const why = `${SETTINGS_FILE_NAME} cannot be read (${code}: ${describeFsCode(code)})`;
    const aside = asideName(file, now());
    try {
      await rename(file, aside);
      log.error('settings.unreadable-file-set-aside', { code });
      return {
        settings: DEFAULT_ORGANISATION_SETTINGS,
        source: 'defaults',
        file,
        problem: {
          kind: 'unreadable',
          message: `${why}. It was moved aside; the defaults are in force until the settings are saved.`,
          backupFile: aside,
        },
      };
    } catch (moveError) {
      const moveCode = (moveError as NodeJS.ErrnoException).code ?? 'EIO';
      log.error('settings.unreadable-file', { code });
      log.error('settings.set-aside-failed', { code: moveCode });
      return {
        settings: DEFAULT_ORGANISATION_SETTINGS,
        source: 'defaults',
        file,
        problem: {
          kind: 'unreadable',
          message: `${why}, and it could not be moved aside (${moveCode}). The defaults are in force. To fix: give this account read and write access to ${file} (or remove it), then start again.`,
          backupFile: file,
        },
      };
    }
  }

  return {
    async load() {
      current ??= await readFromDisk();
      return current;
    },
    async save(settings) {
      const valid = organisationSettingsSchema.parse(settings);
      const document = {
        format: SETTINGS_FORMAT,
        version: SETTINGS_FORMAT_VERSION,
        savedAt: now().toISOString(),
        settings: valid,
      };
      try {
        await writeFileAtomically(file, `${JSON.stringify(document, null, 2)}\n`);
      } catch (error) {
        log.error('settings.save-failed', { code: errnoCode(error) });
        throw error;
      }
      log.info('settings.saved');
      current = { settings: valid, source: 'file', file, problem: null };
      return current;
    },
  };
}

/** Null when the text is a usable settings document; otherwise what is wrong and where. */
export function describeProblem(
  text: string,
): { kind: 'unreadable' | 'invalid'; message: string } | null {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { kind: 'unreadable', message: `not valid JSON (${jsonErrorLocation(text, error)})` };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { kind: 'invalid', message: 'the file does not hold a settings document (an object)' };
  }
  const record = document as Record<string, unknown>;
  if (record.format !== SETTINGS_FORMAT) {
    return { kind: 'invalid', message: `"format" must be "${SETTINGS_FORMAT}"` };
  }
  if (record.version !== SETTINGS_FORMAT_VERSION) {
    return {
      kind: 'invalid',
      message: `"version" ${JSON.stringify(record.version)} is not one this app reads (${SETTINGS_FORMAT_VERSION})`,
    };
  }
  const parsed = organisationSettingsSchema.safeParse(record.settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = ['settings', ...(issue?.path ?? [])].map(String).join('.');
    return { kind: 'invalid', message: `${where}: ${issue?.message ?? 'invalid'}` };
  }
  return null;
}

/** "line 3, column 5" from a JSON.parse error, when the engine says where. */
function jsonErrorLocation(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return `line ${lineCol[1]}, column ${lineCol[2]}`;
  const position = /position (\d+)/.exec(message);
  if (position) {
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `line ${line}, column ${column}`;
  }
  return text.trim() === '' ? 'the file is empty' : 'at the end of the file';
}

function asideName(file: string, at: Date): string {
  return `${file}.unusable-${at.toISOString().replace(/[:.]/g, '-')}`;
}

async function keepBackup(file: string, at: Date): Promise<string> {
  const backup = asideName(file, at);
  await copyFile(file, backup);
  return backup;
}

/** Why a file operation failed, in words, for the common codes (the code is always given too). */
export function describeFsCode(code: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of its path is a file, not a folder';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EROFS':
      return 'the disk is read-only';
    case 'EEXIST':
      return 'it exists already';
    case 'ENOENT':
      return 'it does not exist';
    default:
      return 'the system refused it';
  }
}

/**
 * A file that could not be written: which file and why (the code and the words for it). Logged
 * by the caller with its code; nothing of the content is in it.
 */
export class FileWriteError extends BridgeFailure {
  constructor(
    readonly file: string,
    readonly fsCode: string,
  ) {
    super(
      'failed',
      `${file} could not be written (${fsCode}: ${describeFsCode(fsCode)}).`,
      [],
      // The page is told why, never which file (a path names the computer's user).
      reason('file-not-written', { fsCode }),
    );
    this.name = 'FileWriteError';
  }
}

export const errnoCode = (error: unknown): string =>
  error instanceof FileWriteError
    ? error.fsCode
    : ((error as NodeJS.ErrnoException | null)?.code ?? 'EIO');

/** Writes a file so that a crash leaves either the old or the new content, never a mix. */
/**
 * Writes a file so that a crash leaves either the old or the new content, never a mix. A failure
 * (a full disk, a read-only folder) leaves the old file as it was and no temporary file behind,
 * and throws a FileWriteError naming the file and the reason.
 */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new FileWriteError(file, errnoCode(error));
  }
  let handle;
  try {
    handle = await open(temp, 'w', 0o600);
  } catch (error) {
    throw new FileWriteError(file, errnoCode(error));
  }
  try {
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new FileWriteError(file, errnoCode(error));
  }
}
