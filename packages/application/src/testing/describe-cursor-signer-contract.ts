import { expect } from 'chai';

import type { CursorSigner } from '../ports/cursor-signer.js';

/**
 * The behaviour every CursorSigner must have. `make` returns a signer; `makeOther` one that does
 * not share its key (or its memory), whose cursors the first must refuse.
 */
export function describeCursorSignerContract(name: string, make: () => CursorSigner, makeOther: () => CursorSigner): void {
  describe(`${name} (CursorSigner contract)`, () => {
    const payload = 'u1:1767225600000:0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b';

    it('gives back the payload of a cursor it signed', () => {
      const signer = make();
      expect(signer.verify(signer.sign(payload))).to.equal(payload);
    });

    it('makes cursors that survive a URL query unescaped', () => {
      expect(make().sign(payload)).to.match(/^[A-Za-z0-9._~-]+$/);
    });

    it('refuses a cursor with any one character changed, dropped or added', () => {
      const signer = make();
      const cursor = signer.sign(payload);
      const variants = new Set<string>();
      for (let i = 0; i < cursor.length; i += 1) {
        const flipped = cursor[i] === 'A' ? 'B' : 'A';
        variants.add(cursor.slice(0, i) + flipped + cursor.slice(i + 1));
        variants.add(cursor.slice(0, i) + cursor.slice(i + 1));
      }
      variants.add(`${cursor}A`);
      variants.delete(cursor);
      for (const variant of variants) expect(signer.verify(variant), variant).to.equal(undefined);
    });

    it('refuses a cursor signed by another signer', () => {
      expect(make().verify(makeOther().sign(payload))).to.equal(undefined);
    });

    it('refuses garbage without throwing', () => {
      const signer = make();
      for (const garbage of ['', '.', '..', 'not a cursor', '%00', 'a.b.c', '😀', 'x'.repeat(100_000)]) {
        expect(signer.verify(garbage), garbage.slice(0, 20)).to.equal(undefined);
      }
    });
  });
}
