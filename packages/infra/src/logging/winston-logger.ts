import { configure } from 'safe-stable-stringify';
import winston from 'winston';

import { LevelLogger, type LogFields, type Logger, type LogLevel } from '@proj/application';

import type { Settings } from '../settings/settings.js';
import { BatchedStreamTransport } from './batched-stream-transport.js';
import { flatJsonLine } from './flat-json-line.js';
import { redact, redactText } from './redact.js';

const MESSAGE = Symbol.for('message');
const LEVEL = Symbol.for('level');
const written = (): void => undefined;

const redaction = winston.format((info) => {
  const { level, message, ...fields } = info;
  const safe = redact(fields) as Record<string, unknown>;
  return Object.assign(info, safe, { level, message: typeof message === 'string' ? redactText(message) : message });
});

// Configured once: winston's own json format configures a new stringifier for every line.
// Keys stay sorted and circular references are cut, as with winston's format.
const stringify = configure({ deterministic: true });
const bigintAsText = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);
const jsonLine = winston.format((info) => {
  (info as Record<symbol, unknown>)[MESSAGE] = stringify(info, bigintAsText);
  return info;
});

/**
 * Logger over winston: JSON lines in production, colourised lines in development, written to
 * stdout. Writing never blocks the event loop when stdout is a pipe (containers, systemd, CI):
 * lines the reader has not taken yet wait in the stream's buffer. The lines of one event-loop
 * turn go out in one write (see {@link BatchedStreamTransport}).
 */
export class WinstonLogger extends LevelLogger {
  private constructor(
    private readonly logger: winston.Logger,
    private readonly transport: BatchedStreamTransport,
    private readonly destination: NodeJS.WritableStream,
    /** The fields of the context a line is written in (the request's), added under the others. */
    private readonly context: (() => LogFields | undefined) | undefined,
    /**
     * JSON format only: winston's default metadata, for lines written without its pipeline (see
     * {@link WinstonLogger.write}); undefined in the development format, where every line takes it.
     */
    private readonly flatDefaults: LogFields | undefined,
    /** The fields of {@link WinstonLogger.child}, added to every line (a line's own fields win). */
    private readonly bound?: LogFields,
  ) {
    super();
  }

  /**
   * @param stream where the lines go (stdout by default).
   * @param options.context asked for every line: the fields of the context it is written in (the
   *   request being served: `request_id`, `trace_id`, `span_id`), added to the line. A line's own
   *   fields and those of {@link WinstonLogger.child} win over them.
   */
  static create(
    settings: Pick<Settings, 'env' | 'serviceName' | 'log'>,
    stream: NodeJS.WritableStream = process.stdout,
    options: { readonly context?: () => LogFields | undefined } = {},
  ): WinstonLogger {
    const format =
      settings.log.format === 'json'
        ? winston.format.combine(redaction(), winston.format.timestamp(), jsonLine())
        : winston.format.combine(
            redaction(),
            winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
            winston.format.colorize(),
            winston.format.printf(({ timestamp, level, message, service: _service, env: _env, ...rest }) => {
              const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
              return `${String(timestamp)} ${level} ${String(message)}${extra}`;
            }),
          );
    const transport = new BatchedStreamTransport(stream);
    const defaultMeta = { service: settings.serviceName, env: settings.env };
    return new WinstonLogger(
      winston.createLogger({
        level: settings.log.level,
        defaultMeta,
        format,
        transports: [transport],
      }),
      transport,
      stream,
      options.context,
      settings.log.format === 'json' ? defaultMeta : undefined,
    );
  }

  /**
   * A JSON line whose fields are all flat (the access line of every request, key events) is built
   * directly, the same text winston's format chain would make (see {@link flatJsonLine}), and
   * handed to the transport through winston's transport API, skipping the chain and winston's
   * object stream: a tenth of the CPU and allocation per line (docs/performance.md, "Third
   * round"). Any other line, and every line while one is still in winston's stream (so that
   * lines keep their order), goes through winston as before.
   */
  protected write(level: LogLevel, message: string, fields: LogFields | undefined): void {
    const defaults = this.flatDefaults;
    if (defaults !== undefined && this.logger.isLevelEnabled(level) && this.#nothingInWinston()) {
      const line = flatJsonLine(level, message, [defaults, this.context?.(), this.bound, fields], new Date().toISOString());
      if (line !== undefined) {
        this.transport.log({ [LEVEL]: level, [MESSAGE]: line }, written);
        return;
      }
    }
    this.logger[level](message, this.#withBound(fields));
  }

  #nothingInWinston(): boolean {
    return (
      !this.logger.writableEnded &&
      this.logger.writableLength === 0 &&
      this.logger.readableLength === 0 &&
      this.transport.writableLength === 0
    );
  }

  /**
   * A logger whose lines carry `fields`. It is made for every request (request id, subject), so it
   * only remembers the fields; winston's own `child` builds a logger object per call.
   */
  child(fields: LogFields): Logger {
    return new WinstonLogger(
      this.logger,
      this.transport,
      this.destination,
      this.context,
      this.flatDefaults,
      this.bound ? { ...this.bound, ...fields } : fields,
    );
  }

  #withBound(fields: LogFields | undefined): LogFields | undefined {
    const context = this.context?.();
    if (context === undefined) {
      if (this.bound === undefined) return fields;
      return fields === undefined ? this.bound : { ...this.bound, ...fields };
    }
    return { ...context, ...this.bound, ...fields };
  }

  /**
   * Ends the logger and resolves once every line has been handed to the operating system, or
   * after `timeoutMs` when the reader of stdout is stuck (so that an exit is never blocked by it).
   */
  async close(timeoutMs = 5000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    const flushed = (async () => {
      // The transport finishes after the logger has handed it every line and it has written them.
      await new Promise<void>((resolve) => {
        this.transport.once('finish', () => resolve());
        this.logger.end();
      });
      const destination = this.destination as NodeJS.WritableStream & { writableLength?: number };
      if ((destination.writableLength ?? 0) > 0) await new Promise<void>((resolve) => destination.once('drain', () => resolve()));
    })();
    await Promise.race([flushed, timeout]);
    clearTimeout(timer);
  }
}
