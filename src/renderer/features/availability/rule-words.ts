/**
 * An availability rule as a person would write it: "Tuesdays and Thursdays, 10:00–13:00, from
 * Tue 1 Dec 2026" / "毎週火曜日・木曜日 10:00–13:00". Never the RFC 5545 text (DTSTART, BYDAY).
 *
 * Written here while the shared rule formatter (app/format-rule.ts, issue 14 item 5) is made on
 * another branch: when it is merged, this call site moves to it.
 */
import type { TFunction } from 'i18next';
import { parseAvailabilityRule } from '../../../domain/booking';
import { formatDate, weekdayOf, type Weekday } from '../../../domain/calendar';
import { formatDay } from '../../app/format';

const wall = (minutes: number) => {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** Monday first, as the week is read in Japan and in the UK. */
const order = (d: Weekday) => (d + 6) % 7;

function weekdayNames(days: readonly Weekday[], language: string): string {
  // 4 Jan 1970 was a Sunday: day 3 + weekday.
  const name = (d: Weekday) =>
    new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', {
      weekday: 'long',
      timeZone: 'UTC',
    }).format(Date.UTC(1970, 0, 4 + d));
  const sorted = [...new Set(days)].sort((a, b) => order(a) - order(b));
  if (language === 'ja') return sorted.map(name).join('・');
  return new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(
    sorted.map((d) => `${name(d)}s`),
  );
}

/** The rule in words, or null when it cannot be read (then the caller shows its text). */
export function describeRule(
  text: string,
  durationMinutes: number,
  t: TFunction,
  language: string,
): string | null {
  const parsed = parseAvailabilityRule(text);
  if (!parsed.ok) return null;
  const rule = parsed.rule;
  const times = {
    start: wall(rule.startMinutes),
    end: wall(rule.startMinutes + durationMinutes),
  };
  const allDays = rule.freq === 'DAILY' && (rule.byDay === null || rule.byDay.length === 7);
  const days = weekdayNames(rule.byDay ?? [weekdayOf(rule.firstDay)], language);
  let words: string;
  if (allDays && rule.interval === 1) words = t('availability.ruleEvery', times);
  else if (rule.interval > 1 && rule.freq === 'WEEKLY')
    words = t('availability.ruleEveryNWeeks', { ...times, days, interval: rule.interval });
  else if (rule.interval > 1) return null;
  else words = t('availability.ruleWeekly', { ...times, days });
  const parts = [
    words,
    t('availability.ruleFrom', { date: formatDay(formatDate(rule.firstDay), language) }),
  ];
  if (rule.untilMs !== null) {
    const until = formatDate(Math.floor((rule.untilMs + 9 * 3_600_000) / 86_400_000));
    parts.push(t('availability.ruleUntil', { date: formatDay(until, language) }));
  }
  return parts.join(language === 'ja' ? '、' : ', ');
}

export { wall as minutesToWall };
