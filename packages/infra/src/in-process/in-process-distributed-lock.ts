import { randomUUID } from 'node:crypto';

import type { LRUCache } from 'lru-cache';

import type { Clock, DistributedLock, LockLease } from '@proj/application';

import { expiringLruCache } from './expiring-lru-cache.js';

/** DistributedLock within this process only, for a single instance (development without Redis). */
export class InProcessDistributedLock implements DistributedLock {
  readonly #holders: LRUCache<string, string>;

  constructor(clock: Clock) {
    this.#holders = expiringLruCache(clock, 10_000);
  }

  async tryAcquire(resource: string, ttlMs: number): Promise<LockLease | undefined> {
    if (this.#holders.get(resource) !== undefined) return undefined;
    const token = randomUUID();
    this.#holders.set(resource, token, { ttl: ttlMs });
    const owns = (): boolean => this.#holders.get(resource) === token;
    return {
      resource,
      token,
      extend: async (newTtlMs) => {
        if (!owns()) return false;
        this.#holders.set(resource, token, { ttl: newTtlMs });
        return true;
      },
      release: async () => {
        if (!owns()) return false;
        this.#holders.delete(resource);
        return true;
      },
    };
  }
}
