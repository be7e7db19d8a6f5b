import { startTestRedis, TestRedisUnavailableError, type TestRedis } from '../../src/testing/index.js';

let redis: Promise<TestRedis> | undefined;

/** One Redis for the whole run, started on first use and cleaned up by the root hook. */
export function sharedRedis(): Promise<TestRedis> {
  redis ??= startTestRedis(process.env);
  return redis;
}

/**
 * For a `before` hook: the shared Redis, or a skip of the suite that says why when this machine
 * has neither PROJ_TEST_REDIS_URL nor a redis-server binary.
 */
export async function redisOrSkip(context: Mocha.Context): Promise<TestRedis> {
  try {
    return await sharedRedis();
  } catch (error) {
    if (!(error instanceof TestRedisUnavailableError)) throw error;
    console.warn(`    skipped: ${error.message}`);
    context.skip();
  }
}

export const mochaHooks = {
  async afterAll(): Promise<void> {
    if (redis) await (await redis.catch(() => undefined))?.stop();
  },
};
