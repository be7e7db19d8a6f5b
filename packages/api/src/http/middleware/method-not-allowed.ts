import type { RequestHandler } from 'express';

import { problem } from '../problems/http-error.js';

/**
 * Closes a route: `router.route(path).get(...).all(methodNotAllowed(['GET']))`. Any other method
 * gets a 405 `method_not_allowed` problem with an `Allow` header; OPTIONS gets 204 with `Allow`.
 * HEAD is allowed wherever GET is (Express answers it from the GET handler).
 */
export function methodNotAllowed(methods: readonly string[]): RequestHandler {
  const allowed = new Set(methods.map((method) => method.toUpperCase()));
  if (allowed.has('GET')) allowed.add('HEAD');
  allowed.add('OPTIONS');
  const allow = [...allowed].join(', ');
  return function rejectMethod(req, res, next) {
    if (req.method === 'OPTIONS') {
      res.set('Allow', allow).status(204).end();
      return;
    }
    next(problem('method_not_allowed', { args: [req.method, allow], headers: { Allow: allow } }));
  };
}
