/**
 * Files opened from the desktop (a double-click in Explorer or Finder, "Open with", a file
 * dropped on the Dock icon): a dataset (`.cwdataset`) starts the import dialog, a backup
 * (`.cwbackup`) the restore dialog. Pure, no Electron.
 *
 * Choices: opening a file never acts on its own. The page is told only which dialog to open
 * (not the path, which may name a person or a place), and the person chooses the file and
 * confirms there, as with the dialog's own button. Windows passes the file on the command line
 * (of the first launch, or of a second launch through `second-instance`); macOS sends `open-file`,
 * possibly before the window exists, so commands wait until the page has loaded. Plain `.json`
 * is not associated: taking over every JSON file on a counsellor's computer would be rude.
 */
import path from 'node:path';
import type { DesktopCommand } from '../../bridge/desktop';

export const DATASET_EXTENSION = 'cwdataset';
export const BACKUP_EXTENSION = 'cwbackup';

export type OpenFileCommand = Extract<DesktopCommand, 'import-dataset' | 'restore-backup'>;

/** The dialog a file opens, or null for a file the app does not open. */
export function commandForFile(file: string): OpenFileCommand | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === `.${DATASET_EXTENSION}`) return 'import-dataset';
  if (ext === `.${BACKUP_EXTENSION}`) return 'restore-backup';
  return null;
}

/**
 * The dialog the command line asks for. `argv` is the process's (or a second instance's): the
 * executable first, then (unpackaged) the app's folder, then flags and files. Flags are skipped;
 * of several files the last one the app opens counts (one dialog at a time).
 */
export function commandFromArgv(
  argv: readonly string[],
  isPackaged: boolean,
): OpenFileCommand | null {
  const rest = argv.slice(isPackaged ? 1 : 2).filter((a) => !a.startsWith('-'));
  let found: OpenFileCommand | null = null;
  for (const arg of rest) found = commandForFile(arg) ?? found;
  return found;
}

/**
 * Holds desktop commands until the page can take them: `send` before `ready` keeps the last
 * command of each kind (in order); `ready` delivers them; after that `send` delivers at once.
 * A reload (e.g. a lock) calls `notReady` until the page has loaded again.
 */
export class PendingCommands {
  private readonly waiting: DesktopCommand[] = [];
  private deliver: ((command: DesktopCommand) => void) | null = null;

  send(command: DesktopCommand): void {
    if (this.deliver !== null) {
      this.deliver(command);
      return;
    }
    const at = this.waiting.indexOf(command);
    if (at !== -1) this.waiting.splice(at, 1);
    this.waiting.push(command);
  }

  ready(deliver: (command: DesktopCommand) => void): void {
    this.deliver = deliver;
    for (const command of this.waiting.splice(0)) deliver(command);
  }

  notReady(): void {
    this.deliver = null;
  }
}
