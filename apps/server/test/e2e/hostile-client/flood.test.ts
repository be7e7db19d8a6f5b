import { expect } from 'chai';

import { ownRedisServerOrSkip } from '@proj/infra/testing';

import { forSuite } from '../../support/for-suite.js';
import { servedTestAppForSuite, testAppForSuite } from '../../support/test-app-for-suite.js';
import { ownRedisEnv } from '../../support/test-server.js';

const USERS = '/v1/accounts/users';
const UNKNOWN_USER = `${USERS}/00000000-0000-4000-8000-000000000000`;

describe('hostile client: a flood of one caller', function () {
  this.timeout(120_000);

  describe('when the shared rate limiter fails in the middle of it', () => {
    const LIMIT = 20;
    const redis = forSuite(ownRedisServerOrSkip, (redis) => redis.dispose());
    const t = testAppForSuite(() => ({ ...ownRedisEnv(redis), PROJ_RATE_LIMIT_PER_MINUTE: String(LIMIT) }));

    it('does not hand the caller a fresh full allowance', async () => {
      const flooder = await t.as({ subject: 'flooder' });
      let admitted = 0;
      for (let i = 0; i < LIMIT + 5; i += 1) if ((await flooder.get(UNKNOWN_USER)).status === 404) admitted += 1;
      expect(admitted, 'while Redis answers').to.equal(LIMIT);

      await redis.kill();
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT + 5; i += 1) statuses.push((await flooder.get(UNKNOWN_USER)).status);
      expect(
        statuses.filter((s) => s !== 429),
        'admitted once Redis is gone',
      ).to.deep.equal([]);

      // A caller this instance has not served yet starts with the per-instance allowance.
      const newcomer = await t.as({ subject: 'newcomer' });
      expect((await newcomer.get(UNKNOWN_USER)).status).to.equal(404);
    });
  });

  describe('when it sends far more concurrent requests than the pool has connections', () => {
    const LIMIT = 120;
    const FLOOD = 1_500;
    const t = servedTestAppForSuite({ PROJ_RATE_LIMIT_PER_MINUTE: String(LIMIT), PROJ_DATABASE_POOL_MAX: '4', PROJ_LOG_LEVEL: 'error' });

    it('answers the flooder with 429s, never a 5xx, admits at most the limit, and serves another caller', async () => {
      const flooder = await t.token({ subject: 'flooder' });
      const other = await t.token({ subject: 'other' });
      const post = (token: string, i: number): Promise<Response> =>
        fetch(`${t.url}${USERS}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ email: `flood.${i}@example.com`, full_name: `Flood ${i}` }),
        });
      const startedAt = performance.now();
      const flood = Array.from({ length: FLOOD }, (_, i) => post(flooder, i).then((r) => r.status));
      const otherStatus = await post(other, -1).then((r) => r.status);
      const statuses = await Promise.all(flood);
      // The bucket refills while the flood lasts: the limit per minute, pro rata.
      const refilled = Math.ceil(((performance.now() - startedAt) / 60_000) * LIMIT);
      const count = (predicate: (s: number) => boolean): number => statuses.filter(predicate).length;
      expect(
        count((s) => s >= 500),
        '5xx',
      ).to.equal(0);
      expect(
        count((s) => s === 201),
        'admitted',
      ).to.be.at.most(LIMIT + refilled);
      expect(
        count((s) => s === 429),
        '429',
      ).to.be.at.least(FLOOD - LIMIT - refilled);
      expect(otherStatus).to.equal(201);
    });
  });
});
