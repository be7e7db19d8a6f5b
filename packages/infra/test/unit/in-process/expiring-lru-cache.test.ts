import { expect } from 'chai';

import { FixedClock } from '@proj/application/testing';

import { expiringLruCache } from '../../../src/in-process/expiring-lru-cache.js';

describe('expiringLruCache', () => {
  it('forgets an entry once more than its TTL has passed, on the given clock', () => {
    const clock = new FixedClock();
    const cache = expiringLruCache<string>(clock, 10);
    cache.set('a', 'x', { ttl: 1_000 });
    clock.advance(1_000);
    expect(cache.get('a')).to.equal('x');
    clock.advance(1);
    expect(cache.get('a')).to.equal(undefined);
  });

  it('stays within its bound by dropping the least recently used entry', () => {
    const clock = new FixedClock();
    const cache = expiringLruCache<number>(clock, 3);
    cache.set('old', 1, { ttl: 60_000 });
    cache.set('mid', 2, { ttl: 60_000 });
    cache.set('new', 3, { ttl: 60_000 });
    cache.get('old');
    cache.set('newer', 4, { ttl: 60_000 });
    expect(['old', 'mid', 'new', 'newer'].map((key) => cache.get(key))).to.deep.equal([1, undefined, 3, 4]);
  });
});
