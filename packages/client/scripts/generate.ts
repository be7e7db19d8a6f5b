// pnpm -F @proj/client generate (part of `pnpm openapi:generate`): the schema types from the committed document.
import { writeFileSync } from 'node:fs';

import { renderSchemaTypes, SCHEMA_FILE } from './schema-file.js';

writeFileSync(SCHEMA_FILE, await renderSchemaTypes());
console.log(`wrote ${SCHEMA_FILE}`);
