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

  it('hashes exactly as FNV-1a 64 is defined, over every code unit, long inputs included', () => {
    // The definition, in BigInt arithmetic: stored fingerprints were made with it.
    const definition = (text: string): string => {
      let hash = 0xcbf29ce484222325n;
      for (let i = 0; i < text.length; i += 1) {
        hash ^= BigInt(text.charCodeAt(i));
        hash = (hash * 0x100000001b3n) & ((1n << 64n) - 1n);
      }
      return hash.toString(16).padStart(16, '0');
    };
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const embedding = Array.from({ length: 384 }, () => random() - 0.5);
    const texts = [
      '',
      'a',
      'ünïcödé ✓ \ud83d\ude00 \uffff\u0000',
      String.fromCharCode(...Array.from({ length: 500 }, () => Math.floor(random() * 65536))),
    ];
    for (const text of texts)
      expect(fingerprint('k', { text }), text.slice(0, 20)).to.equal(`k:${definition(`{"text":${JSON.stringify(text)}}`)}`);
    expect(fingerprint('capture', { embedding })).to.equal(
      `capture:${definition(`{"embedding":[${embedding.map((value) => JSON.stringify(value)).join(',')}]}`)}`,
    );
  });
});
