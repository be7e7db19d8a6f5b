import { expect } from 'chai';

import { generateOpenApiDocument } from '../../../src/openapi/generate-document.js';

type Json = Record<string, unknown>;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function operations(doc: Json): Array<{ method: string; path: string; operation: Json }> {
  return Object.entries(doc['paths'] as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, operation]) => ({ method, path, operation: operation as Json })),
  );
}

describe('generateOpenApiDocument', () => {
  const doc = generateOpenApiDocument() as unknown as Json;
  const ops = operations(doc);
  const find = (method: string, path: string) => ops.find((op) => op.method === method && op.path === path)?.operation;

  describe('when generated', () => {
    it('is OpenAPI 3.1.0 with info and a root server', () => {
      expect(doc['openapi']).to.equal('3.1.0');
      expect(doc['info']).to.include({ title: 'proj API' });
      expect(doc['servers']).to.deep.equal([{ url: '/' }]);
    });

    it('has both accounts operations with their operationIds', () => {
      expect(find('post', '/v1/accounts/users')?.['operationId']).to.equal('registerUser');
      expect(find('get', '/v1/accounts/users/{user_id}')?.['operationId']).to.equal('getUserById');
    });

    it('gives every operation a unique operationId, a summary, a description and a tag', () => {
      expect(ops).to.have.length.of.at.least(2);
      for (const { operation } of ops) {
        expect(operation['operationId']).to.be.a('string');
        expect(operation['summary']).to.be.a('string').and.not.be.empty;
        expect(operation['description']).to.be.a('string').and.not.be.empty;
        expect(operation['tags']).to.be.an('array').with.length.of.at.least(1);
      }
      const ids = ops.map(({ operation }) => operation['operationId']);
      expect(new Set(ids).size).to.equal(ids.length);
    });

    it('makes every error response an application/problem+json Problem with X-Request-Id', () => {
      let errorResponses = 0;
      for (const { operation } of ops) {
        for (const [status, response] of Object.entries(operation['responses'] as Record<string, Json>)) {
          if (Number(status) < 400) continue;
          errorResponses += 1;
          const content = response['content'] as Record<string, Json>;
          expect(Object.keys(content), status).to.deep.equal(['application/problem+json']);
          expect(content['application/problem+json']?.['schema']).to.deep.equal({ $ref: '#/components/schemas/Problem' });
          expect(response['headers']).to.have.property('X-Request-Id');
        }
      }
      expect(errorResponses).to.be.at.least(10);
    });

    it('documents the errors each operation can return', () => {
      const statuses = (op: Json | undefined) => Object.keys(op?.['responses'] as Json);
      expect(statuses(find('post', '/v1/accounts/users'))).to.include.members(['201', '400', '409', '413', '415', '422', '500', '503']);
      expect(statuses(find('get', '/v1/accounts/users/{user_id}'))).to.include.members(['200', '304', '404', '422', '500', '503']);
    });

    it('documents Location and ETag on a creation and ETag on a read', () => {
      const created = (find('post', '/v1/accounts/users')?.['responses'] as Record<string, Json>)['201'];
      expect(created?.['headers']).to.have.all.keys('X-Request-Id', 'Location', 'ETag');
      const read = (find('get', '/v1/accounts/users/{user_id}')?.['responses'] as Record<string, Json>)['200'];
      expect(read?.['headers']).to.have.all.keys('X-Request-Id', 'ETag');
    });

    it('describes the request body and the uuid path parameter', () => {
      const body = find('post', '/v1/accounts/users')?.['requestBody'] as Json;
      expect(body['content']).to.deep.equal({ 'application/json': { schema: { $ref: '#/components/schemas/RegisterUserBody' } } });
      const parameters = find('get', '/v1/accounts/users/{user_id}')?.['parameters'] as Json[];
      const userId = parameters.find((p) => p['name'] === 'user_id');
      expect(userId).to.include({ in: 'path', required: true });
      expect(userId?.['schema']).to.include({ type: 'string', format: 'uuid' });
    });

    it('has the shared schemas, with snake_case fields and no version', () => {
      const schemas = (doc['components'] as Json)['schemas'] as Record<string, Json>;
      expect(schemas).to.include.keys('Problem', 'User', 'RegisterUserBody');
      expect(schemas['Problem']?.['required']).to.have.members(['type', 'title', 'status', 'detail', 'instance', 'code', 'request_id']);
      expect(Object.keys(schemas['User']?.['properties'] as Json)).to.deep.equal(['id', 'email', 'full_name', 'is_active', 'created_at', 'updated_at']);
      expect(schemas['RegisterUserBody']?.['additionalProperties']).to.equal(false);
    });

    it('is the same document on every call', () => {
      expect(generateOpenApiDocument()).to.deep.equal(doc);
    });
  });
});
