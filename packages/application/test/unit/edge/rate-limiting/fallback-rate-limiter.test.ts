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
  /** Tokens asked of consumeUpTo, in order. */
  readonly taken: number[] = [];
  constructor(private readonly answer: RateLimitDecision) {}
  async consume(): Promise<RateLimitDecision> {
    this.calls += 1;
    if (this.failure) throw this.failure;
    return this.answer;
  }
  async consumeUpTo(_caller: string, _policy: unknown, wanted: number): Promise<RateLimitGrant> {
    this.taken.push(wanted);
    return { ...(await this.consume()), granted: wanted };
  }
}

/** A bucket of POLICY.limit tokens per caller that never refills (the test runs within the window). */
class CountingLimiter implements LeasableRateLimiter {
  down = false;
  readonly #left = new Map<string, number>();
  consume(caller: string, policy: typeof POLICY): Promise<RateLimitDecision> {
    return this.consumeUpTo(caller, policy, 1);
  }
  async consumeUpTo(caller: string, policy: typeof POLICY, wanted: number): Promise<RateLimitGrant> {
    if (this.down) throw new DependencyUnavailableError('redis', 1);
    const left = this.#left.get(caller) ?? policy.limit;
    const granted = Math.min(wanted, left);
    this.#left.set(caller, left - granted);
    return {
      allowed: granted > 0,
      granted,
      limit: policy.limit,
      remaining: left - granted,
      resetSeconds: 6,
      retryAfterSeconds: granted > 0 ? 0 : 6,
    };
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

  it('answers from the shared limiter while it is up, and takes what it grants from the local one too', async () => {
    expect(await limiter.consume('ip:1', POLICY)).to.deep.equal(decision(9));
    expect(await limiter.consumeUpTo('ip:1', POLICY, 3)).to.include({ granted: 3 });
    expect(local.taken).to.deep.equal([1, 3]);
  });

  it('takes nothing locally for what the shared limiter refused', async () => {
    shared = new ScriptedLimiter({ ...decision(0), allowed: false });
    limiter = new FallbackRateLimiter({ shared, local, logger });
    await limiter.consume('ip:1', POLICY);
    expect(local.taken).to.deep.equal([]);
  });

  it('never starts a caller over with a full allowance when the shared limiter fails mid-flood', async () => {
    const bucket = new CountingLimiter();
    limiter = new FallbackRateLimiter({ shared: new CountingLimiter(), local: bucket, logger });
    let admitted = 0;
    for (let i = 0; i < 6; i += 1) if ((await limiter.consume('sub:flood', POLICY)).allowed) admitted += 1;
    limiter = new FallbackRateLimiter({ shared: Object.assign(new CountingLimiter(), { down: true }), local: bucket, logger });
    for (let i = 0; i < 30; i += 1) if ((await limiter.consume('sub:flood', POLICY)).allowed) admitted += 1;
    expect(admitted).to.equal(POLICY.limit);
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
      expect(local.taken).to.deep.equal([3]);
      shared.failure = new DependencyUnavailableError('redis', 1);
      expect(await limiter.consumeUpTo('ip:1', POLICY, 2)).to.deep.equal({ ...decision(3), granted: 2 });
      expect(local.taken).to.deep.equal([3, 2]);
      expect(logger.entries.map((e) => e.message)).to.deep.equal(['shared rate limiter unavailable; limiting per instance']);
    });
  });
});
