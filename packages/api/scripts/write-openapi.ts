// pnpm openapi:generate: writes the OpenAPI document generated from the route tables to openapi.json.
import { writeFileSync } from 'node:fs';

import { OPENAPI_FILE, renderOpenApiDocument } from './openapi-file.js';

writeFileSync(OPENAPI_FILE, renderOpenApiDocument());
console.log(`wrote ${OPENAPI_FILE}`);
