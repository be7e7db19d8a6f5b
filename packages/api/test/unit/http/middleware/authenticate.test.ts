import { expect } from 'chai';
import request from 'supertest';

import type { Principal, TokenVerifier } from '@proj/application/edge';
import { DependencyUnavailableError } from '@proj/application/errors';
import { FakeTokenVerifier, RecordingLogger } from '@proj/application/testing';

import { authenticate, identifyCaller, requireAuthenticated } from '../../../../src/http/middleware/authenticate.js';
import { requireScope } from '../../../../src/http/middleware/require-scope.js';
import { testApp } from '../../support/test-app.js';

describe('authenticate and requireScope', () => {
  let logger: RecordingLogger;
  const verifier = new FakeTokenVerifier({ 'good.token': { subject: 'ada', scopes: ['accounts:read'] } });

  const appWith = (tokenVerifier: TokenVerifier) =>
    testApp(logger, (a) =>
      a.get('/things', ...authenticate({ verifier: tokenVerifier }), requireScope('accounts:read'), (_req, res) => {
        res.locals.logger.info('handled');
        res.status(200).json({ principal: res.locals.principal as Principal });
      }),
    );

  beforeEach(() => {
    logger = new RecordingLogger();
  });

  it('hands the principal to the route and adds its subject to the request logger', async () => {
    const res = await request(appWith(verifier)).get('/things').set('Authorization', 'bearer  good.token');
    expect(res.status).to.equal(200);
    expect(res.body.principal).to.deep.equal({ subject: 'ada', scopes: ['accounts:read'] });
    expect(logger.entries.find((e) => e.message === 'handled')?.fields).to.include({ subject: 'ada' });
  });

  for (const [what, header, challenge] of [
    ['another scheme', 'Basic YWRhOnNlY3JldA==', 'Bearer realm="proj", error="invalid_request"'],
    ['a bearer with no token', 'Bearer ', 'Bearer realm="proj", error="invalid_request"'],
    ['two tokens', 'Bearer good.token other', 'Bearer realm="proj", error="invalid_request"'],
    ['a token the verifier rejects', 'Bearer forged.token', 'Bearer realm="proj", error="invalid_token"'],
  ] as const) {
    it(`answers the same 401 for ${what}, and logs the reason but never the credential`, async () => {
      const res = await request(appWith(verifier)).get('/things').set('Authorization', header);
      expect(res.status).to.equal(401);
      expect(res.headers['content-type']).to.equal('application/problem+json; charset=utf-8');
      expect(res.body).to.include({
        code: 'unauthorized',
        detail: 'This operation needs a valid bearer token in the Authorization header.',
      });
      expect(res.headers['www-authenticate']).to.equal(challenge);
      const logged = JSON.stringify(logger.entries);
      expect(logged).to.contain('bearer token rejected');
      expect(logged).not.to.contain(header.slice(7) || 'Bearer ');
    });
  }

  it('lets a 503 through when the verifier cannot reach its keys', async () => {
    const unavailable: TokenVerifier = { verify: () => Promise.reject(new DependencyUnavailableError('jwks', 5)) };
    const res = await request(appWith(unavailable)).get('/things').set('Authorization', 'Bearer good.token');
    expect(res.status).to.equal(503);
    expect(res.headers['retry-after']).to.equal('5');
  });

  it('lets middleware between identifyCaller and requireAuthenticated see a refused request, then answers its 401', async () => {
    const seen: (string | undefined)[] = [];
    const app = testApp(logger, (a) =>
      a.get(
        '/things',
        identifyCaller({ verifier }),
        (_req, res, next) => {
          seen.push(res.locals.principal?.subject);
          next();
        },
        requireAuthenticated(),
        (_req, res) => res.status(200).end(),
      ),
    );
    const refused = await request(app).get('/things').set('Authorization', 'Bearer forged.token');
    expect(refused.status).to.equal(401);
    expect(refused.headers['www-authenticate']).to.equal('Bearer realm="proj", error="invalid_token"');
    expect((await request(app).get('/things').set('Authorization', 'Bearer good.token')).status).to.equal(200);
    expect(seen).to.deep.equal([undefined, 'ada']);
  });

  it('fails closed with 401 when requireAuthenticated runs without identifyCaller', async () => {
    const app = testApp(logger, (a) => a.get('/open', requireAuthenticated(), (_req, res) => res.status(200).end()));
    const response = await request(app).get('/open').set('Authorization', 'Bearer good.token');
    expect(response.status).to.equal(401);
    expect(response.headers['www-authenticate']).to.equal('Bearer realm="proj"');
  });

  it('fails closed with 401 when requireScope runs without authentication', async () => {
    const app = testApp(logger, (a) => a.get('/open', requireScope('accounts:read'), (_req, res) => res.status(200).end()));
    expect((await request(app).get('/open')).status).to.equal(401);
  });
});
