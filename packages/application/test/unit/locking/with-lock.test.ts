import { expect } from 'chai';
import sinon from 'sinon';

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
  let timers: sinon.SinonFakeTimers;

  beforeEach(() => {
    timers = sinon.useFakeTimers();
  });

  afterEach(() => {
    timers.restore();
  });

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
    const done = withLock(
      lock,
      'migrations',
      { clock: { now: () => new Date() }, ttlMs: 1_000, waitMs: 10_000, retryEveryMs: 10 },
      async () => 'ran',
    );
    await timers.tickAsync(60);
    expect(await done).to.equal('ran');
    expect(lock.attempts).to.equal(6);
  });

  it('gives up with LockNotAcquiredError once it has waited long enough', async () => {
    const lock = new ScriptedLock();
    lock.holder = 'someone else';
    const attempt = withLock(
      lock,
      'migrations',
      { clock: { now: () => new Date() }, ttlMs: 1_000, waitMs: 1_000, retryEveryMs: 100 },
      async () => 'never',
    );
    const settled = attempt.catch((error: unknown) => error);
    await timers.tickAsync(1_000);
    expect(await settled).to.be.instanceOf(LockNotAcquiredError);
    expect(lock.attempts, 'at 0, 100, … 1 000 ms').to.equal(11);
  });

  it('renews the lease while long work runs, and reports a lost lease once', async () => {
    const lock = new ScriptedLock();
    let lost = 0;
    lock.extendAnswer = false;
    const done = withLock(
      lock,
      'migrations',
      { clock: new FixedClock(), ttlMs: 30, waitMs: 0, onLost: () => (lost += 1) },
      () => new Promise((resolve) => setTimeout(resolve, 150)),
    );
    await timers.tickAsync(150);
    await done;
    expect(lock.extensions, 'every 10 ms until the work ended at 150 ms').to.equal(14);
    expect(lost).to.equal(1);
  });
});
