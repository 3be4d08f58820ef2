/** Shows instants in JST (the service's zone) and, when it differs, in the computer's own zone. */
export const SERVICE_TIME_ZONE = 'Asia/Tokyo';

export function formatInstant(
  instant: Date,
  language: string,
  timeZone: string = SERVICE_TIME_ZONE,
): string {
  return new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}

/** The computer's zone when it is not JST (same offset rules as JST now), else null. */
export function localZoneIfDifferent(instant: Date): string | null {
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const offset = -instant.getTimezoneOffset();
  return offset === 9 * 60 ? null : local;
}
