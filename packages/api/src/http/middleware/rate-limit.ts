import type { Request, RequestHandler, Response } from 'express';

import type { RateLimiter } from '@proj/application/edge';

import { problem } from '../problems/http-error.js';

/** Operational endpoints, never limited: probes and scrapers must always get through. */
const EXEMPT_PREFIXES = ['/health', '/docs', '/redoc', '/openapi.json', '/metrics'];
const WINDOW_MS = 60_000;

export interface RateLimitOptions {
  readonly limiter: RateLimiter;
  /** The requests per minute per caller in force now; 0 or less turns limiting off. Read per request. */
  readonly limitPerMinute: () => number;
  /** The key that identifies the caller (`sub:<subject>` or `ip:<address>`), see {@link callerKey}. */
  readonly callerOf: (req: Request, res: Response) => string;
}

/**
 * Limits requests per caller through the (shared) limiter. Every limited response carries
 * `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds) and `RateLimit-Policy`;
 * over the limit the request ends with 429 `rate_limited` and `Retry-After`. Health, docs,
 * OpenAPI and metrics paths are exempt.
 */
export function rateLimit(options: RateLimitOptions): RequestHandler {
  return async function limitRate(req, res, next): Promise<void> {
    const limit = options.limitPerMinute();
    // The full path: mounted under a version prefix, `req.path` of `/v1/health` is `/health`.
    if (limit <= 0 || isExempt(`${req.baseUrl}${req.path}`)) {
      next();
      return;
    }
    const decision = await options.limiter.consume(options.callerOf(req, res), { limit, windowMs: WINDOW_MS });
    res.set({
      'RateLimit-Limit': String(decision.limit),
      'RateLimit-Remaining': String(decision.remaining),
      'RateLimit-Reset': String(decision.resetSeconds),
      'RateLimit-Policy': `${decision.limit};w=${WINDOW_MS / 1000}`,
    });
    if (!decision.allowed) {
      throw problem('rate_limited', { args: [decision.limit], headers: { 'Retry-After': String(decision.retryAfterSeconds) } });
    }
    next();
  };
}

/**
 * The rate-limit key of a caller: its authenticated subject when there is one, else its IP
 * address (as Express sees it, so `trust proxy` decides whether X-Forwarded-For counts).
 */
export function callerKey(req: Request, principal: string | undefined): string {
  return principal !== undefined ? `sub:${principal}` : `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
}

function isExempt(path: string): boolean {
  return EXEMPT_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
