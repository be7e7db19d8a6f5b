import cors from 'cors';
import type { RequestHandler } from 'express';

/** Request headers a browser client may send cross-origin. */
const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'If-Match',
  'If-None-Match',
  'If-Unmodified-Since',
  'X-Request-Id',
];
/** Response headers a browser client may read cross-origin. */
const EXPOSED_HEADERS = [
  'ETag',
  'WWW-Authenticate',
  'Idempotent-Replayed',
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
 * credentials: the API takes bearer tokens, not cookies). Requests without an `Origin` header are
 * not CORS requests and pass untouched. A preflight (`OPTIONS` with `Origin` and
 * `Access-Control-Request-Method`) is answered here with 204 whatever its origin, and with the allow
 * headers only for a listed one: it never reaches authentication or the rate limit, even with no
 * origins configured (decision 0115). Every answer carries `Vary: Origin`, since what it grants
 * depends on the origin.
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
    res.vary('Origin');
    const origin = req.get('Origin');
    if (origin !== undefined && allowed.has(origin)) {
      handle(req, res, next);
      return;
    }
    // Not allowed: a preflight is answered with nothing granted; other requests go on, unread by the browser.
    if (req.method === 'OPTIONS' && req.get('Access-Control-Request-Method') !== undefined) res.status(204).end();
    else next();
  };
}
