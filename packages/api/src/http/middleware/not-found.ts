import type { RequestHandler } from 'express';

import { problem } from '../problems/http-error.js';

/** Mounted after every router: a request nothing handled is a 404 `not_found` problem. */
export function notFound(): RequestHandler {
  return function routeNotFound(_req, _res, next) {
    next(problem('not_found'));
  };
}
