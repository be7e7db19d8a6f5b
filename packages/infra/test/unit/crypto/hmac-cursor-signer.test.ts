import { expect } from 'chai';

import { describeCursorSignerContract } from '@proj/application/testing';

import { HmacCursorSigner } from '../../../src/index.js';

const KEY = 'k'.repeat(32);

describeCursorSignerContract(
  'HmacCursorSigner',
  () => new HmacCursorSigner(KEY),
  () => new HmacCursorSigner('o'.repeat(32)),
);

describe('HmacCursorSigner', () => {
  describe('when two instances share a key', () => {
    it("accepts each other's cursors, as instances behind a load balancer must", () => {
      const cursor = new HmacCursorSigner(KEY).sign('payload');
      expect(new HmacCursorSigner(Buffer.from(KEY)).verify(cursor)).to.equal('payload');
    });
  });

  describe('when the payload is swapped under an existing MAC', () => {
    it('refuses the cursor', () => {
      const signer = new HmacCursorSigner(KEY);
      const [, mac] = signer.sign('u1:1:a').split('.');
      const forged = `${Buffer.from('u1:2:a').toString('base64url')}.${mac ?? ''}`;
      expect(signer.verify(forged)).to.equal(undefined);
    });
  });

  describe('with random keys', () => {
    it("makes signers that refuse each other's cursors", () => {
      expect(HmacCursorSigner.withRandomKey().verify(HmacCursorSigner.withRandomKey().sign('p'))).to.equal(undefined);
    });
  });

  describe('when the key is too short', () => {
    it('refuses to be built', () => {
      expect(() => new HmacCursorSigner('short')).to.throw(RangeError, /32 bytes/);
    });
  });
});
