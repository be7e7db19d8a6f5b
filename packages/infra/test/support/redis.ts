import { startTestRedis, type TestRedis } from '../../src/testing/index.js';

let redis: Promise<TestRedis> | undefined;

/** One Redis for the whole run, started on first use and cleaned up by the root hook. */
export function sharedRedis(): Promise<TestRedis> {
  redis ??= startTestRedis(process.env);
  return redis;
}

export const mochaHooks = {
  async afterAll(): Promise<void> {
    if (redis) await (await redis.catch(() => undefined))?.stop();
  },
};
