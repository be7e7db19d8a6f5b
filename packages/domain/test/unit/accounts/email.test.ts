import { expect } from 'chai';

import { Email, InvalidEmailError } from '../../../src/index.js';

describe('Email', () => {
  describe('when the address is valid', () => {
    it('trims and lower-cases it', () => {
      expect(Email.of('  Ada.Lovelace@Example.COM ').value).to.equal('ada.lovelace@example.com');
    });

    it('treats addresses differing only in case as equal', () => {
      expect(Email.of('A@B.io').equals(Email.of('a@b.IO'))).to.equal(true);
    });

    it('accepts plus tags and international domains', () => {
      expect(Email.of('a+tag@bücher.de').value).to.equal('a+tag@bücher.de');
    });

    it('masks all but the first character of the local part', () => {
      expect(Email.of('grace@example.com').masked()).to.equal('g***@example.com');
    });
  });

  describe('when the address is invalid', () => {
    const cases: Array<[string, string]> = [
      ['', 'empty'],
      ['   ', 'blank'],
      ['no-at-sign', 'without @'],
      ['@example.com', 'without local part'],
      ['a@localhost', 'without a dotted domain'],
      ['a@-bad.com', 'with a label starting with a hyphen'],
      ['a@bad-.com', 'with a label ending with a hyphen'],
      ['a b@example.com', 'with whitespace'],
      ['a\u0000b@example.com', 'with a NUL byte'],
      ['a@b@example.com', 'with two @'],
      ['a@example..com', 'with an empty label'],
      [`${'x'.repeat(65)}@example.com`, 'with a local part over 64 characters'],
      [`a@${'x'.repeat(250)}.com`, 'over 254 characters'],
    ];
    for (const [raw, description] of cases) {
      it(`rejects an address ${description}`, () => {
        expect(() => Email.of(raw))
          .to.throw(InvalidEmailError)
          .with.property('code', 'INVALID_EMAIL');
      });
    }

    it('reports the field in the error issues', () => {
      expect(() => Email.of('nope'))
        .to.throw(InvalidEmailError)
        .with.nested.property('issues[0].path', 'email');
    });
  });
});
