/** The media type of every error response (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem `type` URIs are this base followed by the code: `https://proj.dev/problems/user_not_found`. */
export const PROBLEM_TYPE_BASE = 'https://proj.dev/problems/';

/** The `detail` of every 422 `validation_failed`; the fields are in `errors`. */
export const VALIDATION_FAILED_DETAIL = 'The request has invalid fields; see errors.';

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
  readonly code: string;
  readonly request_id: string;
  readonly errors?: readonly ProblemFieldError[];
}

/** The parts of a problem that depend on the error, not on the request. */
export interface ProblemInit {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors?: readonly ProblemFieldError[];
}

const TITLE_OVERRIDES: Readonly<Record<string, string>> = {
  malformed_json: 'Malformed JSON',
  malformed_uri: 'Malformed URI',
};

/**
 * Builds a problem body. The title is derived from the code alone (`user_not_found` -> "User not
 * found"), so it is the same for every occurrence of a problem type, as RFC 9457 asks.
 */
export function problemDetails(init: ProblemInit, request: { readonly instance: string; readonly requestId: string }): ProblemDetails {
  return {
    type: `${PROBLEM_TYPE_BASE}${init.code}`,
    title: TITLE_OVERRIDES[init.code] ?? titleFromCode(init.code),
    status: init.status,
    detail: init.detail,
    instance: request.instance,
    code: init.code,
    request_id: request.requestId,
    ...(init.errors === undefined ? {} : { errors: init.errors }),
  };
}

function titleFromCode(code: string): string {
  const words = code.split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
