import express, { type Express, type RequestHandler, type Response } from 'express';

import type { Logger } from '@proj/application';
import type { HealthCheck, HttpMetrics, IdempotencyStore, MetricsExposition, RateLimiter, TokenVerifier } from '@proj/application/edge';

import { createHealthRouter } from './health/health-router.js';
import { accessLog } from './http/middleware/access-log.js';
import { identifyCaller, requireAuthenticated } from './http/middleware/authenticate.js';
import { callerConcurrency } from './http/middleware/caller-concurrency.js';
import { corsPolicy } from './http/middleware/cors-policy.js';
import { idempotency } from './http/middleware/idempotency.js';
import { jsonBody } from './http/middleware/json-body.js';
import { notFound } from './http/middleware/not-found.js';
import { callerKey, rateLimit } from './http/middleware/rate-limit.js';
import { requestId } from './http/middleware/request-id.js';
import { requestMetrics } from './http/middleware/request-metrics.js';
import { securityHeaders } from './http/middleware/security-headers.js';
import { singleHost } from './http/middleware/single-host.js';
import { strictQuery } from './http/middleware/strict-query.js';
import { errorHandler } from './http/problems/error-handler.js';
import { chain } from './http/support/chain.js';
import type { RequestScope } from './http/support/request-context.js';
import { legacyProxy } from './legacy/legacy-proxy.js';
import { apiOperationPath, servedHere } from './legacy/served-here.js';
import { fetchLegacyGet, shadowReads } from './legacy/shadow-reads.js';
import { createMetricsRouter } from './metrics/metrics-router.js';
import { buildOpenApiRegistry } from './openapi/build-openapi-registry.js';
import { createDocsRouter } from './openapi/docs-routes.js';
import { generateOpenApiDocument } from './openapi/generate-document.js';
import { validateResponses } from './openapi/validate-responses.js';
import { API_VERSIONS, contextsIn, type ContextUseCases } from './routes.js';
import type { DeprecatedCall } from './routing/deprecation.js';

/**
 * The settings the HTTP edge reads, declared here so that this package needs nothing from infra.
 * The server's loaded settings satisfy it as they are: pass them whole.
 */
export interface ApiSettings {
  readonly http: {
    /** Largest accepted JSON body, in the `bytes` syntax: `'100kb'`. */
    readonly bodyLimit: string;
    /** Origins browsers may call the API from (CORS); empty: none. */
    readonly corsOrigins: readonly string[];
    /** Express `trust proxy`: whether (or through how many proxies) X-Forwarded-For gives the client IP. */
    readonly trustProxy: boolean | number;
    /**
     * Check every response of a documented operation against the OpenAPI document, answering 500
     * when one does not match (see `validateResponses`). For development and test; false mounts nothing.
     */
    readonly validateResponses: boolean;
  };
  readonly rateLimit: {
    /** Requests per minute per caller, unless a runtime setting overrides it; 0 = off. */
    readonly perMinute: number;
    /** Requests of one caller served at once by this instance; 0 = no bound. */
    readonly concurrentPerCaller: number;
    /** Requests of one caller that may wait for a place; more are refused with 429. */
    readonly waitingPerCaller: number;
  };
  readonly idempotency: {
    /** How long a reservation lasts if its request never finishes (the process died). */
    readonly leaseSeconds: number;
    /** How long a recorded response is replayed. */
    readonly retentionSeconds: number;
  };
  /** The legacy backend this service replaces gradually (strangler); absent or without `baseUrl`: none. */
  readonly legacy?: {
    /** Requests no route here matches are forwarded there (see `legacyProxy`). */
    readonly baseUrl: string | undefined;
    /** How long it has to start answering before the caller gets 504 `legacy_timeout` (and a shadow read is an `error`). */
    readonly timeoutMs: number;
    /** Shadow reads (see `shadowReads`); absent or not enabled: none. */
    readonly shadowReads?: {
      readonly enabled: boolean;
      readonly ignoredFields: readonly string[];
      readonly maxInFlight: number;
    };
  };
}

