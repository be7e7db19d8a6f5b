import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';

import { DependencyUnavailableError } from '@proj/application/errors';
import { RecordingLogger } from '@proj/application/testing';

import { RedisCache, RedisConnection, RedisHealthCheck, RedisRateLimiter } from '../../../src/index.js';
import { ownRedisServerOrSkip, type RedisServerProcess } from '../../../src/testing/index.js';

const POLICY = { limit: 100, windowMs: 60_000 };

/** Polls `condition` every 50 ms for at most `withinMs`. */
async function eventually(condition: () => Promise<boolean> | boolean, withinMs = 15_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${withinMs} ms`);
    await sleep(50);
  }
}

describe("Redis adapters when Redis dies, hangs and comes back (a redis-server of this test's own)", function () {
  this.timeout(60_000);
  let server: RedisServerProcess;
  let connection: RedisConnection;
  let logger: RecordingLogger;
  let cache: RedisCache;

  before(async function () {
    server = await ownRedisServerOrSkip(this);
    logger = new RecordingLogger();
    connection = RedisConnection.open({ url: server.url, connectTimeoutMs: 500, commandTimeoutMs: 300, logger });
    expect(await connection.ready(10_000)).to.equal(true);
    cache = new RedisCache(connection, 'outage:');
  });

  after(async () => {
    await connection?.close();
    await server?.dispose();
  });

  it('rejects with DependencyUnavailableError while down, fails the health check, and recovers by itself', async () => {
    const health = new RedisHealthCheck(connection);
    await cache.put('k', { value: 'v', version: 1 }, 60_000);
    await health.check();

    await server.kill();
    await eventually(() => !connection.isReady);
    await expect(cache.get('k')).to.be.rejectedWith(DependencyUnavailableError);
    await expect(new RedisRateLimiter(connection, 'outage:').consume('ip:1', POLICY)).to.be.rejectedWith(DependencyUnavailableError);
    await expect(health.check()).to.be.rejected;
    expect(logger.entries.filter((e) => e.message.startsWith('redis unreachable'))).to.have.length(1);

    await server.restart();
    await eventually(() => connection.isReady);
    await health.check();
    expect(await cache.get('k'), 'the restarted server kept nothing').to.equal(undefined);
    expect(await cache.put('k', { value: 'v2', version: 2 }, 60_000)).to.equal(true);
    expect(logger.entries.map((e) => e.message)).to.include('redis reachable again');
  });

  it('rejects with DependencyUnavailableError within the command timeout while Redis hangs', async () => {
    server.freeze();
    const error = await cache.get('k').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(DependencyUnavailableError);
    server.thaw();
    expect(await cache.get('k')).to.deep.equal({ value: 'v2', version: 2 });
  });
});
