import { expect } from 'chai';

import { RecordingLogger } from '@proj/application/testing';
import { RedisConnection } from '@proj/infra';
import { elapseRedisKeys } from '@proj/infra/testing';

import { newUserBody } from '../support/http.js';
import { testAppForSuite } from '../support/test-app-for-suite.js';
import { sharedRedisEnv, type SharedRedisEnv } from '../support/test-server.js';

const USERS = '/v1/accounts/users';

describe('GET /v1/accounts/users/{user_id} through the Redis cache', function () {
  this.timeout(60_000);
  let shared: SharedRedisEnv;
  let redis: RedisConnection;
  before(async function () {
    shared = await sharedRedisEnv(this);
    redis = RedisConnection.open({
      url: shared.PROJ_REDIS_URL,
      connectTimeoutMs: 2_000,
      commandTimeoutMs: 2_000,
      logger: new RecordingLogger(),
    });
  });
  const t = testAppForSuite(() => ({ ...shared, PROJ_CACHE_ABSENT_TTL_SECONDS: '1' }));
  after(() => redis?.close());

  const counts = () => t.cacheCounts();

  it('fills the cache on the first read after a registration, then answers from it with the same body and ETag', async () => {
    const created = await t.api.post(USERS).send(newUserBody('Cached')).expect(201);
    const before = await counts();
    await t.api.get(created.headers.location as string).expect(200);
    const read = await t.api.get(created.headers.location as string).expect(200);
    expect(read.body).to.deep.equal(created.body);
    expect(read.headers.etag).to.equal(created.headers.etag);
    const after = await counts();
    expect(after.misses, 'a registration does not write the cache').to.equal(before.misses + 1);
    expect(after.hits).to.equal(before.hits + 1);
  });

  it('serves the cached user, not the database, within the TTL (so a change made outside the service is not seen)', async () => {
    const created = await t.api.post(USERS).send(newUserBody('Before')).expect(201);
    await t.api.get(created.headers.location as string).expect(200); // fills the cache
    await t.database.query("update users set full_name = 'Behind The Back', version = version + 1 where id = $1", [created.body.id]);
    const read = await t.api.get(created.headers.location as string).expect(200);
    expect(read.body.full_name, 'a write outside the service is not seen before the TTL').to.equal('Before');
  });

  it('caches absence only briefly', async () => {
    const id = '0190f0f0-0000-7000-8000-0000000000aa';
    await t.api.get(`${USERS}/${id}`).expect(404);
    await t.database.query("insert into users (id, email, full_name) values ($1, 'sneaky@example.com', 'Sneaky')", [id]);
    await t.api.get(`${USERS}/${id}`).expect(404);
    await redis.ready(10_000);
    await elapseRedisKeys(redis.client, shared.PROJ_REDIS_KEY_PREFIX, 1_000); // the absent TTL is 1 s
    await t.api.get(`${USERS}/${id}`).expect(200);
  });
});
