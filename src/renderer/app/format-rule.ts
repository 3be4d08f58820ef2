/**
 * An availability rule in words, in the UI's language: "Tuesdays and Thursdays, 18:00–21:00,
 * from Tue, 1 Dec 2026" / "毎週火曜日・木曜日 18:00–21:00、2026年12月1日(火)から". Never the rule's
 * text ("BYDAY=TU,TH", "DTSTART;TZID=…"): rrule's own toText() speaks English only, so this
 * reads the parts the domain parsed (src/domain/booking/availability-rule.ts).
 */
import type { TFunction } from 'i18next';
import {
  parseAvailabilityRule,
  type ParsedAvailabilityRule,
} from '../../domain/booking/availability-rule';
import { formatDate, formatWallTime, jstDayOf, weekdayOf } from '../../domain/calendar/jst';
import type { Weekday } from '../../domain/calendar';
import { formatDay } from './format';

/** Monday first, as a week is read in Japan and in the app's week view. */
const WEEK_ORDER: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 0];

function list(items: readonly string[], language: string): string {
  if (language === 'ja') return items.join('・');
  return new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' }).format(items);
}

function monthNames(months: readonly number[], language: string): string {
  const format = new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'UTC',
    month: 'long',
  });
  return list(
    [...months].sort((a, b) => a - b).map((m) => format.format(new Date(Date.UTC(2026, m - 1, 1)))),
    language,
  );
}

/** Which days: "Tuesdays and Thursdays", "Every day", "Every 2 weeks on Mondays". */
function daysPart(rule: ParsedAvailabilityRule, t: TFunction, language: string): string {
  const names = t('ruleText.weekdays').split(',');
  const days = rule.byDay ?? (rule.freq === 'WEEKLY' ? [weekdayOf(rule.firstDay)] : null);
  if (days === null || new Set(days).size === 7) {
    return rule.freq === 'DAILY' && rule.interval > 1
      ? t('ruleText.everyNDays', { count: rule.interval })
      : rule.freq === 'WEEKLY' && rule.interval > 1
        ? t('ruleText.everyNWeeks', { count: rule.interval, days: t('ruleText.allDays') })
        : t('ruleText.everyDay');
  }
  const named = list(
    WEEK_ORDER.filter((d) => days.includes(d)).map((d) => names[d] ?? String(d)),
    language,
  );
  if (rule.interval > 1) {
    return rule.freq === 'WEEKLY'
      ? t('ruleText.everyNWeeks', { count: rule.interval, days: named })
      : t('ruleText.everyNDaysOn', { count: rule.interval, days: named });
  }
  return t('ruleText.weekly', { days: named });
}

/** A parsed rule and its window length in words. */
export function describeAvailabilityRule(
  rule: ParsedAvailabilityRule,
  durationMinutes: number,
  t: TFunction,
  language: string,
): string {
  let days = daysPart(rule, t, language);
  if (rule.byMonth !== null)
    days = t('ruleText.inMonths', { rule: days, months: monthNames(rule.byMonth, language) });
  const endMinutes = rule.startMinutes + durationMinutes;
  const endWall = formatWallTime(endMinutes % (24 * 60));
  let text = t('ruleText.window', {
    days,
    start: formatWallTime(rule.startMinutes),
    end: endMinutes > 24 * 60 ? t('ruleText.nextDay', { time: endWall }) : endWall,
  });
  text = t('ruleText.from', { rule: text, date: formatDay(formatDate(rule.firstDay), language) });
  if (rule.untilMs !== null) {
    text = t('ruleText.until', {
      rule: text,
      date: formatDay(formatDate(jstDayOf(rule.untilMs)), language),
    });
  }
  if (rule.count !== null) text = t('ruleText.times', { rule: text, count: rule.count });
  return text;
}

/** The text of a stored rule in words, or null when it does not parse (never shown raw). */
export function describeAvailabilityRuleText(
  text: string,
  durationMinutes: number,
  t: TFunction,
  language: string,
): string | null {
  const parsed = parseAvailabilityRule(text);
  return parsed.ok ? describeAvailabilityRule(parsed.rule, durationMinutes, t, language) : null;
}
