import type { LogFields, Logger } from '../ports/logger.js';

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: LogFields;
}

/** A Logger that keeps every line in memory, children included, for assertions. */
export class RecordingLogger implements Logger {
  constructor(
    readonly entries: LogEntry[] = [],
    private readonly bound: LogFields = {},
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.#record('debug', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.#record('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.#record('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.#record('error', message, fields);
  }

  child(fields: LogFields): Logger {
    return new RecordingLogger(this.entries, { ...this.bound, ...fields });
  }

  #record(level: LogEntry['level'], message: string, fields: LogFields = {}): void {
    this.entries.push({ level, message, fields: { ...this.bound, ...fields } });
  }
}
