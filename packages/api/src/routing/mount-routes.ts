import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';

import { methodNotAllowed } from '../http/middleware/method-not-allowed.js';
import { requireScope } from '../http/middleware/require-scope.js';
import { problem, validationFailed } from '../http/problems/http-error.js';
import { zodFieldErrors } from '../http/problems/map-error.js';
import type { ProblemFieldError } from '../http/problems/problem-details.js';
import { entityTag, ifMatchHolds, ifNoneMatchHolds } from '../http/support/entity-tag.js';
import { announceDeprecation, type DeprecatedCall } from './deprecation.js';
import { NO_QUERY_PARAMETERS } from './no-query-parameters.js';
import { operationsIn, type ApiVersion, type Operation, type Reply, type RouteTable } from './route-table.js';

/** The middleware a table's routes take from the app. */
export interface RouteMiddleware {
  /** Body parsing, for the operations that take a body (see `jsonBody`). */
  readonly jsonBody: RequestHandler;
  /** `Idempotency-Key` handling, for idempotent operations, after the body is parsed (see `idempotency`). */
  readonly idempotent: RequestHandler;
  /** Counts a call to a deprecated operation (a metric). */
  readonly countDeprecatedCall: (call: DeprecatedCall) => void;
}

/** `/accounts/users/{user_id}` under `/v1` as Express has it: `/v1/accounts/users/:user_id`. */
function expressPath(version: ApiVersion, path: string): string {
  return `${version.prefix}${path}`.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ':$1');
}

/**
 * The Express routes of `table` in `version`, with full paths (mount the router at the root,
 * behind authentication). Per operation: its deprecation headers, its scope (before the body is read), a required
 * `If-Match`, its JSON body, its idempotency key, then the handler with its input parsed; any
 * other method on a path is a 405.
 */
export function mountRoutes<U>(table: RouteTable<U>, version: ApiVersion, useCases: U, middleware: RouteMiddleware): Router {
  const router = express.Router();
  const all = operationsIn(table, version);
  for (const path of new Set(all.map((operation) => expressPath(version, operation.path)))) {
    const operations = all.filter((operation) => expressPath(version, operation.path) === path);
    const route = router.route(path);
    for (const operation of operations) {
      const scope = requireScope(operation.scope);
      route[operation.method](
        ...(operation.deprecation
          ? [entering(path, announceDeprecation(operation.operationId, operation.deprecation, middleware.countDeprecatedCall)), scope]
          : [entering(path, scope)]),
        ...(operation.requireIfMatch === true ? [requireIfMatch] : []),
        ...(operation.request?.body ? [middleware.jsonBody] : []),
        ...(operation.idempotent === true ? [middleware.idempotent] : []),
        handlerOf(operation, version, useCases),
      );
    }
    route.all(entering(path, methodNotAllowed(operations.map((operation) => operation.method.toUpperCase()))));
  }
  return router;
}

/** 428 `precondition_required` for a request without `If-Match` (an empty one counts as none). */
const requireIfMatch: RequestHandler = function requireIfMatch(req, _res, next) {
  next((req.get('If-Match') ?? '').trim() === '' ? problem('precondition_required') : undefined);
};

/** `first`, after recording the route template (in the same frame, as every request of a route takes it). */
function entering(template: string, first: RequestHandler): RequestHandler {
  return function enterRoute(req, res, next) {
    res.locals.routeTemplate = template;
    return first(req, res, next);
  };
}

function handlerOf<U>(operation: Operation<U>, version: ApiVersion, useCases: U): RequestHandler {
  return async function runOperation(req: Request, res: Response): Promise<void> {
    const input = parseInput(operation, req);
    const reply = await operation.handle(input, { useCases, locals: res.locals, version, request: req });
    send(req, res, reply);
  };
}

/** Parses every part of the request; one 422 lists every invalid field, of the shape and of the values. */
function parseInput<U>(operation: Operation<U>, req: Request): Parameters<Operation<U>['handle']>[0] {
  const errors: ProblemFieldError[] = [];
  const wellShaped: Record<string, unknown> = {};
  /** `fields`: the part holds fields that `checkFields` checks (path parameters and body). */
  const parse = (schema: z.ZodType | undefined, value: unknown, fields = false): unknown => {
    if (schema === undefined) return undefined;
    const result = schema.safeParse(value);
    if (result.success) {
      if (fields && isObject(value)) Object.assign(wellShaped, value);
      return result.data;
    }
    const issues = zodFieldErrors(result.error.issues);
    errors.push(...issues);
    if (fields && isObject(value)) {
      const invalid = new Set(issues.map((issue) => issue.path.split('.')[0]));
      for (const [name, field] of Object.entries(value)) if (!invalid.has(name)) wellShaped[name] = field;
    }
    return undefined;
  };
  const request = operation.request;
  const input = {
    params: parse(request?.params, req.params, true),
    query: parse(request?.query ?? NO_QUERY_PARAMETERS, req.query),
    headers: parse(request?.headers, req.headers),
    body: parse(request?.body?.schema, req.body, true),
  };
  if (errors.length === 0) return input as Parameters<Operation<U>['handle']>[0];
  if (operation.checkFields) errors.push(...operation.checkFields(wellShaped));
  throw validationFailed(errors);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sends a reply with its version as the ETag. A read's conditions are evaluated in RFC 9110
 * §13.2.2's order: 412 when `If-Match` does not name that version (see `ifMatchHolds`), then 304
 * without a body when `If-None-Match` does (see `ifNoneMatchHolds`).
 */
function send(req: Request, res: Response, reply: Reply): void {
  const { version } = reply;
  const read = version !== undefined && reply.status === 200 && (req.method === 'GET' || req.method === 'HEAD');
  if (read && !ifMatchHolds(req.get('If-Match'), version)) throw problem('precondition_failed');
  if (version !== undefined) res.set('ETag', entityTag(version));
  if (reply.headers) res.set(reply.headers);
  if (read && ifNoneMatchHolds(req.get('If-None-Match'), version)) {
    res.status(304).end();
    return;
  }
  res.status(reply.status);
  if (reply.body === undefined) res.end();
  else res.json(reply.body);
}
