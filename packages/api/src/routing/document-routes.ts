import type { OpenAPIRegistry, ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';

import type { ProblemCode } from '../http/problems/catalog.js';
import { bearerSecurity, deprecationHeaderRefs, headerRef, parameterRef, rateLimitHeaderRefs } from '../openapi/openapi-components.js';
import { problemResponses } from '../openapi/problem-responses.js';
import { NO_QUERY_PARAMETERS } from './no-query-parameters.js';
import { operationsIn, type ApiVersion, type Operation, type RouteTable } from './route-table.js';

const STRICT_QUERY = ' Query parameters it does not define are refused with 422 `validation_failed`.';

/** Problems every operation can answer: no valid token, a token without its scope, its input, the rate limit, a bug, an outage. */
const EVERY_OPERATION: readonly ProblemCode[] = [
  'unauthorized',
  'forbidden',
  'validation_failed',
  'rate_limited',
  'too_many_concurrent_requests',
  'internal_error',
  'dependency_unavailable',
];
/** Problems of reading a JSON body. */
const WITH_BODY: readonly ProblemCode[] = ['malformed_json', 'bad_request', 'payload_too_large', 'unsupported_media_type'];
/** Problems of an `Idempotency-Key`. */
const IDEMPOTENT: readonly ProblemCode[] = ['idempotency_in_progress', 'idempotency_key_reused'];

/** Documents the operations of `table` in `version` on `registry` (see `mountRoutes` for their routes). */
export function documentRoutes<U>(registry: OpenAPIRegistry, table: RouteTable<U>, version: ApiVersion): void {
  for (const operation of operationsIn(table, version)) registry.registerPath(routeConfig(operation, table.tag.name, version));
}

/** Every problem code `operation` can answer: its own, then those of its body, its key, and every operation's. */
export function problemCodesOf<U>(operation: Operation<U>): ProblemCode[] {
  return [
    ...(operation.problems ?? []),
    ...(operation.requireIfMatch === true ? (['precondition_required'] as const) : []),
    ...(operation.request?.body ? WITH_BODY : []),
    ...(operation.idempotent === true ? IDEMPOTENT : []),
    ...EVERY_OPERATION,
  ];
}

function routeConfig<U>(operation: Operation<U>, tag: string, version: ApiVersion): RouteConfig {
  const path = `${version.prefix}${operation.path}`;
  const request = operation.request;
  const examplePath = Object.entries(operation.examples?.params ?? {}).reduce(
    (filled, [name, value]) => filled.replace(`{${name}}`, value),
    path,
  );
  return {
    method: operation.method,
    path,
    operationId: operation.operationId,
    summary: operation.summary,
    description: operation.description + STRICT_QUERY,
    tags: [tag],
    ...(operation.deprecation ? { deprecated: true } : {}),
    security: bearerSecurity(operation.scope),
    parameters: [
      parameterRef('RequestId'),
      ...(operation.idempotent === true ? [parameterRef('IdempotencyKey')] : []),
      ...(request?.headerParameters ?? [])
        .map((name) => (name === 'IfMatch' && operation.requireIfMatch === true ? 'IfMatchRequired' : name))
        .map(parameterRef),
    ],
    request: {
      ...(request?.params ? { params: request.params } : {}),
      query: request?.query ?? NO_QUERY_PARAMETERS,
      ...(request?.headers ? { headers: request.headers } : {}),
      ...(request?.body
        ? {
            body: {
              required: true,
              description: request.body.description,
              content: { 'application/json': { schema: request.body.schema, examples: request.body.examples } },
            },
          }
        : {}),
    } as RouteConfig['request'],
    responses: {
      ...successResponses(operation),
      ...problemResponses(problemCodesOf(operation), {
        path: examplePath,
        scope: operation.scope,
        ...(operation.examples?.invalidField ? { invalidField: operation.examples.invalidField } : {}),
      }),
    },
  };
}

/** The success responses: `X-Request-Id` on each, the rate-limit headers on each 2xx, `Idempotent-Replayed` on an idempotent one. */
function successResponses<U>(operation: Operation<U>): Record<string, ResponseConfig> {
  return Object.fromEntries(
    Object.entries(operation.responses).map(([status, response]) => {
      const success = Number(status) < 300;
      const config: ResponseConfig = {
        description: response.description,
        headers: {
          'X-Request-Id': headerRef('X-Request-Id'),
          ...Object.fromEntries((response.headers ?? []).map((name) => [name, headerRef(name)])),
          ...(success && operation.idempotent === true ? { 'Idempotent-Replayed': headerRef('Idempotent-Replayed') } : {}),
          ...(success ? rateLimitHeaderRefs() : {}),
          ...(operation.deprecation ? deprecationHeaderRefs() : {}),
        },
        ...(response.body ? { content: { 'application/json': { schema: response.body } } } : {}),
      };
      return [status, config];
    }),
  );
}
