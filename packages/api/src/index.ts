export { createApp, createMetricsApp, type ApiSettings, type AppDependencies } from './create-app.js';
export { clientErrorHandler } from './http/problems/client-error.js';
export { isProblemCode } from './http/problems/catalog.js';
export { idempotencyRecordOf, type IdempotentRequest } from './http/middleware/idempotency.js';
export type { RequestScope } from './http/support/request-context.js';
export { generateOpenApiDocument, type OpenApiDocument } from './openapi/generate-document.js';
