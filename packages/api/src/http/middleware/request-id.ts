import { randomUUID } from 'node:crypto';

import type { RequestHandler } from 'express';

import type { Logger } from '@proj/application';

import { stageJson } from '../support/request-context.js';

/** A caller's id is kept when it is 1-128 characters of letters, digits and `._:-`. */
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id: the caller's `X-Request-Id` when well formed, a new UUID otherwise.
 * Echoes it on the response and starts the request context: `res.locals.requestId`, a child logger
 * carrying `request_id` in `res.locals.logger`, and the staged `res.json` (see `stageJson`).
 * Mount it first.
 */
export function requestId(options: { readonly logger: Logger }): RequestHandler {
  return function assignRequestId(req, res, next) {
    const offered = req.get('X-Request-Id');
    const id = offered !== undefined && WELL_FORMED.test(offered) ? offered : randomUUID();
    res.locals.requestId = id;
    res.locals.logger = options.logger.child({ request_id: id });
    stageJson(res);
    res.set('X-Request-Id', id);
    next();
  };
}
