import { expect } from 'chai';
import request from 'supertest';

import { testAppForSuite } from '../support/test-app-for-suite.js';

const UNKNOWN_USER = '/v1/accounts/users/00000000-0000-4000-8000-000000000000';

describe('rate limiting (one instance, in-process)', function () {
  this.timeout(60_000);
  const t = testAppForSuite({ PROJ_RATE_LIMIT_PER_MINUTE: '3' });

  it('answers 429 rate_limited with Retry-After and RateLimit headers past the limit, and never limits health or docs', async () => {
    const statuses: number[] = [];
    let last: request.Response | undefined;
    for (let i = 0; i < 4; i += 1) {
      last = await t.api.get(UNKNOWN_USER);
      statuses.push(last.status);
    }
    expect(statuses).to.deep.equal([404, 404, 404, 429]);
    expect(last?.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(last?.body).to.include({ status: 429, code: 'rate_limited' });
    expect(Number(last?.headers['retry-after'])).to.be.within(1, 20);
    expect(last?.headers).to.include({ 'ratelimit-limit': '3', 'ratelimit-remaining': '0', 'ratelimit-policy': '3;w=60' });
    for (const path of ['/health/live', '/health/ready', '/openapi.json', '/redoc', '/docs/']) {
      const response = await request(t.app).get(path);
      expect(response.status, path).to.equal(200);
      expect(response.headers, path).not.to.have.property('ratelimit-limit');
    }
  });

  it('counts requests without a valid token against the client address, so that past the limit they get 429 instead of 401', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await request(t.app).get(UNKNOWN_USER).set('Authorization', 'Bearer forged.token.value');
      statuses.push(response.status);
    }
    expect(statuses).to.deep.equal([401, 401, 401, 429]);
    const anonymous = await request(t.app).get(UNKNOWN_USER);
    expect(anonymous.status, 'no token at all: the same address, the same allowance').to.equal(429);
    expect(anonymous.body.code).to.equal('rate_limited');
  });

  it('follows the runtime override in the database, without a restart', async () => {
    await t.database.query(`insert into system_config (key, value) values ('rate_limit_per_minute', '0'::jsonb)`);
    await t.adapters.systemConfig.refresh();
    const response = await t.api.get(UNKNOWN_USER).expect(404);
    expect(response.headers, 'limiting is off').not.to.have.property('ratelimit-limit');

    await t.database.query(`update system_config set value = '1000'::jsonb where key = 'rate_limit_per_minute'`);
    await t.adapters.systemConfig.refresh();
    const raised = await t.api.get(UNKNOWN_USER).expect(404);
    expect(raised.headers['ratelimit-limit']).to.equal('1000');
  });
});
