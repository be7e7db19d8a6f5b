/**
 * Every problem this API answers, by `code`: its status, title, the sentence that documents it,
 * its default detail, and the headers it carries. Middleware, the error mapper and the OpenAPI
 * problem responses all read this one table (decision 0071); no status or text is written anywhere
 * else. A detail that names something of the occurrence (a scope, a limit) is a function of it;
 * `example` gives the arguments the OpenAPI examples use.
 */

/** Response headers a problem can carry; the OpenAPI document refers to them by these names. */
export type ProblemHeader = 'WWW-Authenticate' | 'Retry-After' | 'Allow' | 'RateLimit';

interface ProblemType<A extends readonly unknown[]> {
  readonly status: number;
  /** Short and the same for every occurrence (RFC 9457). */
  readonly title: string;
  /** When it is answered: one sentence for the OpenAPI description of a response with this code. */
  readonly when: string;
  /** The detail when the raiser has nothing more specific (domain errors bring their own message). */
  readonly detail: (...args: A) => string;
  /** The arguments of the detail in OpenAPI examples. */
  readonly example: NoInfer<A>;
  readonly headers?: readonly ProblemHeader[];
}

/** A catalog entry; `A` are the arguments its detail takes. */
function problemType<A extends readonly unknown[]>(type: ProblemType<A>): ProblemType<A> {
  return type;
}

const EXAMPLE_USER = '0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b';

