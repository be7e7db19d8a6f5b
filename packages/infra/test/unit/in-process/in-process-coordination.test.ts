import { describeCoordinationContract, type CoordinationAdapters } from '@proj/application/testing';

import {
  InProcessCache,
  InProcessDistributedLock,
  InProcessIdempotencyStore,
  InProcessRateLimiter,
  SystemClock,
} from '../../../src/index.js';

describe('in-process coordination adapters', () => {
  const clock = new SystemClock();
  const adapters: CoordinationAdapters = {
    cache: new InProcessCache(clock),
    idempotencyStore: new InProcessIdempotencyStore(clock),
    rateLimiter: new InProcessRateLimiter(clock),
    lock: new InProcessDistributedLock(clock),
  };

  describeCoordinationContract('in-process', async () => adapters);
});
