import type { RequestHandler } from 'express';

import { validationFailed } from '../problems/http-error.js';
import type { ProblemFieldError } from '../problems/problem-details.js';
import { findPrototypeKey } from '../support/prototype-keys.js';

/**
 * Keeps query strings flat and unambiguous before any route reads them. The app's `simple` query
 * parser already never nests (`a[b]=1` is the key `a[b]`); this rejects, with 422
 * `validation_failed`, a parameter given more than once (it would arrive as an array where every
 * route expects one string) and the keys `__proto__`, `constructor` and `prototype`.
 */
export function strictQuery(): RequestHandler {
  return function checkQuery(req, _res, next) {
    const query = req.query as Record<string, unknown>;
    const errors: ProblemFieldError[] = [];
    const prototypeKey = findPrototypeKey(query);
    if (prototypeKey !== undefined) errors.push({ path: prototypeKey, message: 'is not an accepted parameter' });
    for (const [name, value] of Object.entries(query)) {
      if (Array.isArray(value)) errors.push({ path: name, message: 'must be given once' });
    }
    if (errors.length > 0) {
      next(validationFailed(errors));
      return;
    }
    next();
  };
}
