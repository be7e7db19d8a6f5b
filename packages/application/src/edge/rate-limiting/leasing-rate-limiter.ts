import type { Clock } from '../../ports/clock.js';
import { Lease } from './lease.js';
import type { LeasableRateLimiter, RateLimitDecision, RateLimiter, RateLimitGrant, RateLimitPolicy } from './rate-limiter.js';
import { RequestRate } from './request-rate.js';

/** A lease is sized to last about this long at its caller's rate on this instance. */
const LEASE_LASTS_MS = 100;
/** Leased tokens not spent within this long of being taken are dropped, not returned. */
const LEASE_TTL_MS = 1_000;
/** The most tokens one lease holds. */
const MAX_LEASE = 100;
/** A lease holds at most `limit / LIMIT_PER_LEASED_TOKEN` tokens: 1 % of the limit, so a small limit stays exact. */
const LIMIT_PER_LEASED_TOKEN = 100;
/** A caller not seen for this long has no lease left and a rate of 0: forgetting it loses nothing. */
const IDLE_AFTER_MS = 2 * LEASE_TTL_MS;
const DEFAULT_MAX_CALLERS = 10_000;

/** What this instance remembers of one caller. */
interface CallerLeasing {
  readonly rate: RequestRate;
  lease: Lease | undefined;
  /** Settles once the refill under way has stored its lease, or failed. */
  refilling: Promise<void> | undefined;
  lastSeenAt: number;
}

export interface LeasingRateLimiterOptions {
  /** The limiter every instance shares; each token allowed here was taken from it. */
  readonly shared: LeasableRateLimiter;
  readonly clock: Clock;
  /** Callers remembered at once before idle ones are forgotten (default 10 000). */
  readonly maxCallers?: number;
}

/**
 * Spares the round trip to the shared limiter for most requests of a busy caller: when it has to
 * ask, it takes a few of the caller's tokens at once and keeps the ones it did not need as a lease
 * that allows the caller's next requests on this instance (see decision 0063).
 *
 * - Exact where it matters: the lease is sized to last about 100 ms at the caller's own rate on
 *   this instance over the last second, at most `min(100, limit / 100)` and at least 1. A caller
 *   making fewer than 20 requests a second here, or one under a limit below 200, gets leases of
 *   one token: each request asks the shared limiter, as without leasing.
 * - Never more than the limit: every request it allows spends a token the shared limiter granted.
 *   A caller near its limit may be refused early, while tokens it was granted sit in leases on
 *   other instances: at most one lease per instance, each at most 1 % of the limit. Leased tokens
 *   expire 1 s after they were taken (a lease in use is spent in about 100 ms) and are dropped when
 *   the limit changes; dropped tokens are not given back, the bucket refills them.
 * - Requests of one caller that find its lease empty while a refill is under way wait for that
 *   refill and spend from its lease; the ones it leaves without a token take their own. Denials
 *   always come from the shared limiter, and its errors propagate unchanged.
 */
export class LeasingRateLimiter implements RateLimiter {
  readonly #callers = new Map<string, CallerLeasing>();
  readonly #maxCallers: number;

  constructor(private readonly options: LeasingRateLimiterOptions) {
    this.#maxCallers = options.maxCallers ?? DEFAULT_MAX_CALLERS;
  }

  async consume(caller: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    const now = this.#now();
    const leasing = this.#leasingOf(caller, now);
    leasing.rate.count(now);
    const leased = spendFromLease(leasing, policy, now);
    if (leased !== undefined) return leased;
    if (leasing.refilling === undefined) return this.#refill(caller, leasing, policy, now);
    await leasing.refilling;
    return spendFromLease(leasing, policy, this.#now()) ?? decisionOf(await this.options.shared.consumeUpTo(caller, policy, 1));
  }

  /** Takes a lease's worth of tokens, spends one on this request and leases the rest. */
  async #refill(caller: string, leasing: CallerLeasing, policy: RateLimitPolicy, now: number): Promise<RateLimitDecision> {
    const wanted = leaseSize(leasing.rate.lastSecond(now), policy.limit);
    // A lease of one leaves nothing for concurrent requests to share: they ask for themselves at once.
    if (wanted === 1) return decisionOf(await this.options.shared.consumeUpTo(caller, policy, 1));
    let settle = (): void => undefined;
    leasing.refilling = new Promise((resolve) => {
      settle = resolve;
    });
    try {
      const grant = await this.options.shared.consumeUpTo(caller, policy, wanted);
      if (grant.granted > 1) leasing.lease = Lease.left(grant, policy, this.#now(), LEASE_TTL_MS);
      return decisionOf(grant, grant.remaining + Math.max(0, grant.granted - 1));
    } finally {
      leasing.refilling = undefined;
      settle();
    }
  }

  #leasingOf(caller: string, now: number): CallerLeasing {
    let leasing = this.#callers.get(caller);
    if (leasing === undefined) {
      if (this.#callers.size >= this.#maxCallers) this.#forgetCallers(now);
      leasing = { rate: new RequestRate(now), lease: undefined, refilling: undefined, lastSeenAt: now };
      this.#callers.set(caller, leasing);
    }
    leasing.lastSeenAt = now;
    return leasing;
  }

  /**
   * Makes room for a new caller by forgetting idle ones. When that frees less than half the
   * table (that many callers active at once), it forgets them all, so that a flood of new callers
   * costs one sweep per half table rather than one per caller. Forgetting drops leases and rates:
   * their callers may be refused a few tokens early and ask the shared limiter for every request
   * for a second, but are never allowed more.
   */
  #forgetCallers(now: number): void {
    for (const [caller, leasing] of this.#callers) {
      if (now - leasing.lastSeenAt >= IDLE_AFTER_MS && leasing.refilling === undefined) this.#callers.delete(caller);
    }
    if (this.#callers.size > this.#maxCallers / 2) this.#callers.clear();
  }

  #now(): number {
    return this.options.clock.now().getTime();
  }
}

/**
 * Tokens to ask for: about `LEASE_LASTS_MS` of the caller's requests at last second's rate, at
 * most `MAX_LEASE` and 1 % of the limit, and at least the one this request needs.
 */
function leaseSize(requestsLastSecond: number, limit: number): number {
  const lasting = Math.floor((requestsLastSecond * LEASE_LASTS_MS) / 1000);
  return Math.max(1, Math.min(lasting, MAX_LEASE, Math.floor(limit / LIMIT_PER_LEASED_TOKEN)));
}

/** The decision for one request from the caller's lease; `undefined` (and the lease dropped) when it cannot serve. */
function spendFromLease(leasing: CallerLeasing, policy: RateLimitPolicy, now: number): RateLimitDecision | undefined {
  const decision = leasing.lease?.spend(policy, now);
  if (decision === undefined) leasing.lease = undefined;
  return decision;
}

function decisionOf(grant: RateLimitGrant, remaining = grant.remaining): RateLimitDecision {
  return {
    allowed: grant.allowed,
    limit: grant.limit,
    remaining,
    resetSeconds: grant.resetSeconds,
    retryAfterSeconds: grant.retryAfterSeconds,
  };
}
