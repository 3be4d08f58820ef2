/**
 * No release escapes the register: a report's release is recorded before its file is written and
 * taken off again when nothing left the workstation, whether the export failed or was cancelled
 * (features/reports/release-export.ts, used by the export buttons through the action wrapper).
 */
import { describe, expect, it, vi } from 'vitest';
import { exportWithRelease } from '../../../../src/renderer/features/reports/release-export';

function register() {
  const held = new Set<string>();
  return {
    held,
    record: vi.fn(() => {
      held.add('release-1');
      return Promise.resolve('release-1');
    }),
    withdraw: vi.fn((id: string) => {
      held.delete(id);
      return Promise.resolve();
    }),
  };
}

describe('an export and its release', () => {
  it('keeps the release when the file was saved', async () => {
    const releases = register();
    const exported = vi.fn(() => {
      expect(releases.held.has('release-1')).toBe(true);
      return Promise.resolve({ saved: true as const, path: '/tmp/report.csv' });
    });
    await expect(exportWithRelease(releases.record, exported, releases.withdraw)).resolves.toEqual({
      saved: true,
      path: '/tmp/report.csv',
    });
    expect(releases.withdraw).not.toHaveBeenCalled();
    expect([...releases.held]).toEqual(['release-1']);
  });

  it('withdraws the release when the export was cancelled', async () => {
    const releases = register();
    const cancelled = () => Promise.resolve({ saved: false as const });
    await expect(exportWithRelease(releases.record, cancelled, releases.withdraw)).resolves.toEqual(
      { saved: false },
    );
    expect(releases.withdraw).toHaveBeenCalledWith('release-1');
    expect(releases.held.size).toBe(0);
  });

  it('withdraws the release when the export failed, and the failure goes on to the wrapper', async () => {
    const releases = register();
    const failure = new Error('disk full');
    const failed = () => Promise.reject<{ saved: boolean }>(failure);
    await expect(exportWithRelease(releases.record, failed, releases.withdraw)).rejects.toBe(
      failure,
    );
    expect(releases.withdraw).toHaveBeenCalledWith('release-1');
    expect(releases.held.size).toBe(0);
  });

  it('still reports the export’s failure when the release cannot be withdrawn', async () => {
    const releases = register();
    releases.withdraw.mockImplementation(() => Promise.reject(new Error('database closed')));
    const failure = new Error('disk full');
    await expect(
      exportWithRelease(
        releases.record,
        () => Promise.reject<{ saved: boolean }>(failure),
        releases.withdraw,
      ),
    ).rejects.toBe(failure);
    await expect(
      exportWithRelease(
        releases.record,
        () => Promise.resolve({ saved: false }),
        releases.withdraw,
      ),
    ).resolves.toEqual({ saved: false });
  });

  it('writes no file when the release could not be recorded', async () => {
    const releases = register();
    releases.record.mockImplementation(() => Promise.reject(new Error('database closed')));
    const exported = vi.fn(() => Promise.resolve({ saved: true }));
    await expect(exportWithRelease(releases.record, exported, releases.withdraw)).rejects.toThrow(
      'database closed',
    );
    expect(exported).not.toHaveBeenCalled();
    expect(releases.withdraw).not.toHaveBeenCalled();
  });
});
