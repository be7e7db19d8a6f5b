import { expect } from 'chai';
import request from 'supertest';

import { testAppForSuite } from '../support/test-app-for-suite.js';

describe('documentation and health endpoints', () => {
  const t = testAppForSuite();

  it('serves an OpenAPI 3.1 document with both accounts operations', async () => {
    const { body } = await request(t.app).get('/openapi.json').expect(200).expect('Content-Type', /json/);
    expect(body.openapi).to.match(/^3\.1\./);
    expect(body.paths['/v1/accounts/users'].post).to.be.an('object');
    expect(body.paths['/v1/accounts/users/{user_id}'].get).to.be.an('object');
  });

  it('serves Swagger UI with its assets locally', async () => {
    const page = await request(t.app).get('/docs/').expect(200);
    expect(page.text).to.contain('swagger-ui');
    expect(page.text).not.to.match(/https?:\/\/(cdn|unpkg)/);
    await request(t.app).get('/docs/swagger-ui-bundle.js').expect(200);
  });

  describe('under the content security policy', () => {
    for (const path of ['/docs/', '/redoc']) {
      it(`${path} loads only scripts the policy allows: same-origin files, no inline code`, async () => {
        const page = await request(t.app).get(path).expect(200);
        const policy = page.headers['content-security-policy'] as string;
        expect(policy).to.contain("script-src 'self'").and.not.contain('unsafe-eval');
        const scripts = [...page.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
        expect(scripts).to.have.length.of.at.least(1);
        for (const [, attributes = '', body = ''] of scripts) {
          expect(body.trim(), 'inline script would be blocked').to.equal('');
          const src = /src=["']([^"']+)["']/.exec(attributes)?.[1];
          expect(src, 'a script without src').to.be.a('string');
          expect(src).not.to.match(/^(https?:)?\/\//);
          await request(t.app)
            .get(new URL(src as string, `http://localhost${path}`).pathname)
            .expect(200);
        }
        expect(page.text).not.to.match(/\son[a-z]+=/i);
        if (/<style[\s>]|style="/.test(page.text)) expect(policy).to.contain("style-src 'self' 'unsafe-inline'");
      });
    }

    it('configures Swagger UI to remember the token given to Authorize and to call no external validator', async () => {
      const init = await request(t.app).get('/docs/swagger-ui-init.js').expect(200);
      expect(init.text)
        .to.match(/"persistAuthorization": true/)
        .and.match(/"validatorUrl": null/);
    });
  });

  it('serves ReDoc with its bundle locally', async () => {
    const page = await request(t.app).get('/redoc').expect(200);
    expect(page.text).to.match(/redoc/i);
    expect(page.text).not.to.match(/https?:\/\/(cdn|unpkg)/);
    const script = /src="([^"]*redoc[^"]*\.js)"/.exec(page.text)?.[1];
    expect(script, 'a local redoc script').to.be.a('string');
    await request(t.app)
      .get(script as string)
      .expect(200);
  });

  it('is live', async () => {
    await request(t.app).get('/health/live').expect(200);
  });

  it('is ready when the database answers, with its latency', async () => {
    const { body } = await request(t.app).get('/health/ready').expect(200);
    expect(body.status).to.equal('ok');
    expect(body.checks.database.status).to.equal('up');
    expect(body.checks.database.latency_ms).to.be.a('number');
  });

  describe('when the database is gone', () => {
    const down = testAppForSuite();

    before(async () => {
      await down.database.drop();
    });

    it('answers readiness 503 naming the failed dependency, and stays live', async () => {
      const response = await request(down.app).get('/health/ready').set('X-Request-Id', 'ready-when-down').expect(503);
      const body = response.body as {
        status: string;
        draining: boolean;
        checks: Record<string, { status: string; required: boolean; latency_ms: number }>;
      };
      expect(body.status).to.equal('unavailable');
      expect(body.draining).to.equal(false);
      expect(body.checks['database']).to.include({ status: 'down', required: true });
      expect(body.checks['database']?.latency_ms).to.be.a('number');
      await request(down.app).get('/health/live').expect(200);
    });

    it('puts the request id on every line logged during that request', () => {
      const lines = down.logs.entries.filter((entry) => entry.fields['request_id'] === 'ready-when-down');
      expect(lines.map((line) => line.message)).to.have.members(['health check failed', 'request completed']);
      expect(lines.find((line) => line.message === 'request completed')?.fields).to.include({ route: '/health/ready', status: 503 });
    });
  });
});
