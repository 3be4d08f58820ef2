/**
 * Issue 3: answer deadlines and deadline statuses of 100,000 messages (DOMAIN.md section 4),
 * with a fresh calendar (its per-year tables are built during the run).
 */
import { loadHolidayData } from '../src/cli/commands/shared';
import { SeededRandom } from '../src/domain/dataset/random';
import { createBusinessCalendar, type HolidayData } from '../src/domain/calendar';
import { DEFAULT_ORGANISATION_SETTINGS } from '../src/domain/settings/organisation-settings';

export const name = 'calendar: deadline + status of 100,000 messages';
export const description =
  'answerDeadline and deadlineStatus for 100,000 messages received at random instants in 2025-2028 (30% answered), fresh calendar each run';
export const targetMs = 200;

const MESSAGES = 100_000;
const FROM = Date.UTC(2025, 0, 1);
const SPAN = Date.UTC(2029, 0, 1) - FROM;
const TEN_DAYS = 10 * 24 * 3_600_000;

interface Input {
  holidays: HolidayData;
  receivedAt: Float64Array;
  now: Float64Array;
  /** NaN when unanswered. */
  answeredAt: Float64Array;
}

export function setup(): Input {
  const holidays = loadHolidayData();
  const rng = new SeededRandom(20261126);
  const next = () => rng.next();
  const receivedAt = new Float64Array(MESSAGES);
  const now = new Float64Array(MESSAGES);
  const answeredAt = new Float64Array(MESSAGES);
  for (let i = 0; i < MESSAGES; i += 1) {
    receivedAt[i] = FROM + Math.floor(next() * SPAN);
    now[i] = receivedAt[i]! + Math.floor(next() * TEN_DAYS);
    answeredAt[i] = next() < 0.3 ? receivedAt[i]! + Math.floor(next() * TEN_DAYS) : Number.NaN;
  }
  return { holidays, receivedAt, now, answeredAt };
}

export function run({ holidays, receivedAt, now, answeredAt }: Input): number {
  const calendar = createBusinessCalendar({ holidays, settings: DEFAULT_ORGANISATION_SETTINGS });
  let checksum = 0;
  for (let i = 0; i < MESSAGES; i += 1) {
    const receivedAtMs = receivedAt[i]!;
    const answered = answeredAt[i]!;
    const { deadlineMs } = calendar.answerDeadline(receivedAtMs);
    const status = calendar.deadlineStatus({
      receivedAtMs,
      answeredAtMs: Number.isNaN(answered) ? null : answered,
      nowMs: now[i]!,
    });
    checksum += (deadlineMs % 7) + status.serviceMinutesLeft + status.status.length;
  }
  return checksum;
}
