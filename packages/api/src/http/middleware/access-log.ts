import { performance } from 'node:perf_hooks';

import type { RequestHandler } from 'express';

import { routeTemplateOf } from '../support/route-template.js';

/** Probes answered well are routine (a load balancer asks every few seconds): debug, not info. */
const PROBE_ROUTE = /^\/health\//;

/**
 * Writes one info line per request (debug for a health probe that succeeded) when its response finishes: `method`, `route` (the template,
 * or `(unmatched)`), `status` and `duration_ms`, and `proxied_to` for a request forwarded upstream. A request whose connection closes before the
 * response finished is logged once too, as `request aborted`. Mount it right after the request id,
 * whose child logger it uses.
 */
export function accessLog(): RequestHandler {
  return function logAccess(req, res, next) {
    const startedAt = performance.now();
    // A response emits 'close' once it has finished, or when its connection closed first.
    res.once('close', () => {
      const route = routeTemplateOf(res);
      const routine = PROBE_ROUTE.test(route) && res.statusCode < 400 && res.writableFinished;
      res.locals.logger[routine ? 'debug' : 'info'](res.writableFinished ? 'request completed' : 'request aborted', {
        method: req.method,
        route,
        status: res.statusCode,
        duration_ms: Math.round((performance.now() - startedAt) * 1000) / 1000,
        ...(res.locals.proxiedTo === undefined ? {} : { proxied_to: res.locals.proxiedTo }),
      });
    });
    next();
  };
}
