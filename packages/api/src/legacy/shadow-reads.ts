import type { IncomingHttpHeaders } from 'node:http';

import type { RequestHandler } from 'express';

import type { ShadowComparisonObservation } from '@proj/application/edge';

import { routeTemplateOf } from '../http/support/route-template.js';
import { jsonDifferences } from './json-differences.js';

/** What the legacy backend answered to a replayed GET. */
export interface LegacyAnswer {
  readonly status: number;
  /** Its JSON body; `undefined` when it had none or it was not JSON. */
  readonly body: unknown;
}

/** Sends a GET to the legacy backend: `pathAndQuery` below its base URL, with these headers. Rejects when no answer came in time. */
export type LegacyGet = (pathAndQuery: string, headers: Readonly<Record<string, string>>) => Promise<LegacyAnswer>;

export interface ShadowReadsOptions {
  readonly get: LegacyGet;
  /** Whether a GET of this path is replayed: the API's operations, not documentation, health or metrics. */
  readonly replays: (path: string) => boolean;
  /** Field paths that may differ (`updated_at`, `items.*.updated_at`). */
  readonly ignoredFields: readonly string[];
  /** Replays in flight at most; beyond, a replay is dropped (and counted). */
  readonly maxInFlight: number;
  readonly count: (observation: ShadowComparisonObservation) => void;
}

/** Request headers not replayed: hop-by-hop ones, and those that describe a body or a connection. */
const NOT_REPLAYED = new Set([
  'connection',
  'keep-alive',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

function replayedHeaders(headers: IncomingHttpHeaders, requestId: string): Record<string, string> {
  const replayed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_REPLAYED.has(name)) continue;
    replayed[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { ...replayed, 'x-request-id': requestId, 'x-shadow-read': 'true' };
}

/**
 * Shadow reads (decision 0124): every GET answered here is replayed to the legacy backend with the
 * caller's headers once its response has finished, and the two answers compared (status and JSON
 * body, `ignoredFields` left out): counted as `match`, `mismatch` or `error` (no answer), a mismatch
 * logged with the differing field paths only. The caller's response is never delayed, changed or
 * failed: the replay starts after it finished, and its failures are only counted. At most
 * `maxInFlight` replays run at once; one more is `dropped` and counted, so that a slow or dead
 * legacy backend cannot pile up work.
 */
export function shadowReads(options: ShadowReadsOptions): RequestHandler {
  let inFlight = 0;
  return function shadowRead(req, res, next) {
    if (req.method !== 'GET' || !options.replays(req.path)) {
      next();
      return;
    }
    let ours: unknown;
    res.locals.observeResponse = (body) => {
      ours = body;
    };
    res.once('finish', () => {
      const route = routeTemplateOf(res);
      if (inFlight >= options.maxInFlight) {
        options.count({ route, result: 'dropped' });
        return;
      }
      inFlight += 1;
      const status = res.statusCode;
      const { logger, requestId } = res.locals;
      options
        .get(req.originalUrl, replayedHeaders(req.headers, requestId))
        .then(
          (theirs) => {
            // Ours as the caller got it (serialised), to compare like with like.
            const sent: unknown = ours === undefined ? undefined : JSON.parse(JSON.stringify(ours));
            const fields = [
              ...(theirs.status === status ? [] : ['(status)']),
              ...jsonDifferences(sent, theirs.body, options.ignoredFields),
            ];
            options.count({ route, result: fields.length === 0 ? 'match' : 'mismatch' });
            if (fields.length > 0) logger.warn('shadow read mismatch', { route, status, legacy_status: theirs.status, fields });
          },
          (error: unknown) => {
            options.count({ route, result: 'error' });
            logger.debug('shadow read failed', { route, error: error instanceof Error ? error.message : String(error) });
          },
        )
        .finally(() => {
          inFlight -= 1;
        });
    });
    next();
  };
}

/**
 * A {@link LegacyGet} over the global fetch: `baseUrl` + the path, the answer's JSON body read
 * (anything else is `undefined`), abandoned after `timeoutMs`.
 */
export function fetchLegacyGet(baseUrl: string, timeoutMs: number): LegacyGet {
  const base = baseUrl.replace(/\/$/, '');
  return async (pathAndQuery, headers) => {
    const response = await fetch(`${base}${pathAndQuery}`, { headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const json = /^application\/([a-z.+-]*\+)?json\b/i.test(response.headers.get('content-type') ?? '');
    const text = await response.text();
    let body: unknown;
    if (json && text !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = undefined;
      }
    }
    return { status: response.status, body };
  };
}
