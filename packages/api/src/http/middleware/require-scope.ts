import type { RequestHandler } from 'express';

import type { Scope } from '@proj/application/edge';

import { REALM, unauthorized } from './authenticate.js';
import { HttpError } from '../problems/http-error.js';
import { requestContext } from '../support/request-context.js';

/**
 * Lets the request through only when the authenticated principal holds `scope`: otherwise 403
 * `forbidden` with an RFC 6750 `insufficient_scope` challenge naming it. Without a principal (the
 * route is not behind {@link authenticate}) it answers 401, failing closed.
 */
export function requireScope(scope: Scope): RequestHandler {
  return function checkScope(_req, res, next) {
    const { principal } = requestContext(res);
    if (principal === undefined) {
      next(unauthorized());
      return;
    }
    if (!principal.scopes.includes(scope)) {
      next(
        new HttpError({
          status: 403,
          code: 'forbidden',
          detail: `The token does not grant the scope this operation needs: ${scope}.`,
          headers: { 'WWW-Authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${scope}"` },
        }),
      );
      return;
    }
    next();
  };
}
