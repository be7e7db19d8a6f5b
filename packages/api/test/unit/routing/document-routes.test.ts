import { OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { expect } from 'chai';

import { PROBLEMS } from '../../../src/http/problems/catalog.js';
import { registerOpenApiComponents } from '../../../src/openapi/openapi-components.js';
import { documentRoutes, problemCodesOf } from '../../../src/routing/document-routes.js';
import type { ApiVersion } from '../../../src/routing/route-table.js';
import { thingsRoutes, V1, V2, V3 } from '../support/things-routes.js';

interface DocumentedResponse {
  readonly description: string;
  readonly headers: Record<string, unknown>;
  readonly content: Record<string, { example?: Record<string, unknown>; examples?: Record<string, { value: Record<string, unknown> }> }>;
}
interface DocumentedOperation {
  readonly tags: string[];
  readonly security: unknown;
  readonly description: string;
  readonly parameters: Record<string, unknown>[];
  readonly responses: Record<string, DocumentedResponse>;
}
interface Document {
  readonly paths: Record<string, Record<string, DocumentedOperation>>;
}

/** The operation `method path` of `document`; fails the test when absent. */
function operationOf(document: Document, path: string, method: string): DocumentedOperation {
  const operation = document.paths[path]?.[method];
  if (operation === undefined) throw new Error(`${method} ${path} is not documented`);
  return operation;
}

/** The problem examples of a response, one per code. */
function problemExamples(response: DocumentedResponse | undefined): Record<string, unknown>[] {
  const media = response?.content['application/problem+json'];
  if (media?.example) return [media.example];
  return Object.values(media?.examples ?? {}).map((example) => example.value);
}

function documentOf(...versions: ApiVersion[]): Document {
  const registry = new OpenAPIRegistry();
  registerOpenApiComponents(registry);
  for (const version of versions) documentRoutes(registry, thingsRoutes, version);
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({ openapi: '3.1.0', info: { title: 't', version: '1' } });
  return JSON.parse(JSON.stringify(document)) as Document;
}

describe('documentRoutes', () => {
  const document = documentOf(V1, V2);

  describe('when a table is documented in two versions', () => {
    it('describes each operation under each version prefix, without those a version leaves out', () => {
      expect(Object.keys(document.paths)).to.have.members(['/v1/things/{thing_id}', '/v1/things', '/v2/things/{thing_id}']);
    });

    it('applies the overrides of a version: there the read is deprecated and has its own operationId', () => {
      expect(operationOf(document, '/v1/things/{thing_id}', 'get')).not.to.have.property('deprecated');
      expect(operationOf(document, '/v2/things/{thing_id}', 'get')).to.include({ deprecated: true, operationId: 'getThingV2' });
    });
  });

  describe('when a version has an operationId suffix and requires If-Match', () => {
    const v3 = documentOf(V1, V3);
    const rename = operationOf(v3, '/v3/things/{thing_id}', 'patch') as DocumentedOperation & { operationId: string };

    it('suffixes the operationIds of that version only', () => {
      expect(rename.operationId).to.equal('renameThingV3');
      expect(operationOf(v3, '/v1/things/{thing_id}', 'patch')).to.include({ operationId: 'renameThing' });
    });

    it('documents If-Match as required and the 428 precondition_required', () => {
      expect(rename.parameters).to.deep.include({ $ref: '#/components/parameters/IfMatchRequired' });
      expect(rename.parameters).not.to.deep.include({ $ref: '#/components/parameters/IfMatch' });
      expect(problemExamples(rename.responses['428'])).to.have.length(1);
      expect(problemExamples(rename.responses['428'])[0]).to.include({ code: 'precondition_required' });
      expect(operationOf(v3, '/v1/things/{thing_id}', 'patch').responses).not.to.have.property('428');
    });
  });

  describe('when an operation is documented', () => {
    const read = operationOf(document, '/v1/things/{thing_id}', 'get');
    const make = operationOf(document, '/v1/things', 'post');

    it('has its tag, its scope, the request id and its header parameters, and the strict query sentence', () => {
      expect(read.tags).to.deep.equal(['Things']);
      expect(read.security).to.deep.equal([{ bearerAuth: ['accounts:read'] }]);
      expect(read.parameters.filter((p) => p['$ref'] !== undefined)).to.deep.equal([
        { $ref: '#/components/parameters/RequestId' },
        { $ref: '#/components/parameters/IfNoneMatch' },
      ]);
      expect(read.description).to.match(/^One thing\. Query parameters it does not define are refused/);
    });

    it('gives a 2xx the rate-limit headers and a 304 only the request id and what it declares', () => {
      expect(Object.keys(read.responses['200']?.headers ?? {})).to.include.members(['X-Request-Id', 'ETag', 'RateLimit-Limit']);
      expect(Object.keys(read.responses['304']?.headers ?? {})).to.deep.equal(['X-Request-Id']);
      expect(Object.keys(make.responses['201']?.headers ?? {})).to.include.members(['Location', 'Idempotent-Replayed']);
    });

    it('documents every problem it can answer, each status described and exemplified from the catalog', () => {
      const [, , makeThing] = thingsRoutes.operations;
      expect(makeThing).not.to.equal(undefined);
      for (const code of makeThing ? problemCodesOf(makeThing) : []) {
        const { status, when } = PROBLEMS[code];
        const response = make.responses[String(status)];
        expect(response?.description, code).to.contain(when);
        expect(
          problemExamples(response).map((example) => example['code']),
          code,
        ).to.include(code);
      }
      expect(make.parameters).to.deep.include({ $ref: '#/components/parameters/IdempotencyKey' });
    });

    it('fills the example path with the example parameters, and names the scope in the 403 example', () => {
      expect(problemExamples(read.responses['404'])[0]).to.include({ instance: '/v1/things/42', code: 'user_not_found' });
      expect(problemExamples(read.responses['403'])[0]?.['detail']).to.contain('accounts:read');
      expect(read.responses['403']?.headers).to.have.property('WWW-Authenticate');
      expect(read.responses['429']?.headers).to.include.keys('Retry-After', 'RateLimit-Policy');
    });
  });
});
