import type { RequestHandler } from 'express';

import type { TokenVerifier } from '@proj/application';
import { InvalidTokenError } from '@proj/application/errors';

import { HttpError } from './http-error.js';
import { requestContext } from './request-context.js';

export const REALM = 'proj';
// RFC 6750 §2.1: the scheme is case-insensitive; the token is b64token characters.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const UNAUTHORIZED_DETAIL = 'This operation needs a valid bearer token in the Authorization header.';

/**
 * Requires `Authorization: Bearer <token>` and verifies it with the TokenVerifier port. On success
 * the principal is stored in `res.locals.principal` and the request's logger gains `subject`. Any
 * failure (no header, another scheme, a token the verifier rejects for whatever reason) is the
 * same 401 `unauthorized` with `WWW-Authenticate: Bearer`, so a client learns nothing about why;
 * the reason is logged at debug. A verifier that cannot reach its keys yields its 503.
 */
export function authenticate(options: { readonly verifier: TokenVerifier }): RequestHandler {
  return async function authenticateBearer(req, res, next): Promise<void> {
    const header = req.get('Authorization');
    if (header === undefined) {
      next(unauthorized());
      return;
    }
    const logger = requestContext(res).logger;
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) {
      logger?.debug('bearer token rejected', { reason: 'not_bearer' });
      next(unauthorized(`Bearer realm="${REALM}", error="invalid_request"`));
      return;
    }
    try {
      const principal = await options.verifier.verify(token);
      res.locals['principal'] = principal;
      if (logger) res.locals['logger'] = logger.child({ subject: principal.subject });
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      logger?.debug('bearer token rejected', { reason: error.reason });
      next(unauthorized(`Bearer realm="${REALM}", error="invalid_token"`));
      return;
    }
    next();
  };
}

/** The 401 every authentication failure gets; `challenge` is the `WWW-Authenticate` value. */
export function unauthorized(challenge = `Bearer realm="${REALM}"`): HttpError {
  return new HttpError({ status: 401, code: 'unauthorized', detail: UNAUTHORIZED_DETAIL, headers: { 'WWW-Authenticate': challenge } });
}
