import { performance } from 'node:perf_hooks';

import type { RequestHandler } from 'express';

import type { HttpMetrics } from '@proj/application/edge';

import { routeTemplateOf } from '../support/route-template.js';

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
        method: req.method,
        route: routeTemplateOf(res),
        status: res.statusCode,
        durationSeconds: (performance.now() - startedAt) / 1000,
      });
    });
    next();
  };
}
