/**
 * Saves what the page exports (session logs, the anonymised report's files). The page never touches
 * the file system: it hands the text to the main process (or the main process renders the bytes),
 * which asks where to save it (Electron's save dialog) or, in the browser host, writes it into the
 * data folder's `exports/`. A name that is taken is never overwritten: the file gets a number
 * (`sessions (2).csv`).
 */
import { constants } from 'node:fs';
import { copyFile, link, open, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ExportSaveInput, ExportSaveOutput } from '../../bridge/schemas/exports';
import type { Logger } from './logger';
import { FileWriteError, errnoCode } from './settings-store';

/** A file that is already bytes (a workbook, a PDF), saved like a text export. */
export interface ExportBytesInput {
  kind: string;
  /** A file name without folders, checked by the bridge like `export.save`'s. */
  suggestedName: string;
  bytes: Uint8Array;
}

/** A file already written whole (a streamed backup), to be put where exports go. */
export interface ExportFileInput {
  kind: string;
  suggestedName: string;
  /** The finished file, beside where it goes (the same file system): moved, or copied. */
  file: string;
  bytes: number;
}

export interface ExportFiles {
  save(input: ExportSaveInput | ExportBytesInput): Promise<ExportSaveOutput>;
  /**
   * Puts a finished file under the chosen name (a number added when the name is taken, never
   * overwriting); the finished file itself is removed in every case.
   */
  saveFile(input: ExportFileInput): Promise<ExportSaveOutput>;
}

/** Where a file goes: a full path chosen by the person, or null when they cancelled. */
export type ChooseDestination = (suggestedName: string) => Promise<string | null>;

export function createExportFiles({
  chooseDestination,
  log,
}: {
  chooseDestination: ChooseDestination;
  log: Logger;
}): ExportFiles {
  return {
    async save(input) {
      const chosen = await chooseDestination(input.suggestedName);
      if (chosen === null) return { saved: false };
      const data =
        'bytes' in input
          ? Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength)
          : Buffer.from(input.text, 'utf8');
      let written: string;
      try {
        written = await writeNew(chosen, data);
      } catch (error) {
        // Which file and why for the person; the code for the log (issue 12.5).
        log.error('export.save-failed', {
          kind: input.kind,
          code: error instanceof FileWriteError ? error.fsCode : errnoCode(error),
        });
        throw error;
      }
      log.info('export.saved', { kind: input.kind, bytes: data.length });
      return { saved: true, path: written, bytes: data.length };
    },
    async saveFile(input) {
      try {
        const chosen = await chooseDestination(input.suggestedName);
        if (chosen === null) return { saved: false };
        let written: string;
        try {
          written = await placeNew(chosen, input.file);
        } catch (error) {
          log.error('export.save-failed', {
            kind: input.kind,
            code: error instanceof FileWriteError ? error.fsCode : errnoCode(error),
          });
          throw error;
        }
        log.info('export.saved', { kind: input.kind, bytes: input.bytes });
        return { saved: true, path: written, bytes: input.bytes };
      } finally {
        await rm(input.file, { force: true }).catch(() => undefined);
      }
    },
  };
}

/**
 * Gives the finished file `from` the name `file`, or `name (2).ext`… when it exists (a hard link:
 * created, never replacing; a copy when `from` is on another file system). A copy that fails
 * removes what it created.
 */
async function placeNew(file: string, from: string): Promise<string> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new FileWriteError(path.dirname(file), errnoCode(error));
  }
  const { dir, name, ext } = path.parse(file);
  for (let n = 1; n < 1000; n += 1) {
    const candidate = n === 1 ? file : path.join(dir, `${name} (${n})${ext}`);
    try {
      await link(from, candidate);
      return candidate;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP')
        throw new FileWriteError(candidate, errnoCode(error));
    }
    try {
      await copyFile(from, candidate, constants.COPYFILE_EXCL);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      await rm(candidate, { force: true }).catch(() => undefined);
      throw new FileWriteError(candidate, errnoCode(error));
    }
  }
  throw new FileWriteError(file, 'EEXIST');
}

/**
 * Writes to `file`, or to `name (2).ext`… when it exists; the file is created, never replaced. A
 * write that fails (a full disk, a read-only folder) removes what it created: no empty or cut
 * file is left behind, and the error names the file and the reason (FileWriteError).
 */
async function writeNew(file: string, data: Buffer): Promise<string> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new FileWriteError(path.dirname(file), errnoCode(error));
  }
  const { dir, name, ext } = path.parse(file);
  for (let n = 1; n < 1000; n += 1) {
    const candidate = n === 1 ? file : path.join(dir, `${name} (${n})${ext}`);
    let handle;
    try {
      handle = await open(candidate, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new FileWriteError(candidate, errnoCode(error));
    }
    try {
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      await rm(candidate, { force: true }).catch(() => undefined);
      throw new FileWriteError(candidate, errnoCode(error));
    }
    return candidate;
  }
  throw new FileWriteError(file, 'EEXIST');
}

/** The browser host's destination: the data folder's `exports/`, under the suggested name. */
export function exportsFolderDestination(dataDir: string): ChooseDestination {
  return (suggestedName) =>
    Promise.resolve(path.join(dataDir, 'exports', path.basename(suggestedName)));
}
