import type { Cache, CacheEntry } from '@proj/application';

import type { RedisConnection } from './redis-connection.js';

/** Cache in Redis: one hash per entry (`version`, `value`) under `<prefix>cache:<key>`, expiring with its TTL. */
export class RedisCache implements Cache {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keyPrefix: string,
  ) {}

  async get(key: string): Promise<CacheEntry | undefined> {
    const [version, value] = await this.redis.run((client) => client.hmGet(this.#key(key), ['version', 'value']));
    if (version === null || version === undefined || value === null || value === undefined) return undefined;
    return { value: String(value), version: Number(version) };
  }

  async put(key: string, entry: CacheEntry, ttlMs: number): Promise<boolean> {
    const args = [String(entry.version), entry.value, String(Math.max(1, Math.ceil(ttlMs)))];
    const stored = await this.redis.run((client) => client.cachePutIfNewer(this.#key(key), ...args));
    return stored === 1;
  }

  async delete(key: string): Promise<void> {
    await this.redis.run((client) => client.unlink(this.#key(key)));
  }

  #key(key: string): string {
    return `${this.keyPrefix}cache:${key}`;
  }
}
