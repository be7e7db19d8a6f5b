import { expect } from 'chai';

import type { LeasableRateLimiter, RateLimitPolicy } from '../edge/rate-limiting/rate-limiter.js';
import type { Elapse } from './elapse.js';
import { uniqueName } from './unique-name.js';

// One token per 12 s: no test here runs long enough for a refill to blur the counts.
const SLOW: RateLimitPolicy = { limit: 5, windowMs: 60_000 };

/**
 * The behaviour every RateLimiter adapter must have, taking one token (`consume`) or several at
 * once (`consumeUpTo`). `make` is called before each test; tests use callers of their own, so it
 * may return the same limiter every time.
 */
export function describeRateLimiterContract(name: string, make: () => Promise<LeasableRateLimiter>, elapse: Elapse): void {
  describe(`${name} (RateLimiter contract)`, () => {
    let limiter: LeasableRateLimiter;
    let caller: string;

    beforeEach(async () => {
      limiter = await make();
      caller = uniqueName('caller');
    });

    it('allows `limit` requests counting down, then denies with a retry delay', async () => {
      const decisions = [];
      for (let i = 0; i < SLOW.limit + 2; i += 1) decisions.push(await limiter.consume(caller, SLOW));
      expect(decisions.map((d) => d.allowed)).to.deep.equal([true, true, true, true, true, false, false]);
      expect(decisions.slice(0, 5).map((d) => d.remaining)).to.deep.equal([4, 3, 2, 1, 0]);
      for (const denied of decisions.slice(5)) {
        expect(denied).to.include({ limit: 5, remaining: 0 });
        expect(denied.retryAfterSeconds).to.be.within(1, 12);
        expect(denied.resetSeconds).to.be.within(1, 60);
      }
      expect(decisions[0]?.retryAfterSeconds).to.equal(0);
    });

    it('counts each caller separately', async () => {
      const other = uniqueName('caller');
      for (let i = 0; i < SLOW.limit; i += 1) await limiter.consume(caller, SLOW);
      expect((await limiter.consume(caller, SLOW)).allowed).to.equal(false);
      expect((await limiter.consume(other, SLOW)).allowed).to.equal(true);
    });

    it('allows exactly `limit` of many concurrent requests', async () => {
      const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.consume(caller, SLOW)));
      expect(decisions.filter((d) => d.allowed)).to.have.length(SLOW.limit);
    });

    it('grants the extra allowance at once when the limit is raised', async () => {
      for (let i = 0; i < SLOW.limit; i += 1) await limiter.consume(caller, SLOW);
      expect((await limiter.consume(caller, SLOW)).allowed).to.equal(false);
      const raised = { ...SLOW, limit: SLOW.limit + 3 };
      const decisions = [];
      for (let i = 0; i < 4; i += 1) decisions.push((await limiter.consume(caller, raised)).allowed);
      expect(decisions).to.deep.equal([true, true, true, false]);
    });

    it('allows again once the window has refilled a token', async () => {
      const fast: RateLimitPolicy = { limit: 2, windowMs: 400 };
      let denied = false;
      for (let i = 0; i < 20 && !denied; i += 1) denied = !(await limiter.consume(caller, fast)).allowed;
      expect(denied, 'denied once the burst was spent').to.equal(true);
      await elapse(fast.windowMs + 100);
      expect((await limiter.consume(caller, fast)).allowed).to.equal(true);
    });

    describe('when several tokens are asked for at once (consumeUpTo)', () => {
      it('grants all of them while enough are left, then what is left, then none with a retry delay', async () => {
        const whole = await limiter.consumeUpTo(caller, SLOW, 3);
        expect(whole).to.include({ allowed: true, granted: 3, limit: 5, remaining: 2, retryAfterSeconds: 0 });
        const partial = await limiter.consumeUpTo(caller, SLOW, 3);
        expect(partial).to.include({ allowed: true, granted: 2, limit: 5, remaining: 0, retryAfterSeconds: 0 });
        const none = await limiter.consumeUpTo(caller, SLOW, 3);
        expect(none).to.include({ allowed: false, granted: 0, limit: 5, remaining: 0 });
        expect(none.retryAfterSeconds).to.be.within(1, 12);
        expect(none.resetSeconds).to.be.within(1, 60);
      });

      it('takes from the same bucket as consume', async () => {
        await limiter.consumeUpTo(caller, SLOW, 4);
        expect(await limiter.consume(caller, SLOW)).to.include({ allowed: true, remaining: 0 });
        expect((await limiter.consume(caller, SLOW)).allowed).to.equal(false);
        expect((await limiter.consumeUpTo(caller, SLOW, 1)).granted).to.equal(0);
      });

      it('takes one token when one is wanted, as consume does', async () => {
        expect(await limiter.consumeUpTo(caller, SLOW, 1)).to.include({ allowed: true, granted: 1, remaining: 4 });
      });

      it('never grants more than `limit` in all to many concurrent requests', async () => {
        const grants = await Promise.all(Array.from({ length: 12 }, (_, i) => limiter.consumeUpTo(caller, SLOW, 1 + (i % 3))));
        expect(grants.reduce((sum, grant) => sum + grant.granted, 0)).to.equal(SLOW.limit);
        for (const grant of grants) expect(grant.allowed).to.equal(grant.granted >= 1);
      });
    });
  });
}
