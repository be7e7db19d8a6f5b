import express, { type Router } from 'express';

import type { MetricsExposition } from '@proj/application/edge';

import { methodNotAllowed } from '../http/middleware/method-not-allowed.js';
import { routeOf } from '../http/support/route-template.js';

/**
 * `GET /metrics`: the current metrics for a scraper, never cached. It has no authentication, like
 * the health endpoints: restrict it at the network edge (see docs/operations.md).
 */
export function createMetricsRouter(options: { readonly exposition: MetricsExposition }): Router {
  const router = express.Router();
  routeOf(router, '/metrics')
    .get(async function metrics(_req, res): Promise<void> {
      const body = await options.exposition.render();
      res.set('Cache-Control', 'no-store').type(options.exposition.contentType).send(body);
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
