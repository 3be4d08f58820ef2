/**
 * Reads and writes `window-state.json` in the app's data folder (geometry only: nothing about a
 * person). A missing or bad file opens the window at its default place; a write goes to a
 * temporary file first, then replaces the old one, so a crash never leaves half a file.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { errorKind, type Logger } from '../services/logger';
import { EMPTY_WINDOW_STATE, parseWindowState, type WindowStateFile } from './window-state';

export const WINDOW_STATE_FILE = 'window-state.json';

export function readWindowState(dataDir: string): WindowStateFile {
  try {
    return parseWindowState(readFileSync(path.join(dataDir, WINDOW_STATE_FILE), 'utf8'));
  } catch {
    return EMPTY_WINDOW_STATE;
  }
}

export function writeWindowState(dataDir: string, state: WindowStateFile, log?: Logger): void {
  const file = path.join(dataDir, WINDOW_STATE_FILE);
  const temporary = `${file}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, file);
  } catch (error) {
    log?.warn('window-state.write-failed', { kind: errorKind(error) });
  }
}
