import { expect } from 'chai';

import type { DistributedLock, LockLease } from '../ports/distributed-lock.js';
import type { Elapse } from './elapse.js';
import { uniqueName } from './unique-name.js';

const TTL_MS = 30_000;

/**
 * The behaviour every DistributedLock adapter must have. `make` is called before each test;
 * tests use resources of their own, so it may return the same lock every time.
 */
export function describeDistributedLockContract(name: string, make: () => Promise<DistributedLock>, elapse: Elapse): void {
  describe(`${name} (DistributedLock contract)`, () => {
    let lock: DistributedLock;
    let resource: string;

    beforeEach(async () => {
      lock = await make();
      resource = uniqueName('lock');
    });

    async function acquire(ttlMs = TTL_MS): Promise<LockLease> {
      const lease = await lock.tryAcquire(resource, ttlMs);
      if (!lease) throw new Error('expected to acquire the lock');
      expect(lease.resource).to.equal(resource);
      return lease;
    }

    it('gives the lock to one holder at a time', async () => {
      await acquire();
      expect(await lock.tryAcquire(resource, TTL_MS)).to.equal(undefined);
    });

    it('lets exactly one of many concurrent callers acquire it', async () => {
      const leases = await Promise.all(Array.from({ length: 10 }, () => lock.tryAcquire(resource, TTL_MS)));
      expect(leases.filter((lease) => lease !== undefined)).to.have.length(1);
    });

    it('is free again once released, and a second release is refused', async () => {
      const lease = await acquire();
      expect(await lease.release()).to.equal(true);
      expect(await lease.release()).to.equal(false);
      const next = await acquire();
      expect(next.token).not.to.equal(lease.token);
    });

    it("expires, and the expired holder can neither release nor extend the next holder's lock", async () => {
      const expired = await acquire(100);
      await elapse(400);
      await acquire();
      expect(await expired.release()).to.equal(false);
      expect(await expired.extend(TTL_MS)).to.equal(false);
      expect(await lock.tryAcquire(resource, TTL_MS), 'the next holder still has it').to.equal(undefined);
    });

    it('keeps the lock past its first lifetime when extended by its holder', async () => {
      const lease = await acquire(3_000);
      expect(await lease.extend(TTL_MS)).to.equal(true);
      await elapse(3_300);
      expect(await lock.tryAcquire(resource, TTL_MS)).to.equal(undefined);
      expect(await lease.release()).to.equal(true);
    });
  });
}
