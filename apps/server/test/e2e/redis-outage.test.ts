import { expect } from 'chai';
import request from 'supertest';

import { ownRedisServerOrSkip } from '@proj/infra/testing';

import { forSuite } from '../support/for-suite.js';
import { eventually, newUserBody } from '../support/http.js';
import { testAppForSuite } from '../support/test-app-for-suite.js';
import { ownRedisEnv } from '../support/test-server.js';

const USERS = '/v1/accounts/users';

describe("the server while its Redis dies, hangs and comes back (a redis-server of this test's own)", function () {
  this.timeout(120_000);
  const redis = forSuite(ownRedisServerOrSkip, (redis) => redis.dispose());
  const t = testAppForSuite(() => ({ ...ownRedisEnv(redis), PROJ_RATE_LIMIT_PER_MINUTE: '1000' }));
  let userPath: string;

  before(async () => {
    const created = await t.api.post(USERS).send(newUserBody('Outage')).expect(201);
    userPath = created.headers.location as string;
  });

  const hits = async (): Promise<number> => (await t.cacheCounts()).hits;

  it('serves reads from the cache while Redis is up, and reports ready', async () => {
    await t.api.get(userPath).expect(200);
    const before = await hits();
    await t.api.get(userPath).expect(200);
    expect(await hits()).to.equal(before + 1);
    const ready = await request(t.app).get('/health/ready').expect(200);
    expect(ready.body.status).to.equal('ok');
    expect(ready.body.checks.cache.status).to.equal('up');
  });

  it('keeps answering without a 5xx once Redis is killed, and reports degraded', async () => {
    await redis.kill();
    await eventually(async () => (await request(t.app).get('/health/ready')).body.status === 'degraded');
    const ready = await request(t.app).get('/health/ready').expect(200);
    expect(ready.body.checks.cache.status).to.equal('down');
    expect(ready.body.checks.database.status).to.equal('up');

    const before = await hits();
    for (let i = 0; i < 5; i += 1) await t.api.get(userPath).expect(200);
    expect(await hits(), 'no cache hits while Redis is down').to.equal(before);

    // Writes go on: rate limits fall back to this instance, idempotency to the database record.
    const body = newUserBody('During Outage');
    const created = await t.api.post(USERS).set('Idempotency-Key', 'during-outage').send(body).expect(201);
    expect(created.headers['ratelimit-limit']).to.equal('1000');
    const retried = await t.api.post(USERS).set('Idempotency-Key', 'during-outage').send(body).expect(201);
    expect(retried.body.id).to.equal(created.body.id);
    const [row] = await t.database.query<{ n: number }>('select count(*)::int as n from users where email = $1', [body.email]);
    expect(row?.n).to.equal(1);
    expect(t.logs.entries.map((e) => e.message)).to.include('user cache unavailable; reading users from the database');
  });

  it('uses the cache again once Redis is back, without a restart', async () => {
    await redis.restart();
    await eventually(async () => (await request(t.app).get('/health/ready')).body.status === 'ok');
    await t.api.get(userPath).expect(200); // refills the (empty) restarted Redis
    const before = await hits();
    await t.api.get(userPath).expect(200);
    expect(await hits()).to.equal(before + 1);
  });

  it('answers reads from PostgreSQL when Redis hangs longer than the command timeout', async () => {
    redis.freeze();
    try {
      const response = await t.api.get(userPath);
      expect(response.status).to.equal(200);
    } finally {
      redis.thaw();
    }
  });
});
