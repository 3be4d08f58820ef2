/**
 * Redaction for anything that is written to a log. Logs must never hold message text or
 * identifiers (DOMAIN.md section 7), so a log line keeps only its event name and the values of
 * fields known to be safe; any other string value is replaced by a marker with its length, and
 * digits runs, e-mail addresses and URL query strings are scrubbed even from the event name.
 */

export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;

/** Field names whose string values are known to carry no personal data. */
export const SAFE_LOG_FIELDS: ReadonlySet<string> = new Set([
  'channel',
  'code',
  'method',
  'status',
  'route',
  'port',
  'durationMs',
  'count',
  'platform',
  'version',
  'scheme',
  'permission',
  'reason',
  'kind',
]);

const EMAIL = /[^\s@"<>(),;:]*@[^\s@"<>(),;:]+/gu;
const DIGITS = /\d{4,}/g;
const QUERY = /\?[^\s]*/g;

/** Scrubs a free string of e-mail addresses, runs of four or more digits and URL queries. */
export function scrubText(text: string): string {
  return text.replace(EMAIL, '[email]').replace(QUERY, '?[query]').replace(DIGITS, '[digits]');
}

/** Returns a copy of the fields that is safe to log. */
export function redactFields(fields: LogFields): Record<string, LogValue> {
  const out: Record<string, LogValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value !== 'string') {
      out[key] = value;
    } else if (SAFE_LOG_FIELDS.has(key)) {
      out[key] = scrubText(value).slice(0, 200);
    } else {
      out[key] = `[redacted ${[...value].length} chars]`;
    }
  }
  return out;
}
