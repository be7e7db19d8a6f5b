import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';

import { CONTEXTS } from '../routes.js';
import { buildOpenApiRegistry } from './build-openapi-registry.js';

/** An OpenAPI 3.1 document (the `OpenAPIObject` of openapi3-ts, as zod-to-openapi returns it). */
export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/**
 * Generates the OpenAPI 3.1 document from the same zod schemas that validate requests. Pure and
 * deterministic; `createApp` calls it once and serves the result.
 */
export function generateOpenApiDocument(): OpenApiDocument {
  const generator = new OpenApiGeneratorV31(buildOpenApiRegistry().definitions);
  return generator.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'proj API',
      version: '1.0.0',
      description:
        'Accounts API. Field names are snake_case and timestamps ISO 8601 UTC. Every error is an RFC 9457 ' +
        '`application/problem+json` body with a stable `code` and the `request_id`.',
    },
    servers: [{ url: '/' }],
    tags: CONTEXTS.map(({ table }) => table.tag),
  });
}
