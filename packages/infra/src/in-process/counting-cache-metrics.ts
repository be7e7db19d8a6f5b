import type { CacheMetrics } from '@proj/application';

/** Totals of one cache's lookups since start. */
export interface CacheCounts {
  readonly hits: number;
  readonly misses: number;
  readonly errors: number;
}

/**
 * CacheMetrics that keeps running totals per cache in memory. A metrics exporter reads them with
 * `counts`; they are monotonic counters, never reset.
 */
export class CountingCacheMetrics implements CacheMetrics {
  readonly #counts = new Map<string, { hits: number; misses: number; errors: number }>();

  recordHit(cache: string): void {
    this.#of(cache).hits += 1;
  }

  recordMiss(cache: string): void {
    this.#of(cache).misses += 1;
  }

  recordError(cache: string): void {
    this.#of(cache).errors += 1;
  }

  /** The totals of `cache` (all zero for a cache that reported nothing yet). */
  counts(cache: string): CacheCounts {
    return { ...this.#of(cache) };
  }

  #of(cache: string): { hits: number; misses: number; errors: number } {
    let counts = this.#counts.get(cache);
    if (!counts) {
      counts = { hits: 0, misses: 0, errors: 0 };
      this.#counts.set(cache, counts);
    }
    return counts;
  }
}