export const PROBLEMS = {
  bad_request: problemType({
    status: 400,
    title: 'Bad request',
    when: 'The body could not be read (`bad_request`).',
    detail: (what: 'body' | 'request' = 'body') =>
      what === 'body' ? 'The request body could not be read.' : 'The request is not valid HTTP.',
    example: [],
  }),
  malformed_json: problemType({
    status: 400,
    title: 'Malformed JSON',
    when: 'The body is not well-formed JSON in UTF-8, or nests too deep (`malformed_json`).',
    detail: (reason: 'syntax' | 'encoding' | 'depth' = 'syntax') =>
      ({
        syntax: 'The request body is not well-formed JSON, or its top level is not an object or an array.',
        encoding: 'The request body is not well-formed UTF-8.',
        depth: 'The request body nests deeper than this server accepts.',
      })[reason],
    example: [],
  }),
  malformed_uri: problemType({
    status: 400,
    title: 'Malformed URI',
    when: 'The path is not correctly percent-encoded (`malformed_uri`).',
    detail: () => 'The request path is not correctly percent-encoded.',
    example: [],
  }),
  unauthorized: problemType({
    status: 401,
    title: 'Unauthorized',
    when: 'No bearer token, or one that is not valid (`unauthorized`); see `WWW-Authenticate`.',
    detail: () => 'This operation needs a valid bearer token in the Authorization header.',
    example: [],
    headers: ['WWW-Authenticate'],
  }),
  forbidden: problemType({
    status: 403,
    title: 'Forbidden',
    when: 'The token does not grant the scope this operation needs (`forbidden`).',
    detail: (scope: string) => `The token does not grant the scope this operation needs: ${scope}.`,
    example: ['accounts:write'],
    headers: ['WWW-Authenticate'],
  }),
  not_found: problemType({
    status: 404,
    title: 'Not found',
    when: 'No resource exists at this path (`not_found`).',
    detail: () => 'No resource exists at this path.',
    example: [],
  }),
  user_not_found: problemType({
    status: 404,
    title: 'User not found',
    when: 'No user has this id (`user_not_found`).',
    detail: (id: string) => `User ${id} not found`,
    example: [EXAMPLE_USER],
  }),
  artifact_not_found: problemType({
    status: 404,
    title: 'Artifact not found',
    when: 'No artifact has this id (`artifact_not_found`).',
    detail: (id: string) => `Artifact ${id} not found`,
    example: ['5d0c8a52-3f3e-4b7e-8f4a-1c2d3e4f5a6b'],
  }),
  subspace_not_found: problemType({
    status: 404,
    title: 'Subspace not found',
    when: 'No subspace has this id (`subspace_not_found`).',
    detail: (id: string) => `Subspace ${id} not found`,
    example: ['7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'],
  }),
  method_not_allowed: problemType({
    status: 405,
    title: 'Method not allowed',
    when: 'The path exists but not with this method (`method_not_allowed`); see `Allow`.',
    detail: (method: string, allow: string) => `${method} is not supported here; use ${allow}.`,
    example: ['DELETE', 'GET, HEAD, OPTIONS'],
    headers: ['Allow'],
  }),
  request_timeout: problemType({
    status: 408,
    title: 'Request timeout',
    when: 'The request was not received in time (`request_timeout`).',
    detail: () => 'The request was not received in time.',
    example: [],
  }),
  conflict: problemType({
    status: 409,
    title: 'Conflict',
    when: 'The request conflicts with the current state (`conflict`).',
    detail: () => 'The request conflicts with the current state of the resource.',
    example: [],
  }),
  user_already_exists: problemType({
    status: 409,
    title: 'User already exists',
    when: 'Another user has this e-mail address, in any letter case (`user_already_exists`).',
    detail: () => 'A user with this e-mail address already exists',
    example: [],
  }),
  subspace_already_exists: problemType({
    status: 409,
    title: 'Subspace already exists',
    when: 'The user already has a subspace of this name, in any letter case (`subspace_already_exists`).',
    detail: () => 'A subspace with this name already exists for this user',
    example: [],
  }),
  idempotency_in_progress: problemType({
    status: 409,
    title: 'Idempotency in progress',
    when: 'A request with the same `Idempotency-Key` is still running (`idempotency_in_progress`); retry after `Retry-After`.',
    detail: () => 'A request with this Idempotency-Key is still being processed. Retry after the delay in Retry-After.',
    example: [],
    headers: ['Retry-After'],
  }),
  precondition_failed: problemType({
    status: 412,
    title: 'Precondition failed',
    when: 'The `If-Match` ETag is not the current version, or never can be; nothing was written (`precondition_failed`).',
    detail: () => 'If-Match does not name a current entity tag of this resource. Read it again to get its ETag.',
    example: [],
  }),
  payload_too_large: problemType({
    status: 413,
    title: 'Payload too large',
    when: 'The body is over the configured size limit (`payload_too_large`).',
    detail: () => 'The request body is larger than this server accepts.',
    example: [],
  }),
  unsupported_media_type: problemType({
    status: 415,
    title: 'Unsupported media type',
    when: 'The body is not JSON, or not in a supported charset or encoding (`unsupported_media_type`).',
    detail: (reason: 'content-type' | 'charset' | 'encoding' = 'content-type') =>
      ({
        'content-type': 'The request body must be JSON, sent with Content-Type: application/json.',
        charset: 'The charset of the request body is not supported; send UTF-8.',
        encoding: 'The Content-Encoding of the request body is not supported; send it uncompressed, or gzip/deflate/br encoded.',
      })[reason],
    example: [],
  }),
  validation_failed: problemType({
    status: 422,
    title: 'Validation failed',
    when: 'Invalid input, one entry per field in `errors` (`validation_failed`).',
    detail: () => 'The request has invalid fields; see errors.',
    example: [],
  }),
  idempotency_key_reused: problemType({
    status: 422,
    title: 'Idempotency key reused',
    when: 'The `Idempotency-Key` was first used with a different request (`idempotency_key_reused`).',
    detail: () => 'This Idempotency-Key was already used with a different request.',
    example: [],
  }),
  precondition_required: problemType({
    status: 428,
    title: 'Precondition required',
    when: 'The change needs `If-Match` with the ETag it is based on (`precondition_required`).',
    detail: () => 'This operation needs If-Match with the ETag of the version the change is based on.',
    example: [],
  }),
  rate_limited: problemType({
    status: 429,
    title: 'Rate limited',
    when: 'Too many requests from this caller (`rate_limited`); retry after `Retry-After`.',
    detail: (limit: number) => `Too many requests: the limit is ${limit} per minute. Retry after the delay in Retry-After.`,
    example: [600],
    headers: ['Retry-After', 'RateLimit'],
  }),
  too_many_concurrent_requests: problemType({
    status: 429,
    title: 'Too many concurrent requests',
    when: 'This caller already has as many requests running and waiting as it may (`too_many_concurrent_requests`); retry after `Retry-After`.',
    detail: () => 'Too many requests of this caller are running at once. Retry after the delay in Retry-After.',
    example: [],
    headers: ['Retry-After'],
  }),
  request_header_fields_too_large: problemType({
    status: 431,
    title: 'Request header fields too large',
    when: 'The request line or headers are over what this server accepts (`request_header_fields_too_large`).',
    detail: () => 'The request line or headers are larger than this server accepts.',
    example: [],
  }),
  internal_error: problemType({
    status: 500,
    title: 'Internal error',
    when: 'An unexpected error; details are only in the logs (`internal_error`).',
    detail: () => 'An unexpected error occurred. Quote the request id when reporting it.',
    example: [],
  }),
  legacy_unavailable: problemType({
    status: 502,
    title: 'Legacy unavailable',
    when: 'The legacy backend this request was forwarded to failed (`legacy_unavailable`).',
    detail: () => 'The legacy backend that serves this path did not answer.',
    example: [],
  }),
  dependency_unavailable: problemType({
    status: 503,
    title: 'Dependency unavailable',
    when: 'A dependency such as the database is down or saturated; retry after `Retry-After` (`dependency_unavailable`).',
    detail: () => 'A service this request depends on is temporarily unavailable. Retry after the delay in Retry-After.',
    example: [],
    headers: ['Retry-After'],
  }),
  legacy_timeout: problemType({
    status: 504,
    title: 'Legacy timeout',
    when: 'The legacy backend this request was forwarded to did not answer in time (`legacy_timeout`).',
    detail: () => 'The legacy backend that serves this path did not answer in time.',
    example: [],
  }),
} as const;

/** Every problem code this API can answer. */
export type ProblemCode = keyof typeof PROBLEMS;

/** The arguments the detail of `code` takes. */
export type DetailArguments<C extends ProblemCode> = Parameters<(typeof PROBLEMS)[C]['detail']>;

/** Whether `code` is one of the catalog's codes (domain errors bring theirs as `USER_NOT_FOUND`). */
export function isProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEMS, code);
}

/** The default detail of `code` for these arguments. */
export function detailOf<C extends ProblemCode>(code: C, ...args: DetailArguments<C>): string {
  return (PROBLEMS[code].detail as (...a: DetailArguments<C>) => string)(...args);
}

/** The detail of `code` as the OpenAPI examples show it. */
export function exampleDetailOf(code: ProblemCode): string {
  const type = PROBLEMS[code] as ProblemType<readonly unknown[]>;
  return type.detail(...type.example);
}
