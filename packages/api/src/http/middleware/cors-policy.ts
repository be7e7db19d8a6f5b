import cors from 'cors';
import type { RequestHandler } from 'express';

/** Request headers a browser client may send cross-origin. */
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'If-None-Match', 'X-Request-Id'];
/** Response headers a browser client may read cross-origin. */
const EXPOSED_HEADERS = [
  'ETag',
  'Location',
  'Retry-After',
  'X-Request-Id',
  'RateLimit',
  'RateLimit-Policy',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
];
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Cross-origin access for browsers, only from the configured origins (exact match, no
 * credentials: the API takes bearer tokens, not cookies). With no origins configured it does
 * nothing, so browsers apply the same-origin policy. Requests without an `Origin` header are not
 * CORS requests and pass untouched; a preflight (`OPTIONS` with `Access-Control-Request-Method`)
 * from any origin is answered here with 204, with the allow headers only for a listed origin, and
 * never reaches authentication.
 */
export function corsPolicy(options: { readonly origins: readonly string[] }): RequestHandler {
  const allowed = new Set(options.origins);
  const handle = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PATCH'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
  });
  return function applyCors(req, res, next) {
    if (allowed.size === 0 || req.get('Origin') === undefined) {
      next();
      return;
    }
    handle(req, res, next);
  };
}
