import { PROBLEMS, type ProblemCode } from './catalog.js';

/** The media type of every error response (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem `type` URIs are this base followed by the code: `https://proj.dev/problems/user_not_found`. */
export const PROBLEM_TYPE_BASE = 'https://proj.dev/problems/';

/** One rejected input field. `path` names the field as the client sent it (`email`, `full_name`, `body`). */
export interface ProblemFieldError {
  readonly path: string;
  readonly message: string;
}

/** An RFC 9457 problem details body, with this service's `code`, `request_id` and `errors` extensions. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly code: ProblemCode;
  readonly request_id: string;
  readonly errors?: readonly ProblemFieldError[];
}

/** The parts of a problem that depend on the error, not on the request; status and title come from the catalog. */
export interface ProblemInit {
  readonly code: ProblemCode;
  readonly detail: string;
  readonly errors?: readonly ProblemFieldError[];
}

/** Builds a problem body: status and title from the catalog, so they are the same for every occurrence. */
export function problemDetails(init: ProblemInit, request: { readonly instance: string; readonly requestId: string }): ProblemDetails {
  const type = PROBLEMS[init.code];
  return {
    type: `${PROBLEM_TYPE_BASE}${init.code}`,
    title: type.title,
    status: type.status,
    detail: init.detail,
    instance: request.instance,
    code: init.code,
    request_id: request.requestId,
    ...(init.errors === undefined ? {} : { errors: init.errors }),
  };
}
