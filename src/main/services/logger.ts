/**
 * The one logger of the main process and the browser host. It writes one JSON line per event to
 * stderr and passes every field through `redactFields`, so message text and identifiers cannot
 * reach a log by accident: only the fields named safe keep their string values.
 */
import { redactFields, scrubText, type LogFields } from '../../domain/privacy/redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export type LogSink = (line: string) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  options: { level?: LogLevel; sink?: LogSink; now?: () => Date } = {},
): Logger {
  const min = ORDER[options.level ?? 'info'];
  const sink: LogSink = options.sink ?? ((line) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const write =
    (level: LogLevel) =>
    (event: string, fields: LogFields = {}): void => {
      if (ORDER[level] < min) return;
      sink(
        JSON.stringify({
          time: now().toISOString(),
          level,
          event: scrubText(event).slice(0, 200),
          ...redactFields(fields),
        }),
      );
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** Describes an unknown thrown value for a log without its message (which may quote data). */
export function errorKind(error: unknown): string {
  if (error instanceof Error) return error.name;
  return typeof error;
}
