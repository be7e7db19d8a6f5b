import { DependencyUnavailableError } from '../errors/dependency-unavailable-error.js';
import type { Cache, CacheEntry } from '../ports/cache.js';
import type { Clock } from '../ports/clock.js';

/**
 * A Cache fake for unit tests: versioned entries with expiry on the given clock, and an outage
 * switch. While `failing` is true every call rejects with DependencyUnavailableError, as the
 * real adapters do when their store is down.
 */
export class InMemoryCache implements Cache {
  readonly #entries = new Map<string, { entry: CacheEntry; expiresAt: number }>();
  failing = false;

  constructor(private readonly clock: Clock) {}

  async get(key: string): Promise<CacheEntry | undefined> {
    this.#ensureUp();
    const stored = this.#entries.get(key);
    return stored && stored.expiresAt > this.clock.now().getTime() ? stored.entry : undefined;
  }

  async put(key: string, entry: CacheEntry, ttlMs: number): Promise<boolean> {
    const current = await this.get(key);
    if (current && current.version >= entry.version) return false;
    this.#entries.set(key, { entry: { ...entry }, expiresAt: this.clock.now().getTime() + ttlMs });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.#ensureUp();
    this.#entries.delete(key);
  }

  #ensureUp(): void {
    if (this.failing) throw new DependencyUnavailableError('cache', 1);
  }
}
