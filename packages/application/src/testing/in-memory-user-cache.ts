import { UserCache, type UserCacheOptions } from '../accounts/user-cache.js';
import { FixedClock } from './fixed-clock.js';
import { InMemoryCache } from './in-memory-cache.js';
import { RecordingLogger } from './recording-logger.js';
import { RecordingMetrics } from './recording-metrics.js';

/**
 * A `UserCache` over an `InMemoryCache`, for use cases whose test is not about the cache: every
 * option can be given, and the rest are fakes (a fixed clock, a 60 s TTL, a 5 s absent TTL).
 */
export function inMemoryUserCache(options: Partial<UserCacheOptions> = {}): UserCache {
  const clock = options.clock ?? new FixedClock();
  return new UserCache({
    cache: options.cache ?? new InMemoryCache(clock),
    metrics: options.metrics ?? new RecordingMetrics(),
    logger: options.logger ?? new RecordingLogger(),
    clock,
    ttlMs: options.ttlMs ?? 60_000,
    absentTtlMs: options.absentTtlMs ?? 5_000,
  });
}
