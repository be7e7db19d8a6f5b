import { detailOf, PROBLEMS, type DetailArguments, type ProblemCode } from './catalog.js';
import type { ProblemFieldError } from './problem-details.js';

/** How an occurrence of a problem differs from its catalog entry. */
export type ProblemOptions<C extends ProblemCode> = {
  /** Header values of this occurrence, e.g. `Allow` on a 405. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Per-field problems, for a 422. */
  readonly errors?: readonly ProblemFieldError[];
  readonly cause?: unknown;
} & ([] extends DetailArguments<C>
  ? { readonly args?: DetailArguments<C> }
  : {
      /** The arguments of the catalog's detail (the scope of a 403, the limit of a 429). */
      readonly args: DetailArguments<C>;
    });

/**
 * A problem raised by the HTTP edge itself (unknown route, wrong method, unreadable body). Unlike the
 * domain and application errors, it knows its code, and through the catalog its status: HTTP is
 * this layer's business. Its message is the client-facing `detail`. Raise it with {@link problem}.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly headers: Readonly<Record<string, string>>;
  readonly errors: readonly ProblemFieldError[] | undefined;

  constructor(
    code: ProblemCode,
    init: {
      readonly detail: string;
      readonly headers?: Readonly<Record<string, string>>;
      readonly errors?: readonly ProblemFieldError[];
      readonly cause?: unknown;
    },
  ) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'HttpError';
    this.status = PROBLEMS[code].status;
    this.code = code;
    this.headers = init.headers ?? {};
    this.errors = init.errors;
  }
}

/** The problem `code` of the catalog, with this occurrence's detail arguments, headers and field errors. */
export function problem<C extends ProblemCode>(
  code: C,
  ...[options]: [] extends DetailArguments<C> ? [options?: ProblemOptions<C>] : [options: ProblemOptions<C>]
): HttpError {
  const args = (options?.args ?? []) as DetailArguments<C>;
  return new HttpError(code, {
    detail: detailOf(code, ...args),
    ...(options?.headers === undefined ? {} : { headers: options.headers }),
    ...(options?.errors === undefined ? {} : { errors: options.errors }),
    ...(options?.cause === undefined ? {} : { cause: options.cause }),
  });
}

/** A 422 `validation_failed` raised by the edge itself (query or body checks before the schemas). */
export function validationFailed(errors: readonly ProblemFieldError[]): HttpError {
  return problem('validation_failed', { errors });
}
