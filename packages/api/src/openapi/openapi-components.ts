import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

import type { Scope } from '@proj/application/edge';

/** A response header whose value is text (an example and, where it helps, a pattern or format). */
function text(description: string, example: string, shape: { readonly pattern?: string; readonly format?: string } = {}) {
  return { description, schema: { type: 'string', ...shape, example } } as const;
}

/** A response header whose value is a whole number of at least `minimum`. */
function wholeNumber(description: string, minimum: number, example: number) {
  return { description, schema: { type: 'integer', minimum, example } } as const;
}

/** Response headers shared by many operations, registered once under `components/headers`. */
const HEADERS = {
  'X-Request-Id': text(
    "The request id: the caller's `X-Request-Id` when well formed, otherwise generated.",
    '3f1c5a0e-8a4b-4c1e-9f0d-2b7f8e6d5c4a',
  ),
  ETag: text(
    'Strong entity tag of the returned version of the resource, e.g. `"1"`; it changes whenever the resource does. Send it back in `If-Match` or `If-None-Match`.',
    '"1"',
  ),
  Location: text('The URL of the created resource.', '/v1/accounts/users/0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b', {
    format: 'uri-reference',
  }),
  'WWW-Authenticate': text(
    'The authentication challenge (RFC 6750), e.g. `Bearer realm="proj", error="insufficient_scope", scope="accounts:write"`.',
    'Bearer realm="proj", error="invalid_token"',
  ),
  'Retry-After': wholeNumber('Seconds to wait before retrying.', 1, 5),
  'RateLimit-Limit': wholeNumber('Requests allowed per minute to this caller (per authenticated subject, else per client IP).', 1, 600),
  'RateLimit-Remaining': wholeNumber('Requests this caller may still make right now.', 0, 599),
  'RateLimit-Reset': wholeNumber("Seconds until this caller's allowance is full again.", 0, 1),
  'RateLimit-Policy': text('The policy: requests per window of `w` seconds, refilled smoothly.', '600;w=60'),
  'Idempotent-Replayed': text(
    'Present (`true`) when this response is the recorded answer to an earlier request with the same `Idempotency-Key`.',
    'true',
  ),
  Deprecation: text(
    'This operation is deprecated (RFC 9745): the date it was, as `@` and Unix seconds. Move to its successor before the `Sunset`; see the versioning policy in `Link`.',
    '@1796169600',
    { pattern: '^@-?\\d+$' },
  ),
  Sunset: text('When this deprecated operation may stop being served (RFC 8594), as an HTTP date.', 'Wed, 30 Jun 2027 00:00:00 GMT'),
  Link: text(
    'On a deprecated operation: `rel="deprecation"` links to the versioning policy and changelog.',
    '</redoc#section/Versioning>; rel="deprecation"; type="text/html"',
  ),
} as const;

export type HeaderName = keyof typeof HEADERS;

