/**
 * The page's one owner of what outlives a screen and an unlock (issue 14.1): whole-data work runs
 * one at a time for the page, whichever repository (rebuilt at every key rotation) asks.
 */
import { describe, expect, it } from 'vitest';
import { createConnection } from '../../../src/renderer/app/connection';
import { freshDatabase } from '../db/helpers';

describe('the connection', () => {
  it('refuses whole-data work while other whole-data work runs, and frees the rule when it ends or fails', async () => {
    const connection = createConnection(freshDatabase());
    let release!: () => void;
    const first = connection.exclusively(
      () => new Promise<string>((r) => (release = () => r('rotated'))),
    );
    expect(await connection.exclusively(async () => 'restored')).toBe('busy');
    release();
    expect(await first).toBe('rotated');
    await expect(
      connection.exclusively(async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await connection.exclusively(async () => 'backed up')).toBe('backed up');
  });

  it('remembers the first unlock for the page, not for one screen', () => {
    const connection = createConnection(freshDatabase());
    expect(connection.firstUnlockDone()).toBe(false);
    connection.markFirstUnlockDone();
    expect(connection.firstUnlockDone()).toBe(true);
    expect(createConnection(freshDatabase()).firstUnlockDone()).toBe(false);
  });
});
