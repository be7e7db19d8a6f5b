// The committed OpenAPI document: what `pnpm openapi:generate` writes and the drift test compares.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { generateOpenApiDocument } from '../src/index.js';

/** `packages/api/openapi.json`: the document consumers (and `@proj/client`) build on. */
export const OPENAPI_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'openapi.json');

/** The document as the file holds it: the JSON `/openapi.json` serves, indented, with a final newline. */
export function renderOpenApiDocument(): string {
  return `${JSON.stringify(generateOpenApiDocument(), null, 2)}\n`;
}
