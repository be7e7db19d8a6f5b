import { expect } from 'chai';

import { fingerprint } from '../../../src/capture/fingerprint.js';

describe('fingerprint', () => {
  it('is independent of key order and of undefined fields', () => {
    expect(fingerprint('k', { a: 1, b: { c: [1, 2], d: null } })).to.equal(
      fingerprint('k', { b: { d: null, c: [1, 2] }, a: 1, e: undefined }),
    );
  });

  it('tells apart values that print alike', () => {
    const values = [
      fingerprint('k', { a: '1' }),
      fingerprint('k', { a: 1 }),
      fingerprint('k', { a: null }),
      fingerprint('k', { a: new Date(1) }),
      fingerprint('j', { a: 1 }),
    ];
    expect(new Set(values).size).to.equal(values.length);
  });

  it('is a fixed function of its input (FNV-1a 64)', () => {
    expect(fingerprint('k', {})).to.equal('k:08f44b07b5901a25');
  });
});
