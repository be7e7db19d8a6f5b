import { expect } from 'chai';

import {
  LeasingRateLimiter,
  type LeasableRateLimiter,
  type RateLimitDecision,
  type RateLimitGrant,
  type RateLimitPolicy,
} from '../../../../src/edge/index.js';
import { DependencyUnavailableError } from '../../../../src/errors/index.js';
import { FixedClock } from '../../../../src/testing/index.js';

// Leases of up to min(100, 6000 / 100) = 60 tokens: the caller's rate decides.
const POLICY: RateLimitPolicy = { limit: 6_000, windowMs: 60_000 };
/** 200 requests a second: a lease covering 100 ms of them holds 20 tokens. */
const FAST_GAP_MS = 5;
const FAST_LEASE = 20;

/**
 * A shared limiter over one bucket of `tokens` that never refills, so the test can count every
 * token it grants. It records how many tokens each call wanted, can fail (the calls made while
 * `failure` is set), and can hold its answers back until released, to let requests overlap.
 */
class CountedBucket implements LeasableRateLimiter {
  readonly wanted: number[] = [];
  granted = 0;
  failure: Error | undefined;
  #held: Promise<void> | undefined;

  constructor(public tokens = Number.POSITIVE_INFINITY) {}

  consume(caller: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    return this.consumeUpTo(caller, policy, 1);
  }

  async consumeUpTo(_caller: string, policy: RateLimitPolicy, wanted: number): Promise<RateLimitGrant> {
    this.wanted.push(wanted);
    const failure = this.failure;
    await this.#held;
    if (failure) throw failure;
    const granted = Math.min(wanted, this.tokens);
    this.tokens -= granted;
    this.granted += granted;
    const remaining = Number.isFinite(this.tokens) ? this.tokens : 1_000;
    return { allowed: granted >= 1, granted, limit: policy.limit, remaining, resetSeconds: 7, retryAfterSeconds: granted >= 1 ? 0 : 3 };
  }

  /** Answers nothing until the returned function is called. */
  hold(): () => void {
    let release = (): void => undefined;
    this.#held = new Promise((resolve) => {
      release = () => {
        this.#held = undefined;
        resolve();
      };
    });
    return release;
  }
}

