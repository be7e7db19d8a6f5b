import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';

import { RecordingLogger } from '@proj/application/testing';

import { createApp, generateOpenApiDocument, type AppDependencies } from '../../../src/index.js';
import { compareRoutesWithDocument, expressOperations } from '../support/express-routes.js';
import { testTokenVerifier } from '../support/test-app.js';

const unreachable = { execute: (): Promise<never> => Promise.reject(new Error('not reached')) };

/**
 * Routes that are not part of the API the document describes: the documentation itself and the
 * probes of the orchestrator. Any other route must be documented.
 */
const NOT_API_OPERATIONS = [
  'GET /openapi.json',
  'GET /docs',
  'GET /redoc',
  'GET /redoc/redoc.standalone.js',
  'GET /health/live',
  'GET /health/ready',
];

function anApp(): ReturnType<typeof createApp> {
  const deps: AppDependencies = {
    accounts: { registerUser: unreachable, getUserById: unreachable, listUsers: unreachable, updateUser: unreachable },
    logger: new RecordingLogger(),
    tokenVerifier: testTokenVerifier(),
    healthChecks: [],
    bodyLimit: '1kb',
  };
  return createApp(deps);
}

/** The document as a client receives it from GET /openapi.json. */
const wireDocument = (): Record<string, unknown> => JSON.parse(JSON.stringify(generateOpenApiDocument())) as Record<string, unknown>;

describe('the OpenAPI document', () => {
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

  describe('when compared with the routes registered in Express', () => {
    it('documents every API route and method, and nothing that is not routed', () => {
      const { undocumented, unrouted } = compareRoutesWithDocument(anApp(), wireDocument(), NOT_API_OPERATIONS);
      expect({ undocumented, unrouted }).to.deep.equal({ undocumented: [], unrouted: [] });
    });

    it('sees the four accounts operations among the routes', () => {
      expect(expressOperations(anApp())).to.include.members([
        'GET /v1/accounts/users',
        'POST /v1/accounts/users',
        'GET /v1/accounts/users/{user_id}',
        'PATCH /v1/accounts/users/{user_id}',
      ]);
    });

    it('reports a route added without documentation, and a new method on a documented path', () => {
      const app = anApp();
      app.get('/v1/accounts/users/:user_id/avatar', (_req, res) => void res.status(200).end());
      app.delete('/v1/accounts/users/:user_id', (_req, res) => void res.status(204).end());
      const { undocumented } = compareRoutesWithDocument(app, wireDocument(), NOT_API_OPERATIONS);
      expect(undocumented).to.deep.equal(['DELETE /v1/accounts/users/{user_id}', 'GET /v1/accounts/users/{user_id}/avatar']);
    });

    it('reports a documented operation that no route serves', () => {
      const document = wireDocument() as { paths: Record<string, unknown> };
      document.paths['/v1/accounts/groups'] = { get: { responses: {} } };
      expect(compareRoutesWithDocument(anApp(), document, NOT_API_OPERATIONS).unrouted).to.deep.equal(['GET /v1/accounts/groups']);
    });

    it('refuses a router mounted under a prefix, whose paths it could not see whole', () => {
      const app = anApp();
      const nested = (app as unknown as { router: { stack: unknown[] } }).router.stack;
      nested.push({ slash: false, handle: { stack: [] } });
      expect(() => expressOperations(app)).to.throw(/mount routers at the root/);
    });
  });
});
