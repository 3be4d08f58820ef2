/**
 * How the page writes times: instants in JST (the service's zone) and, where it differs, in the
 * computer's own zone; service time as hours and minutes.
 */
import type { TFunction } from 'i18next';

export const SERVICE_TIME_ZONE = 'Asia/Tokyo';

function locale(language: string): string {
  return language === 'ja' ? 'ja-JP' : 'en-GB';
}

/** "Mon 30 Nov, 10:00" (en) or "11月30日(月) 10:00" (ja), in `timeZone` (default JST). */
export function formatInstant(
  instant: Date | number,
  language: string,
  timeZone: string = SERVICE_TIME_ZONE,
): string {
  return new Intl.DateTimeFormat(locale(language), {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}

/**
 * Like `formatInstant`, with the year when the instant's year (in `timeZone`) is not the year of
 * `nowMs`: "Mon 30 Nov, 10:00" this year, "Thu 18 Jan 2025, 21:30" another.
 */
export function formatInstantNear(
  instant: Date | number,
  nowMs: number,
  language: string,
  timeZone: string = SERVICE_TIME_ZONE,
): string {
  const year = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' });
  if (year.format(instant) === year.format(nowMs))
    return formatInstant(instant, language, timeZone);
  return new Intl.DateTimeFormat(locale(language), {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}

/** "Mon 23 Nov 2026" (en) or "2026年11月23日(月)" (ja) for a JST date `YYYY-MM-DD`. */
export function formatDay(date: string, language: string): string {
  return new Intl.DateTimeFormat(locale(language), {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** The month's name in the page's language, for the year view. */
export function formatMonth(year: number, month: number, language: string): string {
  return new Intl.DateTimeFormat(locale(language), { timeZone: 'UTC', month: 'long' }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
}

/** The computer's zone when it is not at JST's offset at that instant, else null. */
export function localZoneIfDifferent(instant: Date): string | null {
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return -instant.getTimezoneOffset() === 9 * 60 ? null : local;
}

/** "6h 10m" / "6時間10分". */
export function formatServiceTime(minutes: number, t: TFunction): string {
  const hours = Math.floor(minutes / 60);
  return t('time.hoursMinutes', { hours, minutes: minutes % 60 });
}
