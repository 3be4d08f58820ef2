/** The page's logger: the same redaction as the main process, so no text or identifier is logged. */
import { redactFields, scrubText, type LogFields } from '../../domain/privacy/redact';

export function logError(event: string, fields: LogFields = {}): void {
  // eslint-disable-next-line no-console -- the one place the page writes to the console
  console.error(
    JSON.stringify({ level: 'error', event: scrubText(event), ...redactFields(fields) }),
  );
}
