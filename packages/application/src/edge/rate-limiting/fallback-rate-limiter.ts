import { DependencyUnavailableError } from '../../errors/dependency-unavailable-error.js';
import type { Logger } from '../../ports/logger.js';
import type { LeasableRateLimiter, RateLimitDecision, RateLimitGrant, RateLimitPolicy } from './rate-limiter.js';

/**
 * Counts against the shared limiter, and against a per-instance one while the shared one is
 * unavailable: an outage of the shared store degrades the limit to "per instance" instead of
 * turning it off or failing requests (see decision 0043). Other errors propagate.
 *
 * Every token the shared limiter grants is also taken from the per-instance one, so that when the
 * shared limiter fails (an outage, or commands timing out under a flood) a caller this instance
 * has served continues from what it already spent here, never from a fresh full allowance
 * (decision 0112).
 */
export class FallbackRateLimiter implements LeasableRateLimiter {
  #degraded = false;

  constructor(
    private readonly deps: { readonly shared: LeasableRateLimiter; readonly local: LeasableRateLimiter; readonly logger: Logger },
  ) {}

  consume(caller: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    return this.#sharedElseLocal(
      (limiter) => limiter.consume(caller, policy),
      (decision) => (decision.allowed ? this.deps.local.consumeUpTo(caller, policy, 1) : undefined),
    );
  }

  consumeUpTo(caller: string, policy: RateLimitPolicy, wanted: number): Promise<RateLimitGrant> {
    return this.#sharedElseLocal(
      (limiter) => limiter.consumeUpTo(caller, policy, wanted),
      (grant) => (grant.granted > 0 ? this.deps.local.consumeUpTo(caller, policy, grant.granted) : undefined),
    );
  }

  async #sharedElseLocal<T>(
    ask: (limiter: LeasableRateLimiter) => Promise<T>,
    mirror: (answer: T) => Promise<unknown> | undefined,
  ): Promise<T> {
    let answer: T;
    try {
      answer = await ask(this.deps.shared);
    } catch (error) {
      if (!(error instanceof DependencyUnavailableError)) throw error;
      if (!this.#degraded) {
        this.#degraded = true;
        this.deps.logger.warn('shared rate limiter unavailable; limiting per instance', { dependency: error.dependency });
      }
      return ask(this.deps.local);
    }
    if (this.#degraded) {
      this.#degraded = false;
      this.deps.logger.info('rate limits shared across instances again');
    }
    await mirror(answer);
    return answer;
  }
}
