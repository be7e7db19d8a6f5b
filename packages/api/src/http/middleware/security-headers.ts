import type { IncomingMessage, ServerResponse } from 'node:http';

import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * For JSON responses: nothing may load, run or frame. A browser that is tricked into rendering an
 * API response as a page gets no script, style or frame out of it.
 */
const API_POLICY = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * For the Swagger UI and ReDoc pages, whose assets this server serves itself: scripts only from
 * here (no inline script, no eval); inline styles allowed because Swagger UI's page carries a
 * <style> block and ReDoc injects styles at run time; data: images for Swagger UI's icons; blob:
 * workers for ReDoc's search; fetches only to this origin (the OpenAPI document). Nothing from
 * other origins, so the pages also work offline.
 */
const DOCUMENTATION_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * helmet's headers on every response (HSTS, nosniff, no-referrer, COOP/CORP same-origin, frame
 * denial, ...) with the strict API content security policy. `X-Powered-By` is disabled on the app.
 *
 * helmet's answer does not depend on the request for this configuration, so it is asked once and
 * the headers it set are replayed on every response: one middleware and one `setHeaders` call
 * instead of a dozen chained middlewares (see docs/performance.md).
 */
export function securityHeaders(): RequestHandler {
  const headers = headersSetBy(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: API_POLICY },
      xFrameOptions: { action: 'deny' },
    }),
  );
  return function setSecurityHeaders(_req, res, next) {
    res.setHeaders(headers);
    next();
  };
}

/** The headers a middleware that sets the same headers on every response sets, asked once. */
function headersSetBy(
  middleware: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void,
): Map<string, string> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number) {
      headers.set(name, `${value}`);
      return recorder;
    },
    removeHeader(name: string) {
      headers.delete(name);
    },
  };
  let done = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined) throw error instanceof Error ? error : new Error('the security headers middleware failed');
    done = true;
  });
  if (!done) throw new Error('the security headers middleware did not finish at once');
  return headers;
}

/** Replaces the API policy with the one the documentation pages need; mount it on their routes. */
export function documentationContentSecurityPolicy(): RequestHandler {
  return helmet.contentSecurityPolicy({ useDefaults: false, directives: DOCUMENTATION_POLICY });
}
