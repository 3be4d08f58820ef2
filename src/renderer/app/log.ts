/** The page's logger: the same redaction as the main process, so no text or identifier is logged. */
import { redactFields, scrubText, type LogFields } from '../../domain/privacy/redact';

function line(level: 'error' | 'info', event: string, fields: LogFields): string {
  return JSON.stringify({ level, event: scrubText(event), ...redactFields(fields) });
}

/** Something the app could not do. */
export function logError(event: string, fields: LogFields = {}): void {
  // eslint-disable-next-line no-console -- one of the two places the page writes to the console
  console.error(line('error', event, fields));
}

/** Something the app did as it should, worth a trace (a refusal the person was told of). */
export function logInfo(event: string, fields: LogFields = {}): void {
  // eslint-disable-next-line no-console -- one of the two places the page writes to the console
  console.info(line('info', event, fields));
}