/** Everything the HTTP edge needs, built by the composition root. */
export interface AppDependencies extends ContextUseCases {
  readonly settings: ApiSettings;
  readonly logger: Logger;
  /** Checks the bearer token of every versioned request. */
  readonly tokenVerifier: TokenVerifier;
  /** Readiness probes; a failing `required` one makes `/health/ready` answer 503. */
  readonly healthChecks: readonly HealthCheck[];
  /** Returns true once shutdown has begun; readiness then answers 503. Default: never draining. */
  readonly isDraining?: () => boolean;
  /** Bound on each readiness check. Default 2000 ms. */
  readonly healthCheckTimeoutMs?: number;
  /** Request metrics and their exposition at `GET /metrics`; without it neither exists. */
  readonly metrics?: HttpMetrics & MetricsExposition;
  /**
   * Whether this app answers `GET /metrics` (default true). False when a listener of its own serves
   * them (see `createMetricsApp`): requests are still measured, and `/metrics` here is a 404.
   */
  readonly serveMetrics?: boolean;
  /** Rate limiting per caller at `settings.rateLimit.perMinute`. Absent: no limit. */
  readonly rateLimiter?: RateLimiter;
  /** The limit a runtime setting puts in force now instead of the configured one, if any. Read per request. */
  readonly rateLimitOverride?: () => number | undefined;
  /** `Idempotency-Key` support on idempotent operations. Absent: the header is ignored. */
  readonly idempotencyStore?: IdempotencyStore;
  /** The scope every request runs in, so that every line logged while serving it carries its id. Absent: none. */
  readonly requestScope?: RequestScope;
}

/** The idempotency scope of a request without a principal (routes that need no token). */
const ANONYMOUS = 'anonymous';

/** The token subject of an authenticated request: rate limits count per subject, idempotency keys are scoped by it. */
function subjectOf(res: Response): string | undefined {
  return res.locals.principal?.subject;
}

const passThrough: RequestHandler = (_req, _res, next) => next();

/**
 * Every answer of the API is about a caller or the people it manages: shared caches must not keep
 * it (`no-store`; conditional requests with the ETag still save the transfer).
 */
