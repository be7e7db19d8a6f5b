import { readFileSync } from 'node:fs';

import { expect } from 'chai';

import { OPENAPI_FILE, renderOpenApiDocument } from '../../../scripts/openapi-file.js';

describe('the committed OpenAPI document (openapi.json)', () => {
  it('is the document the route tables generate now (else run `pnpm openapi:generate`)', () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    expect(committed === renderOpenApiDocument(), 'openapi.json is stale: run `pnpm openapi:generate` and commit it').to.equal(true);
  });
});
