import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';

import { PROBLEM_CONTENT_TYPE, problemDetails, type ProblemFieldError } from '../http/problems/problem-details.js';
import { headerRef, rateLimitHeaderRefs } from './openapi-components.js';
import { Problem } from './problem-schema.js';

/** The problem responses an operation can document, with their code and an example. */
const PROBLEMS = {
  400: {
    code: 'malformed_json',
    description: 'The body is not well-formed JSON (`malformed_json`).',
    detail: 'The request body is not well-formed JSON, or its top level is not an object or an array.',
  },
  401: {
    code: 'unauthorized',
    description: 'No bearer token, or one that is not valid (`unauthorized`); see `WWW-Authenticate`.',
    detail: 'This operation needs a valid bearer token in the Authorization header.',
  },
  403: {
    code: 'forbidden',
    description: 'The token does not grant the scope this operation needs (`forbidden`).',
    detail: 'The token does not grant the scope this operation needs: accounts:write.',
  },
  404: {
    code: 'not_found',
    description: 'The resource does not exist (e.g. `user_not_found`).',
    detail: 'User 0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b not found',
  },
  409: {
    code: 'conflict',
    description: 'The request conflicts with the current state (e.g. `user_already_exists`).',
    detail: 'A user with this e-mail address already exists',
  },
  412: {
    code: 'precondition_failed',
    description: 'The `If-Match` ETag is not the current version, or never can be; nothing was written (`precondition_failed`).',
    detail: 'User 0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b is no longer at version 1',
  },
  413: {
    code: 'payload_too_large',
    description: 'The body is over the configured size limit (`payload_too_large`).',
    detail: 'The request body is larger than this server accepts.',
  },
  415: {
    code: 'unsupported_media_type',
    description: 'The body is not JSON (`unsupported_media_type`).',
    detail: 'The request body must be JSON, sent with Content-Type: application/json.',
  },
  422: {
    code: 'validation_failed',
    description: 'Invalid input, one entry per field in `errors` (`validation_failed`).',
    detail: 'The request has invalid fields; see errors.',
  },
  429: {
    code: 'rate_limited',
    description: 'Too many requests from this caller (`rate_limited`); retry after `Retry-After`.',
    detail: 'Too many requests: the limit is 600 per minute. Retry after the delay in Retry-After.',
  },
  500: {
    code: 'internal_error',
    description: 'An unexpected error; details are only in the logs (`internal_error`).',
    detail: 'An unexpected error occurred. Quote the request id when reporting it.',
  },
  503: {
    code: 'dependency_unavailable',
    description: 'A dependency such as the database is down or saturated; retry after `Retry-After` (`dependency_unavailable`).',
    detail: 'A service this request depends on is temporarily unavailable. Retry after the delay in Retry-After.',
  },
} as const;

export type ProblemStatus = keyof typeof PROBLEMS;

/** Overrides of the example code per status, for operations that know it (`user_not_found`). */
export type ProblemCodes = Partial<Record<ProblemStatus, string>>;

/** Overrides of the example detail per status (the 403 of a read names `accounts:read`). */
export type ProblemExampleDetails = Partial<Record<ProblemStatus, string>>;

/** Extra wording per status, for operations with more than one code there. */
export type ProblemNotes = Partial<Record<ProblemStatus, string>>;

/**
 * Documents error responses, each an `application/problem+json` body referring to `Problem`, with
 * `X-Request-Id` (and `WWW-Authenticate` on 401 and 403, `Retry-After` on 429 and 503, with the
 * `RateLimit-*` headers on 429).
 */
export function problemResponses(
  statuses: readonly ProblemStatus[],
  options: {
    readonly path: string;
    readonly codes?: ProblemCodes;
    /** Example details per status (the 403 of a read names `accounts:read`). */
    readonly details?: ProblemExampleDetails;
    /** Extra wording per status, for operations with more than one code there. */
    readonly notes?: ProblemNotes;
    /** The field error shown in the 422 example. */
    readonly invalidField?: ProblemFieldError;
  },
): Record<string, ResponseConfig> {
  return Object.fromEntries(
    statuses.map((status) => {
      const problem = PROBLEMS[status];
      const code = options.codes?.[status] ?? problem.code;
      const example = problemDetails(
        {
          status,
          code,
          detail: options.details?.[status] ?? problem.detail,
          ...(status === 422 ? { errors: [options.invalidField ?? { path: 'email', message: 'must look like name@example.com' }] } : {}),
        },
        { instance: options.path, requestId: '3f1c5a0e-8a4b-4c1e-9f0d-2b7f8e6d5c4a' },
      );
      const response: ResponseConfig = {
        description: options.notes?.[status] ? `${problem.description} ${options.notes[status]}` : problem.description,
        headers: {
          'X-Request-Id': headerRef('X-Request-Id'),
          ...(status === 401 || status === 403 ? { 'WWW-Authenticate': headerRef('WWW-Authenticate') } : {}),
          ...(status === 503 || status === 429 ? { 'Retry-After': headerRef('Retry-After') } : {}),
          ...(status === 429 ? rateLimitHeaderRefs() : {}),
        },
        content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem, example } },
      };
      return [String(status), response];
    }),
  );
}
