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

    it('has the accounts operations with their operationIds', () => {
      expect(find('get', '/v1/accounts/users')?.['operationId']).to.equal('listUsers');
      expect(find('post', '/v1/accounts/users')?.['operationId']).to.equal('registerUser');
      expect(find('get', '/v1/accounts/users/{user_id}')?.['operationId']).to.equal('getUserById');
      expect(find('patch', '/v1/accounts/users/{user_id}')?.['operationId']).to.equal('updateUser');
    });

    it('describes v2 beside v1: the same accounts operations under /v2, their operationIds suffixed', () => {
      expect(find('get', '/v2/accounts/users')?.['operationId']).to.equal('listUsersV2');
      expect(find('post', '/v2/accounts/users')?.['operationId']).to.equal('registerUserV2');
      expect(find('get', '/v2/accounts/users/{user_id}')?.['operationId']).to.equal('getUserByIdV2');
      expect(find('patch', '/v2/accounts/users/{user_id}')?.['operationId']).to.equal('updateUserV2');
    });

    it('marks v1 PATCH deprecated, and only it', () => {
      const deprecated = ops.filter(({ operation }) => operation['deprecated'] === true).map(({ method, path }) => `${method} ${path}`);
      expect(deprecated).to.deep.equal(['patch /v1/accounts/users/{user_id}']);
    });

    it('makes If-Match required on v2 PATCH, with its 428 precondition_required, and optional on v1', () => {
      const v2 = find('patch', '/v2/accounts/users/{user_id}');
      const v1 = find('patch', '/v1/accounts/users/{user_id}');
      expect(v2?.['parameters']).to.deep.include({ $ref: '#/components/parameters/IfMatchRequired' });
      expect(v2?.['responses']).to.have.property('428');
      expect(v1?.['parameters']).to.deep.include({ $ref: '#/components/parameters/IfMatch' });
      expect(v1?.['responses']).not.to.have.property('428');
      const parameters = (doc['components'] as { parameters: Record<string, Json> }).parameters;
      expect(parameters['IfMatchRequired']).to.include({ name: 'If-Match', in: 'header', required: true });
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

    const documentedStatuses: Array<[string, string, number[]]> = [
      ['post', '/v1/accounts/users', [201, 400, 401, 403, 409, 413, 415, 422, 429, 500, 503]],
      ['get', '/v1/accounts/users/{user_id}', [200, 304, 401, 403, 404, 412, 422, 429, 500, 503]],
      ['get', '/v1/accounts/users', [200, 304, 401, 403, 412, 422, 429, 500, 503]],
      ['patch', '/v1/accounts/users/{user_id}', [200, 400, 401, 403, 404, 412, 413, 415, 422, 429, 500, 503]],
    ];
    for (const [method, path, statuses] of documentedStatuses) {
      it(`documents every status ${method.toUpperCase()} ${path} can answer, errors included`, () => {
        expect(Object.keys(find(method, path)?.['responses'] as Json).map(Number)).to.have.members(statuses);
      });
    }

    it('documents If-Match on the update, Idempotency-Key on the registration, and the new ETag', () => {
      const parameterRefs = (op: Json | undefined) => (op?.['parameters'] as Json[]).map((p) => p['$ref'] ?? p['name']);
      expect(parameterRefs(find('patch', '/v1/accounts/users/{user_id}'))).to.include('#/components/parameters/IfMatch');
      expect(parameterRefs(find('post', '/v1/accounts/users'))).to.include('#/components/parameters/IdempotencyKey');
      const parameters = (doc['components'] as Json)['parameters'] as Record<string, Json>;
      expect(parameters['IfMatch']).to.include({ name: 'If-Match', in: 'header' });
      expect(parameters['IdempotencyKey']).to.include({ name: 'Idempotency-Key', in: 'header' });
      const updated = (find('patch', '/v1/accounts/users/{user_id}')?.['responses'] as Record<string, Json>)['200'];
      expect(updated?.['headers']).to.have.all.keys(
        'X-Request-Id',
        'ETag',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'RateLimit-Policy',
        'Deprecation',
        'Sunset',
        'Link',
      );
      const v2 = (find('patch', '/v2/accounts/users/{user_id}')?.['responses'] as Record<string, Json>)['200'];
      expect(v2?.['headers']).not.to.have.any.keys('Deprecation', 'Sunset', 'Link');
    });

    it('describes the list query: limit 1 to 100 defaulting to 20, the cursor and the filter, each with an example', () => {
      const parameters = (find('get', '/v1/accounts/users')?.['parameters'] as Json[]).filter((p) => p['in'] === 'query');
      expect(parameters.map((p) => p['name'])).to.deep.equal(['limit', 'cursor', 'is_active']);
      expect(parameters[0]?.['schema']).to.deep.equal({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
      for (const parameter of parameters) expect(parameter, String(parameter['name'])).to.have.property('example');
    });

    it('gives every request body examples', () => {
      for (const { operation } of ops) {
        const body = operation['requestBody'] as Json | undefined;
        if (body === undefined) continue;
        const media = (body['content'] as Record<string, Json>)['application/json'];
        expect(Object.keys(media?.['examples'] as Json), String(operation['operationId'])).to.have.length.of.at.least(1);
      }
    });

    it('declares the bearer scheme, and on every /v1 operation the scope its method needs with 401 and 403', () => {
      const schemes = (doc['components'] as Record<string, Json>)['securitySchemes'];
      expect(schemes).to.deep.include({
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: (schemes?.['bearerAuth'] as Json)['description'] },
      });
      const v1 = ops.filter(({ path }) => path.startsWith('/v1/'));
      expect(v1).to.have.length.of.at.least(2);
      for (const { method, path, operation } of v1) {
        const context = path.split('/')[2];
        const scope = method === 'get' || method === 'head' ? `${context}:read` : `${context}:write`;
        expect(operation['security'], `${method} ${path}`).to.deep.equal([{ bearerAuth: [scope] }]);
        const responses = operation['responses'] as Record<string, Json>;
        expect(responses, `${method} ${path}`).to.include.keys('401', '403');
        expect(responses['401']?.['headers']).to.have.property('WWW-Authenticate');
      }
    });

    it('documents Location and ETag on a creation and ETag on a read, with the rate-limit headers', () => {
      const rateLimit = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy'];
      const created = (find('post', '/v1/accounts/users')?.['responses'] as Record<string, Json>)['201'];
      expect(created?.['headers']).to.have.all.keys('X-Request-Id', 'Location', 'ETag', 'Idempotent-Replayed', ...rateLimit);
      const read = (find('get', '/v1/accounts/users/{user_id}')?.['responses'] as Record<string, Json>)['200'];
      expect(read?.['headers']).to.have.all.keys('X-Request-Id', 'ETag', ...rateLimit);
    });

    it('documents Idempotency-Key on the creation and 429 with Retry-After and the rate-limit headers', () => {
      const parameters = find('post', '/v1/accounts/users')?.['parameters'] as Json[];
      expect(parameters).to.deep.include({ $ref: '#/components/parameters/IdempotencyKey' });
      const limited = (find('get', '/v1/accounts/users/{user_id}')?.['responses'] as Record<string, Json>)['429'];
      expect(limited?.['headers']).to.include.keys('Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset');
      const conflict = (find('post', '/v1/accounts/users')?.['responses'] as Record<string, Json>)['409'];
      expect(conflict?.['description']).to.contain('idempotency_in_progress');
    });

    it('describes the request body and the uuid path parameter', () => {
      const body = find('post', '/v1/accounts/users')?.['requestBody'] as Json;
      expect((body['content'] as Record<string, Json>)['application/json']?.['schema']).to.deep.equal({
        $ref: '#/components/schemas/RegisterUserBody',
      });
      const parameters = find('get', '/v1/accounts/users/{user_id}')?.['parameters'] as Json[];
      const userId = parameters.find((p) => p['name'] === 'user_id');
      expect(userId).to.include({ in: 'path', required: true });
      expect(userId?.['schema']).to.include({ type: 'string', format: 'uuid' });
    });

    it('has the shared schemas, with snake_case fields and no version', () => {
      const schemas = (doc['components'] as Json)['schemas'] as Record<string, Json>;
      expect(schemas).to.include.keys('Problem', 'User', 'UserPage', 'RegisterUserBody', 'UpdateUserBody');
      expect(schemas['UpdateUserBody']?.['additionalProperties']).to.equal(false);
      for (const response of ['User', 'UserPage', 'Problem']) expect(schemas[response]?.['additionalProperties'], response).to.equal(false);
      expect(schemas['Problem']?.['required']).to.have.members(['type', 'title', 'status', 'detail', 'instance', 'code', 'request_id']);
      expect(Object.keys(schemas['User']?.['properties'] as Json)).to.deep.equal([
        'id',
        'email',
        'full_name',
        'is_active',
        'created_at',
        'updated_at',
      ]);
      expect(schemas['RegisterUserBody']?.['additionalProperties']).to.equal(false);
    });

    it('is the same document on every call', () => {
      expect(generateOpenApiDocument()).to.deep.equal(doc);
    });
  });
});
