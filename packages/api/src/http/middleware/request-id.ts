import { randomUUID } from 'node:crypto';

import type { RequestHandler } from 'express';

import type { Logger } from '@proj/application';

import { stageJson, type RequestScope } from '../support/request-context.js';

/** A caller's id is kept when it is 1-128 characters of letters, digits and `._:-`. */
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id: the caller's `X-Request-Id` when well formed, a new UUID otherwise.
 * Echoes it on the response and starts the request context: `res.locals.requestId`, a child logger
 * carrying `request_id` in `res.locals.logger`, and the staged `res.json` (see `stageJson`); with a
 * `scope`, the rest of the request runs inside it under the same id. Mount it first.
 */
export function requestId(options: { readonly logger: Logger; readonly scope?: RequestScope }): RequestHandler {
  const { scope } = options;
  return function assignRequestId(req, res, next) {
    const offered = req.get('X-Request-Id');
    const id = offered !== undefined && WELL_FORMED.test(offered) ? offered : randomUUID();
    res.locals.requestId = id;
    res.locals.logger = options.logger.child({ request_id: id });
    stageJson(res);
    res.set('X-Request-Id', id);
    if (scope === undefined) next();
    else scope.run(id, [req, res], next);
  };
}
