import type { RequestHandler } from 'express';

import type { TokenVerifier } from '@proj/application/edge';
import { InvalidTokenError } from '@proj/application/errors';

import { problem, type HttpError } from '../problems/http-error.js';

export const REALM = 'proj';
// RFC 6750 §2.1: the scheme is case-insensitive; the token is b64token characters.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Requires `Authorization: Bearer <token>` and verifies it with the TokenVerifier port:
 * {@link identifyCaller} then {@link requireAuthenticated}, with nothing between them. To count a
 * refused request before it is answered (rate limiting by client address), mount the two apart.
 */
export function authenticate(options: { readonly verifier: TokenVerifier }): RequestHandler[] {
  return [identifyCaller(options), requireAuthenticated()];
}

/**
 * Verifies the bearer token, if any. On success the principal is stored in
 * `res.locals.principal` and the request's logger gains `subject`. Any failure (no header, another
 * scheme, a token the verifier rejects for whatever reason) leaves no principal and records the
 * same 401 `unauthorized` with `WWW-Authenticate: Bearer`, which {@link requireAuthenticated}
 * answers, so a client learns nothing about why; the reason is logged at debug. A verifier that
 * cannot reach its keys yields its 503 at once.
 */
export function identifyCaller(options: { readonly verifier: TokenVerifier }): RequestHandler {
  return async function identifyBearer(req, res, next): Promise<void> {
    const header = req.get('Authorization');
    if (header === undefined) {
      res.locals.authenticationRefusal = unauthorized();
      next();
      return;
    }
    const { logger } = res.locals;
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) {
      logger.debug('bearer token rejected', { reason: 'not_bearer' });
      res.locals.authenticationRefusal = unauthorized(`Bearer realm="${REALM}", error="invalid_request"`);
      next();
      return;
    }
    try {
      const principal = await options.verifier.verify(token);
      res.locals.principal = principal;
      res.locals.logger = logger.child({ subject: principal.subject });
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      logger.debug('bearer token rejected', { reason: error.reason });
      res.locals.authenticationRefusal = unauthorized(`Bearer realm="${REALM}", error="invalid_token"`);
    }
    next();
  };
}

/** Answers the 401 of {@link identifyCaller} when it found no valid token; lets the rest through. */
export function requireAuthenticated(): RequestHandler {
  return function requireCaller(_req, res, next) {
    if (res.locals.principal !== undefined) {
      next();
      return;
    }
    next(res.locals.authenticationRefusal ?? unauthorized());
  };
}

/** The 401 every authentication failure gets; `challenge` is the `WWW-Authenticate` value. */
export function unauthorized(challenge = `Bearer realm="${REALM}"`): HttpError {
  return problem('unauthorized', { headers: { 'WWW-Authenticate': challenge } });
}
