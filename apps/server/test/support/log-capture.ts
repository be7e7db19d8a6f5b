import { Writable } from 'node:stream';

import type { LogFields } from '@proj/application';
import { AsyncLocalRequestScope, WinstonLogger } from '@proj/infra';

/** One JSON line as the process would print it. */
export type LogLine = Readonly<Record<string, unknown>>;

export interface LogCapture {
  /** The real logger (JSON, debug level), writing to memory; its lines carry the scope's fields. */
  readonly logger: WinstonLogger;
  /** Give it to startTestApp: every request then runs in it. */
  readonly requestScope: AsyncLocalRequestScope;
  /** Every line written so far, parsed (after the logger's batch of this turn went out). */
  lines(): Promise<LogLine[]>;
}

/**
 * The real winston logger of the server writing JSON lines to memory, with the request scope the
 * server runs requests in, plus `extra` context fields (the trace ids) when given.
 */
export function captureLogs(extra?: () => LogFields | undefined): LogCapture {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const requestScope = new AsyncLocalRequestScope();
  const context =
    extra === undefined
      ? requestScope.fields
      : (): LogFields | undefined => {
          const request = requestScope.fields();
          const more = extra();
          return request === undefined ? more : more === undefined ? request : { ...request, ...more };
        };
  const logger = WinstonLogger.create({ env: 'test', serviceName: 'proj', log: { level: 'debug', format: 'json' } }, stream, { context });
  return {
    logger,
    requestScope,
    async lines() {
      // Lines of one turn are written together at its end (BatchedStreamTransport).
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      return chunks
        .join('')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as LogLine);
    },
  };
}
