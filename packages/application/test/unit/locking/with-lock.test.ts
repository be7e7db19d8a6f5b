import { expect } from 'chai';

import { LockNotAcquiredError } from '../../../src/errors/index.js';
import { withLock, type DistributedLock, type LockLease } from '../../../src/index.js';
import { FixedClock } from '../../../src/testing/index.js';

/** A single-process lock fake that records what happened to its leases. */
class ScriptedLock implements DistributedLock {
  holder: string | undefined;
  attempts = 0;
  extensions = 0;
  extendAnswer = true;
  #tokens = 0;

  async tryAcquire(resource: string): Promise<LockLease | undefined> {
    this.attempts += 1;
    if (this.holder !== undefined) return undefined;
    const token = `t${(this.#tokens += 1)}`;
    this.holder = token;
    return {
      resource,
      token,
      extend: async () => {
        this.extensions += 1;
        return this.extendAnswer;
      },
      release: async () => {
        if (this.holder !== token) return false;
        this.holder = undefined;
        return true;
      },
    };
  }
}

describe('withLock', () => {
  it('runs the work holding the lock, and releases it afterwards', async () => {
    const lock = new ScriptedLock();
    const result = await withLock(lock, 'migrations', { clock: new FixedClock(), ttlMs: 1_000, waitMs: 0 }, async () => {
      expect(lock.holder).to.equal('t1');
      return 42;
    });
    expect(result).to.equal(42);
    expect(lock.holder).to.equal(undefined);
  });

  it('releases the lock when the work fails', async () => {
    const lock = new ScriptedLock();
    await expect(
      withLock(lock, 'migrations', { clock: new FixedClock(), ttlMs: 1_000, waitMs: 0 }, () => Promise.reject(new Error('boom'))),
    ).to.be.rejectedWith('boom');
    expect(lock.holder).to.equal(undefined);
  });

  it('waits for the holder to finish, then runs', async () => {
    const lock = new ScriptedLock();
    lock.holder = 'someone else';
    setTimeout(() => (lock.holder = undefined), 50);
    await withLock(
      lock,
      'migrations',
      { clock: { now: () => new Date() }, ttlMs: 1_000, waitMs: 10_000, retryEveryMs: 10 },
      async () => undefined,
    );
    expect(lock.attempts).to.be.greaterThan(1);
  });

  it('gives up with LockNotAcquiredError once it has waited long enough', async () => {
    const lock = new ScriptedLock();
    lock.holder = 'someone else';
    const clock = new FixedClock();
    const attempt = withLock(
      lock,
      'migrations',
      { clock: { now: () => (clock.advance(400), clock.now()) }, ttlMs: 1_000, waitMs: 1_000, retryEveryMs: 1 },
      async () => 'never',
    );
    await expect(attempt).to.be.rejectedWith(LockNotAcquiredError);
  });

  it('renews the lease while long work runs, and reports a lost lease once', async () => {
    const lock = new ScriptedLock();
    let lost = 0;
    lock.extendAnswer = false;
    await withLock(
      lock,
      'migrations',
      { clock: new FixedClock(), ttlMs: 30, waitMs: 0, onLost: () => (lost += 1) },
      () => new Promise((resolve) => setTimeout(resolve, 150)),
    );
    expect(lock.extensions).to.be.greaterThan(1);
    expect(lost).to.equal(1);
  });
});
