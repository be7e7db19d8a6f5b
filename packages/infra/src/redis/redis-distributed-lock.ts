import { randomUUID } from 'node:crypto';

import type { DistributedLock, LockLease } from '@proj/application';

import { LuaScript } from './lua-script.js';
import type { RedisConnection } from './redis-connection.js';

// KEYS[1] lock; ARGV token. Deletes the lock only if the token still owns it.
const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

// KEYS[1] lock; ARGV token, ttl ms. Renews the lock only if the token still owns it.
const EXTEND = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

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
      extend: async (newTtlMs) => (await redis.run((client) => EXTEND.run(client, [key], [token, String(Math.ceil(newTtlMs))]))) === 1,
      release: async () => (await redis.run((client) => RELEASE.run(client, [key], [token]))) === 1,
    };
  }
}
