/** The Electron app's command-line flags (development and tests only). Pure, no Electron. */
import { appInfoSchema } from '../../bridge/schemas/app';
import type { Logger } from '../services/logger';

const NOW_FLAG = '--now=';
const pinnedNowSchema = appInfoSchema.shape.pinnedNow;

/**
 * The instant the page's clocks are pinned to, from `--now=<ISO 8601 instant with offset>`, or
 * null. Honoured only in an unpackaged app; an invalid value is logged (without the value) and
 * ignored.
 */
export function pinnedNowFromArgs(
  argv: readonly string[],
  isPackaged: boolean,
  log: Logger,
): string | null {
  const arg = argv.find((a) => a.startsWith(NOW_FLAG));
  if (arg === undefined) return null;
  if (isPackaged) {
    log.warn('args.now-ignored', { reason: 'packaged app' });
    return null;
  }
  const value = arg.slice(NOW_FLAG.length);
  const parsed = pinnedNowSchema.safeParse(value);
  if (!parsed.success || parsed.data === null || Number.isNaN(Date.parse(parsed.data))) {
    log.warn('args.now-invalid', {
      reason: 'not an ISO 8601 instant with an offset, e.g. 2026-11-30T10:00:00+09:00',
    });
    return null;
  }
  return parsed.data;
}
