export { createApp, type AppDependencies } from './create-app.js';
export { generateOpenApiDocument, type OpenApiDocument } from './openapi/generate-document.js';
