import { MAX_FIELD_ERRORS } from '../http/problems/map-error.js';
import { PROBLEM_TYPE_BASE } from '../http/problems/problem-details.js';
import { z } from './zod.js';

/** One rejected field inside a problem. */
export const ProblemFieldError = z
  .strictObject({
    path: z
      .string()
      .openapi({ description: 'The field as the client sent it, dot-separated when nested; `body` for the whole body.', example: 'email' }),
    message: z.string().openapi({ description: 'What is wrong with it.', example: 'must look like name@example.com' }),
  })
  .openapi('ProblemFieldError');

/** The RFC 9457 body of every error response: exactly these members (no other extensions). */
export const Problem = z
  .strictObject({
    type: z.string().openapi({
      format: 'uri',
      description: `Identifies the problem type: \`${PROBLEM_TYPE_BASE}<code>\`.`,
      example: `${PROBLEM_TYPE_BASE}validation_failed`,
    }),
    title: z
      .string()
      .openapi({ description: 'Short summary of the problem type; the same for every occurrence.', example: 'Validation failed' }),
    status: z.int().min(400).max(599).openapi({ description: 'The HTTP status code.', example: 422 }),
    detail: z
      .string()
      .openapi({ description: 'Explanation specific to this occurrence.', example: 'The request has invalid fields; see errors.' }),
    instance: z.string().openapi({ description: 'The path of the request that failed.', example: '/v1/accounts/users' }),
    code: z.string().openapi({ description: 'Stable machine-readable code, lower-case snake.', example: 'validation_failed' }),
    request_id: z.string().openapi({
      description: 'The request id, also sent as `X-Request-Id` and present in every log line of the request.',
      example: '3f1c5a0e-8a4b-4c1e-9f0d-2b7f8e6d5c4a',
    }),
    errors: z
      .array(ProblemFieldError)
      .max(MAX_FIELD_ERRORS)
      .optional()
      .openapi({ description: `Present on \`validation_failed\`: one entry per invalid field, at most ${MAX_FIELD_ERRORS}.` }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details, sent as `application/problem+json`.' });
