import express, { type Express, type RequestHandler, type Response } from 'express';

import type { Logger } from '@proj/application';
import type { HealthCheck, HttpMetrics, IdempotencyStore, MetricsExposition, RateLimiter, TokenVerifier } from '@proj/application/edge';

import type { AccountsUseCases } from './accounts/accounts-routes.js';
import { createHealthRouter } from './health/health-router.js';
import { accessLog } from './http/middleware/access-log.js';
import { identifyCaller, requireAuthenticated } from './http/middleware/authenticate.js';
import { corsPolicy } from './http/middleware/cors-policy.js';
import { idempotency } from './http/middleware/idempotency.js';
import { jsonBody } from './http/middleware/json-body.js';
import { notFound } from './http/middleware/not-found.js';
import { callerKey, rateLimit } from './http/middleware/rate-limit.js';
import { requestId } from './http/middleware/request-id.js';
import { requestMetrics } from './http/middleware/request-metrics.js';
import { securityHeaders } from './http/middleware/security-headers.js';
import { strictQuery } from './http/middleware/strict-query.js';
import { errorHandler } from './http/problems/error-handler.js';
import { createMetricsRouter } from './metrics/metrics-router.js';
import { buildOpenApiRegistry } from './openapi/build-openapi-registry.js';
import { createDocsRouter } from './openapi/docs-routes.js';
import { generateOpenApiDocument } from './openapi/generate-document.js';
import { validateResponses } from './openapi/validate-responses.js';
import { API_VERSIONS, CONTEXTS } from './routes.js';

/** Everything the HTTP edge needs, built by the composition root. */
export interface AppDependencies {
  /** The accounts use cases (`RegisterUser`, `GetUserById`, `ListUsers`, `UpdateUser` instances). */
  readonly accounts: AccountsUseCases;
  readonly logger: Logger;
  /** Checks the bearer token of every `/v1` request. */
  readonly tokenVerifier: TokenVerifier;
  /** Origins browsers may call the API from (CORS). Default: none. */
  readonly corsOrigins?: readonly string[];
  /** Readiness probes; a failing `required` one makes `/health/ready` answer 503. */
  readonly healthChecks: readonly HealthCheck[];
  /** Largest accepted JSON body, in the `bytes` syntax: `'100kb'`. */
  readonly bodyLimit: string;
  /** Returns true once shutdown has begun; readiness then answers 503. Default: never draining. */
  readonly isDraining?: () => boolean;
  /** Bound on each readiness check. Default 2000 ms. */
  readonly healthCheckTimeoutMs?: number;
  /**
   * Check every response of a documented operation against the OpenAPI document, answering 500
   * when one does not match (see `validateResponses`). For development and test; default false,
   * which mounts nothing.
   */
  readonly validateResponses?: boolean;
  /** Request metrics and their exposition at `GET /metrics`; without it neither exists. */
  readonly metrics?: HttpMetrics & MetricsExposition;
  /** Rate limiting per caller. Absent: no limit. */
  readonly rateLimit?: {
    readonly limiter: RateLimiter;
    /** Requests per minute per caller in force now (configured, or overridden at run time); 0 = off. */
    readonly limitPerMinute: () => number;
  };
  /** `Idempotency-Key` support on POST routes. Absent: the header is ignored. */
  readonly idempotency?: {
    readonly store: IdempotencyStore;
    readonly leaseMs: number;
    readonly retentionMs: number;
  };
  /** Express `trust proxy`: whether (or through how many proxies) X-Forwarded-For gives the client IP. */
  readonly trustProxy?: boolean | number;
}

/** The idempotency scope of a request without a principal (routes that need no token). */
const ANONYMOUS = 'anonymous';

/** The token subject of an authenticated request: rate limits count per subject, idempotency keys are scoped by it. */
function subjectOf(res: Response): string | undefined {
  return res.locals.principal?.subject;
}

const passThrough: RequestHandler = (_req, _res, next) => next();

/**
 * Builds the Express app (it does not listen). Order: request id -> access log and request metrics
 * -> security headers -> response validation (development and test) -> /v1: CORS, bearer token
 * check, rate limit (per token subject, or per client address when the token was refused or
 * missing), 401 for a refused token, strict query, then the routes (each checks its
 * scope; JSON bodies parsed per route, then idempotency keys on POST) -> docs, health and metrics
 * (no auth, no body parsing, never rate limited) -> 404 -> error handler. Every `/v1` path needs a
 * valid token, even an unknown one, so routes cannot be probed anonymously.
 */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  // Entity tags come from resource versions, set by the handlers; none are made up from bodies.
  app.set('etag', false);
  // Repeated parameters arrive as arrays and nested syntax stays a plain key: both are refused.
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);

  app.use(requestId({ logger: deps.logger }));
  app.use(accessLog());
  if (deps.metrics) app.use(requestMetrics({ metrics: deps.metrics }));
  app.use(securityHeaders());
  if (deps.validateResponses === true) {
    app.use(validateResponses({ definitions: buildOpenApiRegistry().definitions }));
  }

  // The API first: its requests then never walk the routes of the documentation, health and
  // metrics routers (their paths are disjoint, so the order changes no answer).
  // A refused token is counted against the client's address before it is answered, so that
  // unauthenticated floods are limited too.
  const guard: RequestHandler[] = [corsPolicy({ origins: deps.corsOrigins ?? [] }), identifyCaller({ verifier: deps.tokenVerifier })];
  if (deps.rateLimit) guard.push(rateLimit({ ...deps.rateLimit, callerOf: (req, res) => callerKey(req, subjectOf(res)) }));
  guard.push(requireAuthenticated(), strictQuery());

  const middleware = {
    jsonBody: jsonBody({ limit: deps.bodyLimit }),
    idempotent: deps.idempotency ? idempotency({ ...deps.idempotency, scopeOf: (_req, res) => subjectOf(res) ?? ANONYMOUS }) : passThrough,
  };
  for (const version of API_VERSIONS) {
    app.use(version.prefix, ...guard);
    for (const context of CONTEXTS) app.use(context.mount(version, deps, middleware));
  }

  app.use(createDocsRouter({ document: generateOpenApiDocument() }));
  app.use(
    createHealthRouter({
      healthChecks: deps.healthChecks,
      isDraining: deps.isDraining,
      timeoutMs: deps.healthCheckTimeoutMs,
    }),
  );

  if (deps.metrics) app.use(createMetricsRouter({ exposition: deps.metrics }));

  app.use(notFound());
  app.use(errorHandler());
  return app;
}
