import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';

import { mapError } from '../http/problems/map-error.js';
import { PROBLEM_CONTENT_TYPE } from '../http/problems/problem-details.js';
import { problemBodyFor } from '../http/problems/send-problem.js';
import { routeTemplateOf } from '../http/support/route-template.js';

/** What a registry holds: schemas, components and operations. */
type OpenAPIDefinitions = OpenAPIRegistry['definitions'][number];

/** Documented responses of one operation: status -> media type -> body schema. */
type DocumentedResponses = ReadonlyMap<string, ReadonlyMap<string, z.ZodType>>;

/** A response that the OpenAPI document does not allow: a bug in a handler or in the document. */
export class UndocumentedResponseError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly problems: readonly string[],
  ) {
    super(`${operation} answered ${status}, which its OpenAPI description does not allow: ${problems.join('; ')}`);
    this.name = 'UndocumentedResponseError';
  }
}

/**
 * Checks every JSON response of a documented operation against the operation's description in
 * the registry the OpenAPI document is generated from: the status must be documented, the media
 * type too, and the body (as it will be serialised) must match the schema. A mismatch is logged at
 * error and the response is replaced by a 500 `internal_error`, so a test cannot miss it.
 *
 * Meant for development and test: it parses every body again. In production do not mount it; it
 * then costs nothing at all.
 * @throws Error at construction when a documented response body has no zod schema to check with.
 */
export function validateResponses(options: { readonly definitions: readonly OpenAPIDefinitions[] }): RequestHandler {
  const operations = indexOperations(options.definitions);
  return function validateResponse(req, res, next) {
    // Stage 1 of the staged res.json (see stageJson): before anything is recorded or sent.
    res.locals.checkResponse = function matchTheDocument(body: unknown): unknown {
      const operation = operationOf(req, res);
      const documented = operations.get(operation);
      if (documented === undefined) return body;
      const problems = mismatches(documented, res, body);
      if (problems.length === 0) return body;
      const error = new UndocumentedResponseError(operation, res.statusCode, problems);
      res.locals.logger.error('response does not match the OpenAPI document', { operation, status: res.statusCode, problems });
      for (const header of ['ETag', 'Location', 'Last-Modified']) res.removeHeader(header);
      const mapping = mapError(error);
      res.status(mapping.status).set('Cache-Control', 'no-store').type(PROBLEM_CONTENT_TYPE);
      return problemBodyFor(req, res, mapping);
    };
    next();
  };
}

/** `GET /v1/accounts/users/{user_id}` for the route that is handling the request. */
function operationOf(req: Request, res: Response): string {
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  return `${method} ${toOpenApiPath(routeTemplateOf(res))}`;
}

/** Express's `/users/:user_id` as OpenAPI's `/users/{user_id}`. */
function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

function mismatches(documented: DocumentedResponses, res: Response, body: unknown): string[] {
  const status = String(res.statusCode);
  const byMediaType = documented.get(status) ?? documented.get('default');
  if (byMediaType === undefined) return [`status ${status} is not documented (documented: ${[...documented.keys()].join(', ')})`];
  const mediaType = (res.get('Content-Type') ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? '';
  const schema = byMediaType.get(mediaType);
  if (schema === undefined) return [`${mediaType} is not documented for status ${status}`];
  // What the client will receive: dates become strings, undefined members disappear.
  const wire: unknown = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
  const result = schema.safeParse(wire);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`);
}

function indexOperations(definitions: readonly OpenAPIDefinitions[]): ReadonlyMap<string, DocumentedResponses> {
  const operations = new Map<string, DocumentedResponses>();
  for (const definition of definitions) {
    if (definition.type !== 'route') continue;
    const { route } = definition;
    const operation = `${route.method.toUpperCase()} ${route.path}`;
    const responses = new Map<string, ReadonlyMap<string, z.ZodType>>();
    for (const [status, response] of Object.entries(route.responses)) {
      if ('$ref' in response) throw new Error(`${operation} ${status}: a referenced response cannot be checked`);
      responses.set(status, bodySchemas(operation, status, response));
    }
    operations.set(operation, responses);
  }
  return operations;
}

function bodySchemas(operation: string, status: string, response: ResponseConfig): ReadonlyMap<string, z.ZodType> {
  const schemas = new Map<string, z.ZodType>();
  for (const [mediaType, media] of Object.entries(response.content ?? {})) {
    const schema = media !== undefined && 'schema' in media ? media.schema : undefined;
    if (!(schema instanceof z.ZodType)) throw new Error(`${operation} ${status} ${mediaType}: the body needs a zod schema to be checked`);
    schemas.set(mediaType, schema);
  }
  return schemas;
}
