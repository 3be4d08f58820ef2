/**
 * Saves what the page exports (session logs, the anonymised report's files). The page never touches
 * the file system: it hands the text to the main process (or the main process renders the bytes),
 * which asks where to save it (Electron's save dialog) or, in the browser host, writes it into the
 * data folder's `exports/`. A name that is taken is never overwritten: the file gets a number
 * (`sessions (2).csv`).
 */
import { open, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ExportSaveInput, ExportSaveOutput } from '../../bridge/schemas/exports';
import type { Logger } from './logger';

/** A file that is already bytes (a workbook, a PDF), saved like a text export. */
export interface ExportBytesInput {
  kind: string;
  /** A file name without folders, checked by the bridge like `export.save`'s. */
  suggestedName: string;
  bytes: Uint8Array;
}

export interface ExportFiles {
  save(input: ExportSaveInput | ExportBytesInput): Promise<ExportSaveOutput>;
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
      const written = await writeNew(chosen, data);
      log.info('export.saved', { kind: input.kind, bytes: data.length });
      return { saved: true, path: written, bytes: data.length };
    },
  };
}

/** Writes to `file`, or to `name (2).ext`… when it exists; the file is created, never replaced. */
async function writeNew(file: string, data: Buffer): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  const { dir, name, ext } = path.parse(file);
  for (let n = 1; n < 1000; n += 1) {
    const candidate = n === 1 ? file : path.join(dir, `${name} (${n})${ext}`);
    let handle;
    try {
      handle = await open(candidate, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return candidate;
  }
  throw new Error('no free file name');
}

/** The browser host's destination: the data folder's `exports/`, under the suggested name. */
export function exportsFolderDestination(dataDir: string): ChooseDestination {
  return (suggestedName) =>
    Promise.resolve(path.join(dataDir, 'exports', path.basename(suggestedName)));
}
