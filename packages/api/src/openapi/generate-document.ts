import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';

import { API_RELEASE, CONTEXTS } from '../routes.js';
import { buildOpenApiRegistry } from './build-openapi-registry.js';

/** An OpenAPI 3.1 document (the `OpenAPIObject` of openapi3-ts, as zod-to-openapi returns it). */
export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/**
 * What the document says before its operations. The `Versioning` heading is a section ReDoc
 * anchors at `#section/Versioning`: where the `Link` of a deprecated operation points.
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

- **2.2.0** (2026-12-02): \`GET /v1/accounts/users\` answers with a page \`ETag\` (304 for a current
  \`If-None-Match\`, 412 for a stale \`If-Match\`); \`If-Match\` is evaluated on \`GET\` of an artifact.
- **2.1.0** (2026-12-02): capture under \`/v1\` (artifacts, their signals, similar artifacts, subspaces; scopes
  \`capture:read\` and \`capture:write\`).
- **2.0.0** (2026-12-02): \`/v2\` added. \`PATCH /v2/accounts/users/{user_id}\` requires \`If-Match\` (428
  \`precondition_required\` without it). \`PATCH /v1/accounts/users/{user_id}\` is deprecated (sunset 2027-06-30).
- **1.0.0**: \`/v1\` accounts users.
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
