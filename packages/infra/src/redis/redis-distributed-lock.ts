import { randomUUID } from 'node:crypto';

import type { DistributedLock, LockLease } from '@proj/application';

import type { RedisConnection } from './redis-connection.js';

/**
 * DistributedLock in Redis (single server): `SET <prefix>lock:<resource> <token> NX PX <ttl>` to
 * acquire; release and extend compare the token in a Lua script, so a holder that outlived its
 * lease cannot touch its successor's lock.
 */
export class RedisDistributedLock implements DistributedLock {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keyPrefix: string,
  ) {}

  async tryAcquire(resource: string, ttlMs: number): Promise<LockLease | undefined> {
    const key = `${this.keyPrefix}lock:${resource}`;
    const token = randomUUID();
    const set = await this.redis.run((client) =>
      client.set(key, token, { condition: 'NX', expiration: { type: 'PX', value: Math.ceil(ttlMs) } }),
    );
    if (set !== 'OK') return undefined;
    const redis = this.redis;
    return {
      resource,
      token,
      extend: async (newTtlMs) => (await redis.run((client) => client.lockExtend(key, token, String(Math.ceil(newTtlMs))))) === 1,
      release: async () => (await redis.run((client) => client.lockRelease(key, token))) === 1,
    };
  }
}
