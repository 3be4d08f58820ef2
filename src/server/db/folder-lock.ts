/**
 * PGlite keeps no lock of its own on its data folder, and two processes writing one folder corrupt
 * it (pglite#1106). A lock file holding the owner's process id keeps a second server out; a lock
 * left by a process that no longer runs (after a crash or SIGKILL) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';

export class FolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly pid: number,
  ) {
    super(
      `The data folder ${folder} is in use by another sync server (process ${pid}). Stop it, or use another --data-dir.`,
    );
    this.name = 'FolderInUseError';
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock; returns the way to give it back. */
export function lockFolder(folder: string): () => void {
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'server.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && running(pid))
        throw new FolderInUseError(folder, pid);
      fs.rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  throw new Error(`Could not take the lock of ${folder}`);
}
