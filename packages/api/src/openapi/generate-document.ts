import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';

import { API_RELEASE, CONTEXTS } from '../routes.js';
import { buildOpenApiRegistry } from './build-openapi-registry.js';
import { renderChangelog } from './changelog.js';

/** An OpenAPI 3.1 document (the `OpenAPIObject` of openapi3-ts, as zod-to-openapi returns it). */
export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/**
 * What the document says before its operations. The `Versioning` heading is a section ReDoc
 * anchors at `#section/Versioning`: where the `Link` of a deprecated operation points. The
 * changelog is docs/api-versioning.md's, from the same source.
 */
const DESCRIPTION = `Accounts and capture API. Field names are snake_case and timestamps ISO 8601 UTC. Every error is an RFC 9457 \
\`application/problem+json\` body with a stable \`code\` and the \`request_id\`.

# Versioning

Every path starts with its API version (\`/v1\`, \`/v2\`); the versions run side by side over the same data.
A version never changes in a breaking way: removing or renaming an operation, a field or a parameter, making an
optional input required, narrowing what an input accepts, changing a status or a field's meaning are breaking and
only happen in a new version. Adding operations, optional inputs, response fields, headers or problem codes is not.

A deprecated operation is marked \`deprecated\` here and answers with \`Deprecation\` (the date it was, RFC 9745),
\`Sunset\` (the date after which it may be removed, RFC 8594) and \`Link: <…>; rel="deprecation"\` to this section.
The sunset is at least six months after the deprecation; consumers still calling it are contacted before.

# Changelog

${renderChangelog()}
`;

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
      version: API_RELEASE,
      description: DESCRIPTION,
    },
    servers: [{ url: '/' }],
    tags: CONTEXTS.map(({ table }) => table.tag),
  });
}
