import type { RequestHandler } from 'express';

import type { Scope } from '@proj/application/edge';

import { problem } from '../problems/http-error.js';
import { REALM, unauthorized } from './authenticate.js';

/**
 * Lets the request through only when the authenticated principal holds `scope`: otherwise 403
 * `forbidden` with an RFC 6750 `insufficient_scope` challenge naming it. Without a principal (the
 * route is not behind {@link authenticate}) it answers 401, failing closed.
 */
export function requireScope(scope: Scope): RequestHandler {
  return function checkScope(_req, res, next) {
    const { principal } = res.locals;
    if (principal === undefined) {
      next(unauthorized());
      return;
    }
    if (!principal.scopes.includes(scope)) {
      next(
        problem('forbidden', {
          args: [scope],
          headers: { 'WWW-Authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${scope}"` },
        }),
      );
      return;
    }
    next();
  };
}
