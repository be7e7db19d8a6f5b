import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';

import { detailOf, exampleDetailOf, PROBLEMS, type ProblemCode } from '../http/problems/catalog.js';
import { PROBLEM_CONTENT_TYPE, problemDetails, type ProblemFieldError } from '../http/problems/problem-details.js';
import { headerRef, rateLimitHeaderRefs } from './openapi-components.js';
import { Problem } from './problem-schema.js';

const EXAMPLE_REQUEST_ID = '3f1c5a0e-8a4b-4c1e-9f0d-2b7f8e6d5c4a';
const DEFAULT_INVALID_FIELD: ProblemFieldError = { path: 'email', message: 'must look like name@example.com' };

/** What the examples of an operation's problems show. */
export interface ProblemExamples {
  /** The request path, its parameters filled in. */
  readonly path: string;
  /** The operation's scope, named by the 403. */
  readonly scope: string;
  /** The field of the 422 example. */
  readonly invalidField?: ProblemFieldError;
}

/**
 * The error responses of an operation, read from the problem catalog: one per status, described by
 * the sentence of each of its codes, with one `application/problem+json` example per code and the
 * headers those codes carry (`X-Request-Id` always).
 */
export function problemResponses(codes: readonly ProblemCode[], examples: ProblemExamples): Record<string, ResponseConfig> {
  const unique = [...new Set(codes)];
  const statuses = [...new Set(unique.map((code) => PROBLEMS[code].status))];
  return Object.fromEntries(
    statuses.map((status) => {
      const sameStatus = unique.filter((code) => PROBLEMS[code].status === status);
      const headers = new Set(sameStatus.flatMap((code) => PROBLEMS[code].headers ?? []));
      const response: ResponseConfig = {
        description: sameStatus.map((code) => PROBLEMS[code].when).join(' '),
        headers: {
          'X-Request-Id': headerRef('X-Request-Id'),
          ...(headers.has('WWW-Authenticate') ? { 'WWW-Authenticate': headerRef('WWW-Authenticate') } : {}),
          ...(headers.has('Retry-After') ? { 'Retry-After': headerRef('Retry-After') } : {}),
          ...(headers.has('RateLimit') ? rateLimitHeaderRefs() : {}),
        },
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: Problem,
            // One example per code; named when a status has several.
            ...(sameStatus.length === 1 && sameStatus[0] !== undefined
              ? { example: exampleOf(sameStatus[0], examples) }
              : {
                  examples: Object.fromEntries(
                    sameStatus.map((code) => [code, { summary: PROBLEMS[code].title, value: exampleOf(code, examples) }]),
                  ),
                }),
          },
        },
      };
      return [String(status), response];
    }),
  );
}

function exampleOf(code: ProblemCode, examples: ProblemExamples): unknown {
  const detail = code === 'forbidden' ? detailOf('forbidden', examples.scope) : exampleDetailOf(code);
  const errors = code === 'validation_failed' ? { errors: [examples.invalidField ?? DEFAULT_INVALID_FIELD] } : {};
  return problemDetails({ code, detail, ...errors }, { instance: examples.path, requestId: EXAMPLE_REQUEST_ID });
}
