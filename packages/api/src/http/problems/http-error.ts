import { VALIDATION_FAILED_DETAIL, type ProblemFieldError } from './problem-details.js';

/** What an {@link HttpError} needs: everything but `type`, `title` and the request-bound fields. */
export interface HttpErrorInit {
  readonly status: number;
  /** Stable, lower-case snake code, e.g. `malformed_json`. */
  readonly code: string;
  /** Safe to show to the client: written by this layer, never taken from an unknown error. */
  readonly detail: string;
  /** Extra response headers, e.g. `Allow` on a 405. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Per-field problems, for a 422. */
  readonly errors?: readonly ProblemFieldError[];
  readonly cause?: unknown;
}

/**
 * An error raised by the HTTP edge itself (unknown route, wrong method, unreadable body). Unlike the
 * domain and application errors, it knows its status: HTTP is this layer's business. Its message is
 * the client-facing `detail`.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly errors: readonly ProblemFieldError[] | undefined;

  constructor(init: HttpErrorInit) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'HttpError';
    this.status = init.status;
    this.code = init.code;
    this.headers = init.headers ?? {};
    this.errors = init.errors;
  }
}

/** A 422 `validation_failed` raised by the edge itself (query or body checks before the schemas). */
export function validationFailed(errors: readonly ProblemFieldError[]): HttpError {
  return new HttpError({ status: 422, code: 'validation_failed', detail: VALIDATION_FAILED_DETAIL, errors });
}
