import { expect } from 'chai';

import { FallbackRateLimiter, type LeasableRateLimiter, type RateLimitDecision, type RateLimitGrant } from '../../../../src/edge/index.js';
import { DependencyUnavailableError } from '../../../../src/errors/index.js';
import { RecordingLogger } from '../../../../src/testing/index.js';

const POLICY = { limit: 10, windowMs: 60_000 };

function decision(remaining: number): RateLimitDecision {
  return { allowed: true, limit: 10, remaining, resetSeconds: 6, retryAfterSeconds: 0 };
}

class ScriptedLimiter implements LeasableRateLimiter {
  failure: Error | undefined;
  calls = 0;
  constructor(private readonly answer: RateLimitDecision) {}
  async consume(): Promise<RateLimitDecision> {
    this.calls += 1;
    if (this.failure) throw this.failure;
    return this.answer;
  }
  async consumeUpTo(_caller: string, _policy: unknown, wanted: number): Promise<RateLimitGrant> {
    return { ...(await this.consume()), granted: wanted };
  }
}

describe('FallbackRateLimiter', () => {
  let shared: ScriptedLimiter;
  let local: ScriptedLimiter;
  let logger: RecordingLogger;
  let limiter: FallbackRateLimiter;

  beforeEach(() => {
    shared = new ScriptedLimiter(decision(9));
    local = new ScriptedLimiter(decision(3));
    logger = new RecordingLogger();
    limiter = new FallbackRateLimiter({ shared, local, logger });
  });

  it('answers from the shared limiter while it is up', async () => {
    expect(await limiter.consume('ip:1', POLICY)).to.deep.equal(decision(9));
    expect(local.calls).to.equal(0);
  });

  it('counts per instance while the shared one is unavailable, logging the switch each way once', async () => {
    shared.failure = new DependencyUnavailableError('redis', 1);
    expect(await limiter.consume('ip:1', POLICY)).to.deep.equal(decision(3));
    expect(await limiter.consume('ip:1', POLICY)).to.deep.equal(decision(3));
    shared.failure = undefined;
    expect(await limiter.consume('ip:1', POLICY)).to.deep.equal(decision(9));
    expect(logger.entries.map((e) => e.message)).to.deep.equal([
      'shared rate limiter unavailable; limiting per instance',
      'rate limits shared across instances again',
    ]);
  });

  it('lets other failures propagate', async () => {
    shared.failure = new Error('script bug');
    await expect(limiter.consume('ip:1', POLICY)).to.be.rejectedWith('script bug');
    await expect(limiter.consumeUpTo('ip:1', POLICY, 3)).to.be.rejectedWith('script bug');
    expect(local.calls).to.equal(0);
  });

  describe('when several tokens are asked for at once', () => {
    it('takes them from the shared limiter while it is up, and from the local one while it is not', async () => {
      expect(await limiter.consumeUpTo('ip:1', POLICY, 3)).to.deep.equal({ ...decision(9), granted: 3 });
      expect(local.calls).to.equal(0);
      shared.failure = new DependencyUnavailableError('redis', 1);
      expect(await limiter.consumeUpTo('ip:1', POLICY, 2)).to.deep.equal({ ...decision(3), granted: 2 });
      expect(local.calls).to.equal(1);
      expect(logger.entries.map((e) => e.message)).to.deep.equal(['shared rate limiter unavailable; limiting per instance']);
    });
  });
});
