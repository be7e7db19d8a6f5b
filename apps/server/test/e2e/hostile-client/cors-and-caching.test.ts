import { expect } from 'chai';
import request from 'supertest';

import { testAppForSuite } from '../../support/test-app-for-suite.js';
import { startTestApp } from '../../support/test-server.js';

const USERS = '/v1/accounts/users';

describe('hostile client: preflights, Vary and caching of personal data', () => {
  for (const origins of ['', 'https://app.example.com']) {
    describe(origins === '' ? 'with no CORS origins configured' : `with ${origins} allowed`, () => {
      const t = testAppForSuite({ PROJ_CORS_ORIGINS: origins, PROJ_RATE_LIMIT_PER_MINUTE: '2' });

      it('answers a preflight from an origin not allowed with 204, without authentication and without spending the bucket', async () => {
        for (let i = 0; i < 5; i += 1) {
          const response = await request(t.app)
            .options(USERS)
            .set('Origin', 'https://evil.example.com')
            .set('Access-Control-Request-Method', 'POST');
          expect(response.status).to.equal(204);
          expect(response.headers).not.to.have.property('access-control-allow-origin');
          expect(response.headers).not.to.have.property('ratelimit-remaining');
          expect(response.headers['vary']).to.match(/Origin/i);
        }
      });

      it('marks API answers Vary: Origin and Cache-Control: no-store', async () => {
        const created = await t.api
          .post(USERS)
          .send({ email: `cache.${origins.length}@example.com`, full_name: 'Cache' })
          .expect(201);
        const read = await t.api.get(created.headers['location'] as string).expect(200);
        for (const response of [created, read]) {
          expect(response.headers['cache-control']).to.equal('no-store');
          expect(response.headers['vary']).to.match(/Origin/i);
        }
      });
    });
  }

  it('lets a browser read WWW-Authenticate', async () => {
    const t = await startTestApp({ PROJ_CORS_ORIGINS: 'https://app.example.com' });
    try {
      const response = await request(t.app).get(USERS).set('Origin', 'https://app.example.com').expect(401);
      expect(response.headers['access-control-expose-headers']).to.contain('WWW-Authenticate');
    } finally {
      await t.close();
    }
  });
});
