// The generated schema types of the client: what `pnpm openapi:generate` writes and the drift test compares.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';

/** `src/schema.gen.ts`: the paths, operations and components of the OpenAPI document, as types. */
export const SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'schema.gen.ts');

/** The committed OpenAPI document of `@proj/api` (its `openapi.json`, written by `pnpm openapi:generate`). */
function committedDocument(): OpenAPI3 {
  const path = createRequire(import.meta.url).resolve('@proj/api/openapi.json');
  return JSON.parse(readFileSync(path, 'utf8')) as OpenAPI3;
}

/** The schema types generated from the committed document, as the file holds them. */
export async function renderSchemaTypes(): Promise<string> {
  const ast = await openapiTS(committedDocument(), { alphabetize: true });
  return `${COMMENT_HEADER.replace(' */', ' * Regenerate: pnpm openapi:generate (from packages/api/openapi.json).\n */')}${astToString(ast)}`;
}
