/** Structured fields attached to a log line. Never put secrets or full e-mail addresses here. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Structured logging. Implementations must never throw: logging is fire-and-forget.
 * `child` returns a logger that adds `fields` to every line (e.g. the request id).
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}
