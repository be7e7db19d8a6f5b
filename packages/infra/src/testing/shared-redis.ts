import { startTestRedis, type TestRedis } from './test-redis.js';

let redis: Promise<TestRedis> | undefined;

/** One Redis for the whole run (PROJ_TEST_REDIS_URL or a redis-server of the run's own), started on first use. */
export function sharedRedis(): Promise<TestRedis> {
  redis ??= startTestRedis(process.env);
  return redis;
}

/** Mocha root hooks of {@link sharedRedis}, for a test tier's `--require` file to export as `mochaHooks`. */
export const sharedRedisHooks = {
  async afterAll(): Promise<void> {
    if (redis) await (await redis.catch(() => undefined))?.stop();
  },
};
