import { describeCoordinationContract, RecordingLogger, type CoordinationAdapters } from '@proj/application/testing';

import { RedisCache, RedisConnection, RedisDistributedLock, RedisIdempotencyStore, RedisRateLimiter } from '../../../src/index.js';
import { elapseRedisKeys, redisOrSkip } from '../../../src/testing/index.js';
import { sharedRedis } from '../../support/redis.js';

describe('Redis coordination adapters', function () {
  let connection: RedisConnection | undefined;
  let adapters: CoordinationAdapters | undefined;

  before(async function () {
    const redis = await redisOrSkip(sharedRedis(), this);
    connection = RedisConnection.open({ url: redis.url, connectTimeoutMs: 2_000, commandTimeoutMs: 2_000, logger: new RecordingLogger() });
    if (!(await connection.ready(10_000))) throw new Error(`Redis at ${redis.origin} did not answer`);
    const prefix = redis.newKeyPrefix();
    const client = connection.client;
    adapters = {
      cache: new RedisCache(connection, prefix),
      idempotencyStore: new RedisIdempotencyStore(connection, prefix),
      rateLimiter: new RedisRateLimiter(connection, prefix),
      lock: new RedisDistributedLock(connection, prefix),
      elapse: (ms) => elapseRedisKeys(client, prefix, ms),
    };
  });

  after(async () => {
    await connection?.close();
  });

  describeCoordinationContract('Redis', async () => {
    if (!adapters) throw new Error('no Redis');
    return adapters;
  });
});
