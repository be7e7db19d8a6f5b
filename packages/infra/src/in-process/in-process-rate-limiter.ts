import type { Clock, RateLimitDecision, RateLimiter, RateLimitPolicy } from '@proj/application';

import { ExpiringMap } from './expiring-map.js';

interface Bucket {
  readonly tokens: number;
  readonly at: number;
  readonly limit: number;
}

/**
 * RateLimiter in this process's memory: the same token bucket as the Redis adapter, counted per
 * instance. Used alone without Redis, and as the per-instance fallback while Redis is down.
 */
export class InProcessRateLimiter implements RateLimiter {
  readonly #buckets: ExpiringMap<Bucket>;

  constructor(
    private readonly clock: Clock,
    options: { readonly maxCallers?: number } = {},
  ) {
    this.#buckets = new ExpiringMap(clock, options.maxCallers ?? 100_000);
  }

  async consume(caller: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    const now = this.clock.now().getTime();
    const perMs = policy.limit / policy.windowMs;
    const bucket = this.#buckets.get(caller) ?? { tokens: policy.limit, at: now, limit: policy.limit };
    const raisedBy = Math.max(0, policy.limit - bucket.limit);
    let tokens = Math.min(policy.limit, bucket.tokens + raisedBy + Math.max(0, now - bucket.at) * perMs);
    const allowed = tokens >= 1;
    if (allowed) tokens -= 1;
    this.#buckets.set(caller, { tokens, at: now, limit: policy.limit }, policy.windowMs);
    return {
      allowed,
      limit: policy.limit,
      remaining: Math.floor(tokens),
      resetSeconds: Math.ceil(Math.ceil((policy.limit - tokens) / perMs) / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(Math.ceil((1 - tokens) / perMs) / 1000)),
    };
  }
}
