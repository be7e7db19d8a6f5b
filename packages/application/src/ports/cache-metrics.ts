/**
 * Counts cache lookups by outcome, for whoever implements a cache-aside read (a use case or a
 * caching adapter). `cache` names the cache (`users`), a small fixed set chosen in code: never a
 * key, an id or anything a caller sends. Fire-and-forget: implementations must never throw.
 */
export interface CacheMetrics {
  /** The value was found in the cache. */
  recordHit(cache: string): void;
  /** The value was absent (or the cache was unreachable) and came from the source of truth. */
  recordMiss(cache: string): void;
}
