// pnpm openapi:generate: writes the OpenAPI document generated from the route tables to openapi.json,
// the changelog of its description into docs/api-versioning.md, and the problem catalog into docs/api.md.
import { readFileSync, writeFileSync } from 'node:fs';

import { POLICY_FILE, withCurrentChangelog } from './changelog-file.js';
import { OPENAPI_FILE, renderOpenApiDocument } from './openapi-file.js';
import { API_DOCS_FILE, withCurrentProblemList } from './problems-file.js';

writeFileSync(OPENAPI_FILE, renderOpenApiDocument());
console.log(`wrote ${OPENAPI_FILE}`);
writeFileSync(POLICY_FILE, withCurrentChangelog(readFileSync(POLICY_FILE, 'utf8')));
console.log(`wrote the changelog of ${POLICY_FILE}`);
writeFileSync(API_DOCS_FILE, withCurrentProblemList(readFileSync(API_DOCS_FILE, 'utf8')));
console.log(`wrote the problem list of ${API_DOCS_FILE}`);
