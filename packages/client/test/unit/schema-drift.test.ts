import { readFileSync } from 'node:fs';

import { expect } from 'chai';

import { renderSchemaTypes, SCHEMA_FILE } from '../../scripts/schema-file.js';

describe('the generated schema types (src/schema.gen.ts)', function () {
  this.timeout(60_000);

  it('are what the committed OpenAPI document generates now (else run `pnpm openapi:generate`)', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed === (await renderSchemaTypes()), 'src/schema.gen.ts is stale: run `pnpm openapi:generate` and commit it').to.equal(
      true,
    );
  });
});
