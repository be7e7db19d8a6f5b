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

    it('normalises to NFC, so precomposed and decomposed accents are one address', () => {
      expect(Email.of('rene\u0301@example.com').value).to.equal('ren\u00e9@example.com');
      expect(Email.of('rene\u0301@example.com').equals(Email.of('ren\u00e9@example.com'))).to.equal(true);
    });

    it('compares domains in their A-label form: Unicode, punycode and fullwidth spellings are one domain', () => {
      expect(Email.of('a@bücher.de').asciiDomain).to.equal('xn--bcher-kva.de');
      expect(Email.of('a@bücher.de').equals(Email.of('a@xn--bcher-kva.de'))).to.equal(true);
      expect(Email.of('a@ｅｘａｍｐｌｅ.com').equals(Email.of('a@example.com'))).to.equal(true);
    });

    it('restores a stored address without the checks added since', () => {
      expect(Email.restore('a..b@example.com').value).to.equal('a..b@example.com');
      expect(Email.restore('a@bücher.de').asciiDomain).to.equal('xn--bcher-kva.de');
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
      ['.ada@example.com', 'whose name starts with a dot'],
      ['ada.@example.com', 'whose name ends with a dot'],
      ['ad..a@example.com', 'with two dots in a row'],
      ['ad\u200ba@example.com', 'with a zero-width space'],
      ['ad\u00ada@example.com', 'with a soft hyphen'],
      ['ad\u202ea@example.com', 'with a bidi override'],
      ['ada@exa\u200dmple.com', 'with a zero-width joiner in the domain'],
      ['ada@\u2060example.com', 'with a word joiner'],
      ['ada@127.0.0.1', 'with an IP address for a domain'],
      ['ada@xn--.com', 'with a broken A-label'],
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
