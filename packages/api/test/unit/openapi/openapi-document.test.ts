import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';

import { generateOpenApiDocument } from '../../../src/index.js';

/** The document as a client receives it from GET /openapi.json. */
const wireDocument = (): Record<string, unknown> => JSON.parse(JSON.stringify(generateOpenApiDocument())) as Record<string, unknown>;

describe('the OpenAPI document', function () {
  // Each validator compiles the OpenAPI 3.1 meta-schema: seconds of CPU on a busy machine.
  this.timeout(60_000);

  describe('when checked against the OpenAPI 3.1 schema', () => {
    it('is a valid OpenAPI 3.1 document with every $ref resolved', async () => {
      const validator = new Validator();
      const result = await validator.validate(wireDocument());
      expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
      expect(result.valid).to.equal(true);
      expect(validator.version).to.equal('3.1');
    });

    it('would be caught by the validator if it were broken', async () => {
      const broken = wireDocument() as {
        paths: Record<string, Record<string, { parameters: unknown[]; responses: Record<string, unknown> }>>;
      };
      const list = broken.paths['/v1/accounts/users']?.['get'];
      list?.parameters.push({ name: 'sort', in: 'querystring' });
      expect((await new Validator().validate(broken)).valid).to.equal(false);

      const dangling = wireDocument() as { components: { schemas: Record<string, unknown> } };
      delete dangling.components.schemas['Problem'];
      expect((await new Validator().validate(dangling)).valid).to.equal(false);
    });
  });
});
