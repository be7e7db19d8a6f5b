import winston from 'winston';

import type { LogFields, Logger } from '@proj/application';

import type { Settings } from '../settings/settings.js';
import { redact, redactText } from './redact.js';

const redaction = winston.format((info) => {
  const { level, message, ...fields } = info;
  const safe = redact(fields) as Record<string, unknown>;
  return Object.assign(info, safe, { level, message: typeof message === 'string' ? redactText(message) : message });
});

/** Logger over winston: JSON lines in production, colourised lines in development. */
export class WinstonLogger implements Logger {
  private constructor(private readonly logger: winston.Logger) {}

  static create(settings: Pick<Settings, 'env' | 'serviceName' | 'log'>, stream: NodeJS.WritableStream = process.stdout): WinstonLogger {
    const format =
      settings.log.format === 'json'
        ? winston.format.combine(redaction(), winston.format.timestamp(), winston.format.json())
        : winston.format.combine(
            redaction(),
            winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
            winston.format.colorize(),
            winston.format.printf(({ timestamp, level, message, service: _service, env: _env, ...rest }) => {
              const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
              return `${String(timestamp)} ${level} ${String(message)}${extra}`;
            }),
          );
    return new WinstonLogger(
      winston.createLogger({
        level: settings.log.level,
        defaultMeta: { service: settings.serviceName, env: settings.env },
        format,
        transports: [new winston.transports.Stream({ stream })],
      }),
    );
  }

  debug(message: string, fields?: LogFields): void {
    this.logger.debug(message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.logger.info(message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.logger.warn(message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.logger.error(message, fields);
  }

  child(fields: LogFields): Logger {
    return new WinstonLogger(this.logger.child(fields));
  }

  /** Resolves once every buffered line has been written. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.logger.once('finish', () => resolve());
      this.logger.end();
    });
  }
}
