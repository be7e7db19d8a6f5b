import type { Cache, CacheEntry, Clock } from '@proj/application';

import { ExpiringMap } from './expiring-map.js';

/** Cache in this process's memory, for a single instance (development without Redis). */
export class InProcessCache implements Cache {
  readonly #entries: ExpiringMap<CacheEntry>;

  constructor(clock: Clock, options: { readonly maxEntries?: number } = {}) {
    this.#entries = new ExpiringMap(clock, options.maxEntries ?? 10_000);
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return this.#entries.get(key);
  }

  async put(key: string, entry: CacheEntry, ttlMs: number): Promise<boolean> {
    const current = this.#entries.get(key);
    if (current !== undefined && current.version >= entry.version) return false;
    this.#entries.set(key, { value: entry.value, version: entry.version }, ttlMs);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }
}
