import { DependencyUnavailableError } from '../errors/dependency-unavailable-error.js';
import type { Logger } from '../ports/logger.js';
import type { RateLimitDecision, RateLimiter, RateLimitPolicy } from '../ports/rate-limiter.js';

/**
 * Counts against the shared limiter, and against a per-instance one while the shared one is
 * unavailable: an outage of the shared store degrades the limit to "per instance" instead of
 * turning it off or failing requests (see decision 0043). Other errors propagate.
 */
export class FallbackRateLimiter implements RateLimiter {
  #degraded = false;

  constructor(private readonly deps: { readonly shared: RateLimiter; readonly local: RateLimiter; readonly logger: Logger }) {}

  async consume(caller: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    try {
      const decision = await this.deps.shared.consume(caller, policy);
      if (this.#degraded) {
        this.#degraded = false;
        this.deps.logger.info('rate limits shared across instances again');
      }
      return decision;
    } catch (error) {
      if (!(error instanceof DependencyUnavailableError)) throw error;
      if (!this.#degraded) {
        this.#degraded = true;
        this.deps.logger.warn('shared rate limiter unavailable; limiting per instance', { dependency: error.dependency });
      }
      return this.deps.local.consume(caller, policy);
    }
  }
}
