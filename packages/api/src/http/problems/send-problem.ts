import type { Request, Response } from 'express';

import { PROBLEMS } from './catalog.js';
import { PROBLEM_CONTENT_TYPE, problemDetails, type ProblemDetails, type ProblemInit } from './problem-details.js';

/** The problem body for this request: `instance` is its path without the query string. */
export function problemBodyFor(req: Request, res: Response, problem: ProblemInit): ProblemDetails {
  return problemDetails(problem, {
    instance: req.originalUrl.split('?')[0] ?? req.path,
    requestId: res.locals.requestId,
  });
}

/**
 * Writes a problem+json response. `instance` is the request path without its query string;
 * `request_id` comes from the request-id middleware. Problems are never cached.
 */
export function sendProblem(
  req: Request,
  res: Response,
  problem: ProblemInit & { readonly headers?: Readonly<Record<string, string>> },
): void {
  res
    .status(PROBLEMS[problem.code].status)
    .set(problem.headers ?? {})
    .set('Cache-Control', 'no-store')
    .type(PROBLEM_CONTENT_TYPE)
    .json(problemBodyFor(req, res, problem));
}
