import { z } from 'zod';

import {
  BusinessRuleError,
  ConflictError,
  DependencyUnavailableError,
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '@proj/application/errors';

import { HttpError } from './http-error.js';
import { VALIDATION_FAILED_DETAIL, type ProblemFieldError, type ProblemInit } from './problem-details.js';

/** How an error becomes a response, and how loudly it is logged. */
export interface ErrorMapping extends ProblemInit {
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * `expected`: the client's doing (4xx), logged at debug without bodies; `unavailable`: a
   * dependency outage (503), logged at warn; `unexpected`: a bug or unknown failure (500), logged
   * once at error with its stack.
   */
  readonly severity: 'expected' | 'unavailable' | 'unexpected';
}

const UNEXPECTED_DETAIL = 'An unexpected error occurred. Quote the request id when reporting it.';

/**
 * The single place where errors meet HTTP:
 * ZodError and ValidationError -> 422 `validation_failed` with `errors`; IdempotencyKeyReusedError ->
 * 422 `idempotency_key_reused`; IdempotencyInProgressError -> 409 with `Retry-After`; NotFoundError -> 404,
 * ConflictError and BusinessRuleError -> 409, PreconditionFailedError -> 412, each with its own code
 * lower-cased;
 * DependencyUnavailableError -> 503 with `Retry-After`; the edge's own HttpError as it says;
 * anything else -> 500 `internal_error` with a generic detail (never the message or stack).
 */
export function mapError(error: unknown): ErrorMapping {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      code: error.code,
      detail: error.message,
      headers: error.headers,
      ...(error.errors === undefined ? {} : { errors: error.errors }),
      severity: 'expected',
    };
  }
  if (error instanceof z.core.$ZodError) {
    return {
      status: 422,
      code: 'validation_failed',
      detail: VALIDATION_FAILED_DETAIL,
      errors: zodFieldErrors(error.issues),
      severity: 'expected',
    };
  }
  if (error instanceof ValidationError) {
    const errors = error.issues.map(({ path, message }) => ({ path, message }));
    return { status: 422, code: 'validation_failed', detail: VALIDATION_FAILED_DETAIL, errors, severity: 'expected' };
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return { status: 422, code: 'idempotency_key_reused', detail: error.message, severity: 'expected' };
  }
  if (error instanceof IdempotencyInProgressError) {
    const headers = { 'Retry-After': String(error.retryAfterSeconds) };
    return { status: 409, code: 'idempotency_in_progress', detail: error.message, headers, severity: 'expected' };
  }
  if (error instanceof NotFoundError) {
    return { status: 404, code: error.code.toLowerCase(), detail: error.message, severity: 'expected' };
  }
  if (error instanceof ConflictError || error instanceof BusinessRuleError) {
    return { status: 409, code: error.code.toLowerCase(), detail: error.message, severity: 'expected' };
  }
  if (error instanceof PreconditionFailedError) {
    return { status: 412, code: error.code.toLowerCase(), detail: error.message, severity: 'expected' };
  }
  if (error instanceof DependencyUnavailableError) {
    return {
      status: 503,
      code: 'dependency_unavailable',
      detail: 'A service this request depends on is temporarily unavailable. Retry after the delay in Retry-After.',
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) },
      severity: 'unavailable',
    };
  }
  // The router's own failure to decode a percent-encoded path parameter.
  if (error instanceof URIError && (error as URIError & { status?: unknown }).status === 400) {
    return { status: 400, code: 'malformed_uri', detail: 'The request path is not correctly percent-encoded.', severity: 'expected' };
  }
  return { status: 500, code: 'internal_error', detail: UNEXPECTED_DETAIL, severity: 'unexpected' };
}

function zodFieldErrors(issues: readonly z.core.$ZodIssue[]): ProblemFieldError[] {
  return issues.flatMap((issue): ProblemFieldError[] => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: path === '' ? key : `${path}.${key}`, message: 'is not an accepted field' }));
    }
    return [{ path: path === '' ? 'body' : path, message: issue.message }];
  });
}
