import type { LRUCache } from 'lru-cache';

import type { Cache, CacheEntry, Clock } from '@proj/application';

import { expiringLruCache } from './expiring-lru-cache.js';

/** Cache in this process's memory, for a single instance (development without Redis). */
export class InProcessCache implements Cache {
  readonly #entries: LRUCache<string, CacheEntry>;

  constructor(clock: Clock, options: { readonly maxEntries?: number } = {}) {
    this.#entries = expiringLruCache(clock, options.maxEntries ?? 10_000);
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return this.#entries.get(key);
  }

  async put(key: string, entry: CacheEntry, ttlMs: number): Promise<boolean> {
    const current = this.#entries.get(key);
    if (current !== undefined && current.version >= entry.version) return false;
    this.#entries.set(key, { value: entry.value, version: entry.version }, { ttl: ttlMs });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }
}
