import { expect } from 'chai';

import { FixedClock } from '@proj/application/testing';

import { ExpiringMap } from '../../../src/in-process/expiring-map.js';

describe('ExpiringMap', () => {
  it('forgets an entry when its TTL has passed, on the given clock', () => {
    const clock = new FixedClock();
    const map = new ExpiringMap<string>(clock, 10);
    map.set('a', 'x', 1_000);
    clock.advance(999);
    expect(map.get('a')).to.equal('x');
    clock.advance(1);
    expect(map.get('a')).to.equal(undefined);
  });

  it('stays within its bound, sweeping expired entries first, then the oldest', () => {
    const clock = new FixedClock();
    const map = new ExpiringMap<number>(clock, 3);
    map.set('expires', 0, 10);
    map.set('old', 1, 60_000);
    map.set('mid', 2, 60_000);
    clock.advance(10);
    map.set('new', 3, 60_000);
    expect(['expires', 'old', 'mid', 'new'].map((key) => map.get(key))).to.deep.equal([undefined, 1, 2, 3]);
    map.set('newer', 4, 60_000);
    expect(['old', 'mid', 'new', 'newer'].map((key) => map.get(key))).to.deep.equal([undefined, 2, 3, 4]);
  });
});
