import { expect } from 'chai';
import request from 'supertest';

import { testAppForSuite } from '../support/test-app-for-suite.js';

describe('the hardened HTTP edge of the real app', () => {
  const t = testAppForSuite({ PROJ_CORS_ORIGINS: 'https://app.example.com,http://localhost:5173', PROJ_BODY_LIMIT: '2kb' });

  async function countUsers(): Promise<number> {
    const [row] = await t.database.query<{ n: number }>('select count(*)::int as n from users');
    return row?.n ?? -1;
  }

  it('sends security headers and no X-Powered-By on API responses, errors included', async () => {
    for (const response of [
      await t.api.get('/v1/accounts/users/00000000-0000-4000-8000-000000000000'),
      await request(t.app).get('/health/live'),
    ]) {
      expect(response.headers).not.to.have.property('x-powered-by');
      expect(response.headers['content-security-policy']).to.contain("default-src 'none'");
      expect(response.headers).to.include({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
    }
  });

  describe('CORS from PROJ_CORS_ORIGINS', () => {
    it('lets a configured origin read responses and their ETag', async () => {
      const response = await t.api.get('/v1/accounts/users/00000000-0000-4000-8000-000000000000').set('Origin', 'http://localhost:5173');
      expect(response.headers['access-control-allow-origin']).to.equal('http://localhost:5173');
      expect(response.headers['access-control-expose-headers']).to.contain('ETag');
    });

    it('grants nothing to an origin not listed, nor to a look-alike', async () => {
      for (const origin of ['https://evil.example.com', 'https://app.example.com.evil.com', 'null']) {
        const response = await t.api.options('/v1/accounts/users').set('Origin', origin).set('Access-Control-Request-Method', 'POST');
        expect(response.headers, origin).not.to.have.property('access-control-allow-origin');
      }
    });
  });

  it('enforces the configured body limit with 413', async () => {
    const response = await t.api.post('/v1/accounts/users').send({ email: 'big@example.com', full_name: 'x'.repeat(3_000) });
    expect(response.status).to.equal(413);
    expect(response.body.code).to.equal('payload_too_large');
  });

  describe('prototype pollution', () => {
    for (const raw of [
      '{"email":"p@example.com","full_name":"P","__proto__":{"is_admin":true}}',
      '{"email":"p@example.com","full_name":"P","constructor":{"prototype":{"is_admin":true}}}',
    ]) {
      it(`rejects ${raw.slice(40, 60)}… with 422, stores nothing and pollutes nothing`, async () => {
        const before = await countUsers();
        const response = await t.api.post('/v1/accounts/users').set('Content-Type', 'application/json').send(raw);
        expect(response.status).to.equal(422);
        expect(response.body.code).to.equal('validation_failed');
        expect(await countUsers()).to.equal(before);
        expect(({} as Record<string, unknown>)['is_admin']).to.equal(undefined);
      });
    }

    it('rejects prototype keys and repeated parameters in the query with 422', async () => {
      for (const query of ['__proto__=1', 'constructor=x', 'a=1&a=2']) {
        const response = await t.api.get(`/v1/accounts/users/00000000-0000-4000-8000-000000000000?${query}`);
        expect(response.status, query).to.equal(422);
        expect(response.body.code).to.equal('validation_failed');
      }
    });
  });

  it('answers a request line too long for Node with a problem, on the real server', async () => {
    const server = await t.listen();
    try {
      const response = await request(server.url).get(`/v1/accounts/users/${'a'.repeat(20_000)}`);
      expect(response.status).to.equal(431);
      expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(response.body).to.include({ status: 431, code: 'request_header_fields_too_large' });
      expect(response.body.request_id).to.equal(response.headers['x-request-id']);
    } finally {
      await server.close();
    }
  });
});
