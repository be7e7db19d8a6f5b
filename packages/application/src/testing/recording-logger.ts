import { LevelLogger, type LogLevel } from '../ports/level-logger.js';
import type { LogFields, Logger } from '../ports/logger.js';

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: LogFields;
}

/** A Logger that keeps every line in memory, children included, for assertions. */
export class RecordingLogger extends LevelLogger {
  constructor(
    readonly entries: LogEntry[] = [],
    private readonly bound: LogFields = {},
  ) {
    super();
  }

  child(fields: LogFields): Logger {
    return new RecordingLogger(this.entries, { ...this.bound, ...fields });
  }

  protected write(level: LogLevel, message: string, fields: LogFields = {}): void {
    this.entries.push({ level, message, fields: { ...this.bound, ...fields } });
  }
}
