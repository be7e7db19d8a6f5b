import type { components } from './schema.gen.js';

/** An RFC 9457 problem as the API sends it (`application/problem+json`). */
export type Problem = components['schemas']['Problem'];

/** One invalid field of a 422 `validation_failed`. */
export type ProblemFieldError = components['schemas']['ProblemFieldError'];

const PROBLEM_MEDIA_TYPE = /^application\/problem\+json\b/i;

/**
 * An error answer of the API, thrown by every call of the client instead of being returned: its
 * stable `code` (`user_not_found`, `precondition_failed`, ...), the HTTP `status`, the invalid
 * fields of a 422 in `errors`, and the `request_id` to quote when reporting it. An error answer
 * that is not a problem (a proxy's own page) has the code `unexpected_response`.
 */
export class ProblemError extends Error {
  readonly code: string;
  readonly status: number;
  readonly errors: readonly ProblemFieldError[];
  /** The request id, as the problem body names it (else the `X-Request-Id` header). */
  readonly request_id: string | undefined;
  /** The whole problem body, when the answer was one. */
  readonly problem: Problem | undefined;
  /** The response, its body already read. */
  readonly response: Response;

  constructor(response: Response, problem: Problem | undefined) {
    super(problem === undefined ? `HTTP ${response.status} without a problem body` : `${problem.code}: ${problem.detail}`);
    this.name = 'ProblemError';
    this.response = response;
    this.problem = problem;
    this.code = problem?.code ?? 'unexpected_response';
    this.status = problem?.status ?? response.status;
    this.errors = problem?.errors ?? [];
    this.request_id = problem?.request_id ?? response.headers.get('X-Request-Id') ?? undefined;
  }

  /** The error of an answer with status 400 or more (reads its body); `undefined` for any other answer. */
  static async from(response: Response): Promise<ProblemError | undefined> {
    if (response.status < 400) return undefined;
    const isProblem = PROBLEM_MEDIA_TYPE.test(response.headers.get('Content-Type') ?? '');
    const body: unknown = isProblem ? await response.clone().json() : undefined;
    return new ProblemError(response, isProblem && isProblemBody(body) ? body : undefined);
  }
}

function isProblemBody(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const fields = value as Record<string, unknown>;
  return typeof fields['code'] === 'string' && typeof fields['status'] === 'number';
}
