import express, { type Router } from 'express';

import type { HealthCheck } from '@proj/application/edge';

import { methodNotAllowed } from '../http/middleware/method-not-allowed.js';
import { routeOf } from '../http/support/route-template.js';
import { checkReadiness, type ReadinessReport } from './check-readiness.js';

export interface HealthRouterOptions {
  readonly healthChecks: readonly HealthCheck[];
  /** While it returns true, readiness answers 503 without running the checks. */
  readonly isDraining?: () => boolean;
  /** Bound on each check. Default 2000 ms. */
  readonly timeoutMs?: number;
}

const DEFAULT_HEALTH_CHECK_TIMEOUT_MS = 2000;

/**
 * `GET /health/live`: 200 while the process can answer at all.
 * `GET /health/ready`: 200 `ok` or `degraded` (only optional checks down), 503 `unavailable`
 * when a required check is down or the process is draining. Never cached.
 */
export function createHealthRouter(options: HealthRouterOptions): Router {
  const router = express.Router();
  const timeoutMs = options.timeoutMs ?? DEFAULT_HEALTH_CHECK_TIMEOUT_MS;

  routeOf(router, '/health/live')
    .get(function live(_req, res) {
      res.set('Cache-Control', 'no-store').status(200).json({ status: 'ok' });
    })
    .all(methodNotAllowed(['GET']));

  routeOf(router, '/health/ready')
    .get(async function ready(_req, res): Promise<void> {
      const report: ReadinessReport = options.isDraining?.()
        ? { status: 'unavailable', draining: true, checks: {} }
        : await checkReadiness(options.healthChecks, { timeoutMs, logger: res.locals.logger });
      res
        .set('Cache-Control', 'no-store')
        .status(report.status === 'unavailable' ? 503 : 200)
        .json(report);
    })
    .all(methodNotAllowed(['GET']));

  return router;
}
