import autocannon from 'autocannon';

import type { BenchRequest } from './scenarios.js';
import { countErrors } from './stats.js';

export interface LoadOptions {
  readonly baseUrl: string;
  readonly connections: number;
  /** Seconds; ignored when `amount` is given. */
  readonly durationSeconds: number;
  /** Send exactly this many requests instead of running for a duration. */
  readonly amount?: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly next: () => BenchRequest;
  readonly expectedStatuses: readonly number[];
}

export interface LoadResult {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly statuses: Readonly<Record<string, number>>;
}

let running: autocannon.Instance | undefined;

/** Stops the load in progress, if any (on Ctrl-C). */
export function stopLoad(): void {
  running?.stop();
}

/** Drives `baseUrl` with autocannon: keep-alive connections, one request in flight on each. */
export function applyLoad(options: LoadOptions): Promise<LoadResult> {
  const headers = { 'content-type': 'application/json', ...options.headers };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        pipelining: 1,
        ...(options.amount === undefined ? { duration: options.durationSeconds } : { amount: options.amount }),
        timeout: 10,
        headers,
        requests: [
          {
            setupRequest(request) {
              const next = options.next();
              // Fresh headers every time: autocannon writes Content-Length into the headers it
              // keeps for this entry, and a GET after a PATCH would otherwise announce a body.
              return { ...request, headers: { ...headers }, method: next.method, path: next.path, body: next.body ?? '' };
            },
          },
        ],
      },
      (error, result) => {
        running = undefined;
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const statuses: Record<string, number> = {};
        for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) statuses[status] = stats.count ?? 0;
        const answered = Object.values(statuses).reduce((sum, count) => sum + count, 0);
        resolve({
          requests: answered,
          requestsPerSecond: result.duration > 0 ? answered / result.duration : 0,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          errors: countErrors(statuses, options.expectedStatuses, result.errors),
          statuses,
        });
      },
    );
    running = instance;
  });
}
