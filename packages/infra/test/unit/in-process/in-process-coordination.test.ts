import { describeCoordinationContract, FixedClock, type CoordinationAdapters } from '@proj/application/testing';

import { InProcessCache, InProcessDistributedLock, InProcessIdempotencyStore, InProcessRateLimiter } from '../../../src/index.js';

describe('in-process coordination adapters', () => {
  const clock = new FixedClock();
  const adapters: CoordinationAdapters = {
    cache: new InProcessCache(clock),
    idempotencyStore: new InProcessIdempotencyStore(clock),
    rateLimiter: new InProcessRateLimiter(clock),
    lock: new InProcessDistributedLock(clock),
    elapse: async (ms) => void clock.advance(ms),
  };

  describeCoordinationContract('in-process', async () => adapters);
});
