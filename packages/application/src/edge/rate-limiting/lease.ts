import type { RateLimitDecision, RateLimitGrant, RateLimitPolicy } from './rate-limiter.js';

/**
 * Tokens of one caller that this instance already took from the shared limiter and keeps to allow
 * the caller's next requests without asking again. Every token in it was granted by the shared
 * limiter, so spending it never allows more than the limit. It serves only the policy it was
 * taken under (a limit changed at run time makes it useless) and only until it expires, so that
 * tokens taken long ago are not spent on top of a bucket that has refilled since.
 */
export class Lease {
  #tokens: number;

  private constructor(
    private readonly policy: RateLimitPolicy,
    tokens: number,
    /** Whole tokens the shared bucket had left when this lease was taken. */
    private readonly remainingAtRefill: number,
    private readonly resetSeconds: number,
    private readonly expiresAt: number,
  ) {
    this.#tokens = tokens;
  }

  /** The tokens of `grant` that its requester did not spend itself, valid for `ttlMs` from `now`. */
  static left(grant: RateLimitGrant, policy: RateLimitPolicy, now: number, ttlMs: number): Lease {
    return new Lease(policy, grant.granted - 1, grant.remaining, grant.resetSeconds, now + ttlMs);
  }

  /**
   * Spends one token for a request under `policy`: the decision to answer, which reports the
   * shared bucket as it was at the refill plus the tokens still leased. `undefined` when the lease
   * is empty, expired or was taken under another policy: it can serve nothing more.
   */
  spend(policy: RateLimitPolicy, now: number): RateLimitDecision | undefined {
    if (this.#tokens < 1 || now >= this.expiresAt) return undefined;
    if (policy.limit !== this.policy.limit || policy.windowMs !== this.policy.windowMs) return undefined;
    this.#tokens -= 1;
    return {
      allowed: true,
      limit: policy.limit,
      remaining: this.remainingAtRefill + this.#tokens,
      resetSeconds: this.resetSeconds,
      retryAfterSeconds: 0,
    };
  }
}
