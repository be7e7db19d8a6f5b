import type { RequestHandler } from 'express';

import { HttpError } from '../problems/http-error.js';

/** Mounted after every router: a request nothing handled is a 404 `not_found` problem. */
export function notFound(): RequestHandler {
  return function routeNotFound(_req, _res, next) {
    next(new HttpError({ status: 404, code: 'not_found', detail: 'No resource exists at this path.' }));
  };
}
