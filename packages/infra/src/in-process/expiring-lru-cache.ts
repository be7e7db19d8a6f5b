import { LRUCache } from 'lru-cache';

import type { Clock } from '@proj/application';

/**
 * An `lru-cache` of at most `max` entries whose TTLs (given with each `set`) run on `clock`, read
 * at every access, so that a test's fake clock drives expiry. The in-process adapters keep their
 * state in one.
 */
export function expiringLruCache<V extends NonNullable<unknown>>(clock: Clock, max: number): LRUCache<string, V> {
  return new LRUCache<string, V>({ max, perf: { now: () => clock.now().getTime() }, ttlResolution: 0 });
}
