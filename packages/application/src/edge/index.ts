// What only the HTTP edge uses: authentication, health, request metrics, response idempotency and
// rate limiting. Use cases never depend on these; their ports are in the package's main entry.
export { ALL_SCOPES, Scopes, type Scope } from './auth/scopes.js';
export type { Principal } from './auth/principal.js';
export type { TokenVerifier } from './auth/token-verifier.js';
export type { HealthCheck } from './health-check.js';
export type {
  DeprecatedCallObservation,
  HttpMetrics,
  HttpRequestObservation,
  ShadowComparisonObservation,
  UpstreamRequestObservation,
} from './http-metrics.js';
export type { IdempotencyBeginResult, IdempotencyStore, StoredResponse } from './idempotency-store.js';
export type { MetricsExposition } from './metrics-exposition.js';
export type { LeasableRateLimiter, RateLimitDecision, RateLimitGrant, RateLimitPolicy, RateLimiter } from './rate-limiting/rate-limiter.js';
export { FallbackRateLimiter } from './rate-limiting/fallback-rate-limiter.js';
export { LeasingRateLimiter, type LeasingRateLimiterOptions } from './rate-limiting/leasing-rate-limiter.js';