/** Request header parameters shared by many operations, under `components/parameters`. */
const PARAMETERS = {
  RequestId: {
    name: 'X-Request-Id',
    in: 'header',
    required: false,
    description: 'Correlates the request across logs; 1-128 characters of `A-Z a-z 0-9 . _ : -`. Generated when absent or malformed.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes a retried POST safe: the same key with the same body replays the first response (status, headers, ' +
      'body) for at least 24 hours, and never creates a second resource; with a different body -> 422 ' +
      '`idempotency_key_reused`; while the first is still running -> 409 `idempotency_in_progress`. Keys are ' +
      'shared by every instance and scoped to the caller. 1-255 visible ASCII characters, e.g. a UUID.',
    schema: { type: 'string', minLength: 1, maxLength: 255, example: '5f0c1f4e-2b7a-4c11-9a53-0d1e2f3a4b5c' },
  },
  IfNoneMatch: {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'An ETag from an earlier response; when it still matches, the answer is 304 with no body.',
    schema: { type: 'string', example: '"1"' },
  },
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description:
      'The ETag of the version the change is based on: the change is applied only if the resource is still at that ' +
      'version, otherwise the answer is 412 `precondition_failed` and nothing is written. `*` matches any version. ' +
      'A comma-separated list of ETags matches when any of them does (RFC 9110); a malformed value is a 422. ' +
      'Without it the change applies to the current version.',
    schema: { type: 'string', example: '"1"' },
  },
  IfMatchRead: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description:
      'Answer only if the current representation has one of these ETags (compared strongly), otherwise 412 ' +
      '`precondition_failed`. `*` matches any; a malformed value is a 422.',
    schema: { type: 'string', example: '"1"' },
  },
  IfUnmodifiedSince: {
    name: 'If-Unmodified-Since',
    in: 'header',
    required: false,
    description:
      'An HTTP-date (`Sun, 06 Nov 1994 08:49:37 GMT`): the change is applied only if the resource has not been ' +
      'modified since then (its `updated_at`, to the second), otherwise the answer is 412 `precondition_failed` and ' +
      'nothing is written. Ignored when `If-Match` is present or when the value is not an HTTP-date (RFC 9110 ' +
      '§13.1.4). Prefer `If-Match`: two changes within one second cannot be told apart by date.',
    schema: { type: 'string', example: 'Wed, 02 Dec 2026 04:00:00 GMT' },
  },
  IfMatchRequired: {
    name: 'If-Match',
    in: 'header',
    required: true,
    description:
      'The ETag of the version the change is based on: the change is applied only if the resource is still at that ' +
      'version, otherwise the answer is 412 `precondition_failed` and nothing is written. `*` matches any version. ' +
      'A comma-separated list of ETags matches when any of them does (RFC 9110); a malformed value is a 422. ' +
      'Required: without it the answer is 428 `precondition_required` and nothing is written.',
    schema: { type: 'string', example: '"1"' },
  },
} as const;

export type ParameterName = keyof typeof PARAMETERS;

/** The security scheme every `/v1` operation requires. */
const BEARER_AUTH = 'bearerAuth';

/**
 * Registers {@link HEADERS} and {@link PARAMETERS} as reusable components, and the bearer security
 * scheme (which Swagger UI's Authorize button fills in).
 */
export function registerOpenApiComponents(registry: OpenAPIRegistry): void {
  registry.registerComponent('securitySchemes', BEARER_AUTH, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A JWT access token in `Authorization: Bearer <token>`. Scopes travel in its `scope` claim (space-separated) or ' +
      '`scp` claim: `accounts:read` / `capture:read` for reads, `accounts:write` / `capture:write` for writes. In development the server prints a token ' +
      'with every scope when it starts.',
  });
  for (const [name, header] of Object.entries(HEADERS)) {
    registry.registerComponent('headers', name, { ...header, schema: { ...header.schema } });
  }
  for (const [name, parameter] of Object.entries(PARAMETERS)) {
    registry.registerComponent('parameters', name, { ...parameter, schema: { ...parameter.schema } });
  }
}

export function headerRef(name: HeaderName): { $ref: string } {
  return { $ref: `#/components/headers/${name}` };
}

/** The `RateLimit-*` headers every rate-limited response carries. */
export function rateLimitHeaderRefs(): Record<string, { $ref: string }> {
  return {
    'RateLimit-Limit': headerRef('RateLimit-Limit'),
    'RateLimit-Remaining': headerRef('RateLimit-Remaining'),
    'RateLimit-Reset': headerRef('RateLimit-Reset'),
    'RateLimit-Policy': headerRef('RateLimit-Policy'),
  };
}

/** The headers every response of a deprecated operation carries. */
export function deprecationHeaderRefs(): Record<string, { $ref: string }> {
  return { Deprecation: headerRef('Deprecation'), Sunset: headerRef('Sunset'), Link: headerRef('Link') };
}

export function parameterRef(name: ParameterName): { $ref: string } {
  return { $ref: `#/components/parameters/${name}` };
}

/** The security requirement of an operation: a bearer token granting `scope`. */
export function bearerSecurity(scope: Scope): Array<Record<string, string[]>> {
  return [{ [BEARER_AUTH]: [scope] }];
}
