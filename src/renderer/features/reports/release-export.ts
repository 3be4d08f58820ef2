/**
 * No release escapes the register (db/repositories/releases.ts): a report's release is recorded
 * before its file is written, and taken off again when nothing left the workstation, whether the
 * export failed or was cancelled. A failure goes on to the caller (the action wrapper shows it).
 */
export async function exportWithRelease<T extends { saved: boolean }>(
  record: () => Promise<string>,
  exportFile: () => Promise<T>,
  withdraw: (releaseId: string) => Promise<void>,
): Promise<T> {
  const releaseId = await record();
  let saved = false;
  try {
    const result = await exportFile();
    saved = result.saved;
    return result;
  } finally {
    // A release that cannot be taken off stays on the register: later reports stay suppressed.
    if (!saved) await withdraw(releaseId).catch(() => undefined);
  }
}
