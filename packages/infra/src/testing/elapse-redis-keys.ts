import type { RedisClient } from '../redis/redis-connection.js';

/**
 * Moves time forward by `ms` for the keys under `prefix`, as far as our adapters can tell: Redis
 * keeps its own clock, so instead of waiting, each key's remaining time to live shrinks by `ms`
 * (a key with less left is deleted), and a rate-limit bucket's last refill (`at`, in the server's
 * milliseconds) moves `ms` into the past. For tests of expiry and refill without sleeping.
 */
export async function elapseRedisKeys(client: RedisClient, prefix: string, ms: number): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1_000 })) {
    for (const key of keys) {
      const left = await client.pTTL(key);
      if (left > 0 && left <= ms) {
        await client.del(key);
        continue;
      }
      if (left > 0) await client.pExpire(key, left - ms);
      if ((await client.type(key)) !== 'hash') continue;
      const at = await client.hGet(key, 'at');
      if (at !== null && at !== undefined) await client.hSet(key, 'at', String(Number(at) - ms));
    }
  }
}
