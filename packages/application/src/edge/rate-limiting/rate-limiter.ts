/** How many requests a caller may make: `limit` per `windowMs`, refilled smoothly. */
export interface RateLimitPolicy {
  readonly limit: number;
  readonly windowMs: number;
}

/** The answer for one request. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly limit: number;
  /** Requests still allowed right now after this one. */
  readonly remaining: number;
  /** Seconds until the caller's allowance is full again. */
  readonly resetSeconds: number;
  /** When denied: seconds until one more request is allowed; 0 when allowed. */
  readonly retryAfterSeconds: number;
}

/**
 * The answer when several tokens were asked for at once. `allowed` is `granted >= 1`, and
 * `remaining` counts the whole tokens left after the granted ones were taken.
 */
export interface RateLimitGrant extends RateLimitDecision {
  /** Tokens actually taken: from 0 (denied) up to the number wanted. */
  readonly granted: number;
}

/**
 * Counts requests per caller against a policy, atomically and across every instance that shares
 * the limiter: `limit` requests in a burst, then one more every `windowMs / limit` ms (a token
 * bucket). Raising a caller's limit grants the extra allowance at once; lowering it caps what is
 * left. `caller` is an opaque key (`ip:203.0.113.7`, `sub:user-42`).
 *
 * May reject with `DependencyUnavailableError` when the shared store cannot answer.
 */
export interface RateLimiter {
  consume(caller: string, policy: RateLimitPolicy): Promise<RateLimitDecision>;
}

/**
 * A RateLimiter that can also take several of a caller's tokens in one step, so that an instance
 * can lease a few and spend them without asking again (`LeasingRateLimiter`). `consume` is
 * `consumeUpTo(caller, policy, 1)`.
 */
export interface LeasableRateLimiter extends RateLimiter {
  /**
   * Takes `min(wanted, whole tokens left)` tokens atomically: a partial grant when fewer are
   * left, none (`granted` 0, denied, with `retryAfterSeconds` until the next token) when not even
   * one is. `wanted` is a whole number from 1. Rejects as `consume` does.
   */
  consumeUpTo(caller: string, policy: RateLimitPolicy, wanted: number): Promise<RateLimitGrant>;
}