/** Lets every callback already queued run, as the event loop would between network packets. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('LeasingRateLimiter', () => {
  let clock: FixedClock;
  let shared: CountedBucket;
  let limiter: LeasingRateLimiter;

  beforeEach(() => {
    clock = new FixedClock();
    shared = new CountedBucket();
    limiter = new LeasingRateLimiter({ shared, clock });
  });

  /** `count` requests of `caller`, `gapMs` apart; their decisions. */
  async function requests(count: number, gapMs: number, caller = 'sub:fast', policy = POLICY): Promise<RateLimitDecision[]> {
    const decisions = [];
    for (let i = 0; i < count; i += 1) {
      decisions.push(await limiter.consume(caller, policy));
      clock.advance(gapMs);
    }
    return decisions;
  }

  /** A second of fast traffic: afterwards the caller's lease is empty and its next refill takes FAST_LEASE. */
  async function warmUp(caller = 'sub:fast'): Promise<void> {
    await requests(1000 / FAST_GAP_MS, FAST_GAP_MS, caller);
    shared.wanted.length = 0;
  }

  describe('when the caller is quiet', () => {
    it('asks the shared limiter for one token per request, as without leasing', async () => {
      const decisions = await requests(30, 100);
      expect(shared.wanted).to.deep.equal(Array.from({ length: 30 }, () => 1));
      expect(decisions.map((d) => d.remaining)).to.deep.equal(Array.from({ length: 30 }, () => 1_000));
    });
  });

  describe('when the caller is fast', () => {
    it('leases about 100 ms of its traffic after a second of it, asking the shared limiter far less often', async () => {
      await requests(200, FAST_GAP_MS);
      expect(shared.wanted, 'the first second measures the rate').to.have.length(200);
      shared.wanted.length = 0;
      const decisions = await requests(200, FAST_GAP_MS);
      expect(decisions.every((d) => d.allowed)).to.equal(true);
      expect(shared.wanted).to.deep.equal(Array.from({ length: 200 / FAST_LEASE }, () => FAST_LEASE));
    });

    it('reports the remaining tokens at the refill plus those still leased, and the reset of the refill', async () => {
      await warmUp();
      const decisions = await requests(3, FAST_GAP_MS);
      expect(decisions.map((d) => d.remaining)).to.deep.equal([1_000 + 19, 1_000 + 18, 1_000 + 17]);
      expect(decisions.every((d) => d.resetSeconds === 7 && d.retryAfterSeconds === 0 && d.limit === POLICY.limit)).to.equal(true);
    });

    it('never allows more than the shared limiter granted, and is denied by the shared limiter alone', async () => {
      await warmUp();
      shared.tokens = 45;
      shared.granted = 0;
      const decisions = await requests(200, FAST_GAP_MS);
      const allowed = decisions.filter((d) => d.allowed);
      expect(allowed).to.have.length(45);
      expect(shared.granted).to.equal(45);
      expect(shared.wanted.slice(0, 3), 'two whole leases, then the 5 tokens left').to.deep.equal([20, 20, 20]);
      for (const denied of decisions.filter((d) => !d.allowed)) expect(denied).to.include({ remaining: 0, retryAfterSeconds: 3 });
    });

    it('keeps leases to 1 % of a small limit', async () => {
      const small: RateLimitPolicy = { limit: 250, windowMs: 60_000 };
      await requests(400, FAST_GAP_MS, 'sub:fast', small);
      expect(Math.max(...shared.wanted)).to.equal(2);
    });

    it('takes no more than 100 tokens at once, whatever the rate', async () => {
      const large: RateLimitPolicy = { limit: 1_000_000, windowMs: 60_000 };
      for (let ms = 0; ms < 2_000; ms += 1) {
        for (let i = 0; i < 3; i += 1) await limiter.consume('sub:flood', large);
        clock.advance(1);
      }
      expect(Math.max(...shared.wanted), '3 000 requests a second would lease 300').to.equal(100);
    });

    it('goes back to leases of one token once it pauses for more than a second', async () => {
      await warmUp();
      clock.advance(1_000);
      await requests(2, FAST_GAP_MS);
      expect(shared.wanted).to.deep.equal([1, 1]);
    });

    it('counts each caller separately', async () => {
      await warmUp('sub:fast');
      await requests(3, 100, 'sub:quiet');
      expect(shared.wanted).to.deep.equal([1, 1, 1]);
    });
  });

  describe('when leased tokens are not spent', () => {
    it('drops them a second after they were taken, without giving them back', async () => {
      await warmUp();
      await limiter.consume('sub:fast', POLICY);
      const grantedBefore = shared.granted;
      clock.advance(999);
      await limiter.consume('sub:fast', POLICY);
      expect(shared.wanted, 'still leased').to.have.length(1);
      clock.advance(1);
      await limiter.consume('sub:fast', POLICY);
      expect(shared.wanted, 'expired: asked again').to.have.length(2);
      expect(shared.granted - grantedBefore).to.equal(shared.wanted[1]);
    });

    it('drops them when the limit changes', async () => {
      await warmUp();
      await limiter.consume('sub:fast', POLICY);
      const raised = { ...POLICY, limit: POLICY.limit * 2 };
      const decision = await limiter.consume('sub:fast', raised);
      expect(decision.limit).to.equal(raised.limit);
      expect(shared.wanted).to.have.length(2);
      await limiter.consume('sub:fast', POLICY);
      expect(shared.wanted, 'the lease under the old limit is gone').to.have.length(3);
    });
  });

  describe('when requests of one caller overlap', () => {
    it('lets them share the refill under way instead of each asking', async () => {
      await warmUp();
      const release = shared.hold();
      const pending = Array.from({ length: 10 }, () => limiter.consume('sub:fast', POLICY));
      await settle();
      expect(shared.wanted).to.deep.equal([FAST_LEASE]);
      release();
      const decisions = await Promise.all(pending);
      expect(decisions.every((d) => d.allowed)).to.equal(true);
      expect(shared.wanted).to.deep.equal([FAST_LEASE]);
    });

    it('has the ones the refill leaves without a token take their own', async () => {
      await warmUp();
      const release = shared.hold();
      const pending = Array.from({ length: FAST_LEASE + 5 }, () => limiter.consume('sub:fast', POLICY));
      await settle();
      release();
      const decisions = await Promise.all(pending);
      expect(decisions.every((d) => d.allowed)).to.equal(true);
      expect(shared.wanted).to.deep.equal([FAST_LEASE, 1, 1, 1, 1, 1]);
    });

    it('asks for each at once while leases are of one token', async () => {
      const release = shared.hold();
      const pending = Array.from({ length: 5 }, () => limiter.consume('sub:quiet', POLICY));
      await settle();
      expect(shared.wanted).to.deep.equal([1, 1, 1, 1, 1]);
      release();
      await Promise.all(pending);
    });
  });

  describe('when the shared limiter fails', () => {
    it('rejects with its error unchanged, for a single token and for a lease', async () => {
      const unavailable = new DependencyUnavailableError('redis', 1);
      shared.failure = unavailable;
      await expect(limiter.consume('sub:quiet', POLICY)).to.be.rejectedWith(unavailable);
      shared.failure = undefined;
      await warmUp();
      const bug = new Error('script bug');
      shared.failure = bug;
      await expect(limiter.consume('sub:fast', POLICY)).to.be.rejectedWith(bug);
    });

    it('has the requests that waited on a failed refill ask for themselves', async () => {
      await warmUp();
      const release = shared.hold();
      shared.failure = new Error('script bug');
      const refill = limiter.consume('sub:fast', POLICY);
      const waiting = limiter.consume('sub:fast', POLICY);
      await settle();
      shared.failure = undefined;
      release();
      await expect(refill).to.be.rejectedWith('script bug');
      expect((await waiting).allowed).to.equal(true);
      expect(shared.wanted).to.deep.equal([FAST_LEASE, 1]);
    });
  });

  describe('when many callers come and go', () => {
    it('forgets idle callers to make room, keeping what it knows of busy ones', async () => {
      limiter = new LeasingRateLimiter({ shared, clock, maxCallers: 2 });
      await requests(1, 0, 'sub:idle');
      clock.advance(2_000);
      await warmUp('sub:fast');
      await requests(1, 0, 'sub:new');
      shared.wanted.length = 0;
      await requests(1, 0, 'sub:fast');
      expect(shared.wanted, 'the fast caller still has its rate').to.deep.equal([FAST_LEASE]);
    });

    it('forgets every caller when the table is full of busy ones', async () => {
      limiter = new LeasingRateLimiter({ shared, clock, maxCallers: 2 });
      await requests(1, 0, 'sub:other');
      await warmUp('sub:fast');
      await requests(1, 0, 'sub:new');
      shared.wanted.length = 0;
      await requests(1, 0, 'sub:fast');
      expect(shared.wanted, 'forgotten: a lease of one again').to.deep.equal([1]);
    });
  });
});
