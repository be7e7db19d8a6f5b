import { expect } from 'chai';

import { ownRedisServerOrSkip } from '@proj/infra/testing';

import { forSuite } from '../support/for-suite.js';
import { newUserBody } from '../support/http.js';
import { captureLogs } from '../support/log-capture.js';
import { testAppForSuite } from '../support/test-app-for-suite.js';
import { ownRedisEnv } from '../support/test-server.js';

const USERS = '/v1/accounts/users';

describe('the request id on every line written while a request is served (a redis-server of its own)', function () {
  this.timeout(60_000);
  const redis = forSuite(ownRedisServerOrSkip, (redis) => redis.dispose());
  const logs = captureLogs();
  const t = testAppForSuite(() => ownRedisEnv(redis), { logger: logs.logger, requestScope: logs.requestScope });

  it('puts it on the warnings the Redis adapters write when Redis dies mid-request, after the body was read too', async () => {
    const created = await t.api.post(USERS).set('X-Request-Id', 'before-outage').send(newUserBody('Scoped')).expect(201);
    await redis.kill();
    await t.api
      .get(created.headers.location as string)
      .set('X-Request-Id', 'read-in-outage')
      .expect(200);
    await t.api.post(USERS).set('X-Request-Id', 'write-in-outage').send(newUserBody('Scoped Too')).expect(201);

    const lines = await logs.lines();
    const warnings = lines.filter((line) => line['level'] === 'warn' && line['message'] !== undefined);
    const byMessage = (message: string): readonly unknown[] =>
      warnings.filter((line) => line['message'] === message).map((line) => line['request_id']);
    expect(byMessage('shared rate limiter unavailable; limiting per instance')).to.deep.equal(['read-in-outage']);
    expect(byMessage('user cache unavailable; reading users from the database')).to.deep.equal(['read-in-outage']);
    // Every line written during a request names one of the requests (the access lines too).
    const during = lines.filter((line) => line['message'] === 'request completed');
    expect(during.map((line) => line['request_id'])).to.deep.equal(['before-outage', 'read-in-outage', 'write-in-outage']);
    const ids = new Set(['before-outage', 'read-in-outage', 'write-in-outage']);
    for (const warning of warnings.filter(
      (line) => line['message'] !== 'redis unreachable; caching off, rate limits per instance, until it is back',
    )) {
      expect(ids, JSON.stringify(warning)).to.include(warning['request_id']);
    }
  });
});
