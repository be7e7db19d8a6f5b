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
  type AppError,
} from '@proj/application/errors';

import { isProblemCode, PROBLEMS, type ProblemCode } from './catalog.js';
import { HttpError } from './http-error.js';
import type { ProblemFieldError, ProblemInit } from './problem-details.js';

/** How an error becomes a response, and how loudly it is logged. */
export interface ErrorMapping extends ProblemInit {
  /** The catalog's status of `code`. */
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * `expected`: the client's doing (4xx), logged at debug without bodies; `unavailable`: a
   * dependency outage (503), logged at warn; `unexpected`: a bug or unknown failure (500), logged
   * once at error with its stack.
   */
  readonly severity: 'expected' | 'unavailable' | 'unexpected';
}

/**
 * The single place where errors meet HTTP. Every answer is a code of the catalog, which gives its
 * status: ZodError and ValidationError -> `validation_failed` with `errors`; the idempotency errors
 * -> `idempotency_key_reused` and `idempotency_in_progress` (with `Retry-After`); a domain
 * NotFoundError, ConflictError, BusinessRuleError or PreconditionFailedError -> its own code
 * lower-cased when the catalog has it, else the kind's (`not_found`, `conflict`,
 * `precondition_failed`), with the error's message as detail; DependencyUnavailableError ->
 * `dependency_unavailable` with `Retry-After`; the edge's own HttpError as it says; anything else
 * -> `internal_error` with the catalog's detail (never the message or stack).
 */
export function mapError(error: unknown): ErrorMapping {
  if (error instanceof HttpError) {
    return mapping(error.code, {
      detail: error.message,
      headers: error.headers,
      ...(error.errors === undefined ? {} : { errors: error.errors }),
    });
  }
  if (error instanceof z.core.$ZodError) return mapping('validation_failed', { errors: zodFieldErrors(error.issues) });
  if (error instanceof ValidationError) {
    return mapping('validation_failed', { errors: error.issues.map(({ path, message }) => ({ path, message })) });
  }
  if (error instanceof IdempotencyKeyReusedError) return mapping('idempotency_key_reused', { detail: error.message });
  if (error instanceof IdempotencyInProgressError) {
    return mapping('idempotency_in_progress', { detail: error.message, headers: { 'Retry-After': String(error.retryAfterSeconds) } });
  }
  if (error instanceof NotFoundError) return domainMapping(error, 'not_found');
  if (error instanceof ConflictError || error instanceof BusinessRuleError) return domainMapping(error, 'conflict');
  if (error instanceof PreconditionFailedError) return domainMapping(error, 'precondition_failed');
  if (error instanceof DependencyUnavailableError) {
    return mapping('dependency_unavailable', {
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) },
      severity: 'unavailable',
    });
  }
  // The router's own failure to decode a percent-encoded path parameter.
  if (error instanceof URIError && (error as URIError & { status?: unknown }).status === 400) return mapping('malformed_uri');
  return mapping('internal_error', { severity: 'unexpected' });
}

/** A 422 lists at most this many invalid fields; a client sending thousands of bad keys gets the first ones. */
export const MAX_FIELD_ERRORS = 20;
/** A field path is shown up to this many characters: a key the client made up is never echoed whole. */
const MAX_PATH_LENGTH = 128;

/** At most {@link MAX_FIELD_ERRORS} entries, each path at most {@link MAX_PATH_LENGTH} characters (decision 0117). */
function boundedFieldErrors(errors: readonly ProblemFieldError[]): ProblemFieldError[] {
  return errors.slice(0, MAX_FIELD_ERRORS).map(({ path, message }) => ({
    path: path.length > MAX_PATH_LENGTH ? `${[...path].slice(0, MAX_PATH_LENGTH).join('')}…` : path,
    message,
  }));
}

function mapping(code: ProblemCode, options: Partial<Pick<ErrorMapping, 'detail' | 'errors' | 'headers' | 'severity'>> = {}): ErrorMapping {
  return {
    status: PROBLEMS[code].status,
    code,
    detail: options.detail ?? (PROBLEMS[code].detail as () => string)(),
    ...(options.errors === undefined ? {} : { errors: boundedFieldErrors(options.errors) }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    severity: options.severity ?? 'expected',
  };
}

/** A domain error's own code when the catalog knows it with the kind's status, else the kind's code. */
function domainMapping(error: AppError, kind: 'not_found' | 'conflict' | 'precondition_failed'): ErrorMapping {
  const own = error.code.toLowerCase();
  const code = isProblemCode(own) && PROBLEMS[own].status === PROBLEMS[kind].status ? own : kind;
  return mapping(code, { detail: error.message });
}

/** Zod's issues as problem field errors: dot-separated paths, one entry per unknown key, `body` for the whole body. */
export function zodFieldErrors(issues: readonly z.core.$ZodIssue[]): ProblemFieldError[] {
  return issues.flatMap((issue): ProblemFieldError[] => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: path === '' ? key : `${path}.${key}`, message: 'is not an accepted field' }));
    }
    return [{ path: path === '' ? 'body' : path, message: issue.message }];
  });
}
