import { describe, expect, it } from 'vitest';
import { pinnedNowFromArgs } from '../../../../src/main/electron/args';
import { createLogger } from '../../../../src/main/services/logger';

function run(argv: string[], isPackaged: boolean) {
  const lines: string[] = [];
  const log = createLogger({ sink: (line) => lines.push(line) });
  return { value: pinnedNowFromArgs(argv, isPackaged, log), lines };
}

describe('pinnedNowFromArgs', () => {
  it('is null without --now', () => {
    expect(run(['/usr/bin/electron', '.'], false)).toEqual({ value: null, lines: [] });
  });

  it.each(['2026-11-30T10:00:00+09:00', '2026-11-30T01:00:00Z', '2026-11-30T10:00:00.250+09:00'])(
    'takes %s in an unpackaged app',
    (instant) => {
      expect(run(['electron', '.', `--now=${instant}`], false).value).toBe(instant);
    },
  );

  it('ignores --now in a packaged app, with a log line', () => {
    const { value, lines } = run(['app', '--now=2026-11-30T10:00:00+09:00'], true);
    expect(value).toBeNull();
    expect(lines.join('\n')).toContain('args.now-ignored');
  });

  it.each(['2026-11-30T10:00:00', '2026-11-30', 'tomorrow', '', '2026-13-45T10:00:00+09:00'])(
    'rejects %j with a log line that does not quote the value',
    (bad) => {
      const { value, lines } = run(['electron', `--now=${bad}`], false);
      expect(value).toBeNull();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('args.now-invalid');
      if (bad.length > 4) expect(lines[0]).not.toContain(bad);
    },
  );

  it('does not take --now without "=" (only --now=<instant> is a flag)', () => {
    expect(run(['electron', '--now', '2026-11-30T10:00:00+09:00'], false).value).toBeNull();
  });
});
