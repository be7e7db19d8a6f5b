import { randomUUID } from 'node:crypto';

import { expect } from 'chai';
import request from 'supertest';

import { ALL_SCOPES, type Scope } from '@proj/application/edge';

import { testAppForSuite } from '../support/test-app-for-suite.js';

type Json = Record<string, unknown>;
const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

interface Operation {
  readonly method: Method;
  readonly path: string;
  readonly scopes: readonly string[];
}

/** Every /v1 operation of the served OpenAPI document, with the scopes it declares. */
function v1Operations(document: Json): Operation[] {
  return Object.entries(document['paths'] as Record<string, Json>)
    .filter(([path]) => path.startsWith('/v1/'))
    .flatMap(([path, item]) =>
      METHODS.filter((method) => item[method] !== undefined).map((method) => {
        const security = (item[method] as Json)['security'] as Array<Record<string, string[]>> | undefined;
        return { method, path, scopes: security?.[0]?.['bearerAuth'] ?? [] };
      }),
    );
}

function send(agent: request.Agent | ReturnType<typeof request>, operation: Operation): request.Test {
  const url = operation.path.replace(/\{[^}]+\}/g, () => randomUUID());
  const test = agent[operation.method](url);
  return ['post', 'put', 'patch'].includes(operation.method) ? test.send({}) : test;
}

describe('every documented /v1 operation', function () {
  this.timeout(60_000);
  const t = testAppForSuite();
  let operations: Operation[];

  before(async () => {
    operations = v1Operations((await request(t.app).get('/openapi.json').expect(200)).body as Json);
  });

  it("declares exactly one scope: its context's read scope to read, its write scope to change", () => {
    expect(operations).to.have.length.of.at.least(2);
    for (const { method, path, scopes } of operations) {
      const context = path.split('/')[2];
      expect(scopes, `${method} ${path}`).to.deep.equal([method === 'get' || method === 'head' ? `${context}:read` : `${context}:write`]);
    }
  });

  it('answers 401 without a token', async () => {
    for (const operation of operations) {
      const response = await send(request(t.app), operation);
      expect(response.status, `${operation.method} ${operation.path}`).to.equal(401);
      expect(response.headers['www-authenticate']).to.match(/^Bearer /);
    }
  });

  it('answers 403 to a token holding every scope but the declared one', async () => {
    for (const operation of operations) {
      const others = ALL_SCOPES.filter((scope) => !operation.scopes.includes(scope));
      const response = await send(await t.as({ scopes: others }), operation);
      expect(response.status, `${operation.method} ${operation.path}`).to.equal(403);
      expect(response.body.code).to.equal('forbidden');
    }
  });

  it('lets a token with the declared scope through to the operation', async () => {
    for (const operation of operations) {
      const response = await send(await t.as({ scopes: operation.scopes as Scope[] }), operation);
      expect([401, 403], `${operation.method} ${operation.path} answered ${response.status}`).not.to.include(response.status);
    }
  });
});
