import type { LRUCache } from 'lru-cache';

import type { Clock } from '@proj/application';
import type { LeasableRateLimiter, RateLimitDecision, RateLimitGrant, RateLimitPolicy } from '@proj/application/edge';

import { expiringLruCache } from './expiring-lru-cache.js';

interface Bucket {
  readonly tokens: number;
  readonly at: number;
  readonly limit: number;
}

/**
 * RateLimiter in this process's memory: the same token bucket as the Redis adapter, counted per
 * instance. Used alone without Redis, and as the per-instance fallback while Redis is down.
 */
export class InProcessRateLimiter implements LeasableRateLimiter {
  readonly #buckets: LRUCache<string, Bucket>;

  constructor(
    private readonly clock: Clock,
    options: { readonly maxCallers?: number } = {},
  ) {
    this.#buckets = expiringLruCache(clock, options.maxCallers ?? 100_000);
  }

  consume(caller: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    return this.consumeUpTo(caller, policy, 1);
  }

  async consumeUpTo(caller: string, policy: RateLimitPolicy, wanted: number): Promise<RateLimitGrant> {
    const now = this.clock.now().getTime();
    const perMs = policy.limit / policy.windowMs;
    const bucket = this.#buckets.get(caller) ?? { tokens: policy.limit, at: now, limit: policy.limit };
    const raisedBy = Math.max(0, policy.limit - bucket.limit);
    let tokens = Math.min(policy.limit, bucket.tokens + raisedBy + Math.max(0, now - bucket.at) * perMs);
    const granted = Math.max(0, Math.min(wanted, Math.floor(tokens)));
    tokens -= granted;
    this.#buckets.set(caller, { tokens, at: now, limit: policy.limit }, { ttl: policy.windowMs });
    const allowed = granted >= 1;
    return {
      allowed,
      granted,
      limit: policy.limit,
      remaining: Math.floor(tokens),
      resetSeconds: Math.ceil(Math.ceil((policy.limit - tokens) / perMs) / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(Math.ceil((1 - tokens) / perMs) / 1000)),
    };
  }
}