const personalData: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/**
 * Builds the Express app (it does not listen). Order: request id -> access log and request metrics
 * -> the strangler route to the legacy backend (when configured: requests no route here matches)
 * and shadow reads (GETs answered here, replayed there once answered)
 * -> security headers -> response validation (development and test) -> per API version prefix:
 * CORS, bearer token check, a bound on each caller's concurrent requests, rate limit (per token subject, or per client address when the token
 * was refused or missing), 401 for a refused token, strict query, then the routes of every
 * context's table (each checks its scope; JSON bodies parsed per operation, then idempotency keys)
 * -> docs, health and metrics (no auth, no body parsing, never rate limited) -> 404 -> error
 * handler. Every versioned path needs a valid token, even an unknown one, so routes cannot be
 * probed anonymously.
 */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  // Entity tags come from resource versions, set by the handlers; none are made up from bodies.
  app.set('etag', false);
  // Repeated parameters arrive as arrays and nested syntax stays a plain key: both are refused.
  app.set('query parser', 'simple');
  const { settings } = deps;
  app.set('trust proxy', settings.http.trustProxy);

  // Everything every request crosses, as one layer of the app's router (see `chain`).
  const edge: RequestHandler[] = [requestId({ logger: deps.logger, scope: deps.requestScope }), singleHost(), accessLog()];
  if (deps.metrics) edge.push(requestMetrics({ metrics: deps.metrics }));
  // The strangler route, before anything reads the body or sets headers: forwarded answers pass unchanged.
  const legacy = settings.legacy;
  if (legacy?.baseUrl !== undefined) {
    const here = servedHere();
    edge.push(
      legacyProxy({
        baseUrl: legacy.baseUrl,
        timeoutMs: legacy.timeoutMs,
        forwards: (path) => !here(path),
        observe: (observation) => deps.metrics?.observeUpstreamRequest(observation),
      }),
    );
    // Requests still here are answered here: GETs are replayed to the legacy backend and compared.
    if (legacy.shadowReads?.enabled === true) {
      edge.push(
        shadowReads({
          get: fetchLegacyGet(legacy.baseUrl, legacy.timeoutMs),
          replays: apiOperationPath(),
          ignoredFields: legacy.shadowReads.ignoredFields,
          maxInFlight: legacy.shadowReads.maxInFlight,
          count: (observation) => deps.metrics?.countShadowComparison(observation),
        }),
      );
    }
  }
  edge.push(securityHeaders());
  if (settings.http.validateResponses) {
    edge.push(validateResponses({ definitions: buildOpenApiRegistry().definitions }));
  }
  app.use(chain(edge));

  // The API first: its requests then never walk the routes of the documentation, health and
  // metrics routers (their paths are disjoint, so the order changes no answer).
  // A refused token is counted against the client's address before it is answered, so that
  // unauthenticated floods are limited too.
  // One caller's burst waits or is refused here, before it costs a rate-limit round trip or a
  // database connection (decision 0112).
  const guard: RequestHandler[] = [
    personalData,
    corsPolicy({ origins: settings.http.corsOrigins }),
    identifyCaller({ verifier: deps.tokenVerifier }),
    callerConcurrency({
      maxActive: settings.rateLimit.concurrentPerCaller,
      maxWaiting: settings.rateLimit.waitingPerCaller,
      callerOf: (req, res) => callerKey(req, subjectOf(res)),
    }),
  ];
  if (deps.rateLimiter) {
    const override = deps.rateLimitOverride;
    guard.push(
      rateLimit({
        limiter: deps.rateLimiter,
        limitPerMinute: () => override?.() ?? settings.rateLimit.perMinute,
        callerOf: (req, res) => callerKey(req, subjectOf(res)),
      }),
    );
  }
  guard.push(requireAuthenticated(), strictQuery());

  const middleware = {
    jsonBody: jsonBody({ limit: settings.http.bodyLimit }),
    idempotent: deps.idempotencyStore
      ? idempotency({
          store: deps.idempotencyStore,
          leaseMs: settings.idempotency.leaseSeconds * 1000,
          retentionMs: settings.idempotency.retentionSeconds * 1000,
          scopeOf: (_req, res) => subjectOf(res) ?? ANONYMOUS,
        })
      : passThrough,
    countDeprecatedCall: (call: DeprecatedCall) => deps.metrics?.countDeprecatedCall(call),
  };
  for (const version of API_VERSIONS) {
    app.use(version.prefix, chain(guard));
    for (const context of contextsIn(version)) app.use(context.mount(version, deps, middleware));
  }

  app.use(createDocsRouter({ document: generateOpenApiDocument() }));
  app.use(
    createHealthRouter({
      healthChecks: deps.healthChecks,
      isDraining: deps.isDraining,
      timeoutMs: deps.healthCheckTimeoutMs,
    }),
  );

  if (deps.metrics && deps.serveMetrics !== false) app.use(createMetricsRouter({ exposition: deps.metrics }));

  app.use(notFound());
  app.use(errorHandler());
  return app;
}

/**
 * The app of a listener that serves `GET /metrics` alone (`PROJ_METRICS_PORT`), so that scrapes
 * stay off the API's port: any other path is a 404, any other method a 405, both problem+json.
 */
export function createMetricsApp(deps: { readonly metrics: MetricsExposition; readonly logger: Logger }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Its problems carry a request id and are logged like the API's.
  app.use(requestId({ logger: deps.logger }));
  app.use(singleHost());
  app.use(securityHeaders());
  app.use(createMetricsRouter({ exposition: deps.metrics }));
  app.use(notFound());
  app.use(errorHandler());
  return app;
}
