import { randomBytes } from 'node:crypto';

import { createClient } from 'redis';

import { findRedisServerBinary, RedisServerProcess } from './redis-server-process.js';

/** A Redis for a test run: the one given, or a redis-server started for the run. */
export interface TestRedis {
  readonly url: string;
  /** Where the Redis came from, for test output: `PROJ_TEST_REDIS_URL` or `redis-server on port N`. */
  readonly origin: string;
  /** A key prefix of this run's own (`proj-test:<run>:<n>:`); `stop` deletes every key under the run. */
  newKeyPrefix(): string;
  /** Deletes this run's keys and, when this run started the server, stops it. */
  stop(): Promise<void>;
}

/** Neither PROJ_TEST_REDIS_URL nor a redis-server binary: Redis-backed tests cannot run here. */
export class TestRedisUnavailableError extends Error {
  override name = 'TestRedisUnavailableError';
}

/**
 * Uses the Redis at `PROJ_TEST_REDIS_URL` when set, touching only keys under a random prefix of
 * this run (deleted by `stop`); otherwise starts `redis-server` on a free port in a temporary
 * directory, so the suites also run where no Redis is listening.
 * @throws TestRedisUnavailableError when neither is possible, saying why.
 */
export async function startTestRedis(env: Readonly<Record<string, string | undefined>>): Promise<TestRedis> {
  const given = env.PROJ_TEST_REDIS_URL;
  let server: RedisServerProcess | undefined;
  if (!given) {
    const binary = findRedisServerBinary(env.PATH);
    if (!binary) {
      throw new TestRedisUnavailableError(
        'PROJ_TEST_REDIS_URL is unset and no redis-server binary was found (apt-get install redis-server)',
      );
    }
    server = await RedisServerProcess.start({ binary });
  }
  const url = given ?? (server as RedisServerProcess).url;
  const runPrefix = `proj-test:${process.pid.toString(36)}${randomBytes(4).toString('hex')}:`;
  let counter = 0;
  return {
    url,
    origin: given ? 'PROJ_TEST_REDIS_URL' : `redis-server on port ${(server as RedisServerProcess).port}`,
    newKeyPrefix(): string {
      counter += 1;
      return `${runPrefix}${counter}:`;
    },
    async stop(): Promise<void> {
      if (server) {
        await server.dispose();
        return;
      }
      await deleteKeys(url, `${runPrefix}*`);
    },
  };
}

/** Deletes every key matching `pattern`, and nothing else. */
export async function deleteKeys(url: string, pattern: string): Promise<void> {
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 500 })) {
      if (keys.length > 0) await client.unlink(keys);
    }
  } finally {
    await client.close();
  }
}

/**
 * For a suite's `before` hook: the Redis `redis` resolves to, or, when this machine has neither
 * PROJ_TEST_REDIS_URL nor a redis-server binary, a skip of the suite (mocha's `this.skip()`) that
 * first says why.
 */
export async function redisOrSkip(redis: Promise<TestRedis>, suite: { skip(): never }): Promise<TestRedis> {
  try {
    return await redis;
  } catch (error) {
    if (!(error instanceof TestRedisUnavailableError)) throw error;
    console.warn(`    skipped: ${error.message}`);
    suite.skip();
  }
}

/** For a suite's `before` hook: a redis-server of the suite's own to stop and kill, or a skip that says why there is none. */
export async function ownRedisServerOrSkip(suite: { skip(): never }): Promise<RedisServerProcess> {
  if (!findRedisServerBinary()) {
    console.warn('    skipped: no redis-server binary to start and kill (apt-get install redis-server)');
    suite.skip();
  }
  return RedisServerProcess.start();
}
