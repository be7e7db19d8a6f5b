import type { LogFields, Logger } from './logger.js';

/** The levels of {@link Logger}, most detailed first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * A {@link Logger} whose four level methods hand every line to one `write`: an implementation
 * says how a line is written and how a child binds its fields, nothing per level.
 */
export abstract class LevelLogger implements Logger {
  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }

  abstract child(fields: LogFields): Logger;

  /** Writes one line; must never throw (logging is fire-and-forget). */
  protected abstract write(level: LogLevel, message: string, fields: LogFields | undefined): void;
}
