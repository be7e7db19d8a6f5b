import type { LeasableRateLimiter, RateLimitDecision, RateLimitGrant, RateLimitPolicy } from '@proj/application/edge';

import type { RedisConnection } from './redis-connection.js';

/**
 * RateLimiter in Redis: a token bucket per caller under `<prefix>ratelimit:<caller>`, updated by
 * one Lua script so that concurrent requests on any number of instances are counted exactly. An
 * idle bucket expires after one window, when it would be full anyway.
 */
export class RedisRateLimiter implements LeasableRateLimiter {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keyPrefix: string,
  ) {}

  consume(caller: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    return this.consumeUpTo(caller, policy, 1);
  }

  async consumeUpTo(caller: string, policy: RateLimitPolicy, wanted: number): Promise<RateLimitGrant> {
    const key = `${this.keyPrefix}ratelimit:${caller}`;
    const args = [String(policy.limit), String(policy.windowMs), String(wanted)];
    const reply = await this.redis.run((client) => client.rateLimitConsumeUpTo(key, ...args));
    const [granted = 0, remaining = 0, retryMs = 0, resetMs = 0] = reply.map(Number);
    return {
      allowed: granted >= 1,
      granted,
      limit: policy.limit,
      remaining,
      resetSeconds: Math.ceil(resetMs / 1000),
      retryAfterSeconds: granted >= 1 ? 0 : Math.max(1, Math.ceil(retryMs / 1000)),
    };
  }
}
