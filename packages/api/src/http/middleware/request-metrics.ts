import { performance } from 'node:perf_hooks';

import type { RequestHandler } from 'express';

import type { HttpMetrics } from '@proj/application/edge';

import { routeTemplateOf } from '../support/route-template.js';

/** Methods that get a label value of their own; any other (Node accepts dozens, and extension methods) is `OTHER`. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The `method` label of a request: a closed set, so that a client cannot multiply the series. */
function methodLabel(method: string): string {
  return KNOWN_METHODS.has(method) ? method : 'OTHER';
}

/**
 * Observes every request whose response finishes: method, route template (never the raw path:
 * `(unmatched)` for unknown paths) and status, with the time from arrival to the last byte handed
 * to the socket. A request whose connection closes first has no status and is not observed; the
 * access log records it as `request aborted`.
 */
export function requestMetrics(options: { readonly metrics: HttpMetrics }): RequestHandler {
  return function observeRequestDuration(req, res, next) {
    const startedAt = performance.now();
    res.once('finish', () => {
      options.metrics.observeRequest({
        method: methodLabel(req.method),
        route: routeTemplateOf(res),
        status: res.statusCode,
        durationSeconds: (performance.now() - startedAt) / 1000,
      });
    });
    next();
  };
}
