import { performance } from 'node:perf_hooks';

import { expect } from 'chai';

import { LeasingRateLimiter } from '@proj/application/edge';

import { startTwoInstances, type TestApp, type TwoInstances } from '../support/test-server.js';

const UNKNOWN_USER = '/v1/accounts/users/00000000-0000-4000-8000-000000000000';
// Large enough for leases of up to 20 tokens (1 % of the limit), small enough to reach in seconds.
const LIMIT_PER_MINUTE = 2_000;
const MAX_LEASE = LIMIT_PER_MINUTE / 100;
const STREAMS_PER_INSTANCE = 4;

describe('rate limit leases (two instances on one Redis, a limit large enough to lease)', function () {
  this.timeout(120_000);
  let instances: TwoInstances | undefined;
  let a: TestApp;
  let b: TestApp;

  before(async function () {
    instances = await startTwoInstances(this, { PROJ_RATE_LIMIT_PER_MINUTE: String(LIMIT_PER_MINUTE) });
    ({ a, b } = instances);
  });

  after(async () => {
    await instances?.close();
  });

  it('lets a busy caller spend its whole limit across both and no more', async () => {
    expect(a.adapters.rateLimiter).to.be.instanceOf(LeasingRateLimiter);
    let allowed = 0;
    let requests = 0;
    // Each stream sends one request after another until it is refused.
    const stream = async (app: TestApp): Promise<void> => {
      while (requests < 3 * LIMIT_PER_MINUTE) {
        requests += 1;
        const response = await app.api.get(UNKNOWN_USER);
        if (response.status === 429) return;
        expect(response.status).to.equal(404);
        allowed += 1;
      }
    };
    const startedAt = performance.now();
    await Promise.all([a, b].flatMap((app) => Array.from({ length: STREAMS_PER_INSTANCE }, () => stream(app))));
    const elapsedMs = performance.now() - startedAt;
    // Every allowed request spent a token the shared bucket granted during the test: at most the
    // limit and what the bucket refilled meanwhile. Early refusals are bounded by the tokens
    // still leased on the other instance when a stream is refused: one lease.
    const refilled = Math.ceil((elapsedMs / 60_000) * LIMIT_PER_MINUTE);
    expect(allowed, `allowed in ${Math.round(elapsedMs)} ms`).to.be.within(LIMIT_PER_MINUTE - MAX_LEASE, LIMIT_PER_MINUTE + refilled);
  });
});
