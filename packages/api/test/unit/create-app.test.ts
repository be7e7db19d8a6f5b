import { expect } from 'chai';
import request from 'supertest';

import { FakeTokenVerifier, RecordingLogger } from '@proj/application/testing';

import { createApp, type AppDependencies } from '../../src/index.js';
import { testSettings, unreachableCapture, withMalformedJson } from './support/test-app.js';

/**
 * The wiring only: docs, health, 404/405 and the request checks that run before any use case.
 * The use cases here must never be reached; routes that do reach them are tested end to end, with
 * real adapters, in apps/server.
 */
const unreachable = {
  execute(): Promise<never> {
    return Promise.reject(new Error('this test must not reach a use case'));
  },
};

/**
 * The statuses of three bodies that cannot be read, each sent by `send`: malformed JSON, JSON over
 * the 1 kB limit of testSettings, and text/plain (400, 413 and 415 when they are refused as such).
 */
async function unreadableBodyStatuses(send: () => request.Test): Promise<number[]> {
  const malformed = await withMalformedJson(send());
  const large = await send().send({ full_name: 'x'.repeat(2048) });
  const text = await send().set('Content-Type', 'text/plain').send('full_name=A');
  return [malformed.status, large.status, text.status];
}

describe('createApp', () => {
  let logger: RecordingLogger;
  let draining: boolean;
  let app: ReturnType<typeof createApp>;

  beforeEach(() => {
    logger = new RecordingLogger();
    draining = false;
    const deps: AppDependencies = {
      accounts: { registerUser: unreachable, getUserById: unreachable, listUsers: unreachable, updateUser: unreachable },
      capture: unreachableCapture(),
      logger,
      tokenVerifier: new FakeTokenVerifier({
        all: { subject: 'all', scopes: ['accounts:read', 'accounts:write'] },
        writer: { subject: 'writer', scopes: ['accounts:write'] },
        reader: { subject: 'reader', scopes: ['accounts:read'] },
      }),
      settings: testSettings({ corsOrigins: ['https://app.example.com'] }),
      healthChecks: [{ name: 'database', required: true, check: async () => undefined }],
      isDraining: () => draining,
    };
    app = createApp(deps);
  });

  describe('when any request is answered', () => {
    it('sends X-Request-Id and no X-Powered-By', async () => {
      const res = await request(app).get('/health/live');
      expect(res.headers['x-request-id']).to.be.a('string');
      expect(res.headers).not.to.have.property('x-powered-by');
    });

    it('writes one access line with the route template', async () => {
      await request(app).get('/health/live');
      const lines = logger.entries.filter((entry) => entry.message === 'request completed');
      expect(lines).to.have.length(1);
      expect(lines[0]?.fields).to.include({ method: 'GET', route: '/health/live', status: 200 });
    });
  });

  describe('when the path is unknown', () => {
    it('answers a 404 not_found problem', async () => {
      const res = await request(app).get('/v1/nothing/here').auth('writer', { type: 'bearer' });
      expect(res.status).to.equal(404);
      expect(res.body.code).to.equal('not_found');
    });
  });

  describe('when a v1 path gets the wrong method', () => {
    it('answers 405 with Allow on the users collection', async () => {
      const res = await request(app).put('/v1/accounts/users').auth('writer', { type: 'bearer' });
      expect(res.status).to.equal(405);
      expect(res.headers['allow']).to.equal('GET, POST, HEAD, OPTIONS');
      expect(res.body.code).to.equal('method_not_allowed');
    });

    it('answers 405 with Allow on a user', async () => {
      const res = await request(app).delete('/v1/accounts/users/0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b').auth('writer', { type: 'bearer' });
      expect(res.status).to.equal(405);
      expect(res.headers['allow']).to.equal('GET, PATCH, HEAD, OPTIONS');
    });
  });

  describe('when a registration is rejected before the use case', () => {
    it('answers 422 listing the required fields for an empty POST', async () => {
      const res = await request(app).post('/v1/accounts/users').auth('writer', { type: 'bearer' }).send({});
      expect(res.status).to.equal(422);
      expect(res.body.errors).to.deep.equal([
        { path: 'email', message: 'is required' },
        { path: 'full_name', message: 'is required' },
      ]);
    });

    it('answers 422 `body is required` for a POST with no body and no Content-Type', async () => {
      const res = await request(app).post('/v1/accounts/users').auth('writer', { type: 'bearer' });
      expect(res.status).to.equal(422);
      expect(res.body.errors).to.deep.equal([{ path: 'body', message: 'is required' }]);
    });

    it('answers 400, 413 and 415 for unreadable bodies', async () => {
      const statuses = await unreadableBodyStatuses(() => request(app).post('/v1/accounts/users').auth('writer', { type: 'bearer' }));
      expect(statuses).to.deep.equal([400, 413, 415]);
    });
  });

  describe('when the query of a v1 route is not what the operation defines', () => {
    const invalidQueries: Array<[string, string, string]> = [
      ['an unknown parameter on the list', '/v1/accounts/users?sort=name', 'sort'],
      ['a repeated limit', '/v1/accounts/users?limit=1&limit=2', 'limit'],
      ['a limit that is not an integer', '/v1/accounts/users?limit=ten', 'limit'],
      ['an empty limit', '/v1/accounts/users?limit=', 'limit'],
      ['bracket syntax', '/v1/accounts/users?limit[gt]=1', 'limit[gt]'],
      ['an is_active that is not a boolean', '/v1/accounts/users?is_active=yes', 'is_active'],
      ['a repeated cursor', '/v1/accounts/users?cursor=a&cursor=b', 'cursor'],
      ['any parameter on a user', '/v1/accounts/users/0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b?fields=id', 'fields'],
    ];
    for (const [what, url, path] of invalidQueries) {
      it(`answers 422 validation_failed naming ${path} for ${what}, before any use case`, async () => {
        const res = await request(app).get(url).auth('all', { type: 'bearer' });
        expect(res.status, JSON.stringify(res.body)).to.equal(422);
        expect(res.body.code).to.equal('validation_failed');
        expect(res.body.errors.map((e: { path: string }) => e.path)).to.deep.equal([path]);
      });
    }

    it('refuses query parameters on a POST and a PATCH too', async () => {
      const post = await request(app)
        .post('/v1/accounts/users?dry_run=1')
        .auth('all', { type: 'bearer' })
        .send({ email: 'a@example.com', full_name: 'A' });
      const patch = await request(app)
        .patch('/v1/accounts/users/0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b?x=1')
        .auth('all', { type: 'bearer' })
        .send({ is_active: false });
      expect([post.status, patch.status]).to.deep.equal([422, 422]);
    });
  });

  describe('when an update is rejected before the use case', () => {
    const USER_URL = '/v1/accounts/users/0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b';

    it('answers 422 for unknown fields, nulls and wrong types, naming each', async () => {
      const res = await request(app)
        .patch(USER_URL)
        .auth('all', { type: 'bearer' })
        .send({ full_name: null, is_active: 'no', email: 'new@example.com' });
      expect(res.status).to.equal(422);
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).to.deep.equal(['email', 'full_name', 'is_active']);
    });

    it('answers 412 precondition_failed for an If-Match that can never match, weak or foreign', async () => {
      for (const ifMatch of ['W/"1"', '"abc"', '"0"', '""']) {
        const res = await request(app).patch(USER_URL).auth('all', { type: 'bearer' }).set('If-Match', ifMatch).send({ is_active: false });
        expect(res.status, ifMatch).to.equal(412);
        expect(res.body.code).to.equal('precondition_failed');
      }
    });

    it('answers 422 for a malformed If-Match', async () => {
      for (const ifMatch of ['1', '"1" "2"', '"unterminated']) {
        const res = await request(app).patch(USER_URL).auth('all', { type: 'bearer' }).set('If-Match', ifMatch).send({ is_active: false });
        expect(res.status, ifMatch).to.equal(422);
        expect(res.body.errors).to.deep.equal([
          { path: 'If-Match', message: 'must be entity tags as sent in ETag, separated by commas, or *' },
        ]);
      }
    });

    it('answers 400, 413 and 415 for unreadable bodies', async () => {
      const statuses = await unreadableBodyStatuses(() => request(app).patch(USER_URL).auth('all', { type: 'bearer' }));
      expect(statuses).to.deep.equal([400, 413, 415]);
    });
  });

  describe('when a response is sent', () => {
    it('carries no entity tag made up by Express from the body', async () => {
      const res = await request(app).get('/health/live');
      expect(res.headers).not.to.have.property('etag');
    });
  });

  describe('when a /v1 request has no valid token', () => {
    it('answers 401 before routing, so unknown and known paths look the same', async () => {
      for (const res of [
        await request(app).get('/v1/nothing/here'),
        await request(app).put('/v1/accounts/users'),
        await request(app).post('/v1/accounts/users').send({}),
      ]) {
        expect(res.status).to.equal(401);
        expect(res.body.code).to.equal('unauthorized');
        expect(res.headers['www-authenticate']).to.equal('Bearer realm="proj"');
      }
    });

    it('answers 401 with an invalid_token challenge for a token the verifier rejects', async () => {
      const res = await request(app).get('/v1/accounts/users/0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b').auth('forged', { type: 'bearer' });
      expect(res.status).to.equal(401);
      expect(res.headers['www-authenticate']).to.equal('Bearer realm="proj", error="invalid_token"');
    });
  });

  describe('when the token lacks the scope of the route', () => {
    it('answers 403 forbidden to a reader posting and to a writer reading, before the body is read', async () => {
      const post = await withMalformedJson(request(app).post('/v1/accounts/users').auth('reader', { type: 'bearer' }));
      expect(post.status).to.equal(403);
      expect(post.body.code).to.equal('forbidden');
      expect(post.headers['www-authenticate']).to.equal('Bearer realm="proj", error="insufficient_scope", scope="accounts:write"');
      const get = await request(app).get('/v1/accounts/users/0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b').auth('writer', { type: 'bearer' });
      expect(get.status).to.equal(403);
      expect(get.headers['www-authenticate']).to.contain('scope="accounts:read"');
    });
  });

  describe('security headers', () => {
    it('sends helmet headers with a CSP that lets nothing load on API responses', async () => {
      const res = await request(app).get('/health/live');
      expect(res.headers['content-security-policy']).to.equal(
        "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
      );
      expect(res.headers).to.include({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
      expect(res.headers['strict-transport-security']).to.match(/^max-age=\d+/);
    });

    it('gives the documentation pages a policy that allows their own scripts and inline styles only', async () => {
      for (const path of ['/docs/', '/redoc']) {
        const csp = (await request(app).get(path)).headers['content-security-policy'] as string;
        expect(csp, path)
          .to.contain("script-src 'self'")
          .and.contain("style-src 'self' 'unsafe-inline'")
          .and.contain("worker-src 'self' blob:");
        expect(csp, path).not.to.match(/unsafe-eval|https?:/);
      }
    });
  });

  describe('CORS', () => {
    it('answers a preflight from a configured origin without a token', async () => {
      const res = await request(app)
        .options('/v1/accounts/users')
        .set('Origin', 'https://app.example.com')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(res.status).to.equal(204);
      expect(res.headers['access-control-allow-origin']).to.equal('https://app.example.com');
      expect(res.headers['access-control-allow-headers']).to.contain('Authorization');
      expect(res.headers).not.to.have.property('access-control-allow-credentials');
    });

    it('grants nothing to another origin', async () => {
      const preflight = await request(app)
        .options('/v1/accounts/users')
        .set('Origin', 'https://evil.example.com')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers).not.to.have.property('access-control-allow-origin');
      const get = await request(app).get('/v1/accounts/users/x').set('Origin', 'https://evil.example.com');
      expect(get.headers).not.to.have.property('access-control-allow-origin');
    });
  });

  describe('when the documentation is requested', () => {
    it('serves the same OpenAPI document each time', async () => {
      const first = await request(app).get('/openapi.json');
      const second = await request(app).get('/openapi.json');
      expect(first.status).to.equal(200);
      expect(first.body.openapi).to.equal('3.1.0');
      expect(second.text).to.equal(first.text);
    });

    it('serves Swagger UI and ReDoc', async () => {
      expect((await request(app).get('/docs/')).status).to.equal(200);
      expect((await request(app).get('/redoc')).status).to.equal(200);
    });
  });

  describe('when the process starts draining', () => {
    it('turns readiness to 503 while liveness stays 200', async () => {
      expect((await request(app).get('/health/ready')).status).to.equal(200);
      draining = true;
      expect((await request(app).get('/health/ready')).status).to.equal(503);
      expect((await request(app).get('/health/live')).status).to.equal(200);
    });
  });
});
