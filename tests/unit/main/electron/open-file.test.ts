import { describe, expect, it, vi } from 'vitest';
import type { DesktopCommand } from '../../../../src/bridge/desktop';
import {
  PendingCommands,
  commandForFile,
  commandFromArgv,
} from '../../../../src/main/electron/open-file';

describe('files opened from the desktop', () => {
  it.each([
    ['/Users/c/Desktop/intake.cwdataset', 'import-dataset'],
    ['C:\\Users\\c\\Downloads\\INTAKE.CWDATASET', 'import-dataset'],
    ['/Users/c/backup 2026-12-01.cwbackup', 'restore-backup'],
    ['D:\\backups\\weekly.CwBackup', 'restore-backup'],
    ['/Users/c/data.json', null],
    ['/Users/c/notes.cwbackup.txt', null],
    ['/Users/c/cwbackup', null],
    ['', null],
  ] as const)('%s opens %s', (file, command) => {
    expect(commandForFile(file)).toBe(command);
  });

  it('reads the command line: the executable (and unpackaged, the app folder) and flags are not files', () => {
    expect(commandFromArgv(['C:\\cw\\cw.exe', 'D:\\x.cwbackup'], true)).toBe('restore-backup');
    expect(commandFromArgv(['/usr/bin/electron', '.', '--now=x', '/t/a.cwdataset'], false)).toBe(
      'import-dataset',
    );
    expect(commandFromArgv(['electron', 'weird.cwbackup'], false)).toBeNull();
    expect(commandFromArgv(['cw.exe', '--flag=a.cwbackup'], true)).toBeNull();
    expect(commandFromArgv(['cw.exe'], true)).toBeNull();
    // Several files: the last one the app opens (one dialog at a time).
    expect(commandFromArgv(['cw.exe', 'a.cwdataset', 'b.cwbackup', 'c.txt'], true)).toBe(
      'restore-backup',
    );
  });
});

describe('PendingCommands', () => {
  it('holds commands until the page is ready, each kind once, in the order last sent', () => {
    const pending = new PendingCommands();
    pending.send('import-dataset');
    pending.send('restore-backup');
    pending.send('import-dataset');
    const deliver = vi.fn<(c: DesktopCommand) => void>();
    pending.ready(deliver);
    expect(deliver.mock.calls.map(([c]) => c)).toEqual(['restore-backup', 'import-dataset']);
    pending.send('lock');
    expect(deliver).toHaveBeenLastCalledWith('lock');
  });

  it('holds them again while the page reloads, and delivers each only once', () => {
    const pending = new PendingCommands();
    const first = vi.fn();
    pending.ready(first);
    pending.notReady();
    pending.send('open-queue');
    expect(first).not.toHaveBeenCalled();
    const second = vi.fn();
    pending.ready(second);
    pending.ready(second);
    expect(second).toHaveBeenCalledOnce();
  });
});
